/**
 * Secure messaging (MIS): `Communication`s about the patient → messages for the chat. Text keeps
 * its line breaks; attachments become small records (never markup); a message with no payload,
 * a sender that does not resolve or an over-long text is flagged and still shown.
 */
import type { Attachment, Communication, Resource } from '@medplum/fhirtypes';
import { referenceKey } from '../references.ts';
import { clip } from './patient.ts';
import { actorIdentity, isViewer, keyOf, mapActor, toTime, type ActorView, type Mapped, type MappingIssue, type ResourceLookup } from './common.ts';

/** Longest text kept per message; longer ones are cut and flagged (`truncated`). */
export const MAX_MESSAGE_CHARS = 20_000;

/** Image types shown inline as thumbnails. SVG is left out on purpose: it can carry script. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

export interface MessageAttachmentView {
  contentType?: string;
  /** File name, as plain text ("plaie-talon.png"). */
  title?: string;
  size?: number;
  /** `Binary/<id>` (relative to the FHIR base) or an absolute http(s) URL; never another scheme. */
  url?: string;
  /** `Binary/<id>` when the content is a Binary of the server (read it with the client's token). */
  binary?: string;
  /** The content is inline (base64 `data`) rather than at a URL. */
  inline: boolean;
  /** Base64 content, when inline. */
  data?: string;
  isImage: boolean;
  /** Pixel size of an image when the attachment states it (R5's `width`/`height`, carried in R4
   * by the cross-version extensions): the chat reserves the photo's box before it loads. */
  width?: number;
  height?: number;
  /** Neither a usable URL nor inline data: show "content unavailable". */
  missing: boolean;
}

export interface MessageView {
  id: string;
  reference: string;
  /** The client-generated identifier (`urn:uuid:…`), to match the outbox's pending sends. */
  identifier?: string;
  status?: string;
  /** Always present; `unresolved` (and maybe no `name`) when the sender could not be found. */
  sender: ActorView;
  recipients: ActorView[];
  /** When sent (FHIR instant), or the best time known; `sentMissing` says it was absent. */
  sent?: string;
  time?: number;
  sentMissing: boolean;
  /** Plain text with its line breaks; render as text, never as HTML. */
  text?: string;
  truncated: boolean;
  /** Length of the text before truncation, when truncated. */
  fullLength?: number;
  attachments: MessageAttachmentView[];
  /** Other payload items: references to record resources (a document…). */
  linked: string[];
  /** No text and no attachment: shown as an "empty message". */
  empty: boolean;
  inResponseTo?: string;
  /** Topic thread (`partOf`). */
  partOf?: string;
  /** The viewer sent it (only computed when a viewer is given). */
  mine: boolean;
  /** The patient sent it (shown as the patient's, whatever their name resolves to). */
  fromPatient: boolean;
  /** References naming the sender (role and practitioner). */
  senderIdentities: string[];
}

export interface MessageOptions {
  viewer?: string;
  /** Messages about another patient are skipped (a server may ignore the search filter). */
  patient?: string;
}

export function mapCommunication(c: Communication, lookup: ResourceLookup, issues: MappingIssue[], options: MessageOptions = {}): MessageView | undefined {
  if (c?.resourceType !== 'Communication' || !c.id) {
    issues.push({ resource: keyOf(c), problem: 'not a usable Communication' });
    return undefined;
  }
  const key = keyOf(c);
  const patient = referenceKey(options.patient);
  const subject = referenceKey(c.subject?.reference);
  // Messages exchanged with the patient belong to the thread too, with or without `subject`
  // (Medplum and others store them with the patient as sender or recipient only).
  const senderKey = referenceKey(c.sender?.reference);
  const withPatient = patient !== undefined && (senderKey === patient || (Array.isArray(c.recipient) ? c.recipient : []).some((r) => referenceKey(r?.reference) === patient));
  if (patient && subject !== patient && !(withPatient && subject === undefined)) {
    issues.push({ resource: key, problem: 'message about another patient' });
    return undefined;
  }
  if (c.status === 'entered-in-error') {
    issues.push({ resource: key, problem: 'entered in error; not shown' });
    return undefined;
  }

  let sender = mapActor(c.sender, lookup);
  if (!sender || sender.unresolved) {
    issues.push({ resource: key, problem: sender ? `sender ${sender.reference} did not resolve` : 'no sender' });
    sender = { ...sender, unresolved: true };
  }

  const texts: string[] = [];
  const attachments: MessageAttachmentView[] = [];
  const linked: string[] = [];
  for (const p of Array.isArray(c.payload) ? c.payload : []) {
    if (typeof p?.contentString === 'string' && p.contentString.trim()) texts.push(p.contentString.replace(/\r\n?/g, '\n').trim());
    else if (p?.contentAttachment && typeof p.contentAttachment === 'object') attachments.push(mapMessageAttachment(p.contentAttachment, key, issues));
    else if (p?.contentReference?.reference) {
      const k = referenceKey(p.contentReference.reference);
      if (k) linked.push(k);
    }
  }
  let text = texts.length ? texts.join('\n\n') : undefined;
  let truncated = false;
  let fullLength: number | undefined;
  if (text && text.length > MAX_MESSAGE_CHARS) {
    fullLength = text.length;
    text = `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
    truncated = true;
    issues.push({ resource: key, problem: `text of ${fullLength} characters cut to ${MAX_MESSAGE_CHARS}` });
  }
  const empty = !text && attachments.length === 0;
  if (empty) issues.push({ resource: key, problem: 'message without text or attachment' });

  const sentTime = toTime(c.sent);
  if (sentTime === undefined) issues.push({ resource: key, problem: 'no valid sent date' });
  const fallback = sentTime === undefined ? (toTime(c.received) ?? toTime(c.meta?.lastUpdated)) : undefined;
  const senderIdentities = actorIdentity(sender.reference, lookup);

  return {
    id: c.id,
    reference: key,
    identifier: (Array.isArray(c.identifier) ? c.identifier : []).map((i) => i?.value).find((v) => typeof v === 'string' && v.length <= 200),
    status: typeof c.status === 'string' ? c.status : undefined,
    sender,
    recipients: (Array.isArray(c.recipient) ? c.recipient : []).map((r) => mapActor(r, lookup)).filter((a): a is ActorView => Boolean(a)),
    sent: sentTime !== undefined ? c.sent : fallback !== undefined ? new Date(fallback).toISOString() : undefined,
    time: sentTime ?? fallback,
    sentMissing: sentTime === undefined,
    text,
    truncated,
    fullLength,
    attachments,
    linked,
    empty,
    inResponseTo: referenceKey(c.inResponseTo?.find((r) => r?.reference)?.reference),
    partOf: referenceKey(c.partOf?.find((r) => r?.reference)?.reference),
    mine: isViewer(options.viewer, senderIdentities, lookup),
    fromPatient: patient !== undefined && senderKey === patient,
    senderIdentities,
  };
}

const ATTACHMENT_EXTENSION = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Attachment.';

/** `width` or `height` of an attachment: R5's element if a server sends it, else R4's cross-version extension; a positive integer or nothing. */
function attachmentPixels(a: Attachment, dimension: 'width' | 'height'): number | undefined {
  const r5 = (a as Record<string, unknown>)[dimension];
  const value = typeof r5 === 'number' ? r5 : a.extension?.find((e) => e.url === ATTACHMENT_EXTENSION + dimension)?.valuePositiveInt;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 100_000 ? value : undefined;
}

export function mapMessageAttachment(a: Attachment, owner: string, issues: MappingIssue[]): MessageAttachmentView {
  const contentType = typeof a.contentType === 'string' ? a.contentType.split(';')[0]?.trim().toLowerCase() : undefined;
  const inline = typeof a.data === 'string' && a.data.length > 0;
  let url: string | undefined;
  if (typeof a.url === 'string' && a.url) {
    if (/^https?:\/\//i.test(a.url) || /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(a.url)) url = a.url;
    else issues.push({ resource: owner, problem: 'attachment URL with an unsupported scheme dropped' });
  }
  const binaryKey = referenceKey(url);
  const size = typeof a.size === 'number' && Number.isFinite(a.size) && a.size >= 0 ? Math.round(a.size) : undefined;
  const missing = !url && !inline;
  const width = attachmentPixels(a, 'width');
  const height = attachmentPixels(a, 'height');
  if (missing) issues.push({ resource: owner, problem: 'attachment without content' });
  return {
    contentType,
    title: clip(a.title, 255),
    size,
    url,
    binary: binaryKey?.startsWith('Binary/') ? binaryKey : undefined,
    inline,
    data: inline ? a.data : undefined,
    isImage: Boolean(contentType && IMAGE_TYPES.has(contentType)),
    ...(width && height ? { width, height } : {}),
    missing,
  };
}

/** Maps Communications, oldest first (the thread order). */
export function mapMessages(resources: Resource[], lookup: ResourceLookup, options: MessageOptions = {}): Mapped<MessageView> {
  const issues: MappingIssue[] = [];
  const items: MessageView[] = [];
  for (const r of resources) {
    const m = mapCommunication(r as Communication, lookup, issues, options);
    if (m) items.push(m);
  }
  return { items: sortThread(items), issues };
}

/** Oldest first; undated messages last, in the order read. */
function sortThread(items: MessageView[]): MessageView[] {
  return items
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (a.m.time ?? Number.MAX_SAFE_INTEGER) - (b.m.time ?? Number.MAX_SAFE_INTEGER) || a.i - b.i)
    .map(({ m }) => m);
}

/**
 * Merges pages (earlier messages, live arrivals) into one thread: one message per reference and
 * per client identifier (the server copy of an outbox send replaces the pending one), oldest first.
 */
export function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const byRef = new Map<string, MessageView>();
  const refOfIdentifier = new Map<string, string>();
  for (const m of [...current, ...incoming]) {
    const previous = m.identifier ? refOfIdentifier.get(m.identifier) : undefined;
    if (previous && previous !== m.reference) byRef.delete(previous);
    byRef.set(m.reference, m);
    if (m.identifier) refOfIdentifier.set(m.identifier, m.reference);
  }
  return sortThread([...byRef.values()]);
}

export interface MessageDay {
  /** Calendar day `YYYY-MM-DD` in the given time zone; undefined for undated messages. */
  day?: string;
  messages: MessageView[];
}

/**
 * Groups a thread (oldest first) by calendar day. Language-neutral: days are `YYYY-MM-DD`, for the
 * element to format. `timeZone` defaults to the runtime's own.
 */
export function groupMessagesByDay(messages: MessageView[], timeZone?: string): MessageDay[] {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const groups: MessageDay[] = [];
  for (const m of messages) {
    const day = m.time === undefined ? undefined : dayOf(format, m.time);
    const last = groups.at(-1);
    if (last && last.day === day) last.messages.push(m);
    else groups.push({ day, messages: [m] });
  }
  return groups;
}

function dayOf(format: Intl.DateTimeFormat, time: number): string {
  const parts = format.formatToParts(time);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Every reference the message mapping needs at hand (senders and recipients). */
export function messageActorReferences(resources: Resource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r?.resourceType !== 'Communication') continue;
    if (r.sender?.reference) out.push(r.sender.reference);
    for (const x of r.recipient ?? []) if (x?.reference) out.push(x.reference);
  }
  return out;
}
