/**
 * Pure builders: what the user asked for → the FHIR resource to write, as a serialisable
 * operation (`WriteOp`) that the writer sends now or the outbox keeps and replays later.
 * Creates get their client identifier here, once, so every replay is the same create.
 */
import type {
  Annotation,
  CodeableConcept,
  Communication,
  CommunicationPayload,
  DocumentReference,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { LOINC_SYSTEM, MASK_SYSTEM, US_CORE_DOCUMENT_CATEGORY_SYSTEM } from '../codes.ts';
import { CoordError } from '../errors.ts';
import { newUuid } from '../ids.ts';
import { withClientIdentifier } from './core.ts';
import { clock } from '../clock.ts';

/** The category system of shared notes (US Core `clinical-note`). */
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
    const attachment = { ...previous, contentType: TEXT_PLAIN, data: bytesToBase64(bytes), size: bytes.byteLength, creation: when };
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
    category: [{ coding: [{ system: NOTE_CATEGORY_SYSTEM, code: 'clinical-note', display: 'Clinical Note' }], text: 'Note clinique' }],
    subject: ref(input.patient),
    date: when,
    author: [ref(input.author)],
    content: [{ attachment: { contentType: TEXT_PLAIN, data: bytesToBase64(bytes), size: bytes.byteLength, creation: when, ...(title ? { title } : {}) } }],
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
