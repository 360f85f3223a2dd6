/**
 * Pure builders: what the user asked for → the FHIR resource to write, as a serialisable
 * operation (`WriteOp`) that the writer sends now or the outbox keeps and replays later.
 * Creates get their client identifier here, once, so every replay is the same create.
 */
import type {
  Annotation,
  CarePlan,
  CodeableConcept,
  Communication,
  CommunicationPayload,
  DocumentReference,
  EpisodeOfCare,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { localCodeSystems, LOINC_SYSTEM, noteMarker, MASK_SYSTEM, US_CORE_DOCUMENT_CATEGORY_SYSTEM } from '../codes.ts';
import type { MessageAttachmentView, MessageView } from '../model/messages.ts';
import { CoordError } from '../errors.ts';
import { newUuid } from '../ids.ts';
import { withClientIdentifier } from './core.ts';
import { FILED_DOCUMENT_TYPES, type FiledDocumentTypeKey } from './document-types.ts';
import { clock } from '../clock.ts';

/** US Core's category system: notes also carry `clinical-note` there, for US Core readers (it does not mark them). */
export const NOTE_CATEGORY_SYSTEM = US_CORE_DOCUMENT_CATEGORY_SYSTEM;
/** The masking-label system (same as the access rules read). */
export const MASK_LABEL_SYSTEM = MASK_SYSTEM;
export const MASQUE_PS = 'MASQUE_PS';
const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** A file waiting to become a Binary before its create is sent (message attachments). */
export interface PendingUpload {
  /** Index in `Communication.payload` whose `contentAttachment.url` gets `Binary/<id>`. */
  payloadIndex: number;
  contentType: string;
  data: Uint8Array;
  /** Set once uploaded, so a replay never uploads the same file twice. */
  binaryId?: string;
}

export type CreateOp<T extends Resource = Resource> = { kind: 'create'; resource: T; uploads?: PendingUpload[] };
export type UpdateOp<T extends Resource = Resource> = { kind: 'update'; base: T; resource: T };
/** A write as data: safe to store (IndexedDB) and to replay. */
export type WriteOp<T extends Resource = Resource> = CreateOp<T> | UpdateOp<T>;

export interface AttachmentInput {
  /** A File/Blob (its `type` and `name` are used) or raw bytes. */
  data: Blob | ArrayBuffer | Uint8Array;
  contentType?: string;
  title?: string;
}

export interface MessageInput {
  patient: string;
  sender: string;
  text?: string;
  attachments?: AttachmentInput[];
  /** `Communication/<id>` replied to. */
  inResponseTo?: string;
  /** Topic thread (`Communication/<id>`). */
  partOf?: string;
  recipients?: string[];
  /** What the message is about (e.g. a DocumentReference), as references. */
  about?: string[];
}

export interface NoteInput {
  patient: string;
  author: string;
  text: string;
  title?: string;
  /** `Encounter/…` or `EpisodeOfCare/…` the note belongs to. */
  context?: string;
  /** The version being edited: the save becomes a new version (PUT + If-Match). */
  existing?: DocumentReference;
  /** Default `text/plain; charset=utf-8`; `coord-notes` writes `text/markdown; charset=utf-8`. */
  contentType?: string;
}

export interface ActionInput {
  carePlan: string;
  patient: string;
  description: string;
  owner: string;
  requester: string;
  /** Due date or instant (`Task.restriction.period.end`). */
  due?: string;
}

// Loosely typed: Medplum's Reference<T> is generic over the target; the caller names the target.
const ref = (reference: string): Reference<any> => ({ reference });
const nowIso = (now: Date): string => now.toISOString();

/** A message (text and attachments) as a create; attachments upload first, at send time. */
export async function messageOp(input: MessageInput, now = clock.date()): Promise<CreateOp<Communication>> {
  const text = input.text ?? '';
  const files = input.attachments ?? [];
  if (!text.trim() && files.length === 0) throw new CoordError('invalid-request', 'A message needs text or an attachment');
  const payload: CommunicationPayload[] = [];
  if (text.trim()) payload.push({ contentString: text });
  const uploads: PendingUpload[] = [];
  for (const file of files) {
    const data = await bytesOf(file.data);
    const contentType = file.contentType || blobType(file.data) || 'application/octet-stream';
    const title = file.title ?? blobName(file.data);
    const attachment: NonNullable<CommunicationPayload['contentAttachment']> = { contentType, size: data.byteLength };
    if (title) attachment.title = title;
    uploads.push({ payloadIndex: payload.length, contentType, data });
    payload.push({ contentAttachment: attachment });
  }
  const message: Communication = {
    resourceType: 'Communication',
    status: 'completed',
    subject: ref(input.patient),
    sender: ref(input.sender),
    sent: nowIso(now),
    payload,
  };
  if (input.recipients?.length) message.recipient = input.recipients.map(ref);
  if (input.inResponseTo) message.inResponseTo = [ref(input.inResponseTo)];
  if (input.partOf) message.partOf = [ref(input.partOf)];
  if (input.about?.length) message.about = input.about.map(ref);
  const op: CreateOp<Communication> = { kind: 'create', resource: withClientIdentifier(message) };
  if (uploads.length) op.uploads = uploads;
  return op;
}

/** A shared note: a new DocumentReference, or a new version of `existing`. */
export function noteOp(input: NoteInput, now = clock.date()): WriteOp<DocumentReference> {
  const bytes = new TextEncoder().encode(input.text);
  const when = nowIso(now);
  if (input.existing) {
    const old = input.existing;
    // The new text travels inline; a stale `url`/`hash` of the old version must not survive.
    const { url: _url, hash: _hash, ...previous } = old.content?.[0]?.attachment ?? {};
    const title = input.title ?? old.description ?? previous.title;
    const attachment = { ...previous, contentType: input.contentType ?? TEXT_PLAIN, data: bytesToBase64(bytes), size: bytes.byteLength, creation: when };
    if (title) attachment.title = title;
    const mine: DocumentReference = {
      ...old,
      docStatus: 'amended',
      date: when,
      author: [ref(input.author)],
      content: [{ ...old.content?.[0], attachment }],
    };
    if (title) mine.description = title;
    return { kind: 'update', base: old, resource: mine };
  }
  const title = input.title ?? '';
  const note: DocumentReference = {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: LOINC_SYSTEM, code: '34109-9', display: 'Note' }], text: 'Note' },
    category: [
      { coding: [{ ...noteMarker(), display: 'Note de coordination' }], text: 'Note de coordination' },
      { coding: [{ system: NOTE_CATEGORY_SYSTEM, code: 'clinical-note', display: 'Clinical Note' }] },
    ],
    subject: ref(input.patient),
    date: when,
    author: [ref(input.author)],
    content: [{ attachment: { contentType: input.contentType ?? TEXT_PLAIN, data: bytesToBase64(bytes), size: bytes.byteLength, creation: when, ...(title ? { title } : {}) } }],
  };
  if (title) note.description = title;
  if (input.context) note.context = { encounter: [ref(input.context)] };
  return { kind: 'create', resource: withClientIdentifier(note) };
}

/** A new PPCS action: a Task based on the care plan. */
export function actionOp(input: ActionInput, now = clock.date()): CreateOp<Task> {
  if (!input.description.trim()) throw new CoordError('invalid-request', 'An action needs a description');
  const when = nowIso(now);
  const task: Task = {
    resourceType: 'Task',
    status: 'requested',
    intent: 'plan',
    priority: 'routine',
    description: input.description,
    code: { text: 'Action du PPCS' },
    basedOn: [ref(input.carePlan)],
    for: ref(input.patient),
    requester: ref(input.requester),
    owner: ref(input.owner),
    authoredOn: when,
    lastModified: when,
  };
  if (input.due) task.restriction = { period: { end: input.due } };
  return { kind: 'create', resource: withClientIdentifier(task) };
}

/** Changes an action's status (execution period and reason follow). */
export function actionStatusOp(task: Task, status: Task['status'], options: { reason?: string; now?: Date } = {}): UpdateOp<Task> {
  const when = nowIso(options.now ?? clock.date());
  const mine: Task = { ...task, status, lastModified: when };
  if (status === 'in-progress' && !task.executionPeriod?.start) mine.executionPeriod = { ...task.executionPeriod, start: when };
  if (status === 'completed' && !task.executionPeriod?.end) mine.executionPeriod = { ...task.executionPeriod, end: when };
  if (options.reason) mine.statusReason = { text: options.reason };
  return { kind: 'update', base: task, resource: mine };
}

/** Adds a comment to an action. The annotation gets an element id, so merges never duplicate it. */
export function actionCommentOp(task: Task, text: string, author: string, now = clock.date()): UpdateOp<Task> {
  if (!text.trim()) throw new CoordError('invalid-request', 'A comment needs text');
  const when = nowIso(now);
  const note: Annotation = { id: newUuid(), authorReference: ref(author), time: when, text };
  return { kind: 'update', base: task, resource: { ...task, note: [...(task.note ?? []), note], lastModified: when } };
}

export { activityCommentOp, activityStatusOp, type ActivityStatus } from './build-activity.ts';

/** Masks (`MASQUE_PS` security label) or unmasks a document. */
export function documentMaskOp(doc: DocumentReference, masked: boolean): UpdateOp<DocumentReference> {
  const labels = (doc.securityLabel ?? []).filter((l) => !isMaskLabel(l));
  if (masked) {
    labels.push({ coding: [{ system: MASK_LABEL_SYSTEM, code: MASQUE_PS, display: 'Masqué aux professionnels de santé' }] });
  }
  const mine: DocumentReference = { ...doc };
  if (labels.length) mine.securityLabel = labels;
  else delete mine.securityLabel;
  return { kind: 'update', base: doc, resource: mine };
}

function isMaskLabel(label: CodeableConcept): boolean {
  return (label.coding ?? []).some((c) => c.system === MASK_LABEL_SYSTEM && c.code === MASQUE_PS);
}

// ---------------------------------------------------------------------------------------------
// From a message to the record (the chat's "save to documents" and "create a PPCS action").
// Both point back to the message: the document through `context.related` (R4: "related
// identifiers or resources" — any resource), reusing the message's Binary rather than copying
// the bytes; the action through `reasonReference` (why the task exists) and a note. `relatesTo`
// is not used: in R4 it only links documents to documents.

// The types live in their own module (`document-types.ts`): the chat's "file as document" form
// lists them without loading the write builders.
export { FILED_DOCUMENT_TYPES, type FiledDocumentTypeKey } from './document-types.ts';

export interface DocumentFromAttachmentInput {
  message: MessageView;
  attachment: MessageAttachmentView;
  patient: string;
  type: FiledDocumentTypeKey;
  /** The label of the type in the user's language, for `type.text`. */
  typeLabel: string;
  title: string;
  description?: string;
  /** Who files it (used as author when the sender is unknown). */
  viewer: string;
  /** How the link back to the message reads (`context.related.display`). */
  relatedDisplay: string;
  now?: Date;
}

/** A message attachment filed as a typed DocumentReference pointing back to the message. */
export function documentFromAttachmentOp(input: DocumentFromAttachmentInput): CreateOp<DocumentReference> {
  const type = FILED_DOCUMENT_TYPES.find((t) => t.key === input.type) ?? FILED_DOCUMENT_TYPES[FILED_DOCUMENT_TYPES.length - 1]!;
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
    type: { coding: [{ system: LOINC_SYSTEM, code: type.code, display: type.display }], text: input.typeLabel },
    subject: ref(input.patient),
    date: nowIso(input.now ?? clock.date()),
    author: [ref(author)],
    description: input.description?.trim() || input.title,
    content: [{ attachment: content }],
    context: { related: [{ reference: message.reference, display: input.relatedDisplay }] },
  };
  if (type.category) {
    doc.category = [{ coding: [{ system: localCodeSystems().documentCategory, code: type.category, display: type.categoryLabel }], text: type.categoryLabel }];
  }
  return { kind: 'create', resource: withClientIdentifier(doc) };
}

export interface ActionFromMessageInput {
  message: MessageView;
  carePlan: string;
  patient: string;
  description: string;
  viewer: string;
  due?: string;
  /** The note saying where the action comes from. */
  note: string;
  now?: Date;
}

/** A PPCS action (Task) created from a message, which it names as its reason. */
export function actionFromMessageOp(input: ActionFromMessageInput): CreateOp<Task> {
  const op = actionOp(
    { carePlan: input.carePlan, patient: input.patient, description: input.description, owner: input.viewer, requester: input.viewer, due: input.due },
    input.now,
  );
  op.resource.reasonReference = ref(input.message.reference);
  op.resource.note = [{ authorReference: ref(input.viewer), time: nowIso(input.now ?? clock.date()), text: input.note }];
  return op;
}

/** A document uploaded by the user: the DocumentReference of a stored Binary. */
export interface UploadedDocumentInput {
  patient: string;
  /** LOINC code or a full concept. */
  type: string | CodeableConcept;
  category?: string | CodeableConcept;
  title: string;
  description?: string;
  author: string;
  /** `Encounter/…` or `EpisodeOfCare/…`. */
  context?: string;
  /** The version this document replaces (linked with `relatesTo`). */
  replaces?: DocumentReference;
  binary: { id?: string; contentType: string; size: number };
  now?: Date;
}

export function uploadedDocument(input: UploadedDocumentInput): DocumentReference {
  const when = nowIso(input.now ?? clock.date());
  const { binary } = input;
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'final',
    type: conceptOf(input.type),
    subject: ref(input.patient),
    date: when,
    author: [ref(input.author)],
    description: input.description ?? input.title,
    content: [{ attachment: { contentType: binary.contentType, url: `Binary/${binary.id}`, title: input.title, size: binary.size, creation: when } }],
  };
  if (input.category) doc.category = [conceptOf(input.category, localCodeSystems().documentCategory)];
  if (input.context) doc.context = { encounter: [ref(input.context)] };
  if (input.replaces?.id) doc.relatesTo = [{ code: 'replaces', target: ref(`DocumentReference/${input.replaces.id}`) }];
  return withClientIdentifier(doc);
}

/** A LOINC code or a full concept. */
export function conceptOf(value: string | CodeableConcept, system = LOINC_SYSTEM): CodeableConcept {
  return typeof value === 'string' ? { coding: [{ system, code: value }] } : value;
}

// ---------------------------------------------------------------------------------------------
// Bytes (portable: browsers and Node, no Buffer)

export async function bytesOf(data: Blob | ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(await data.arrayBuffer());
}

function blobType(data: unknown): string | undefined {
  return typeof Blob !== 'undefined' && data instanceof Blob && data.type ? data.type : undefined;
}

function blobName(data: unknown): string | undefined {
  const name = (data as { name?: unknown }).name;
  return typeof name === 'string' && name ? name : undefined;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export interface PpcsPlanInput {
  /** `Patient/…` */
  patient: string;
  /** The referent writing it (`Practitioner/…` or `PractitionerRole/…`): the DAC pathway's care manager. */
  author: string;
  /** The DAC pathway it is created from: its care team becomes the plan's. */
  pathway: EpisodeOfCare;
  title?: string;
}

/**
 * A new, empty PPCS (`CarePlan`, active, category `ppcs`) created from the DAC pathway: the
 * pathway's care team and care manager, today as its start. Idempotent (client identifier +
 * If-None-Exist): a lost answer never makes two plans.
 */
export function ppcsPlanOp(input: PpcsPlanInput, now = clock.date()): CreateOp<CarePlan> {
  if (!input.pathway?.id) throw new CoordError('invalid-request', 'A PPCS is created from a pathway');
  const when = nowIso(now);
  const plan: CarePlan = {
    resourceType: 'CarePlan',
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: localCodeSystems().careplanCategory, code: 'ppcs', display: 'PPCS' }], text: 'Plan Personnalisé de Coordination en Santé' }],
    title: input.title?.trim() || 'PPCS',
    subject: ref(input.patient),
    author: ref(input.author),
    created: when,
    period: { start: when.slice(0, 10) },
    careTeam: (Array.isArray(input.pathway.team) ? input.pathway.team : []).filter((t) => t?.reference).map((t) => ({ reference: t.reference })),
    supportingInfo: [{ reference: `EpisodeOfCare/${input.pathway.id}` }],
  };
  return { kind: 'create', resource: withClientIdentifier(plan) };
}
