/**
 * Builders for PPCS actions written inline in a care plan (`CarePlan.activity[i].detail`): the
 * whole plan is written back with If-Match. Apart from build.ts so that elements that never edit
 * a plan (the chat) do not carry them.
 */
import type { Annotation, CarePlan, CarePlanActivity, Reference } from '@medplum/fhirtypes';
import { CoordError } from '../errors.ts';
import { newUuid } from '../ids.ts';
import { clock } from '../clock.ts';
import type { UpdateOp } from './build.ts';

const ref = (reference: string): Reference<any> => ({ reference });

/** The FHIR status of an inline activity (`CarePlan.activity.detail.status`). */
export type ActivityStatus = NonNullable<CarePlanActivity['detail']>['status'];

function withActivity(plan: CarePlan, index: number, change: (activity: CarePlanActivity) => CarePlanActivity): UpdateOp<CarePlan> {
  const activities = plan.activity ?? [];
  const activity = activities[index];
  if (!activity?.detail) throw new CoordError('invalid-request', `The care plan has no inline activity ${index}`);
  const next = activities.slice();
  next[index] = change(activity);
  return { kind: 'update', base: plan, resource: { ...plan, activity: next } };
}

/**
 * Changes the status of an inline PPCS action (`CarePlan.activity[index].detail`), optionally
 * its planned start (scheduling) and its reason. The whole plan is written with If-Match.
 */
export function activityStatusOp(
  plan: CarePlan,
  index: number,
  status: ActivityStatus,
  options: { reason?: string; start?: string } = {},
): UpdateOp<CarePlan> {
  return withActivity(plan, index, (activity) => {
    const detail = { ...activity.detail!, status };
    if (options.start) detail.scheduledPeriod = { ...detail.scheduledPeriod, start: options.start };
    if (options.reason) detail.statusReason = { text: options.reason };
    return { ...activity, detail };
  });
}

/** Adds a progress note (comment) to an inline PPCS action. */
export function activityCommentOp(plan: CarePlan, index: number, text: string, author: string, now = clock.date()): UpdateOp<CarePlan> {
  if (!text.trim()) throw new CoordError('invalid-request', 'A comment needs text');
  const note: Annotation = { id: newUuid(), authorReference: ref(author), time: now.toISOString(), text };
  return withActivity(plan, index, (activity) => ({ ...activity, progress: [...(activity.progress ?? []), note] }));
}

