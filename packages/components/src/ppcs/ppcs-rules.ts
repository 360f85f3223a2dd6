/**
 * The PPCS element's rules, as pure functions: the action workflow (which moves are offered and
 * what each writes), who may edit what, the care circle's sectors, and the checks on dates.
 */
import type { ActionStatus, ActivityStatus, CareMemberView, PpcsActionView, PpcsView, ResourceLookup } from '@coord/api-client';
import type { Task } from '@medplum/fhirtypes';

/** Display order of the states (the "by status" view). */
export const STATUS_ORDER: ActionStatus[] = ['todo', 'scheduled', 'in-progress', 'on-hold', 'done', 'cancelled'];

/**
 * The workflow: not started → scheduled → in progress → completed; cancelled or on hold from any
 * open state; on hold resumes; completed and cancelled are final.
 */
const TRANSITIONS: Record<ActionStatus, ActionStatus[]> = {
  todo: ['scheduled', 'in-progress', 'on-hold', 'cancelled'],
  scheduled: ['in-progress', 'on-hold', 'cancelled'],
  'in-progress': ['done', 'on-hold', 'cancelled'],
  'on-hold': ['in-progress', 'cancelled'],
  done: [],
  cancelled: [],
};

export function transitionsFrom(status: ActionStatus): ActionStatus[] {
  return TRANSITIONS[status];
}

export function isValidTransition(from: ActionStatus, to: ActionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * What a move writes. A Task has no "scheduled" status: a scheduled Task is an accepted one whose
 * planned start lies ahead (the mapping's rule), so scheduling needs that date.
 */
export function taskStatusFor(to: ActionStatus): Task['status'] {
  return ({ todo: 'requested', scheduled: 'accepted', 'in-progress': 'in-progress', done: 'completed', cancelled: 'cancelled', 'on-hold': 'on-hold' } as const)[to];
}

export function activityStatusFor(to: ActionStatus): ActivityStatus {
  return ({ todo: 'not-started', scheduled: 'scheduled', 'in-progress': 'in-progress', done: 'completed', cancelled: 'cancelled', 'on-hold': 'on-hold' } as const)[to];
}

/** Moves that ask for something first: a planned date (scheduling), a reason (cancel, hold). */
export function needsInput(to: ActionStatus): 'date' | 'reason' | undefined {
  if (to === 'scheduled') return 'date';
  if (to === 'cancelled' || to === 'on-hold') return 'reason';
  return undefined;
}

export interface Permissions {
  /** The viewer leads the plan (its author, or the care manager of its pathway). */
  referent: boolean;
  /** The viewer belongs to the care circle (or leads the plan): may add actions. */
  canAdd: boolean;
}

export function permissionsOf(ppcs: PpcsView, viewer: string | undefined, isViewer: (refs: (string | undefined)[]) => boolean): Permissions {
  if (!viewer) return { referent: false, canAdd: false };
  const referent = isViewer([ppcs.referent?.reference]);
  return { referent, canAdd: referent || ppcs.actors.some((m) => m.mine) };
}

/** A viewer edits the actions they own; the referent edits all; everyone else reads. */
export function canEdit(action: PpcsActionView, permissions: Permissions): boolean {
  return permissions.referent || action.mine;
}

export type Sector = 'medical' | 'medico-social' | 'social' | 'unknown';

const SOCIAL = /social|sociale|mandataire|tut(elle|eur|rice)|curat/i;

/**
 * Medical (a health profession code: physician, nurse, pharmacist…), social (social worker,
 * guardian), or medico-social (the other identified actors: coordinators, home aides, facilities).
 */
export function sectorOf(member: CareMemberView): Sector {
  if (member.actor.unresolved && !member.actor.name) return 'unknown';
  if (member.actor.professionCode) return 'medical';
  const labels = [...member.roles, member.actor.role ?? ''].join(' ');
  if (SOCIAL.test(labels)) return 'social';
  return labels.trim() ? 'medico-social' : 'unknown';
}

/** The organisation a member works for (through their PractitionerRole), when known. */
export function organisationOf(member: CareMemberView, lookup: ResourceLookup): string | undefined {
  const role = lookup(member.actor.reference) as { resourceType?: string; organization?: { reference?: string; display?: string } } | undefined;
  if (role?.resourceType !== 'PractitionerRole') return undefined;
  const org = lookup(role.organization?.reference) as { name?: unknown } | undefined;
  const name = typeof org?.name === 'string' ? org.name : role.organization?.display;
  return name ? name.slice(0, 200) : undefined;
}

const time = (v: string | undefined): number | undefined => {
  const t = v ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** True when a start comes after an end (shown as a warning, never silently reordered). */
export function datesInWrongOrder(start: string | undefined, end: string | undefined): boolean {
  const s = time(start);
  const e = time(end);
  return s !== undefined && e !== undefined && s > e;
}

/** Unmet goals: marked not achieved, or past their due date while still open. */
export function goalUnmet(goal: { achievement: string; due?: string; lifecycle?: string }, now: number): boolean {
  if (goal.achievement === 'not-achieved') return true;
  if (goal.achievement === 'achieved' || goal.lifecycle === 'cancelled') return false;
  const due = time(goal.due);
  return due !== undefined && due < now;
}

/** The reference an action is known by outside: `Task/<id>`, or the plan plus the activity's index. */
export function actionReference(action: PpcsActionView): { reference: string; activityIndex?: number } {
  return action.source === 'task' ? { reference: action.target } : { reference: action.target, activityIndex: action.activityIndex };
}

export type IssueKind = 'other-patient' | 'unresolved' | 'entered-in-error' | 'status' | 'text' | 'other';

/** Groups the mapper's issues (developer English) into what the user is told. */
export function issueKind(problem: string): IssueKind {
  if (/another patient/.test(problem)) return 'other-patient';
  if (/did not resolve/.test(problem)) return 'unresolved';
  if (/entered in error/.test(problem)) return 'entered-in-error';
  if (/unknown status/.test(problem)) return 'status';
  if (/without a (description|text)/.test(problem)) return 'text';
  return 'other';
}
