/**
 * The access trace of an emergency access (bris de glace): an AuditEvent saying who opened which
 * patient's record, when, for what reason, with a break-the-glass purpose of use — the shape
 * `model/audit.ts` reads back (`breakTheGlass`, `reason`), so the access log shows it as one.
 */
import type { AuditEvent, CodeableConcept, Coding } from '@medplum/fhirtypes';
import type { Viewer } from '../access.ts';
import { clock } from '../clock.ts';
import { ACT_REASON_SYSTEM, AUDIT_SUBTYPE_SYSTEM, PROFESSION_SYSTEM } from '../codes.ts';
import type { CoordClient } from '../client.ts';
import { CoordError } from '../errors.ts';
import { expectResource } from '../expect.ts';
import { referenceKey } from '../references.ts';

export { ACT_REASON_SYSTEM };
/** The subtype the dev server's seed and this library mark an emergency access with. */
export const BREAK_GLASS_SUBTYPE: Coding = Object.freeze({
  system: AUDIT_SUBTYPE_SYSTEM,
  code: 'bris-de-glace',
  display: 'Bris de glace',
});
/** The longest reason kept (the rest is cut, never the start). */
export const MAX_EMERGENCY_REASON = 2000;

export interface EmergencyAccessAuditInput {
  /** `Patient/<id>` whose record was opened. */
  patient: string;
  /** Who opened it (the agent). */
  viewer: Viewer;
  /** The reason the viewer typed (required). */
  reason: string;
  /** What recorded it (`source.observer.display`), e.g. the host application's name. */
  observer?: string;
}

/** The AuditEvent of an emergency access: read (R) of the patient's record, purpose BTG, agent = viewer. */
export function emergencyAccessAuditEvent(input: EmergencyAccessAuditInput, now = clock.date()): AuditEvent {
  const patient = referenceKey(input.patient);
  if (!patient?.startsWith('Patient/')) throw new CoordError('invalid-request', 'An emergency access needs a Patient/<id> reference');
  const reason = input.reason.trim().slice(0, MAX_EMERGENCY_REASON);
  if (!reason) throw new CoordError('invalid-request', 'An emergency access needs a reason');
  const purpose: CodeableConcept = {
    coding: [{ system: ACT_REASON_SYSTEM, code: 'BTG', display: 'break the glass' }],
    text: 'Bris de glace — accès en urgence',
  };
  const user = referenceKey(input.viewer.user);
  const role: CodeableConcept[] | undefined = input.viewer.profession
    ? [{ coding: [{ system: PROFESSION_SYSTEM, code: input.viewer.profession }] }]
    : undefined;
  return {
    resourceType: 'AuditEvent',
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' }, { ...BREAK_GLASS_SUBTYPE }],
    action: 'R',
    recorded: now.toISOString(),
    outcome: '0',
    outcomeDesc: reason,
    purposeOfEvent: [purpose],
    agent: [{ ...(user ? { who: { reference: user } } : {}), ...(role ? { role } : {}), requestor: true, purposeOfUse: [purpose] }],
    source: { observer: { display: input.observer?.trim() || 'coord-elements' } },
    entity: [{ what: { reference: patient }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' } }],
  };
}

/**
 * Sends the trace of an emergency access (a plain create: AuditEvent has no identifier to make it
 * idempotent, so it is sent once and never retried). Throws a CoordError when the server refuses
 * it; the caller says so and keeps the record open.
 */
export async function writeEmergencyAccessAudit(
  client: CoordClient,
  input: EmergencyAccessAuditInput,
  signal?: AbortSignal,
): Promise<AuditEvent> {
  const body = emergencyAccessAuditEvent(input);
  const { body: created } = await client.request<AuditEvent>('AuditEvent', { method: 'POST', body, kind: 'write', signal, retry: false });
  // A server may answer 201 with no body (Prefer: return=minimal): what we sent is what it holds.
  return created ? expectResource<AuditEvent>(created, 'AuditEvent', client.url('AuditEvent')) : body;
}
