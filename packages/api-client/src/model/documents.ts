/**
 * Documents (DocumentReference + Binary) → what `coord-documents` shows. Pure: resources and a
 * lookup in, view models out. Access rules decide per document; a hidden document keeps only
 * that it exists, its reason and (unless masked) its date — never its title, type or author.
 * Versions follow `relatesTo` (replaces): the newest is listed, its predecessors hang under it.
 */
import { noteMarker, US_CORE_DOCUMENT_CATEGORY_SYSTEM } from '../codes.ts';
import type { Attachment, DocumentReference, Resource } from '@medplum/fhirtypes';
import {
  decideAccess,
  documentTypeCode,
  readSecurity,
  type AccessDecision,
  type AccessMatrix,
  type AccessReason,
  type CareCircleIndex,
  type MaskLabel,
  type SecurityView,
  type Viewer,
} from '../access.ts';
import { referenceKey } from '../references.ts';
import { conceptText, emptyLookup, firstCoding, hasCoding, keyOf, mapActor, toTime, type ActorView, type Mapped, type MappingIssue, type ResourceLookup } from './common.ts';
import { PathwayIndex } from './pathways.ts';
import { clip } from './patient.ts';

/** The US Core category system of `clinical-note` (one definition: `codes.ts`). */
export const CLINICAL_NOTE_SYSTEM = US_CORE_DOCUMENT_CATEGORY_SYSTEM;

const MAX_AUTHORS = 20;
const MAX_CONTENT = 20;
const MAX_CHAIN = 50;
const NO_ENCOUNTERS = new PathwayIndex([]);

export interface ContentView {
  contentType?: string;
  title?: string;
  size?: number;
  language?: string;
  /** `Binary/<id>` when the content is a Binary on the FHIR server. */
  binary?: string;
  /** The attachment URL as given, only when it is http(s) or a relative FHIR path. */
  url?: string;
  /** The bytes are inline (`attachment.data`). */
  inline: boolean;
}

export interface DocumentVersionView {
  /** Left out for a hidden version (an id can say what a document is about). */
  reference?: string;
  /** Left out when masked. */
  date?: string;
  /** Only for a version the viewer may see. */
  title?: string;
  authors: ActorView[];
  /** Why the viewer may not see this version. */
  hidden?: AccessReason;
  /** Named by `relatesTo` but not found. */
  unresolved?: boolean;
}

export interface DocumentView {
  reference: string;
  versionId?: string;
  /** Attachment title, else description, else type text; undefined when none exists. */
  title?: string;
  type?: { code?: string; label?: string };
  category?: { code?: string; label?: string };
  date?: string;
  authors: ActorView[];
  custodian?: ActorView;
  description?: string;
  /** `EpisodeOfCare/<id>` keys; empty = hors parcours. */
  pathways: string[];
  content: ContentView[];
  security: SecurityView;
  access: AccessDecision;
  /** Versions this one replaces (relatesTo replaces), newest first. */
  previous: DocumentVersionView[];
}

/** A document the viewer may not see: that it exists, why, and when (not when masked). */
export interface HiddenItem {
  date?: string;
  reason: AccessReason;
  mask?: MaskLabel;
}

export interface MappedWithHidden<T> extends Mapped<T> {
  hidden: HiddenItem[];
}

export interface DocumentMappingOptions {
  lookup?: ResourceLookup;
  pathways?: PathwayIndex;
  viewer?: Viewer;
  matrix?: AccessMatrix;
  /** Care circles of the patient's pathways (for confidentiality R). */
  careCircle?: CareCircleIndex;
  veryRestrictedReaders?: (doc: DocumentReference) => Iterable<string>;
  /** `Patient/<id>`: documents about anyone else are dropped and flagged. */
  patient?: string;
  /** References already accounted for on earlier pages (listed, or replaced by a listed one). */
  seen?: ReadonlySet<string>;
}

/**
 * US Core's `clinical-note` category. It does NOT make a shared note: real servers (Synthea, US
 * Core) file every clinical document under it, and those are documents. See `isSharedNote`.
 */
export function isClinicalNote(doc: DocumentReference): boolean {
  return hasCoding(doc?.category, CLINICAL_NOTE_SYSTEM, 'clinical-note');
}

/** A shared coordination note: its `category` carries the note marker (`configureCodeSystems({ noteCategory })`). */
export function isSharedNote(doc: DocumentReference): boolean {
  const { system, code } = noteMarker();
  return hasCoding(doc?.category, system, code);
}

/**
 * Keeps the DocumentReferences of the patient and flags the rest: wrong types, no id,
 * another patient, duplicates. `keep` selects documents (not notes) or notes.
 */
export function selectDocumentReferences(
  resources: readonly unknown[],
  keep: (doc: DocumentReference) => boolean,
  patient: string | undefined,
  issues: MappingIssue[],
): DocumentReference[] {
  const out: DocumentReference[] = [];
  const ids = new Set<string>();
  const patientKey = patient ? referenceKey(patient) : undefined;
  for (const raw of Array.isArray(resources) ? resources : []) {
    const r = raw as Resource | undefined;
    if (!r || typeof r !== 'object' || r.resourceType !== 'DocumentReference') {
      issues.push({ resource: keyOf(r && typeof r === 'object' ? r : undefined), problem: 'not a DocumentReference' });
      continue;
    }
    if (typeof r.id !== 'string' || !r.id) {
      issues.push({ resource: '?', problem: 'DocumentReference without id' });
      continue;
    }
    if (!keep(r)) continue;
    if (patient && referenceKey(r.subject?.reference) !== patientKey) {
      issues.push({ resource: keyOf(r), problem: 'not about this patient' });
      continue;
    }
    if (ids.has(r.id)) continue;
    ids.add(r.id);
    out.push(r);
  }
  return out;
}

export function mapDocuments(resources: readonly unknown[], options: DocumentMappingOptions = {}): MappedWithHidden<DocumentView> {
  const issues: MappingIssue[] = [];
  const lookup = options.lookup ?? emptyLookup;
  const all = selectDocumentReferences(resources, (d) => !isSharedNote(d), options.patient, issues);
  // Entered-in-error documents are never shown, but stay known so a chain can skip them.
  const byKey = new Map(all.map((d) => [keyOf(d), d]));
  const docs = all.filter((d) => d.status !== 'entered-in-error');
  const replaced = new Set<string>();
  for (const d of docs) for (const target of replacedTargets(d)) replaced.add(target);

  const items: DocumentView[] = [];
  const hidden: HiddenItem[] = [];
  for (const doc of docs) {
    const key = keyOf(doc);
    if (replaced.has(key) || options.seen?.has(key)) continue;
    if (doc.status === 'superseded') {
      issues.push({ resource: key, problem: 'superseded, and its replacement is not in view' });
      continue;
    }
    if (doc.status !== 'current') issues.push({ resource: key, problem: `status ${String(doc.status)}, treated as current` });
    const pathways = pathwaysOf(doc, options.pathways, lookup, issues);
    const access = accessFor(doc, pathways, options);
    const date = documentDate(doc, issues);
    if (!access.visible) {
      hidden.push(hiddenItem(access, date));
      continue;
    }
    const view = mapVisibleDocument(doc, lookup, access, pathways, date, issues);
    view.previous = previousVersions(doc, byKey, lookup, options, issues);
    items.push(view);
  }
  return { items: newestFirst(items), hidden: newestFirst(hidden), issues };
}

/** Sorted by date, newest first, undated last (each date parsed once). */
export function newestFirst<T extends { date?: string }>(list: T[]): T[] {
  return list
    .map((item) => ({ item, t: toTime(item.date) ?? -Infinity }))
    .sort((a, b) => b.t - a.t)
    .map((x) => x.item);
}

/** What a hidden document keeps (docs/access-matrix.md, "What a hidden document keeps"). */
export function hiddenItem(access: AccessDecision, date: string | undefined): HiddenItem {
  // A masked document keeps no date: the patient withdrew it, and a date invites guessing.
  if (access.reason === 'masked') return { reason: access.reason, mask: access.mask };
  return { date, reason: access.reason };
}

/** The one access decision for a document, used by every view model that shows documents. */
export function accessFor(
  doc: DocumentReference,
  pathways: string[],
  options: Pick<DocumentMappingOptions, 'viewer' | 'matrix' | 'lookup' | 'careCircle' | 'veryRestrictedReaders'>,
): AccessDecision {
  return decideAccess(doc, options.viewer, {
    matrix: options.matrix,
    lookup: options.lookup,
    careCircle: options.careCircle?.membersFor(pathways),
    veryRestrictedReaders: options.veryRestrictedReaders,
  });
}

export function replacedTargets(doc: DocumentReference): string[] {
  const out: string[] = [];
  for (const rel of Array.isArray(doc?.relatesTo) ? doc.relatesTo : []) {
    const key = rel?.code === 'replaces' ? referenceKey(rel.target?.reference) : undefined;
    if (key?.startsWith('DocumentReference/')) out.push(key);
  }
  return out;
}

export function pathwaysOf(doc: DocumentReference, index: PathwayIndex | undefined, lookup: ResourceLookup, issues: MappingIssue[]): string[] {
  const refs = Array.isArray(doc.context?.encounter) ? doc.context.encounter : [];
  for (const r of refs) {
    const key = referenceKey(r?.reference);
    if (key?.startsWith('Encounter/') && !index?.knows(key) && !lookup(key)) {
      issues.push({ resource: keyOf(doc), problem: `context ${key} not found` });
    }
  }
  const found = (index ?? NO_ENCOUNTERS).pathwaysOf(refs);
  // Encounters the index does not know may still be at hand in the lookup.
  const unknown = refs.map((r) => lookup(r?.reference)).filter((e) => e?.resourceType === 'Encounter' && !index?.knows(keyOf(e)));
  if (unknown.length === 0) return found;
  return [...new Set([...found, ...new PathwayIndex(unknown as never[]).pathwaysOf(refs)])];
}

/** `date`, else the first attachment's creation, else the context period start. */
export function documentDate(doc: DocumentReference, issues: MappingIssue[]): string | undefined {
  if (toTime(doc.date) !== undefined) return doc.date;
  if (doc.date !== undefined) issues.push({ resource: keyOf(doc), problem: 'invalid date' });
  const creation = (Array.isArray(doc.content) ? doc.content : []).map((c) => c?.attachment?.creation).find((c) => toTime(c) !== undefined);
  const fallback = creation ?? (toTime(doc.context?.period?.start) !== undefined ? doc.context?.period?.start : undefined);
  if (!fallback) issues.push({ resource: keyOf(doc), problem: 'no date' });
  return fallback;
}

function mapVisibleDocument(
  doc: DocumentReference,
  lookup: ResourceLookup,
  access: AccessDecision,
  pathways: string[],
  date: string | undefined,
  issues: MappingIssue[],
): DocumentView {
  const key = keyOf(doc);
  const content = mapContent(doc, issues);
  const typeLabel = conceptText(doc.type);
  if (!doc.type || (!typeLabel && !documentTypeCode(doc))) issues.push({ resource: key, problem: 'no type' });
  const description = clip(doc.description, 1000);
  const title = content.find((c) => c.title)?.title ?? clip(doc.description) ?? typeLabel;
  if (!title) issues.push({ resource: key, problem: 'no title' });
  const categoryCoding = firstCoding(doc.category);
  const category = Array.isArray(doc.category) && doc.category[0]
    ? { code: categoryCoding?.code, label: conceptText(doc.category[0]) }
    : undefined;
  return {
    reference: key,
    versionId: typeof doc.meta?.versionId === 'string' ? doc.meta.versionId : undefined,
    title,
    type: doc.type ? { code: documentTypeCode(doc), label: typeLabel } : undefined,
    category,
    date,
    authors: mapAuthors(doc, lookup, issues),
    custodian: mapActor(doc.custodian, lookup),
    description,
    pathways,
    content,
    security: readSecurity(doc),
    access,
    previous: [],
  };
}

export function mapAuthors(doc: DocumentReference, lookup: ResourceLookup, issues: MappingIssue[]): ActorView[] {
  const refs = Array.isArray(doc.author) ? doc.author.slice(0, MAX_AUTHORS) : [];
  const authors = refs.map((r) => mapActor(r, lookup)).filter((a): a is ActorView => Boolean(a));
  if (authors.length === 0) issues.push({ resource: keyOf(doc), problem: 'no author' });
  for (const a of authors) if (a.unresolved) issues.push({ resource: keyOf(doc), problem: `author ${a.reference} not found` });
  return authors;
}

function mapContent(doc: DocumentReference, issues: MappingIssue[]): ContentView[] {
  const out: ContentView[] = [];
  for (const c of (Array.isArray(doc.content) ? doc.content : []).slice(0, MAX_CONTENT)) {
    const view = mapDocumentAttachment(c?.attachment, keyOf(doc), issues);
    if (view) out.push(view);
  }
  if (out.length === 0) issues.push({ resource: keyOf(doc), problem: 'no content' });
  return out;
}

export function mapDocumentAttachment(a: Attachment | undefined, owner: string, issues: MappingIssue[]): ContentView | undefined {
  if (!a || typeof a !== 'object') return undefined;
  const inline = typeof a.data === 'string' && a.data.length > 0;
  let url: string | undefined;
  let binary: string | undefined;
  if (typeof a.url === 'string' && a.url) {
    const safe = /^https?:\/\//i.test(a.url) || /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(\/_history\/[^/]+)?$/.test(a.url);
    if (safe) {
      url = a.url.length <= 2048 ? a.url : undefined;
      const key = referenceKey(a.url);
      if (key?.startsWith('Binary/')) binary = key;
    } else {
      issues.push({ resource: owner, problem: 'attachment URL with an unsupported scheme dropped' });
    }
  }
  if (!inline && !url) {
    issues.push({ resource: owner, problem: 'attachment without data or usable URL' });
    return undefined;
  }
  const size = typeof a.size === 'number' && Number.isFinite(a.size) && a.size >= 0 ? a.size : undefined;
  return { contentType: clip(a.contentType, 100), title: clip(a.title), size, language: clip(a.language, 20), binary, url, inline };
}

function previousVersions(
  doc: DocumentReference,
  byKey: Map<string, DocumentReference>,
  lookup: ResourceLookup,
  options: DocumentMappingOptions,
  issues: MappingIssue[],
): DocumentVersionView[] {
  const out: DocumentVersionView[] = [];
  const visited = new Set<string>([keyOf(doc)]);
  const queue = replacedTargets(doc);
  while (queue.length > 0 && visited.size <= MAX_CHAIN) {
    const key = queue.shift()!;
    if (visited.has(key)) continue;
    visited.add(key);
    const found = byKey.get(key) ?? (lookup(key) as DocumentReference | undefined);
    if (found?.resourceType !== 'DocumentReference') {
      issues.push({ resource: keyOf(doc), problem: `replaced ${key} not found` });
      out.push({ reference: key, authors: [], unresolved: true });
      continue;
    }
    if (found.status === 'entered-in-error') continue;
    queue.push(...replacedTargets(found));
    const pathways = pathwaysOf(found, options.pathways, lookup, []);
    const access = accessFor(found, pathways, options);
    const date = documentDate(found, []);
    if (!access.visible) {
      out.push({ date: access.reason === 'masked' ? undefined : date, authors: [], hidden: access.reason });
      continue;
    }
    const title = (Array.isArray(found.content) ? found.content : []).map((c) => clip(c?.attachment?.title)).find(Boolean);
    out.push({
      reference: key,
      date,
      title: title ?? clip(found.description) ?? conceptText(found.type),
      authors: mapAuthors(found, lookup, []),
    });
  }
  return newestFirst(out);
}
