/**
 * "Depuis ma dernière visite": what changed in the record since the viewer last opened it, as a
 * flat list of small items, newest first, each naming the section it opens in. Pure functions:
 * the reader (`readers/digest.ts`) makes the `_lastUpdated=gt…` searches and hands the resources
 * here. What the viewer did themself (their messages, their documents) is left out: a digest says
 * what others did. Documents come already mapped under the access rules (`mapDocuments`): a
 * document the viewer may not see never reaches the digest, not even as a title.
 */
import type { CarePlan, Communication, DiagnosticReport, Encounter, Resource, Task } from '@medplum/fhirtypes';
import { referenceKey } from '../references.ts';
import { conceptText, isViewer, keyOf, mapActor, toTime, type ActorView, type MappingIssue, type ResourceLookup } from './common.ts';
import type { DocumentView } from './documents.ts';
import { isPpcsCategory, normaliseActionStatus, type ActionStatus } from './ppcs-select.ts';
import { reportKind } from './report-kind.ts';

/** How far back a first visit looks. */
export const FIRST_VISIT_DAYS = 7;

export type DigestKind = 'document' | 'note' | 'message' | 'ppcs-action' | 'ppcs-plan' | 'movement' | 'lab';
/** Where an item opens. */
export type DigestSection = 'documents' | 'notes' | 'chat' | 'ppcs' | 'timeline';
/** The searches a digest is made of (one per resource type). */
export type DigestSource = 'DocumentReference' | 'Communication' | 'Task' | 'CarePlan' | 'Encounter' | 'DiagnosticReport';
export const DIGEST_SOURCES: readonly DigestSource[] = ['DocumentReference', 'Communication', 'Task', 'CarePlan', 'Encounter', 'DiagnosticReport'];

export const SECTION_OF: Readonly<Record<DigestKind, DigestSection>> = Object.freeze({
  document: 'documents',
  note: 'notes',
  message: 'chat',
  'ppcs-action': 'ppcs',
  'ppcs-plan': 'ppcs',
  movement: 'timeline',
  lab: 'timeline',
});

export interface DigestItem {
  /** Stable key (a reference, or `Encounter/<id>#loc-<i>` for a movement). */
  key: string;
  kind: DigestKind;
  section: DigestSection;
  /** What opens the item: `DocumentReference/…`, `Communication/…`, `Task/…`, `CarePlan/…`, … */
  reference: string;
  /** Text to show (record data: render as text). Undefined when the record gives none. */
  title?: string;
  /** A second line: the sender, the unit's encounter, the action's state… */
  actor?: ActorView;
  /** PPCS action state, lab report status, encounter status — as codes for a localised label. */
  status?: ActionStatus | string;
  /** Created since the last visit (version 1), or changed. */
  change: 'new' | 'updated';
  /** When it changed on the server (ms), for ordering and "il y a 2 h". */
  time: number;
}

export interface DigestWindow {
  /** The instant the digest starts from (ms). */
  since: number;
  /** No visit stored: the digest covers the last `FIRST_VISIT_DAYS` days. */
  firstVisit: boolean;
}

/** The window: from the stored last visit, or the last 7 days on a first visit. */
export function digestWindow(lastVisit: number | undefined, now: number): DigestWindow {
  if (lastVisit !== undefined && Number.isFinite(lastVisit) && lastVisit > 0 && lastVisit <= now) {
    return { since: lastVisit, firstVisit: false };
  }
  return { since: now - FIRST_VISIT_DAYS * 86_400_000, firstVisit: lastVisit === undefined || !Number.isFinite(lastVisit) };
}

/** The `_lastUpdated` search value for "changed after `since`". */
export function lastUpdatedAfter(since: number): string {
  return `gt${new Date(since).toISOString()}`;
}

export interface DigestInput {
  /** Documents changed since, already mapped for the viewer (hidden ones are not here). */
  documents?: readonly DocumentView[];
  /** When each document changed (`meta.lastUpdated`, version), by reference. */
  documentMeta?: ReadonlyMap<string, { time?: number; version?: string }>;
  /** Shared notes changed since (raw DocumentReferences that `isSharedNote`). */
  notes?: readonly Resource[];
  communications?: readonly Resource[];
  tasks?: readonly Resource[];
  carePlans?: readonly Resource[];
  encounters?: readonly Resource[];
  reports?: readonly Resource[];
}

export interface DigestOptions {
  since: number;
  /** The viewer (`Practitioner/…` or `PractitionerRole/…`): their own changes are left out. */
  viewer?: string;
  /** `Patient/<id>`: anything about another patient is dropped and flagged. */
  patient?: string;
  /** "Now", for planned-start decisions of PPCS states. */
  now: number;
}

export interface Digest extends DigestWindow {
  items: DigestItem[];
  /** Items per section, for the section badges. */
  counts: Record<DigestSection, number>;
  /** Sources that had more changes than were read (show "at least"). */
  truncated: DigestSource[];
  /** Sources that could not be read (the digest is partial). */
  failed: DigestSource[];
  issues: MappingIssue[];
}

function changedAt(r: Resource): number | undefined {
  return toTime(r.meta?.lastUpdated);
}

function changeOf(r: { meta?: { versionId?: string } }): 'new' | 'updated' {
  return r.meta?.versionId === undefined || r.meta.versionId === '1' ? 'new' : 'updated';
}

function aboutOther(r: Resource, patient: string | undefined, fields: (string | undefined)[]): boolean {
  if (!patient) return false;
  const refs = fields.map((f) => referenceKey(f)).filter(Boolean);
  return refs.length > 0 && !refs.includes(patient);
}

/** Builds the digest from what the searches returned. Items newest first. */
export function mapDigest(input: DigestInput, lookup: ResourceLookup, options: DigestOptions): Omit<Digest, 'truncated' | 'failed' | keyof DigestWindow> {
  const issues: MappingIssue[] = [];
  const items: DigestItem[] = [];
  const patient = referenceKey(options.patient);
  const mine = (refs: (string | undefined)[]) => isViewer(options.viewer, refs, lookup);
  const after = (t: number | undefined): t is number => t !== undefined && t > options.since;

  for (const doc of input.documents ?? []) {
    const meta = input.documentMeta?.get(doc.reference);
    const time = meta?.time ?? toTime(doc.date);
    if (!after(time)) continue;
    if (doc.access.reason === 'author' || mine(doc.authors.map((a) => a.reference))) continue;
    items.push({
      key: doc.reference, kind: 'document', section: 'documents', reference: doc.reference, title: doc.title ?? doc.type?.label,
      actor: doc.authors[0], change: meta?.version === undefined || meta.version === '1' ? 'new' : 'updated', time,
    });
  }

  for (const raw of input.notes ?? []) {
    const r = raw as Resource & { author?: { reference?: string }[]; description?: string; subject?: { reference?: string } };
    const time = changedAt(r);
    if (r?.resourceType !== 'DocumentReference' || !r.id || !after(time)) continue;
    if (aboutOther(r, patient, [r.subject?.reference])) continue;
    const authors = Array.isArray(r.author) ? r.author : [];
    if (mine(authors.map((a) => a?.reference))) continue;
    const content = (r as { content?: { attachment?: { title?: string } }[] }).content;
    items.push({
      key: keyOf(r), kind: 'note', section: 'notes', reference: keyOf(r), title: content?.[0]?.attachment?.title ?? r.description,
      actor: mapActor(authors[0], lookup), change: changeOf(r), time,
    });
  }

  for (const raw of input.communications ?? []) {
    const c = raw as Communication;
    const time = changedAt(c);
    if (c?.resourceType !== 'Communication' || !c.id || !after(time)) continue;
    if (c.status === 'entered-in-error') continue;
    if (aboutOther(c, patient, [c.subject?.reference])) {
      issues.push({ resource: keyOf(c), problem: 'message about another patient' });
      continue;
    }
    if (mine([c.sender?.reference])) continue;
    const text = (Array.isArray(c.payload) ? c.payload : []).map((p) => p?.contentString).find((s) => typeof s === 'string' && s.trim());
    const attachment = (Array.isArray(c.payload) ? c.payload : []).map((p) => p?.contentAttachment?.title).find(Boolean);
    items.push({
      key: keyOf(c), kind: 'message', section: 'chat', reference: keyOf(c), title: clipLine(text ?? attachment),
      actor: mapActor(c.sender, lookup), change: changeOf(c), time,
    });
  }

  for (const raw of input.tasks ?? []) {
    const t = raw as Task;
    const time = changedAt(t);
    if (t?.resourceType !== 'Task' || !t.id || !after(time)) continue;
    if (t.status === 'entered-in-error') continue;
    if (aboutOther(t, patient, [t.for?.reference])) {
      issues.push({ resource: keyOf(t), problem: 'task of another patient' });
      continue;
    }
    const plannedStart = toTime(t.executionPeriod?.start);
    const { status } = normaliseActionStatus(t.status, plannedStart !== undefined && plannedStart > options.now);
    items.push({
      key: keyOf(t), kind: 'ppcs-action', section: 'ppcs', reference: keyOf(t), title: clipLine(t.description ?? conceptText(t.code)),
      actor: mapActor(t.owner, lookup), status, change: changeOf(t), time,
    });
  }

  for (const raw of input.carePlans ?? []) {
    const p = raw as CarePlan;
    const time = changedAt(p);
    if (p?.resourceType !== 'CarePlan' || !p.id || !after(time) || !isPpcsCategory(p)) continue;
    if (aboutOther(p, patient, [p.subject?.reference])) continue;
    items.push({ key: keyOf(p), kind: 'ppcs-plan', section: 'ppcs', reference: keyOf(p), title: clipLine(p.title), change: changeOf(p), time });
  }

  for (const raw of input.encounters ?? []) {
    const e = raw as Encounter;
    const time = changedAt(e);
    if (e?.resourceType !== 'Encounter' || !e.id || !after(time)) continue;
    if (aboutOther(e, patient, [e.subject?.reference])) continue;
    const locations = (Array.isArray(e.location) ? e.location : []).map((loc, i) => ({ loc, i })).filter(({ loc }) => loc?.location);
    if (locations.length === 0) continue;
    // Movements that started since; else the unit the patient is in now (a movement recorded late).
    let moves = locations.filter(({ loc }) => after(toTime(loc.period?.start)));
    if (moves.length === 0) {
      const newest = [...locations].sort((a, b) => (toTime(b.loc.period?.start) ?? 0) - (toTime(a.loc.period?.start) ?? 0))[0]!;
      moves = [newest];
    }
    for (const { loc, i } of moves) {
      const target = lookup(loc.location.reference) as { name?: string } | undefined;
      items.push({
        key: `${keyOf(e)}#loc-${i}`, kind: 'movement', section: 'timeline', reference: keyOf(e),
        title: clipLine(target?.name ?? loc.location.display), status: loc.status, change: changeOf(e),
        time: Math.max(time, toTime(loc.period?.start) ?? 0),
      });
    }
  }

  for (const raw of input.reports ?? []) {
    const r = raw as DiagnosticReport;
    const time = changedAt(r);
    if (r?.resourceType !== 'DiagnosticReport' || !r.id || !after(time)) continue;
    if (r.status === 'entered-in-error' || reportKind(r) !== 'lab') continue;
    if (aboutOther(r, patient, [r.subject?.reference])) continue;
    items.push({
      key: keyOf(r), kind: 'lab', section: 'timeline', reference: keyOf(r), title: clipLine(conceptText(r.code)),
      actor: mapActor(r.performer?.[0], lookup), status: r.status, change: changeOf(r), time,
    });
  }

  items.sort((a, b) => b.time - a.time || a.key.localeCompare(b.key));
  const counts: Record<DigestSection, number> = { documents: 0, notes: 0, chat: 0, ppcs: 0, timeline: 0 };
  for (const item of items) counts[item.section]++;
  return { items, counts, issues };
}

/** One line of at most 140 characters (a message's first line, an action's text). */
function clipLine(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const line = text.trim().split(/\r?\n/)[0]?.trim() ?? '';
  if (!line) return undefined;
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}
