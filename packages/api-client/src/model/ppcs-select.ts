/**
 * The one PPCS action selection, apart from the mapping (so the timeline's chunk carries only
 * this): which CarePlan is the PPCS, which activities and Tasks are its actions, what each FHIR
 * status means, and when an action is overdue. `<coord-ppcs>` (through `mapPpcs`) and the
 * timeline both use it.
 */
import type { CarePlan, CarePlanActivity, Reference, Resource, Task } from '@medplum/fhirtypes';
import { referenceKey } from '../references.ts';
import { keyOf, toTime, type MappingIssue, type ResourceLookup } from './common.ts';

/** The glossary's action states: à faire, planifiée, en cours, réalisée, annulée, suspendue. */
export type ActionStatus = 'todo' | 'scheduled' | 'in-progress' | 'done' | 'cancelled' | 'on-hold';

/**
 * FHIR status → action state. Inline actions carry a CarePlan activity status, Task actions a
 * Task status; both vocabularies meet here.
 *
 * | FHIR status (activity / Task)                               | action state                         |
 * |-------------------------------------------------------------|--------------------------------------|
 * | not-started · draft · requested · received · ready · accepted | `scheduled` when a planned start lies ahead, else `todo` |
 * | scheduled (activity)                                        | `scheduled`                          |
 * | in-progress                                                 | `in-progress`                        |
 * | completed                                                   | `done`                               |
 * | cancelled · stopped (activity) · rejected · failed (Task)   | `cancelled`                          |
 * | on-hold                                                     | `on-hold`                            |
 * | entered-in-error                                            | not shown (skipped, flagged)         |
 * | unknown · missing · anything else                           | `todo`, with `statusKnown: false`    |
 *
 * A not-yet-started action whose planned start has passed is "to do" (and overdue once its due
 * date passes), not "scheduled": what the user must act on.
 */
const PENDING = new Set(['not-started', 'draft', 'requested', 'received', 'ready', 'accepted']);
const DIRECT: Record<string, ActionStatus> = {
  scheduled: 'scheduled',
  'in-progress': 'in-progress',
  completed: 'done',
  cancelled: 'cancelled',
  stopped: 'cancelled',
  rejected: 'cancelled',
  failed: 'cancelled',
  'on-hold': 'on-hold',
};

export function normaliseActionStatus(fhirStatus: unknown, plannedStartAhead: boolean): { status: ActionStatus; known: boolean } {
  if (typeof fhirStatus === 'string') {
    if (PENDING.has(fhirStatus)) return { status: plannedStartAhead ? 'scheduled' : 'todo', known: true };
    const direct = DIRECT[fhirStatus];
    if (direct) return { status: direct, known: true };
  }
  return { status: 'todo', known: false };
}

const PPCS_TEXT = /\bPPCS\b|plan personnalis[ée] de coordination/i;

/** True when a CarePlan's category says PPCS (a `ppcs` code in any system, or the name). */
export function isPpcsCategory(plan: CarePlan): boolean {
  return (Array.isArray(plan.category) ? plan.category : []).some(
    (c) =>
      (Array.isArray(c?.coding) && c.coding.some((x) => x?.code?.toLowerCase() === 'ppcs' || PPCS_TEXT.test(x?.display ?? ''))) ||
      PPCS_TEXT.test(c?.text ?? ''),
  );
}

function recency(plan: CarePlan): number {
  return toTime(plan.created) ?? toTime(plan.period?.start) ?? toTime(plan.meta?.lastUpdated) ?? 0;
}

/**
 * Picks the PPCS among the patient's CarePlans: the active one whose category says PPCS; with
 * several, the most recent (flagged). A lone active plan without any category is taken (flagged);
 * plans categorised as something else never are.
 */
export function selectPpcsPlan(resources: Resource[], issues: MappingIssue[], patient?: string): CarePlan | undefined {
  const active: CarePlan[] = [];
  for (const r of resources) {
    if (r?.resourceType !== 'CarePlan' || !r.id) {
      issues.push({ resource: keyOf(r), problem: 'not a usable CarePlan' });
    } else if (patient && referenceKey(r.subject?.reference) !== patient) {
      issues.push({ resource: keyOf(r), problem: 'care plan of another patient' });
    } else if (r.status === 'active') {
      active.push(r);
    }
  }
  const ppcs = active.filter(isPpcsCategory).sort((a, b) => recency(b) - recency(a));
  if (ppcs.length > 1) {
    issues.push({ resource: keyOf(ppcs[0]), problem: `${ppcs.length} active PPCS; showing the most recent` });
  }
  if (ppcs[0]) return ppcs[0];
  const uncategorised = active.filter((p) => !Array.isArray(p.category) || p.category.length === 0);
  if (active.length === 1 && uncategorised.length === 1) {
    issues.push({ resource: keyOf(uncategorised[0]), problem: 'the only active care plan has no category; taken as the PPCS' });
    return uncategorised[0];
  }
  return undefined;
}

/** One PPCS action, before mapping: a Task (named by an activity, or based on the plan) or an inline activity. */
export type PpcsAction =
  | { type: 'task'; task: Task; plan: CarePlan; activityIndex?: number }
  | { type: 'activity'; plan: CarePlan; activity: CarePlanActivity; index: number };

export interface PpcsActionSelection {
  /** The PPCS plan (see `selectPpcsPlan`); no plan, no actions. */
  plan?: CarePlan;
  actions: PpcsAction[];
  issues: MappingIssue[];
}

/**
 * The one rule for "which actions make the PPCS", used by `<coord-ppcs>` and the timeline alike:
 * the PPCS plan's inline activities, the Tasks its activities name, and the Tasks `basedOn` it.
 * A Task of another patient is skipped and reported; the patient's other Tasks (another plan,
 * or none) are not PPCS actions.
 */
export function selectPpcsActions(
  carePlans: Resource[],
  tasks: Resource[],
  options: { patient?: string; lookup?: ResourceLookup } = {},
): PpcsActionSelection {
  const issues: MappingIssue[] = [];
  const patient = referenceKey(options.patient);
  const plan = selectPpcsPlan(carePlans, issues, patient);
  if (!plan) return { actions: [], issues };
  const planKey = keyOf(plan);
  const actions: PpcsAction[] = [];
  const seen = new Set<string>();
  const taskByKey = new Map<string, Task>();
  for (const t of tasks) {
    if (t?.resourceType === 'Task' && t.id) taskByKey.set(keyOf(t), t);
    else issues.push({ resource: keyOf(t), problem: 'not a usable Task' });
  }
  const pushTask = (task: Task, activityIndex?: number): void => {
    const key = keyOf(task);
    if (seen.has(key)) return;
    seen.add(key);
    if (patient && task.for && referenceKey(task.for.reference) !== patient) {
      issues.push({ resource: key, problem: 'task of another patient' });
      return;
    }
    actions.push(activityIndex === undefined ? { type: 'task', task, plan } : { type: 'task', task, plan, activityIndex });
  };

  (Array.isArray(plan.activity) ? plan.activity : []).forEach((activity, index) => {
    const refKey = referenceKey(activity?.reference?.reference);
    if (refKey) {
      const target = taskByKey.get(refKey) ?? options.lookup?.(refKey);
      if (target?.resourceType === 'Task') return pushTask(target as Task, index);
      if (!activity.detail) {
        issues.push({ resource: planKey, problem: target ? `activity ${index} references a ${target.resourceType}, not a Task` : `activity ${index} references ${refKey}, which did not resolve` });
        return;
      }
    }
    if (activity?.detail) actions.push({ type: 'activity', plan, activity, index });
    else if (!refKey) issues.push({ resource: planKey, problem: `activity ${index} has neither detail nor reference` });
  });

  // Every care plan of the patient was read: a Task based on a plan that is not among them points at
  // another patient's plan (or one that is gone) — ignored, and reported.
  const known = new Set(carePlans.filter((p) => p?.resourceType === 'CarePlan' && p.id).map((p) => keyOf(p)));
  for (const [key, task] of taskByKey) {
    if (seen.has(key)) continue;
    if (isBasedOn(task, planKey)) {
      pushTask(task);
      continue;
    }
    const foreign = (Array.isArray(task.basedOn) ? task.basedOn : [])
      .map((r) => referenceKey(r?.reference))
      .find((k) => k?.startsWith('CarePlan/') && !known.has(k));
    if (foreign) issues.push({ resource: key, problem: `task based on ${foreign}, which is not one of this patient's care plans` });
  }
  return { plan, actions, issues };
}

/** Due date passed and neither done nor cancelled. A date-only due date lasts the whole day. */
export function isOverdue(status: ActionStatus, due: string | undefined, now: number): boolean {
  if (status === 'done' || status === 'cancelled') return false;
  const end = endOf(due);
  return end !== undefined && end <= now;
}

/**
 * When a date stops being current: a date-only value lasts until the end of that day on the
 * viewer's calendar (a UTC midnight would make an action overdue in the evening of its due day
 * in the Antilles); a date-time is that instant.
 */
export function endOf(value: string | undefined): number | undefined {
  const t = toTime(value);
  if (t === undefined || !value) return undefined;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!dateOnly) return t;
  return new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]) + 1).getTime();
}

export function isBasedOn(task: Task, planKey: string): boolean {
  return refs(task.basedOn).some((r) => referenceKey(r.reference) === planKey);
}

function refs(list: Reference[] | undefined): Reference[] {
  return Array.isArray(list) ? list.filter((r): r is Reference => Boolean(r) && typeof r === 'object') : [];
}
