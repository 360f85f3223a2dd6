/**
 * The PPCS (Plan Personnalisé de Coordination en Santé): the patient's active CarePlan whose
 * category says PPCS, with its needs (`addresses` → Condition), goals (`goal` → Goal), actors
 * (`careTeam` → CareTeam participants), referent (author, else the pathway's care manager) and
 * actions — inline `activity.detail` **and** `Task`s (`basedOn` the plan or named by
 * `activity.reference`), read both, each Task once.
 */
import type { Annotation, CarePlan, CarePlanActivity, Condition, EpisodeOfCare, Goal, Reference, Resource, Task } from '@medplum/fhirtypes';
import { referenceKey } from '../references.ts';
import { clip } from './patient.ts';
import { mapCareCircle, type CareMemberView } from './care-team.ts';
import {
  actorIdentity,
  conceptText,
  isViewer,
  keyOf,
  mapActor,
  toTime,
  type ActorView,
  type MappingIssue,
  type ResourceLookup,
} from './common.ts';
import {
  endOf,
  isBasedOn,
  isOverdue,
  isPpcsCategory,
  normaliseActionStatus,
  selectPpcsActions,
  selectPpcsPlan,
  type ActionStatus,
  type PpcsAction,
  type PpcsActionSelection,
} from './ppcs-select.ts';

export {
  endOf,
  isOverdue,
  isPpcsCategory,
  normaliseActionStatus,
  selectPpcsActions,
  selectPpcsPlan,
  type ActionStatus,
  type PpcsAction,
  type PpcsActionSelection,
};


export interface ActionComment {
  author?: ActorView;
  time?: string;
  text: string;
}

export interface PpcsActionView {
  /** Stable key: `Task/<id>`, or `CarePlan/<id>#activity-<index>` for an inline action. */
  key: string;
  /** `Task/<id>` for a Task action; undefined for an inline one (it has no id of its own). */
  reference?: string;
  source: 'inline' | 'task';
  /** Where a write goes (`Task/…`, or the CarePlan for an inline action) and the version read (If-Match). */
  target: string;
  versionId?: string;
  /** Index in `CarePlan.activity` for inline actions and referenced Tasks. */
  activityIndex?: number;
  description?: string;
  /** Kind of action (activity/Task `code` text: "Soins infirmiers"…). */
  category?: string;
  status: ActionStatus;
  /** The FHIR status as read (for details and writes). */
  fhirStatus?: string;
  /** False when the status was missing or unknown (shown as to do). */
  statusKnown: boolean;
  statusReason?: string;
  /** Task.businessStatus text ("Rendez-vous fixé"). */
  businessStatus?: string;
  /** Task.owner, or the activity's performers. */
  performers: ActorView[];
  requester?: ActorView;
  plannedStart?: string;
  /** Free-text schedule ("Deux séances par semaine"). */
  scheduleText?: string;
  due?: string;
  done?: string;
  /** Due date passed and neither done nor cancelled (against the `now` given to the mapper). */
  overdue: boolean;
  comments: ActionComment[];
  /** `Goal/…` the action serves. */
  goals: string[];
  /** References naming the performers (role and practitioner). */
  identities: string[];
  /** The viewer is a performer (only computed when a viewer is given). */
  mine: boolean;
  lastModified?: string;
}

export interface NeedView {
  reference: string;
  text?: string;
  /** Clinical status code (active, recurrence, relapse, inactive, remission, resolved). */
  clinicalStatus?: string;
  clinicalStatusText?: string;
  active: boolean;
  categories: string[];
  recorded?: string;
  recorder?: ActorView;
  /** The Condition could not be read: only the reference's display (if any) is known. */
  unresolved: boolean;
}

export type GoalAchievement = 'achieved' | 'not-achieved' | 'in-progress';

export interface GoalView {
  reference: string;
  description?: string;
  /** Goal.lifecycleStatus as read (proposed, active, completed, cancelled, …). */
  lifecycle?: string;
  achievement: GoalAchievement;
  /** The achievement's own text ("Non atteint"), when given. */
  achievementText?: string;
  due?: string;
  start?: string;
  expressedBy?: ActorView;
  /** `Condition/…` needs this goal addresses. */
  addresses: string[];
  unresolved: boolean;
}

export interface PpcsView {
  reference: string;
  versionId?: string;
  title?: string;
  description?: string;
  status: string;
  start?: string;
  end?: string;
  created?: string;
  /** The lead coordinator: the plan's author, else the care manager of the plan's pathway. */
  referent?: ActorView;
  referentSource?: 'author' | 'care-manager';
  needs: NeedView[];
  goals: GoalView[];
  actors: CareMemberView[];
  actions: PpcsActionView[];
  overdueCount: number;
  notes: ActionComment[];
  /** Earlier plans this one replaces (`CarePlan/…`). */
  replaces: string[];
}

/** `ppcs` is undefined when the patient has no active PPCS — a state to show, not an error. */
export interface PpcsResult {
  ppcs?: PpcsView;
  issues: MappingIssue[];
}

export interface PpcsInput {
  /** The patient's CarePlans (an `status=active` search; others are ignored). */
  carePlans: Resource[];
  /** Tasks found by `based-on` (and any others: only the plan's are kept). */
  tasks?: Resource[];
  /** The patient's pathways, for the referent when the plan names no author. */
  pathways?: Resource[];
}

export interface PpcsOptions {
  now: Date | number;
  viewer?: string;
  /** Resources of another patient are skipped (a server may ignore the search filter). */
  patient?: string;
}


export function mapPpcs(input: PpcsInput, lookup: ResourceLookup, options: PpcsOptions): PpcsResult {
  const patient = referenceKey(options.patient);
  const selection = selectPpcsActions(input.carePlans ?? [], input.tasks ?? [], { patient, lookup });
  const { plan, issues } = selection;
  if (!plan) return { issues };
  const now = +options.now;
  const planKey = keyOf(plan);

  const needs = refs(plan.addresses).map((ref) => mapNeed(ref, lookup, issues, planKey));
  const goals = refs(plan.goal).map((ref) => mapGoal(ref, lookup, issues, planKey));
  const teams = refs(plan.careTeam)
    .map((ref) => {
      const team = lookup(ref.reference);
      if (team?.resourceType !== 'CareTeam') issues.push({ resource: planKey, problem: `care team ${ref.reference ?? '?'} did not resolve` });
      return team;
    })
    .filter((t): t is Resource => t?.resourceType === 'CareTeam');
  const circle = mapCareCircle(teams, lookup, { viewer: options.viewer, now });
  issues.push(...circle.issues);

  const actions = mapActions(selection.actions, lookup, { ...options, now }, issues);
  const { referent, referentSource } = findReferent(plan, input.pathways ?? [], lookup);

  return {
    issues,
    ppcs: {
      reference: planKey,
      versionId: plan.meta?.versionId,
      title: clip(plan.title),
      description: clip(plan.description, 5000),
      status: plan.status,
      start: validTime(plan.period?.start),
      end: validTime(plan.period?.end),
      created: validTime(plan.created),
      referent,
      referentSource,
      needs,
      goals,
      actors: circle.items,
      actions,
      overdueCount: actions.filter((a) => a.overdue).length,
      notes: comments(plan.note, lookup),
      replaces: refs(plan.replaces).map((r) => referenceKey(r.reference)).filter((k): k is string => Boolean(k)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Actions

interface ActionContext {
  now: number;
  viewer?: string;
  patient?: string;
}


function mapActions(selection: PpcsAction[], lookup: ResourceLookup, ctx: ActionContext, issues: MappingIssue[]): PpcsActionView[] {
  const out: PpcsActionView[] = [];
  for (const action of selection) {
    if (action.type === 'task') {
      const view = mapTaskAction(action.task, lookup, ctx, issues);
      if (view) out.push(action.activityIndex === undefined ? view : { ...view, activityIndex: action.activityIndex });
    } else {
      const view = mapInlineAction(action.plan, action.activity, action.index, lookup, ctx, issues);
      if (view) out.push(view);
    }
  }
  return sortActions(out);
}

/** Open actions by due date (undated last), then done/cancelled ones, most recent first. */
function sortActions(actions: PpcsActionView[]): PpcsActionView[] {
  const keyed = actions.map((a, i) => {
    const closed = a.status === 'done' || a.status === 'cancelled';
    // One number per action (parsed once): open ones by due date, closed ones by end, newest first.
    const rank = closed ? -(toTime(a.done) ?? toTime(a.lastModified) ?? 0) : (toTime(a.due) ?? Number.MAX_SAFE_INTEGER);
    return { a, i, closed, rank };
  });
  keyed.sort((x, y) => Number(x.closed) - Number(y.closed) || x.rank - y.rank || x.i - y.i);
  return keyed.map(({ a }) => a);
}

function mapInlineAction(
  plan: CarePlan,
  activity: CarePlanActivity,
  index: number,
  lookup: ResourceLookup,
  ctx: ActionContext,
  issues: MappingIssue[],
): PpcsActionView | undefined {
  const planKey = keyOf(plan);
  const key = `${planKey}#activity-${index}`;
  const detail: NonNullable<CarePlanActivity['detail']> = activity.detail ?? { status: 'unknown' };
  if (detail.status === 'entered-in-error') {
    issues.push({ resource: key, problem: 'entered in error; not shown' });
    return undefined;
  }
  const repeatBounds = detail.scheduledTiming?.repeat?.boundsPeriod;
  const plannedStart = validTime(detail.scheduledPeriod?.start ?? detail.scheduledTiming?.event?.[0] ?? repeatBounds?.start);
  const due = validTime(detail.scheduledPeriod?.end ?? repeatBounds?.end);
  const { status, known } = normaliseActionStatus(detail.status, isAhead(plannedStart, ctx.now));
  if (!known) issues.push({ resource: key, problem: `unknown status ${String(detail.status ?? 'missing')}` });
  const performers = (Array.isArray(detail.performer) ? detail.performer : [])
    .map((p) => mapActor(p, lookup))
    .filter((a): a is ActorView => Boolean(a));
  const notes = comments(activity.progress, lookup);
  const description = clip(detail.description, 2000) ?? conceptText(detail.code);
  if (!description) issues.push({ resource: key, problem: 'action without a description' });
  return finish(
    {
      key,
      source: 'inline',
      target: planKey,
      versionId: plan.meta?.versionId,
      activityIndex: index,
      description,
      category: conceptText(detail.code),
      status,
      fhirStatus: typeof detail.status === 'string' ? detail.status : undefined,
      statusKnown: known,
      statusReason: conceptText(detail.statusReason, 500),
      performers,
      plannedStart,
      scheduleText: clip(detail.scheduledString, 200),
      due,
      done: status === 'done' ? notes.at(-1)?.time : undefined,
      comments: notes,
      goals: refs(detail.goal).map((g) => referenceKey(g.reference)).filter((k): k is string => Boolean(k)),
      lastModified: undefined,
    },
    (detail.performer ?? []).map((p) => p?.reference),
    lookup,
    ctx,
  );
}

function mapTaskAction(task: Task, lookup: ResourceLookup, ctx: ActionContext, issues: MappingIssue[]): PpcsActionView | undefined {
  const key = keyOf(task);
  if (task.status === 'entered-in-error') {
    issues.push({ resource: key, problem: 'entered in error; not shown' });
    return undefined;
  }
  const plannedStart = validTime(task.executionPeriod?.start);
  const { status, known } = normaliseActionStatus(task.status, isAhead(plannedStart, ctx.now));
  if (!known) issues.push({ resource: key, problem: `unknown status ${String(task.status ?? 'missing')}` });
  const due = validTime(task.restriction?.period?.end) ?? (status === 'done' ? undefined : validTime(task.executionPeriod?.end));
  const owner = mapActor(task.owner, lookup);
  if (owner?.unresolved) issues.push({ resource: key, problem: `owner ${owner.reference} did not resolve` });
  const description = clip(task.description, 2000) ?? conceptText(task.code);
  if (!description) issues.push({ resource: key, problem: 'action without a description' });
  const category = task.description ? conceptText(task.code) : undefined;
  return finish(
    {
      key,
      reference: key,
      source: 'task',
      target: key,
      versionId: task.meta?.versionId,
      description,
      category,
      status,
      fhirStatus: typeof task.status === 'string' ? task.status : undefined,
      statusKnown: known,
      statusReason: conceptText(task.statusReason, 500),
      businessStatus: conceptText(task.businessStatus),
      performers: owner ? [owner] : [],
      requester: mapActor(task.requester, lookup),
      plannedStart,
      due,
      done: status === 'done' ? (validTime(task.executionPeriod?.end) ?? validTime(task.lastModified)) : undefined,
      comments: comments(task.note, lookup),
      goals: [],
      lastModified: validTime(task.lastModified) ?? validTime(task.meta?.lastUpdated),
    },
    [task.owner?.reference],
    lookup,
    ctx,
  );
}

function finish(
  view: Omit<PpcsActionView, 'overdue' | 'identities' | 'mine'>,
  performerRefs: (string | undefined)[],
  lookup: ResourceLookup,
  ctx: ActionContext,
): PpcsActionView {
  const identities = [...new Set(performerRefs.flatMap((r) => actorIdentity(r, lookup)))];
  return {
    ...view,
    overdue: isOverdue(view.status, view.due, ctx.now),
    identities,
    mine: isViewer(ctx.viewer, identities, lookup),
  };
}


/** Recomputes `mine` for another viewer without reading again (identities already resolved). */
export function isMyAction(action: PpcsActionView, viewer: string | undefined, lookup: ResourceLookup): boolean {
  return isViewer(viewer, action.identities, lookup);
}

function isAhead(value: string | undefined, now: number): boolean {
  const end = endOf(value);
  return end !== undefined && end > now;
}

// ---------------------------------------------------------------------------------------------
// Needs, goals, referent, comments

function mapNeed(ref: Reference, lookup: ResourceLookup, issues: MappingIssue[], planKey: string): NeedView {
  const key = referenceKey(ref.reference) ?? '?';
  const c = lookup(ref.reference) as Condition | undefined;
  if (c?.resourceType !== 'Condition') {
    issues.push({ resource: planKey, problem: `need ${key} did not resolve` });
    return { reference: key, text: clip(ref.display), active: true, categories: [], unresolved: true };
  }
  const status = c.clinicalStatus?.coding?.find((x) => x?.code)?.code;
  const text = conceptText(c.code, 1000);
  if (!text) issues.push({ resource: key, problem: 'need without a text' });
  return {
    reference: key,
    text: text ?? clip(ref.display),
    clinicalStatus: status,
    clinicalStatusText: conceptText(c.clinicalStatus),
    active: status === undefined || status === 'active' || status === 'recurrence' || status === 'relapse',
    categories: (Array.isArray(c.category) ? c.category : []).map((x) => conceptText(x)).filter((x): x is string => Boolean(x)),
    recorded: validTime(c.recordedDate),
    recorder: mapActor(c.recorder ?? c.asserter, lookup),
    unresolved: false,
  };
}

const ACHIEVED = new Set(['achieved', 'sustaining']);
const NOT_ACHIEVED = new Set(['not-achieved', 'no-progress', 'not-attainable']);

/** Goal achievement: achieved / not achieved / in progress (the default for any open goal). */
export function goalAchievement(goal: Pick<Goal, 'achievementStatus' | 'lifecycleStatus'>): GoalAchievement {
  const code = goal.achievementStatus?.coding?.find((c) => c?.code)?.code;
  if (code && ACHIEVED.has(code)) return 'achieved';
  if (code && NOT_ACHIEVED.has(code)) return 'not-achieved';
  if (!code && goal.lifecycleStatus === 'completed') return 'achieved';
  return 'in-progress';
}

function mapGoal(ref: Reference, lookup: ResourceLookup, issues: MappingIssue[], planKey: string): GoalView {
  const key = referenceKey(ref.reference) ?? '?';
  const g = lookup(ref.reference) as Goal | undefined;
  if (g?.resourceType !== 'Goal') {
    issues.push({ resource: planKey, problem: `goal ${key} did not resolve` });
    return { reference: key, description: clip(ref.display), achievement: 'in-progress', addresses: [], unresolved: true };
  }
  const description = conceptText(g.description, 1000);
  if (!description) issues.push({ resource: key, problem: 'goal without a description' });
  const dues = (Array.isArray(g.target) ? g.target : [])
    .map((t) => validTime(t?.dueDate))
    .filter((d): d is string => Boolean(d))
    .sort((a, b) => (toTime(a) ?? 0) - (toTime(b) ?? 0));
  return {
    reference: key,
    description: description ?? clip(ref.display),
    lifecycle: typeof g.lifecycleStatus === 'string' ? g.lifecycleStatus : undefined,
    achievement: goalAchievement(g),
    achievementText: conceptText(g.achievementStatus),
    due: dues[0],
    start: validTime(g.startDate),
    expressedBy: mapActor(g.expressedBy, lookup),
    addresses: refs(g.addresses).map((r) => referenceKey(r.reference)).filter((k): k is string => Boolean(k)),
    unresolved: false,
  };
}

function findReferent(plan: CarePlan, pathways: Resource[], lookup: ResourceLookup): Pick<PpcsView, 'referent' | 'referentSource'> {
  const author = mapActor(plan.author, lookup);
  if (author) return { referent: author, referentSource: 'author' };
  const teams = new Set(refs(plan.careTeam).map((r) => referenceKey(r.reference)));
  const episodes = pathways.filter((p): p is EpisodeOfCare => p?.resourceType === 'EpisodeOfCare' && Boolean(p.careManager));
  const match =
    episodes.find((e) => e.status === 'active' && refs(e.team).some((t) => teams.has(referenceKey(t.reference)))) ??
    episodes.find((e) => refs(e.team).some((t) => teams.has(referenceKey(t.reference))));
  const manager = mapActor(match?.careManager, lookup);
  return manager ? { referent: manager, referentSource: 'care-manager' } : {};
}

function comments(notes: Annotation[] | undefined, lookup: ResourceLookup): ActionComment[] {
  return (Array.isArray(notes) ? notes : [])
    .map((n): ActionComment | undefined => {
      const text = clip(n?.text, 5000);
      if (!text) return undefined;
      const author = n.authorReference ? mapActor(n.authorReference, lookup) : n.authorString ? { name: clip(n.authorString), unresolved: false } : undefined;
      return { author, time: validTime(n.time), text };
    })
    .filter((c): c is ActionComment => Boolean(c))
    .sort((a, b) => (toTime(a.time) ?? 0) - (toTime(b.time) ?? 0));
}

// ---------------------------------------------------------------------------------------------

function refs(list: Reference[] | undefined): Reference[] {
  return Array.isArray(list) ? list.filter((r): r is Reference => Boolean(r) && typeof r === 'object') : [];
}

function validTime(value: unknown): string | undefined {
  return typeof value === 'string' && toTime(value) !== undefined ? value : undefined;
}

/** Every reference the PPCS mapping needs at hand, in two rounds: content first, then actors. */
export function ppcsContentReferences(plan: CarePlan): string[] {
  return [
    ...refs(plan.addresses),
    ...refs(plan.goal),
    ...refs(plan.careTeam),
    ...(plan.activity ?? []).map((a) => a?.reference ?? {}),
  ]
    .map((r) => r.reference)
    .filter((r): r is string => Boolean(r));
}


/** Actors to resolve: the plan's, its actions' (Tasks based on it or named by it), its teams' members. */
export function ppcsActorReferences(plan: CarePlan, tasks: Resource[], lookup: ResourceLookup): string[] {
  const planKey = keyOf(plan);
  const out: (string | undefined)[] = [plan.author?.reference, ...(plan.note ?? []).map((n) => n?.authorReference?.reference)];
  const planTasks = tasks.filter((t): t is Task => t?.resourceType === 'Task' && isBasedOn(t, planKey));
  for (const a of plan.activity ?? []) {
    out.push(...(a?.detail?.performer ?? []).map((p) => p?.reference), ...(a?.progress ?? []).map((n) => n?.authorReference?.reference));
    const t = lookup(a?.reference?.reference);
    if (t?.resourceType === 'Task') planTasks.push(t);
  }
  for (const t of planTasks) {
    out.push(t.owner?.reference, t.requester?.reference, ...(t.note ?? []).map((n) => n?.authorReference?.reference));
  }
  for (const r of refs(plan.careTeam)) {
    const team = lookup(r.reference);
    if (team?.resourceType === 'CareTeam') out.push(...(team.participant ?? []).map((p) => p?.member?.reference));
  }
  for (const r of refs(plan.addresses)) {
    const c = lookup(r.reference);
    if (c?.resourceType === 'Condition') out.push(c.recorder?.reference ?? c.asserter?.reference);
  }
  for (const r of refs(plan.goal)) {
    const g = lookup(r.reference);
    if (g?.resourceType === 'Goal') out.push(g.expressedBy?.reference);
  }
  return out.filter((r): r is string => Boolean(r));
}
