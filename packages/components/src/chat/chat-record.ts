/**
 * From a message to the record: a photo or attachment becomes a typed `DocumentReference`, a
 * message becomes a PPCS action (`Task`). Both point back to the message:
 * - the document through `context.related` (R4: "related identifiers or resources" — any
 *   resource), and it reuses the message's Binary rather than copying the bytes;
 * - the action through `reasonReference` (why the task exists: this message) and a note.
 * `relatesTo` is not used: in R4 it only links documents to documents.
 */
import {
  actionOp,
  searchAllPages,
  selectPpcsPlan,
  withClientIdentifier,
  type CoordClient,
  type CreateOp,
  type MessageAttachmentView,
  type MessageView,
} from '@coord/api-client';
import type { DocumentReference, Task } from '@medplum/fhirtypes';
import { clock } from '@coord/api-client';

const LOINC = 'http://loinc.org';
const DOC_CATEGORY_SYSTEM = 'https://coord.example/fhir/CodeSystem/document-category';

/** Document types offered, with their LOINC code and local category (as the seed and documents use). */
export const DOC_TYPES = [
  { key: 'photo', code: '72170-4', display: 'Photographic image', category: 'photo', categoryLabel: 'Photo' },
  { key: 'ordonnance', code: '57833-6', display: 'Prescription for medication', category: 'prescription', categoryLabel: 'Prescription' },
  { key: 'consultation', code: '11488-4', display: 'Consult note', category: 'compte-rendu', categoryLabel: 'Compte rendu' },
  { key: 'soins', code: '34746-8', display: 'Nurse Note', category: 'compte-rendu', categoryLabel: 'Compte rendu' },
  { key: 'courrier', code: '57133-1', display: 'Referral note', category: 'courrier', categoryLabel: 'Courrier' },
  { key: 'note', code: '34109-9', display: 'Note', category: undefined, categoryLabel: undefined },
] as const;

export type DocTypeKey = (typeof DOC_TYPES)[number]['key'];

export interface DocumentFromAttachmentInput {
  message: MessageView;
  attachment: MessageAttachmentView;
  patient: string;
  type: DocTypeKey;
  /** The French label of the type, for `type.text`. */
  typeLabel: string;
  title: string;
  description?: string;
  /** Who files it (used as author when the sender is unknown). */
  viewer: string;
  relatedDisplay: string;
  now?: Date;
}

export function documentFromAttachment(input: DocumentFromAttachmentInput): CreateOp<DocumentReference> {
  const type = DOC_TYPES.find((t) => t.key === input.type) ?? DOC_TYPES[DOC_TYPES.length - 1]!;
  const { attachment, message } = input;
  const content: NonNullable<DocumentReference['content']>[number]['attachment'] = { title: input.title };
  if (attachment.contentType) content.contentType = attachment.contentType;
  if (attachment.size !== undefined) content.size = attachment.size;
  if (attachment.url) content.url = attachment.url;
  else if (attachment.data) content.data = attachment.data;
  if (message.sent) content.creation = message.sent;
  const author = message.sender.reference && !message.sender.unresolved ? message.sender.reference : input.viewer;
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: LOINC, code: type.code, display: type.display }], text: input.typeLabel },
    subject: { reference: input.patient },
    date: (input.now ?? clock.date()).toISOString(),
    author: [{ reference: author }],
    description: input.description?.trim() || input.title,
    content: [{ attachment: content }],
    context: { related: [{ reference: message.reference, display: input.relatedDisplay }] },
  };
  if (type.category) doc.category = [{ coding: [{ system: DOC_CATEGORY_SYSTEM, code: type.category, display: type.categoryLabel }], text: type.categoryLabel }];
  return { kind: 'create', resource: withClientIdentifier(doc) };
}

export interface ActionFromMessageInput {
  message: MessageView;
  carePlan: string;
  patient: string;
  description: string;
  viewer: string;
  due?: string;
  note: string;
  now?: Date;
}

export function actionFromMessage(input: ActionFromMessageInput): CreateOp<Task> {
  const op = actionOp({
    carePlan: input.carePlan,
    patient: input.patient,
    description: input.description,
    owner: input.viewer,
    requester: input.viewer,
    due: input.due,
  }, input.now);
  const when = (input.now ?? clock.date()).toISOString();
  op.resource.reasonReference = { reference: input.message.reference };
  op.resource.note = [{ authorReference: { reference: input.viewer }, time: when, text: input.note }];
  return op;
}

/** The patient's active PPCS (`CarePlan/<id>`), or undefined when there is none. */
export async function findPpcsPlan(client: CoordClient, patient: string, signal?: AbortSignal): Promise<string | undefined> {
  const plans = await searchAllPages(client, 'CarePlan', { patient, _count: 100 }, signal);
  const plan = selectPpcsPlan(plans, [], patient);
  return plan?.id ? `CarePlan/${plan.id}` : undefined;
}
