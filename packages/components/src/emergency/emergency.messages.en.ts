import type { EmergencyMessageKey } from './emergency.messages.ts';

/** English strings of the emergency access, loaded only when English is in use. */
const en: Record<EmergencyMessageKey, string> = {
  offerHint: 'In an emergency you may open the record ("break the glass") by giving a reason. The access is logged and shown to the patient.',
  offerButton: 'Emergency access…',
  whoToAsk: 'To get access, ask the patient’s care coordinator or GP to add you to the care circle, or contact your organisation’s coordination record administrator.',
  refusedInEmergency: 'Even with emergency access, the server refuses this information. Contact the coordination record administrator.',
  title: 'Emergency access (break the glass)',
  intro: 'You do not have access to this record. In an emergency you may open it by saying why: the reason, who you are and the time are kept in the access log, which the patient can read.',
  reason: 'Reason for the emergency access (required)',
  reasonHint: 'For example: patient admitted to the emergency department, looking for history and current treatment.',
  reasonRequired: 'Give the reason for the emergency access.',
  submit: 'Open in emergency',
  submitting: 'Requesting…',
  cancel: 'Cancel',
  failed: 'Emergency access could not be obtained. Your reason is kept: try again, or contact the administrator.',
  noPatient: 'No patient is named: emergency access is not possible.',
  announceActive: 'Emergency access open. The record is reloading; the access is logged.',
  banner: 'Emergency access',
  bannerDetail: 'break the glass · since {time}',
  bannerReason: 'Reason: {reason}',
  auditPending: 'Logging the access…',
  auditWritten: 'Access logged',
  auditFailed: 'The log entry of this access could not be saved on the server. Report it to the administrator.',
  end: 'End emergency access',
};

export default en;
