/**
 * Writing PPCS actions: a change the user asked for (a status move, a comment) becomes a
 * conditional write of the resource as read — a Task, or the CarePlan for an inline activity —
 * so a change made meanwhile by someone else comes back as a conflict, never as an overwrite.
 */
import {
  actionCommentOp,
  actionStatusOp,
  activityCommentOp,
  activityStatusOp,
  clock,
  normaliseActionStatus,
  type ActionStatus,
  type PpcsActionView,
  type UpdateOp,
  type WriteConflict,
} from '@coord/api-client';
import type { Annotation, CarePlan, Resource, Task } from '@medplum/fhirtypes';
import { activityStatusFor, taskStatusFor } from './ppcs-rules.ts';

export type ActionChange =
  | { kind: 'status'; to: ActionStatus; start?: string; reason?: string }
  | { kind: 'comment'; text: string };

/** A change that met someone else's: both sides, for the user to re-apply or drop. */
export interface PendingConflict {
  change: ActionChange;
  conflict: WriteConflict<Resource>;
}

/** The resource a write goes to (as read), or undefined when it is no longer at hand. */
export function rawOf(action: PpcsActionView, sources: { carePlans: Resource[]; tasks: Resource[] }): Task | CarePlan | undefined {
  const pool = action.source === 'task' ? sources.tasks : sources.carePlans;
  return pool.find((r) => `${r.resourceType}/${r.id}` === action.target) as Task | CarePlan | undefined;
}

/** The update a change makes of `raw` (throws a CoordError for an empty comment). */
export function buildChange(action: PpcsActionView, raw: Task | CarePlan, change: ActionChange, author: string): UpdateOp<Task> | UpdateOp<CarePlan> {
  if (raw.resourceType === 'Task') {
    if (change.kind === 'comment') return actionCommentOp(raw, change.text, author);
    const op = actionStatusOp(raw, taskStatusFor(change.to), { reason: change.reason });
    if (change.start) op.resource.executionPeriod = { ...op.resource.executionPeriod, start: change.start };
    return op;
  }
  const index = action.activityIndex ?? -1;
  if (change.kind === 'comment') return activityCommentOp(raw, index, change.text, author);
  return activityStatusOp(raw, index, activityStatusFor(change.to), { reason: change.reason, start: change.start });
}

const ahead = (value: string | undefined): boolean => {
  const t = value ? Date.parse(value) : NaN;
  return Number.isFinite(t) && t > clock.now();
};

/** What the server's copy says about the action: its state, when it changed, its latest comment. */
export function serverSide(raw: Resource, action: PpcsActionView): { status: ActionStatus; changed?: string; lastComment?: string } {
  let fhirStatus: unknown;
  let start: string | undefined;
  let notes: Annotation[] = [];
  let changed: string | undefined = raw.meta?.lastUpdated;
  if (raw.resourceType === 'Task') {
    const task = raw as Task;
    fhirStatus = task.status;
    start = task.executionPeriod?.start;
    notes = task.note ?? [];
    changed = task.lastModified ?? changed;
  } else if (raw.resourceType === 'CarePlan') {
    const activity = (raw as CarePlan).activity?.[action.activityIndex ?? -1];
    fhirStatus = activity?.detail?.status;
    start = activity?.detail?.scheduledPeriod?.start;
    notes = activity?.progress ?? [];
  }
  const last = notes.filter((n) => typeof n?.text === 'string').at(-1);
  return { status: normaliseActionStatus(fhirStatus, ahead(start)).status, changed, lastComment: last?.text?.slice(0, 300) };
}
