/**
 * Timeline items: every dated thing of the record, in one small shape the timeline element
 * draws. Pure mappers from EpisodeOfCare (start/end), Encounter (+ unit movements as sub-items),
 * DocumentReference, DiagnosticReport, ImagingStudy, PPCS actions (Task and inline CarePlan
 * activities) and Communication. They never throw on bad data: a resource that cannot be shown
 * is skipped into `issues`, one with gaps is shown with its `problems` listed.
 *
 * Decisions (see also the timeline feed):
 * - Shared notes (DocumentReference carrying the note marker, `isSharedNote`) are not timeline items: they evolve
 *   in place and have their own element. Superseded and entered-in-error documents are skipped
 *   (the replacing version is the one shown).
 * - Documents go through the one access decision (`accessFor`, docs/access-matrix.md) with the
 *   viewer and the care circle. A hidden document is a placeholder that keeps only what the
 *   matrix lets it keep: its date (none when masked), its reason — never its title, description,
 *   type, author, pathway or reference (its `id` is an opaque hash, its `reference` empty).
 *   Without a viewer (`ctx.access` absent) any masking label hides the document.
 * - Unit movements (`Encounter.location[]` with a period) are sub-items: they carry `parent` and
 *   travel right after their encounter, whatever their own date.
 * - Titles keep their full text up to 2 000 characters (the element clips visually and shows the
 *   rest on focus).
 */
import type {
  CarePlan,
  CarePlanActivity,
  CodeableConcept,
  Communication,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  EpisodeOfCare,
  ImagingStudy,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { readSecurity, type AccessDecision } from '../access.ts';
import { referenceKey } from '../references.ts';
import { accessFor, hiddenItem, isSharedNote, type DocumentMappingOptions, type HiddenItem } from './documents.ts';
import { conceptText, keyOf, mapActor, toTime, type ActorView, type Mapped, type MappingIssue, type ResourceLookup } from './common.ts';
import { PathwayIndex, type PathwayView } from './pathways.ts';
import { isOverdue, isPpcsCategory, normaliseActionStatus, selectPpcsActions, type PpcsAction } from './ppcs-select.ts';
import { clock } from '../clock.ts';
import { reportKind } from './report-kind.ts';

export { reportKind };

export const TIMELINE_KINDS = [
  'pathway-start',
  'pathway-end',
  'encounter',
  'movement',
  'document',
  'lab',
  'imaging',
  'report',
  'ppcs-action',
  'message',
  'unknown',
] as const;

export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Normalised status, for a localised label; undefined for the usual state (finished, final…). */
export type TimelineStatusKey =
  | 'planned'
  | 'scheduled'
  | 'in-progress'
  | 'todo'
  | 'overdue'
  | 'on-hold'
  | 'done'
  | 'cancelled'
  | 'preliminary'
  | 'amended'
  | 'draft';

/** What is wrong or missing in an item that is still shown. */
export type TimelineProblem = 'no-date' | 'no-title' | 'title-clipped' | 'unresolved-author';

export interface TimelineItem {
  /** Stable key (the reference, with `#start`, `#end`, `#loc-N`, `#activity-N` when needed). */
  id: string;
  /** `Type/id` of the resource to open on selection. */
  reference: string;
  kind: TimelineKind;
  /** Full title up to 2 000 characters; empty when `titleKey` says what to show instead. */
  title: string;
  /** `masked` / `restricted`: show only a neutral label; `untitled`: no title. */
  titleKey?: 'masked' | 'restricted' | 'untitled';
  masked?: boolean;
  /** Hidden from this viewer: why (never what). */
  hidden?: HiddenItem;
  /** Secondary line (reason, unit, document type, conclusion…), clipped to 300 characters. */
  subtitle?: string;
  /** ISO date or dateTime; absent → the item goes to the "undated" group. */
  date?: string;
  /** `date` as epoch ms (sorting, drawing). */
  time?: number;
  end?: string;
  /** PPCS actions: the due date. */
  due?: string;
  /** `EpisodeOfCare/<id>` keys; empty = hors parcours. */
  pathways: string[];
  /**
   * PPCS actions of the patient's plan tied to no pathway of their own: `pathways` lists every
   * pathway sharing the plan's care team (so each pathway's filter finds them), and the element
   * says "all pathways" once instead of one chip per pathway.
   */
  acrossPathways?: boolean;
  /** `Encounter/<id>` the item belongs to (documents, results): the encounter's detail lists them. */
  encounter?: string;
  author?: ActorView;
  /** The FHIR status code as found. */
  status?: string;
  statusKey?: TimelineStatusKey;
  /** Sub-items (movements): the `id` of their encounter item. */
  parent?: string;
  problems: TimelineProblem[];
}

export interface TimelineContext {
  lookup: ResourceLookup;
  /** Links items to pathways (built from the encounters at hand). */
  index?: PathwayIndex;
  /** The patient's pathways (CarePlan → pathway through the care team). */
  pathways?: PathwayView[];
  /** "Now" for overdue actions (epoch ms). */
  now?: number;
  /** The viewer and what the access rules need; absent: any masking label hides a document. */
  access?: Pick<DocumentMappingOptions, 'viewer' | 'matrix' | 'careCircle' | 'veryRestrictedReaders'>;
}

export const MAX_TITLE = 2000;
const MAX_SUBTITLE = 300;

// ---------------------------------------------------------------------------------------------
// Small helpers

interface Text {
  text: string;
  clipped: boolean;
}

/** Trims, drops control characters (but keeps line breaks), caps the length. */
function cleanText(value: unknown, max: number): Text | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (!text) return undefined;
  return text.length > max ? { text: `${text.slice(0, max - 1)}…`, clipped: true } : { text, clipped: false };
}

function subtitleOf(...values: unknown[]): string | undefined {
  for (const v of values) {
    const t = cleanText(v, MAX_SUBTITLE);
    if (t) return t.text;
  }
  return undefined;
}

/** A valid FHIR date/dateTime string, else undefined. */
export function validDateTime(value: unknown): string | undefined {
  return toTime(value) !== undefined ? (value as string) : undefined;
}

function baseItem(
  id: string,
  reference: string,
  kind: TimelineKind,
  titleCandidates: unknown[],
  date: unknown,
): TimelineItem {
  const problems: TimelineProblem[] = [];
  let title = '';
  let titleKey: TimelineItem['titleKey'];
  for (const c of titleCandidates) {
    const t = cleanText(c, MAX_TITLE);
    if (t) {
      title = t.text;
      if (t.clipped) problems.push('title-clipped');
      break;
    }
  }
  if (!title) {
    titleKey = 'untitled';
    problems.push('no-title');
  }
  const time = toTime(date);
  if (time === undefined) problems.push('no-date');
  // Every field set, in one order: one object shape for all items keeps sorting and filtering fast.
  return {
    id,
    reference,
    kind,
    title,
    titleKey,
    masked: undefined,
    hidden: undefined,
    subtitle: undefined,
    date: time === undefined ? undefined : (date as string),
    time,
    end: undefined,
    due: undefined,
    pathways: [],
    acrossPathways: undefined,
    encounter: undefined,
    author: undefined,
    status: undefined,
    statusKey: undefined,
    parent: undefined,
    problems,
  };
}

function withAuthor(item: TimelineItem, ref: Reference | undefined, lookup: ResourceLookup): TimelineItem {
  const author = mapActor(ref, lookup);
  if (author) {
    item.author = author;
    if (author.unresolved && !author.name) item.problems.push('unresolved-author');
  }
  return item;
}

function refs(value: Reference | Reference[] | undefined): Reference[] {
  if (Array.isArray(value)) return value.filter((r) => r && typeof r === 'object');
  return value && typeof value === 'object' ? [value] : [];
}

function pathwaysOf(ctx: TimelineContext, ...values: (Reference | Reference[] | undefined)[]): string[] {
  const index = ctx.index ?? new PathwayIndex([]);
  const out = new Set<string>();
  for (const v of values) for (const k of index.pathwaysOf(refs(v))) out.add(k);
  return [...out];
}

/** The first `Encounter/<id>` among references (a document's context may also name a pathway). */
function encounterOf(value: Reference | Reference[] | undefined): string | undefined {
  return refs(value).map((r) => referenceKey(r.reference)).find((k) => k?.startsWith('Encounter/'));
}

// ---------------------------------------------------------------------------------------------
// Per-resource mappers

/** A pathway's start and (when finished) end. */
export function mapEpisodeOfCareToTimelineItems(eoc: EpisodeOfCare, ctx: TimelineContext, label?: string): TimelineItem[] {
  const reference = keyOf(eoc);
  const title = label ?? conceptText(eoc.type?.[0]) ?? 'Parcours';
  const out: TimelineItem[] = [];
  const start = baseItem(`${reference}#start`, reference, 'pathway-start', [title], eoc.period?.start);
  start.pathways = [reference];
  start.status = eoc.status;
  if (eoc.status === 'planned' || eoc.status === 'waitlist') start.statusKey = 'planned';
  if (eoc.status === 'cancelled') start.statusKey = 'cancelled';
  withAuthor(start, eoc.careManager, ctx.lookup);
  if (eoc.period?.end && validDateTime(eoc.period.end)) start.end = eoc.period.end;
  out.push(start);
  if (validDateTime(eoc.period?.end)) {
    const end = baseItem(`${reference}#end`, reference, 'pathway-end', [title], eoc.period?.end);
    end.pathways = [reference];
    end.status = eoc.status;
    withAuthor(end, eoc.careManager, ctx.lookup);
    out.push(end);
  }
  return out;
}

const ENCOUNTER_STATUS: Partial<Record<string, TimelineStatusKey>> = {
  planned: 'planned',
  arrived: 'in-progress',
  triaged: 'in-progress',
  'in-progress': 'in-progress',
  onleave: 'in-progress',
  cancelled: 'cancelled',
};

/** An encounter and, as sub-items, each unit it stayed in (a `location[]` entry with a period). */
export function mapEncounterToTimelineItems(enc: Encounter, ctx: TimelineContext): TimelineItem[] {
  const reference = keyOf(enc);
  const item = baseItem(reference, reference, 'encounter', [conceptText(enc.type?.[0], MAX_TITLE), conceptText(enc.serviceType, MAX_TITLE), enc.class?.display], enc.period?.start);
  item.subtitle = subtitleOf(conceptText(enc.reasonCode?.[0], MAX_SUBTITLE));
  if (validDateTime(enc.period?.end)) item.end = enc.period?.end;
  item.pathways = pathwaysOf(ctx, { reference }, enc.episodeOfCare);
  item.status = enc.status;
  item.statusKey = ENCOUNTER_STATUS[enc.status ?? ''];
  // A period that has ended wins over a stale "in progress" status (Synthea leaves them so).
  const now = ctx.now ?? clock.now();
  const ended = (end: string | undefined): boolean => validDateTime(end) !== undefined && (toTime(end) ?? Infinity) <= now;
  if (item.statusKey === 'in-progress' && ended(enc.period?.end)) item.statusKey = undefined;
  const participant = (Array.isArray(enc.participant) ? enc.participant : []).find((p) => p?.individual);
  withAuthor(item, participant?.individual ?? enc.serviceProvider, ctx.lookup);
  const out = [item];
  const locations = Array.isArray(enc.location) ? enc.location : [];
  locations.forEach((loc, i) => {
    if (!loc?.period || !loc.location) return;
    const target = ctx.lookup(loc.location.reference) as { name?: string } | undefined;
    const move = baseItem(`${reference}#loc-${i}`, reference, 'movement', [target?.name, loc.location.display], loc.period.start);
    if (validDateTime(loc.period.end)) move.end = loc.period.end;
    move.parent = item.id;
    move.pathways = item.pathways;
    move.status = loc.status;
    if (loc.status === 'planned') move.statusKey = 'planned';
    if (loc.status === 'active' && !ended(loc.period.end)) move.statusKey = 'in-progress';
    out.push(move);
  });
  return out;
}

/** Without a viewer, any masking label (MASQUE_PS, INVISIBLE_PATIENT, …) hides a document. */
export function isMaskedForTimeline(doc: DocumentReference): boolean {
  const s = readSecurity(doc);
  return s.masked || s.invisibleToPatient || s.invisibleToRepresentatives;
}

/** A short, stable, opaque key: the placeholder of a hidden document never carries its id. */
function opaqueKey(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return `hidden:${(h >>> 0).toString(36)}`;
}

function hiddenTimelineItem(reference: string, hidden: HiddenItem): TimelineItem {
  const item = baseItem(opaqueKey(reference), '', 'document', [], hidden.date);
  item.titleKey = hidden.reason === 'masked' ? 'masked' : 'restricted';
  item.masked = hidden.reason === 'masked' || undefined;
  item.hidden = hidden;
  item.problems = [];
  return item;
}

/** A deposited document; undefined for notes, superseded and entered-in-error documents. */
export function mapDocumentReferenceToTimelineItem(doc: DocumentReference, ctx: TimelineContext): TimelineItem | undefined {
  if (isSharedNote(doc) || doc.status === 'superseded' || doc.status === 'entered-in-error') return undefined;
  const reference = keyOf(doc);
  const attachment = Array.isArray(doc.content) ? doc.content.find((c) => c?.attachment)?.attachment : undefined;
  const date = doc.date ?? attachment?.creation ?? doc.context?.period?.start;
  const pathways = pathwaysOf(ctx, doc.context?.encounter, doc.context?.related);
  const decision: AccessDecision = ctx.access
    ? accessFor(doc, pathways, { ...ctx.access, lookup: ctx.lookup })
    : isMaskedForTimeline(doc)
      ? { visible: false, reason: 'masked' }
      : { visible: true, reason: 'allowed' };
  if (!decision.visible) return hiddenTimelineItem(reference, hiddenItem(decision, validDateTime(date)));
  const type = conceptText(doc.type, MAX_TITLE);
  const item = baseItem(reference, reference, 'document', [attachment?.title, doc.description, type], date);
  item.subtitle = subtitleOf(type !== item.title ? type : undefined, doc.description !== item.title ? doc.description : undefined);
  item.pathways = pathways;
  item.encounter = encounterOf(doc.context?.encounter);
  item.status = doc.docStatus ?? doc.status;
  if (doc.docStatus === 'preliminary') item.statusKey = 'preliminary';
  if (doc.docStatus === 'amended') item.statusKey = 'amended';
  return withAuthor(item, refs(doc.author)[0] ?? doc.custodian, ctx.lookup);
}

const REPORT_STATUS: Partial<Record<string, TimelineStatusKey>> = {
  registered: 'preliminary',
  partial: 'preliminary',
  preliminary: 'preliminary',
  amended: 'amended',
  corrected: 'amended',
  appended: 'amended',
  cancelled: 'cancelled',
};

export function mapDiagnosticReportToTimelineItem(report: DiagnosticReport, ctx: TimelineContext): TimelineItem | undefined {
  if (report.status === 'entered-in-error') return undefined;
  const reference = keyOf(report);
  const date = report.effectiveDateTime ?? report.effectivePeriod?.start ?? report.issued;
  const item = baseItem(reference, reference, reportKind(report), [conceptText(report.code, MAX_TITLE)], date);
  item.subtitle = subtitleOf(report.conclusion);
  item.pathways = pathwaysOf(ctx, report.encounter);
  item.encounter = encounterOf(report.encounter);
  item.status = report.status;
  item.statusKey = REPORT_STATUS[report.status ?? ''];
  const author = refs(report.resultsInterpreter)[0] ?? refs(report.performer)[0];
  return withAuthor(item, author, ctx.lookup);
}

export function mapImagingStudyToTimelineItem(study: ImagingStudy, ctx: TimelineContext): TimelineItem | undefined {
  if (study.status === 'entered-in-error') return undefined;
  const reference = keyOf(study);
  const modality = Array.isArray(study.modality) ? study.modality.find((m) => m?.display || m?.code) : undefined;
  const item = baseItem(reference, reference, 'imaging', [study.description, modality?.display, modality?.code], study.started);
  item.pathways = pathwaysOf(ctx, study.encounter);
  item.encounter = encounterOf(study.encounter);
  item.status = study.status;
  if (study.status === 'registered') item.statusKey = 'planned';
  if (study.status === 'cancelled') item.statusKey = 'cancelled';
  return withAuthor(item, refs(study.interpreter)[0] ?? study.referrer, ctx.lookup);
}

// ---------------------------------------------------------------------------------------------
// PPCS actions

/**
 * The action's state as the PPCS element shows it (same table, same overdue rule), so one
 * action never reads differently in the timeline and in the plan.
 */
function actionStatus(status: string | undefined, due: string | undefined, plannedStart: string | undefined, now: number): TimelineStatusKey | undefined {
  if (!status) return undefined;
  const start = toTime(plannedStart);
  const ahead = start !== undefined && plannedStart !== undefined && (plannedStart.length <= 10 ? start + 86_400_000 : start) > now;
  const { status: normalised } = normaliseActionStatus(status, ahead);
  return isOverdue(normalised, due, now) ? 'overdue' : normalised;
}

/** Whether a CarePlan is a PPCS (its category says so) — the PPCS model's rule. */
export const isPpcs = isPpcsCategory;

/** Pathways of a care plan: through its encounter, or a care team shared with a pathway. */
export function carePlanPathways(plan: CarePlan, ctx: TimelineContext): string[] {
  const out = new Set(pathwaysOf(ctx, plan.encounter));
  const teams = refs(plan.careTeam).map((r) => referenceKey(r.reference)).filter(Boolean);
  for (const p of ctx.pathways ?? []) if (p.careTeams.some((t) => teams.includes(t))) out.add(p.reference);
  return [...out];
}

/**
 * An action tied to no pathway of its own (no encounter; a plan that is not a pathway's own
 * through its encounter) whose plan's care team is shared by several pathways: the patient's
 * plan as a whole, not one pathway — shown once as "all pathways", filtered under each.
 */
function acrossPathways(plan: CarePlan | undefined, pathways: string[], ctx: TimelineContext): true | undefined {
  if (!plan || pathways.length < 2 || pathwaysOf(ctx, plan.encounter).length > 0) return undefined;
  return true;
}

/** A PPCS action held as a Task: dated when done, else at its due date. */
export function mapTaskToTimelineItem(task: Task, ctx: TimelineContext, plan?: CarePlan): TimelineItem | undefined {
  if (task.status === 'entered-in-error') return undefined;
  const reference = keyOf(task);
  const due = validDateTime(task.restriction?.period?.end);
  const done = task.status === 'completed';
  const date = done
    ? (task.executionPeriod?.end ?? task.lastModified ?? due)
    : (due ?? task.executionPeriod?.start ?? task.authoredOn);
  const item = baseItem(reference, reference, 'ppcs-action', [task.description, conceptText(task.code, MAX_TITLE)], date);
  if (due) item.due = due;
  item.subtitle = subtitleOf(task.statusReason?.text, task.businessStatus?.text);
  const own = pathwaysOf(ctx, task.encounter);
  const fromPlan = plan ? carePlanPathways(plan, ctx) : [];
  item.pathways = [...new Set([...fromPlan, ...own])];
  if (own.length === 0) item.acrossPathways = acrossPathways(plan, fromPlan, ctx);
  item.status = task.status;
  item.statusKey = actionStatus(task.status, due, task.executionPeriod?.start, ctx.now ?? clock.now());
  return withAuthor(item, task.owner ?? task.requester, ctx.lookup);
}

/** A PPCS action written inline in the plan (`activity.detail`); only dated ones are events. */
export function mapCarePlanActivityToTimelineItem(
  plan: CarePlan,
  activity: CarePlanActivity,
  index: number,
  ctx: TimelineContext,
): TimelineItem | undefined {
  const detail = activity?.detail;
  if (!detail || detail.status === 'entered-in-error') return undefined;
  const period = detail.scheduledPeriod;
  const due = validDateTime(period?.end);
  const date = due ?? validDateTime(period?.start) ?? validDateTime(detail.scheduledTiming?.event?.[0]);
  if (!date) return undefined;
  const planRef = keyOf(plan);
  const item = baseItem(`${planRef}#activity-${index}`, planRef, 'ppcs-action', [detail.description, conceptText(detail.code, MAX_TITLE)], date);
  if (due) item.due = due;
  item.subtitle = subtitleOf(detail.statusReason?.text);
  item.pathways = carePlanPathways(plan, ctx);
  item.acrossPathways = acrossPathways(plan, item.pathways, ctx);
  item.status = detail.status;
  item.statusKey = actionStatus(detail.status, due, period?.start ?? detail.scheduledTiming?.event?.[0], ctx.now ?? clock.now());
  return withAuthor(item, refs(detail.performer)[0], ctx.lookup);
}

export type { PpcsAction } from './ppcs-select.ts';

/**
 * The PPCS actions among the patient's care plans and tasks — the same selection as
 * `<coord-ppcs>` (`selectPpcsActions`): one rule, so both show the same actions.
 */
export function collectPpcsActions(
  plans: CarePlan[],
  tasks: Task[],
  patient?: string,
): { actions: PpcsAction[]; issues: MappingIssue[] } {
  const { actions, issues } = selectPpcsActions(plans, tasks, { patient });
  return { actions, issues };
}

export function mapPpcsAction(action: PpcsAction, ctx: TimelineContext): TimelineItem | undefined {
  return action.type === 'task'
    ? mapTaskToTimelineItem(action.task, ctx, action.plan)
    : mapCarePlanActivityToTimelineItem(action.plan, action.activity, action.index, ctx);
}

/** PPCS actions as timeline items (see `collectPpcsActions`); undated inline activities are not events. */
export function mapPpcsActions(plans: CarePlan[], tasks: Task[], ctx: TimelineContext, patient?: string): Mapped<TimelineItem> {
  const { actions, issues } = collectPpcsActions(plans, tasks, patient);
  const items = actions.map((a) => mapPpcsAction(a, ctx)).filter((i): i is TimelineItem => Boolean(i));
  return { items, issues };
}

// ---------------------------------------------------------------------------------------------
// Messages and anything else

export function mapCommunicationToTimelineItem(message: Communication, ctx: TimelineContext): TimelineItem | undefined {
  if (message.status === 'entered-in-error') return undefined;
  const reference = keyOf(message);
  const payload = Array.isArray(message.payload) ? message.payload : [];
  const text = payload.find((p) => typeof p?.contentString === 'string')?.contentString;
  const attachment = payload.find((p) => p?.contentAttachment)?.contentAttachment;
  const item = baseItem(reference, reference, 'message', [text, attachment?.title], message.sent ?? message.received);
  item.pathways = pathwaysOf(ctx, message.encounter, message.about);
  item.status = message.status;
  if (message.status === 'preparation') item.statusKey = 'draft';
  if (message.status === 'not-done' || message.status === 'stopped') item.statusKey = 'cancelled';
  return withAuthor(item, message.sender, ctx.lookup);
}

/** A resource of a type the timeline does not know: shown with a generic icon, as well as can be. */
export function mapOtherToTimelineItem(resource: Resource, ctx: TimelineContext): TimelineItem {
  const r = resource as unknown as Record<string, unknown>;
  const reference = keyOf(resource);
  const date = ['date', 'effectiveDateTime', 'recorded', 'authoredOn', 'occurrenceDateTime', 'performedDateTime', 'issued', 'created']
    .map((f) => r[f])
    .find((v) => validDateTime(v));
  const item = baseItem(reference, reference, 'unknown', [conceptText(r.code as CodeableConcept, MAX_TITLE), r.title, r.description, resource.resourceType], date);
  item.pathways = pathwaysOf(ctx, r.encounter as Reference, r.context as Reference);
  return item;
}

/**
 * Maps one resource (as found in a search) to its items. `pathwayLabels` names EpisodeOfCare
 * start/end items. CarePlan and Task go through `mapPpcsActions` (they need each other).
 */
export function mapResourceToTimelineItems(resource: Resource, ctx: TimelineContext): TimelineItem[] {
  switch (resource.resourceType) {
    case 'EpisodeOfCare': {
      const label = ctx.pathways?.find((p) => p.reference === keyOf(resource))?.label;
      return mapEpisodeOfCareToTimelineItems(resource, ctx, label);
    }
    case 'Encounter':
      return mapEncounterToTimelineItems(resource, ctx);
    case 'DocumentReference':
      return optional(mapDocumentReferenceToTimelineItem(resource, ctx));
    case 'DiagnosticReport':
      return optional(mapDiagnosticReportToTimelineItem(resource, ctx));
    case 'ImagingStudy':
      return optional(mapImagingStudyToTimelineItem(resource, ctx));
    case 'Communication':
      return optional(mapCommunicationToTimelineItem(resource, ctx));
    case 'Task':
      return optional(mapTaskToTimelineItem(resource, ctx));
    default:
      return [mapOtherToTimelineItem(resource, ctx)];
  }
}

function optional(item: TimelineItem | undefined): TimelineItem[] {
  return item ? [item] : [];
}

/**
 * Maps a list of resources to timeline items, newest first (undated last; sub-items right
 * after their parent). Entries that are not resources, or have no id, become issues.
 */
export function mapTimeline(resources: unknown[], ctx: TimelineContext): Mapped<TimelineItem> {
  const issues: MappingIssue[] = [];
  const usable: Resource[] = [];
  for (const r of Array.isArray(resources) ? resources : []) {
    if (!r || typeof r !== 'object' || typeof (r as Resource).resourceType !== 'string' || !(r as Resource).id) {
      issues.push({ resource: keyOf(r as Resource), problem: 'not a FHIR resource with an id' });
      continue;
    }
    usable.push(r as Resource);
  }
  const encounters = usable.filter((r): r is Encounter => r.resourceType === 'Encounter');
  const context: TimelineContext = { ...ctx, index: ctx.index ?? new PathwayIndex(encounters) };
  const items: TimelineItem[] = [];
  const plans = usable.filter((r): r is CarePlan => r.resourceType === 'CarePlan');
  const tasks = usable.filter((r): r is Task => r.resourceType === 'Task');
  if (plans.length || tasks.length) {
    const ppcs = mapPpcsActions(plans, tasks, context);
    items.push(...ppcs.items);
    issues.push(...ppcs.issues);
  }
  for (const r of usable) {
    if (r.resourceType === 'CarePlan' || r.resourceType === 'Task') continue;
    try {
      items.push(...mapResourceToTimelineItems(r, context));
    } catch {
      issues.push({ resource: keyOf(r), problem: 'could not be mapped' });
    }
  }
  return { items: sortTimelineItems(items), issues };
}

/** Newest first, undated last; sub-items right after their parent, oldest first. */
export function sortTimelineItems(items: TimelineItem[]): TimelineItem[] {
  const children = new Map<string, TimelineItem[]>();
  const top: TimelineItem[] = [];
  const ids = new Set(items.map((i) => i.id));
  for (const item of items) {
    if (item.parent && ids.has(item.parent)) {
      const list = children.get(item.parent) ?? [];
      list.push(item);
      children.set(item.parent, list);
    } else top.push(item);
  }
  top.sort(compareItems);
  const out: TimelineItem[] = [];
  for (const item of top) {
    out.push(item);
    const subs = children.get(item.id);
    if (subs) out.push(...subs.sort((a, b) => (a.time ?? 0) - (b.time ?? 0)));
  }
  return out;
}

/** Newest first; undated after every dated item; ties broken by id for a stable order. */
export function compareItems(a: TimelineItem, b: TimelineItem): number {
  const ta = a.time ?? -Infinity;
  const tb = b.time ?? -Infinity;
  if (ta !== tb) return tb > ta ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
