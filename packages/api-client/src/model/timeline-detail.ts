/**
 * The detail of one timeline item, as the timeline's detail view shows it: pure mappers from the
 * item's resource (read on open) to a small view. Never throws on bad data; record text stays
 * text (the element binds it as text).
 *
 * - Encounter: its period, class, reasons, participants and unit movements (`location[]` with
 *   periods; a finished period wins over a stale `active`, as in the list).
 * - DiagnosticReport: the conclusion in full, its results (Observations, read or contained) with
 *   value, reference range and flag, its imaging studies (series, modality) and presented forms
 *   (previewed through the shared media viewer).
 * - ImagingStudy: series with modality, body site and instance counts.
 * - DocumentReference: type, date, author, description and content (for the media viewer).
 * - PPCS action: its status history (a Task's `_history` versions, one step per status change),
 *   else its current status and dates.
 */
import type {
  CarePlan,
  CodeableConcept,
  Coding,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  ImagingStudy,
  Observation,
  Quantity,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { clock } from '../clock.ts';
import { conceptText, keyOf, mapActor, toTime, type ActorView, type ResourceLookup } from './common.ts';
import { mapDocumentAttachment, type ContentView } from './documents.ts';
import { isOverdue, normaliseActionStatus } from './ppcs-select.ts';
import type { TimelineStatusKey } from './timeline.ts';

export interface MovementView {
  unit: string;
  start?: string;
  end?: string;
  statusKey?: TimelineStatusKey;
}

export interface ParticipantView {
  actor: ActorView;
  /** The participation type ("Médecin responsable", "admitter"…), when given. */
  role?: string;
}

export type ResultFlag = 'high' | 'low' | 'normal' | 'abnormal' | 'critical';

export interface ResultView {
  reference: string;
  name: string;
  /** A number (formatted by the element) or a text value. */
  value?: { number?: number; comparator?: string; text?: string; unit?: string };
  range?: { low?: number; high?: number; unit?: string; text?: string };
  flag?: ResultFlag;
  date?: string;
  /** `preliminary`, `amended`… when not final. */
  statusKey?: TimelineStatusKey;
  /** The reference could not be read: only its display (or nothing) is known. */
  unresolved?: boolean;
}

export interface SeriesView {
  number?: number;
  modality?: string;
  description?: string;
  bodySite?: string;
  instances?: number;
}

export interface StudyView {
  reference: string;
  title?: string;
  started?: string;
  modalities: string[];
  seriesCount?: number;
  instances?: number;
  series: SeriesView[];
  interpreter?: ActorView;
  referrer?: ActorView;
  unresolved?: boolean;
}

export interface StatusStep {
  status: string;
  statusKey?: TimelineStatusKey;
  /** When this status was recorded (the version's `meta.lastUpdated`, else `lastModified`). */
  at?: string;
  reason?: string;
}

export type TimelineDetail =
  | {
      type: 'encounter';
      title?: string;
      start?: string;
      end?: string;
      statusKey?: TimelineStatusKey;
      className?: string;
      reasons: string[];
      provider?: ActorView;
      participants: ParticipantView[];
      movements: MovementView[];
    }
  | {
      type: 'report';
      title?: string;
      effective?: string;
      issued?: string;
      statusKey?: TimelineStatusKey;
      conclusion?: string;
      performers: ActorView[];
      results: ResultView[];
      studies: StudyView[];
      forms: ContentView[];
    }
  | { type: 'imaging'; study: StudyView }
  | { type: 'document'; title?: string; docType?: string; date?: string; author?: ActorView; description?: string; content: ContentView[] }
  | {
      type: 'action';
      title?: string;
      statusKey?: TimelineStatusKey;
      due?: string;
      start?: string;
      authored?: string;
      owner?: ActorView;
      requester?: ActorView;
      notes: string[];
      history: StatusStep[];
      /** `history`: from the server's version history; `current`: only the current state is known. */
      historyFrom: 'history' | 'current';
    };

const MAX_TEXT = 20_000;

function text(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const t = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (!t) return undefined;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function list<T>(value: T | T[] | undefined): T[] {
  if (Array.isArray(value)) return value.filter((v) => v && typeof v === 'object');
  return value && typeof value === 'object' ? [value] : [];
}

function date(value: unknown): string | undefined {
  return toTime(value) !== undefined ? (value as string) : undefined;
}

function codingLabel(c: Coding | undefined): string | undefined {
  return text(c?.display, 200) ?? text(c?.code, 200);
}

/** A contained resource (`#id`) or one the lookup holds. */
function target(owner: Resource, ref: Reference | undefined, lookup: ResourceLookup): Resource | undefined {
  const r = ref?.reference;
  if (typeof r !== 'string') return undefined;
  if (r.startsWith('#')) return list((owner as { contained?: Resource[] }).contained).find((c) => c.id === r.slice(1));
  return lookup(r);
}

/** Every reference of a detail worth reading before mapping (results, studies, actors, units). */
export function detailReferences(resource: Resource): string[] {
  const r = resource as unknown as Record<string, unknown>;
  const out: (string | undefined)[] = [];
  const add = (v: unknown): void => {
    for (const x of list(v as Reference | Reference[])) if (typeof x.reference === 'string' && !x.reference.startsWith('#')) out.push(x.reference);
  };
  switch (resource.resourceType) {
    case 'Encounter':
      add(r.serviceProvider);
      for (const p of list(r.participant as { individual?: Reference }[])) add(p.individual);
      for (const l of list(r.location as { location?: Reference }[])) add(l.location);
      break;
    case 'DiagnosticReport':
      add(r.result);
      add(r.imagingStudy);
      add(r.performer);
      add(r.resultsInterpreter);
      break;
    case 'ImagingStudy':
      add(r.interpreter);
      add(r.referrer);
      break;
    case 'DocumentReference':
      add(r.author);
      add(r.custodian);
      break;
    case 'Task':
      add(r.owner);
      add(r.requester);
      break;
  }
  return [...new Set(out.filter((x): x is string => Boolean(x)))];
}

export function mapEncounterDetail(enc: Encounter, lookup: ResourceLookup, now = clock.now()): TimelineDetail {
  const ended = (end: unknown): boolean => (toTime(end) ?? Infinity) <= now;
  const movements: MovementView[] = [];
  for (const loc of list(enc.location)) {
    const unit = (target(enc, loc.location, lookup) as { name?: string } | undefined)?.name ?? loc.location?.display;
    const name = text(unit, 300);
    if (!name) continue;
    const m: MovementView = { unit: name, start: date(loc.period?.start), end: date(loc.period?.end) };
    if (loc.status === 'planned') m.statusKey = 'planned';
    else if (loc.status === 'active' && !ended(loc.period?.end)) m.statusKey = 'in-progress';
    movements.push(m);
  }
  movements.sort((a, b) => (toTime(a.start) ?? 0) - (toTime(b.start) ?? 0));
  const participants: ParticipantView[] = [];
  for (const p of list(enc.participant)) {
    const actor = mapActor(p.individual, lookup);
    if (!actor?.name) continue;
    participants.push({ actor, role: conceptText(list(p.type)[0]) });
  }
  const statusKey: TimelineStatusKey | undefined =
    enc.status === 'planned' ? 'planned'
      : enc.status === 'cancelled' ? 'cancelled'
        : ['arrived', 'triaged', 'in-progress', 'onleave'].includes(enc.status ?? '') && !ended(enc.period?.end) ? 'in-progress'
          : undefined;
  return {
    type: 'encounter',
    title: conceptText(list(enc.type)[0]) ?? conceptText(enc.serviceType) ?? text(enc.class?.display, 200),
    start: date(enc.period?.start),
    end: date(enc.period?.end),
    statusKey,
    className: text(enc.class?.display, 200) ?? text(enc.class?.code, 50),
    reasons: list(enc.reasonCode).map((c) => conceptText(c)).filter((x): x is string => Boolean(x)),
    provider: mapActor(enc.serviceProvider, lookup),
    participants,
    movements,
  };
}

const FLAGS: Record<string, ResultFlag> = { H: 'high', HH: 'critical', HU: 'high', L: 'low', LL: 'critical', LU: 'low', N: 'normal', A: 'abnormal', AA: 'critical' };

function quantity(q: Quantity | undefined): { number?: number; comparator?: string; unit?: string } | undefined {
  if (!q || typeof q.value !== 'number' || !Number.isFinite(q.value)) return undefined;
  return { number: q.value, comparator: q.comparator, unit: text(q.unit, 50) ?? text(q.code, 50) };
}

const RESULT_STATUS: Partial<Record<string, TimelineStatusKey>> = { preliminary: 'preliminary', registered: 'preliminary', amended: 'amended', corrected: 'amended', cancelled: 'cancelled' };

export function mapObservationResult(obs: Observation | undefined, ref: Reference): ResultView {
  const reference = typeof ref.reference === 'string' ? ref.reference : '';
  if (!obs || obs.resourceType !== 'Observation') return { reference, name: text(ref.display, 300) ?? '', unresolved: true };
  const o = obs as Observation & Record<string, unknown>;
  let value: ResultView['value'] = quantity(obs.valueQuantity);
  if (!value) {
    const t = text(obs.valueString, 2000) ?? conceptText(obs.valueCodeableConcept) ?? (typeof o.valueBoolean === 'boolean' ? String(o.valueBoolean) : undefined) ?? (typeof o.valueInteger === 'number' ? String(o.valueInteger) : undefined);
    if (t) value = { text: t };
  }
  const rr = list(obs.referenceRange)[0];
  const range = rr ? { low: quantity(rr.low)?.number, high: quantity(rr.high)?.number, unit: quantity(rr.low)?.unit ?? quantity(rr.high)?.unit, text: text(rr.text, 200) } : undefined;
  const code = list(obs.interpretation).flatMap((c) => list(c.coding)).map((c) => c.code).find((c) => c && FLAGS[c]);
  return {
    reference: keyOf(obs),
    name: conceptText(obs.code) ?? text(ref.display, 300) ?? '',
    value,
    range: range && (range.low !== undefined || range.high !== undefined || range.text) ? range : undefined,
    flag: code ? FLAGS[code] : undefined,
    date: date(obs.effectiveDateTime) ?? date(obs.issued),
    statusKey: RESULT_STATUS[obs.status ?? ''],
  };
}

export function mapStudy(study: ImagingStudy | undefined, ref: Reference | undefined, lookup: ResourceLookup): StudyView {
  if (!study || study.resourceType !== 'ImagingStudy') {
    return { reference: ref?.reference ?? '', title: text(ref?.display, 300), modalities: [], series: [], unresolved: true };
  }
  const series: SeriesView[] = list(study.series).slice(0, 200).map((s) => ({
    number: typeof s.number === 'number' ? s.number : undefined,
    modality: codingLabel(s.modality),
    description: text(s.description, 300),
    bodySite: codingLabel(s.bodySite),
    instances: typeof s.numberOfInstances === 'number' ? s.numberOfInstances : undefined,
  }));
  const modalities = [...new Set(list(study.modality).map(codingLabel).concat(series.map((s) => s.modality)).filter((m): m is string => Boolean(m)))];
  return {
    reference: keyOf(study),
    title: text(study.description, 2000) ?? modalities[0],
    started: date(study.started),
    modalities,
    seriesCount: typeof study.numberOfSeries === 'number' ? study.numberOfSeries : series.length || undefined,
    instances: typeof study.numberOfInstances === 'number' ? study.numberOfInstances : undefined,
    series,
    interpreter: mapActor(list(study.interpreter)[0], lookup),
    referrer: mapActor(study.referrer, lookup),
  };
}

export function mapReportDetail(report: DiagnosticReport, lookup: ResourceLookup): TimelineDetail {
  const owner = keyOf(report);
  return {
    type: 'report',
    title: conceptText(report.code),
    effective: date(report.effectiveDateTime) ?? date(report.effectivePeriod?.start),
    issued: date(report.issued),
    statusKey: RESULT_STATUS[report.status ?? ''],
    conclusion: text(report.conclusion) ?? (list(report.conclusionCode).map((c) => conceptText(c)).filter(Boolean).join(' ; ') || undefined),
    performers: [...list(report.resultsInterpreter), ...list(report.performer)]
      .map((r) => mapActor(r, lookup))
      .filter((a): a is ActorView => Boolean(a?.name)),
    results: list(report.result).slice(0, 500).map((r) => mapObservationResult(target(report, r, lookup) as Observation | undefined, r)).filter((r) => r.name || r.value),
    studies: list(report.imagingStudy).map((r) => mapStudy(target(report, r, lookup) as ImagingStudy | undefined, r, lookup)),
    forms: list(report.presentedForm).map((a) => mapDocumentAttachment(a, owner, [])).filter((c): c is ContentView => Boolean(c)),
  };
}

export function mapImagingStudyDetail(study: ImagingStudy, lookup: ResourceLookup): TimelineDetail {
  return { type: 'imaging', study: mapStudy(study, { reference: keyOf(study) }, lookup) };
}

/** A document's detail: only for a document the viewer may see (the list decided it; hidden ones never get here). */
export function mapDocumentDetail(doc: DocumentReference, lookup: ResourceLookup): TimelineDetail {
  const content = list(doc.content).map((c) => mapDocumentAttachment(c.attachment, keyOf(doc), [])).filter((c): c is ContentView => Boolean(c));
  const first = list(doc.content)[0]?.attachment;
  return {
    type: 'document',
    title: text(first?.title, 2000) ?? text(doc.description, 2000) ?? conceptText(doc.type),
    docType: conceptText(doc.type),
    date: date(doc.date) ?? date(first?.creation),
    author: mapActor(list(doc.author)[0] ?? doc.custodian, lookup),
    description: text(doc.description),
    content,
  };
}

function taskStatusKey(task: Task, now: number): TimelineStatusKey {
  const start = toTime(task.executionPeriod?.start);
  const { status } = normaliseActionStatus(task.status, start !== undefined && start > now);
  return isOverdue(status, task.restriction?.period?.end, now) ? 'overdue' : status;
}

/**
 * A Task's status history from its versions (any order): one step per change of status, oldest
 * first. Without versions, the current status alone (`historyFrom: 'current'`).
 */
export function mapActionDetail(task: Task, versions: Task[] | undefined, lookup: ResourceLookup, now = clock.now()): TimelineDetail {
  const ordered = (versions ?? [])
    .filter((v) => v?.resourceType === 'Task')
    .map((v) => ({ v, at: date(v.meta?.lastUpdated) ?? date(v.lastModified) }))
    .sort((a, b) => (toTime(a.at) ?? 0) - (toTime(b.at) ?? 0) || Number(a.v.meta?.versionId ?? 0) - Number(b.v.meta?.versionId ?? 0));
  const history: StatusStep[] = [];
  for (const { v, at } of ordered) {
    if (typeof v.status !== 'string' || history[history.length - 1]?.status === v.status) continue;
    history.push({ status: v.status, statusKey: normaliseActionStatus(v.status, false).status, at, reason: text(v.statusReason?.text, 500) ?? text(v.businessStatus?.text, 500) });
  }
  const fromHistory = history.length > 0;
  if (!fromHistory && typeof task.status === 'string') {
    history.push({ status: task.status, statusKey: taskStatusKey(task, now), at: date(task.lastModified) ?? date(task.meta?.lastUpdated) ?? date(task.authoredOn), reason: text(task.statusReason?.text, 500) });
  }
  return {
    type: 'action',
    title: text(task.description, 2000) ?? conceptText(task.code),
    statusKey: typeof task.status === 'string' ? taskStatusKey(task, now) : undefined,
    due: date(task.restriction?.period?.end),
    start: date(task.executionPeriod?.start),
    authored: date(task.authoredOn),
    owner: mapActor(task.owner, lookup),
    requester: mapActor(task.requester, lookup),
    notes: list(task.note).map((n) => text(n.text, 2000)).filter((n): n is string => Boolean(n)),
    history,
    historyFrom: fromHistory ? 'history' : 'current',
  };
}

/** An action written inline in a care plan: no version of its own, its current status and dates. */
export function mapActivityDetail(plan: CarePlan, index: number, lookup: ResourceLookup, now = clock.now()): TimelineDetail | undefined {
  const detail = list(plan.activity)[index]?.detail;
  if (!detail) return undefined;
  const due = date(detail.scheduledPeriod?.end);
  const start = date(detail.scheduledPeriod?.start) ?? date(detail.scheduledTiming?.event?.[0]);
  const startTime = toTime(start);
  const { status } = normaliseActionStatus(detail.status, startTime !== undefined && startTime > now);
  const statusKey: TimelineStatusKey = isOverdue(status, due, now) ? 'overdue' : status;
  return {
    type: 'action',
    title: text(detail.description, 2000) ?? conceptText(detail.code as CodeableConcept | undefined),
    statusKey,
    due,
    start,
    owner: mapActor(list(detail.performer)[0], lookup),
    notes: list(list(plan.activity)[index]?.progress).map((n) => text(n.text, 2000)).filter((n): n is string => Boolean(n)),
    history: typeof detail.status === 'string' ? [{ status: detail.status, statusKey, reason: text(detail.statusReason?.text, 500) }] : [],
    historyFrom: 'current',
  };
}
