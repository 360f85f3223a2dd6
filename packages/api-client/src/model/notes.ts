/**
 * Shared notes: DocumentReference whose category carries the note marker (`isSharedNote`), with inline text. The text is
 * decoded from base64 with atob + TextDecoder (no Buffer: runs in browsers and Node). An edit is
 * a new version; `mapNoteHistory` turns `DocumentReference/<id>/_history` into who changed what
 * when. The same access rules as documents apply; a hidden note or version keeps no text.
 */
import type { Attachment, BundleEntry, DocumentReference } from '@medplum/fhirtypes';
import { decideAccess, documentTypeCode, LOINC_SYSTEM, readSecurity, type AccessDecision, type AccessReason, type SecurityView } from '../access.ts';
import { referenceKey } from '../references.ts';
import { emptyLookup, keyOf, toTime, type ActorView, type MappingIssue, type ResourceLookup } from './common.ts';
import {
  documentDate,
  isSharedNote,
  mapAuthors,
  newestFirst,
  pathwaysOf,
  selectDocumentReferences,
  type DocumentMappingOptions,
  type HiddenItem,
  type MappedWithHidden,
} from './documents.ts';
import { clip } from './patient.ts';

/** Bytes of note text decoded at most; longer notes are cut and flagged `truncated`. */
export const MAX_NOTE_BYTES = 64 * 1024;
export const NOTE_TYPE_CODE = '34109-9';

export interface NoteView {
  reference: string;
  versionId?: string;
  /** Ready for `If-Match` when saving an edit: `W/"<versionId>"`. */
  ifMatch?: string;
  title?: string;
  /** Decoded text; undefined when the content is not inline text. */
  text?: string;
  truncated: boolean;
  /** The author of this version (the first `author`). */
  author?: ActorView;
  authors: ActorView[];
  date?: string;
  lastUpdated?: string;
  pathways: string[];
  security: SecurityView;
  access: AccessDecision;
}

export interface NoteVersionView {
  versionId?: string;
  /** When this version was written: the note's `date`, else `meta.lastUpdated`. */
  date?: string;
  lastUpdated?: string;
  author?: ActorView;
  text?: string;
  truncated: boolean;
  /** Lines added and removed since the previous (older) visible version; absent for the first. */
  change?: { added: number; removed: number };
  /** The newest version. */
  current: boolean;
  /** A history entry recording a deletion. */
  deleted?: boolean;
  /** Why the viewer may not see this version (no text, no author then). */
  hidden?: AccessReason;
}

export type NoteMappingOptions = Omit<DocumentMappingOptions, 'seen'>;

export interface DecodedText {
  text?: string;
  truncated: boolean;
  problem?: string;
}

/** Text of an inline attachment (`text/*`), decoded with its charset (UTF-8 by default). */
export function decodeAttachmentText(attachment: Attachment | undefined, maxBytes = MAX_NOTE_BYTES): DecodedText {
  const data = attachment?.data;
  if (typeof data !== 'string' || !data) return { truncated: false, problem: 'no inline text' };
  const type = typeof attachment?.contentType === 'string' ? attachment.contentType.toLowerCase() : '';
  if (type && !/^text\//.test(type)) return { truncated: false, problem: `content type ${clip(type, 60)} is not text` };
  const charset = /charset\s*=\s*"?([\w.:-]+)/.exec(type)?.[1] ?? 'utf-8';
  const clean = data.replace(/\s+/g, '');
  const maxChars = Math.ceil(maxBytes / 3) * 4;
  const truncated = clean.length > maxChars;
  let bytes: Uint8Array;
  try {
    const binary = atob(truncated ? clean.slice(0, maxChars) : clean);
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  } catch {
    return { truncated: false, problem: 'invalid base64' };
  }
  let decoder: TextDecoder;
  let problem: string | undefined;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
    problem = `unknown charset ${clip(charset, 40)}, read as UTF-8`;
  }
  // stream: true keeps a multi-byte character cut by the limit out of the text.
  const text = decoder.decode(bytes, { stream: truncated });
  return { text: cleanText(text), truncated, problem };
}

/** CRLF → LF; control characters other than tab and newline removed. */
function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** A note without a LOINC type is read as a generic Note (34109-9) by the access rules. */
function asTypedNote(doc: DocumentReference): DocumentReference {
  if (documentTypeCode(doc)) return doc;
  return { ...doc, type: { coding: [{ system: LOINC_SYSTEM, code: NOTE_TYPE_CODE }] } };
}

function noteAccess(doc: DocumentReference, pathways: string[], options: NoteMappingOptions): AccessDecision {
  return decideAccess(asTypedNote(doc), options.viewer, {
    matrix: options.matrix,
    lookup: options.lookup,
    careCircle: options.careCircle?.membersFor(pathways),
    veryRestrictedReaders: options.veryRestrictedReaders,
  });
}

function noteText(doc: DocumentReference, issues: MappingIssue[]): DecodedText {
  const contents = Array.isArray(doc.content) ? doc.content : [];
  const attachment = contents.map((c) => c?.attachment).find((a) => typeof a?.data === 'string') ?? contents[0]?.attachment;
  const decoded = decodeAttachmentText(attachment);
  if (decoded.problem) issues.push({ resource: keyOf(doc), problem: decoded.problem });
  if (decoded.truncated) issues.push({ resource: keyOf(doc), problem: 'text cut at the size limit' });
  return decoded;
}

export function mapNotes(resources: readonly unknown[], options: NoteMappingOptions = {}): MappedWithHidden<NoteView> {
  const issues: MappingIssue[] = [];
  const lookup = options.lookup ?? emptyLookup;
  const notes = selectDocumentReferences(resources, isSharedNote, options.patient, issues).filter(
    (d) => d.status !== 'entered-in-error' && d.status !== 'superseded',
  );
  const items: NoteView[] = [];
  const hidden: HiddenItem[] = [];
  for (const doc of notes) {
    const pathways = pathwaysOf(doc, options.pathways, lookup, issues);
    const access = noteAccess(doc, pathways, options);
    const date = documentDate(doc, issues);
    if (!access.visible) {
      hidden.push(access.reason === 'masked' ? { reason: access.reason, mask: access.mask } : { date, reason: access.reason });
      continue;
    }
    const authors = mapAuthors(doc, lookup, issues);
    const { text, truncated } = noteText(doc, issues);
    const versionId = typeof doc.meta?.versionId === 'string' ? doc.meta.versionId : undefined;
    const title = clip(doc.description) ?? (Array.isArray(doc.content) ? clip(doc.content[0]?.attachment?.title) : undefined);
    items.push({
      reference: keyOf(doc),
      versionId,
      ifMatch: versionId ? `W/"${versionId}"` : undefined,
      title,
      text,
      truncated,
      author: authors[0],
      authors,
      date,
      lastUpdated: validInstant(doc.meta?.lastUpdated),
      pathways,
      security: readSecurity(doc),
      access,
    });
  }
  return { items: newestFirst(items), hidden: newestFirst(hidden), issues };
}

/**
 * The versions of one note from its `_history` Bundle entries, newest first (by
 * `meta.lastUpdated`, then by `date`; servers differ in the order they list them).
 */
export function mapNoteHistory(
  entries: readonly BundleEntry[],
  noteReference: string,
  options: NoteMappingOptions = {},
): { items: NoteVersionView[]; issues: MappingIssue[] } {
  const issues: MappingIssue[] = [];
  const lookup = options.lookup ?? emptyLookup;
  const target = referenceKey(noteReference);
  type Row = { view: NoteVersionView; order: number; sortTime: number; text?: string };
  const rows: Row[] = [];
  (Array.isArray(entries) ? entries : []).forEach((entry, order) => {
    const r = entry?.resource as DocumentReference | undefined;
    if (!r) {
      if (entry?.request?.method === 'DELETE') {
        const when = validInstant((entry.response as { lastModified?: string } | undefined)?.lastModified);
        rows.push({ view: { date: when, truncated: false, current: false, deleted: true }, order, sortTime: toTime(when) ?? -Infinity });
      }
      return;
    }
    if (r.resourceType !== 'DocumentReference' || keyOf(r) !== target) {
      issues.push({ resource: keyOf(r), problem: `not a version of ${target}` });
      return;
    }
    const lastUpdated = validInstant(r.meta?.lastUpdated);
    const date = toTime(r.date) !== undefined ? r.date : lastUpdated;
    const versionId = typeof r.meta?.versionId === 'string' ? r.meta.versionId : undefined;
    const pathways = pathwaysOf(r, options.pathways, lookup, []);
    const access = noteAccess(r, pathways, options);
    const sortTime = toTime(lastUpdated) ?? -Infinity;
    if (!access.visible) {
      const shown = access.reason === 'masked' ? undefined : date;
      rows.push({ view: { versionId, date: shown, truncated: false, current: false, hidden: access.reason }, order, sortTime });
      return;
    }
    const { text, truncated } = noteText(r, issues);
    const author = mapAuthors(r, lookup, issues)[0];
    rows.push({ view: { versionId, date, lastUpdated, author, text, truncated, current: false }, order, sortTime, text });
  });
  // Newest first: lastUpdated, then date; equal keys keep the server's order.
  rows.sort(
    (a, b) =>
      b.sortTime - a.sortTime ||
      (toTime(b.view.date) ?? -Infinity) - (toTime(a.view.date) ?? -Infinity) ||
      a.order - b.order,
  );
  if (rows[0]) rows[0].view.current = true;
  // Compare each visible version with the next older visible one.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.text === undefined) continue;
    const older = rows.slice(i + 1).find((r) => r.text !== undefined);
    if (older) row.view.change = lineChange(older.text!, row.text);
  }
  return { items: rows.map((r) => r.view), issues };
}

/** Lines added and removed between two texts (as multisets of lines; order is ignored). */
export function lineChange(before: string, after: string): { added: number; removed: number } {
  const count = new Map<string, number>();
  for (const line of before.split('\n')) count.set(line, (count.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of after.split('\n')) {
    const n = count.get(line) ?? 0;
    if (n > 0) count.set(line, n - 1);
    else added++;
  }
  let removed = 0;
  for (const n of count.values()) removed += n;
  return { added, removed };
}

function validInstant(value: unknown): string | undefined {
  return typeof value === 'string' && toTime(value) !== undefined ? value : undefined;
}
