/**
 * The timeline and `<coord-ppcs>` read the PPCS through one selection (`selectPpcsActions`): over
 * the seed, the timeline's PPCS items and the PPCS model's actions are the same actions, with the
 * same statuses (the timeline's `overdue` being the PPCS's overdue flag), at several instants.
 *   node --import tsx --test packages/api-client/test/ppcs-timeline-agree.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CarePlan, Resource, Task } from '@medplum/fhirtypes';
import { IDS, seedResources } from '../../dev-server/src/seed/record.ts';
import { lookupFrom } from '../src/model/common.ts';
import { mapPpcs, type PpcsActionView } from '../src/model/ppcs.ts';
import { mapPpcsActions, type TimelineItem } from '../src/model/timeline.ts';

const PATIENT = `Patient/${IDS.patientMain}`;
const DAY = 86_400_000;

function both(seedNow: Date, now: number): { actions: PpcsActionView[]; items: TimelineItem[] } {
  const seed = seedResources(seedNow);
  const lookup = lookupFrom(seed);
  const ofType = <T extends Resource>(type: string): T[] => seed.filter((r) => r.resourceType === type) as T[];
  const ppcs = mapPpcs({ carePlans: ofType('CarePlan'), tasks: ofType('Task') }, lookup, { now, patient: PATIENT }).ppcs;
  assert.ok(ppcs, 'the seed has an active PPCS');
  const timeline = mapPpcsActions(ofType<CarePlan>('CarePlan'), ofType<Task>('Task'), { lookup, now }, PATIENT);
  return { actions: ppcs.actions, items: timeline.items.filter((i) => i.kind === 'ppcs-action') };
}

const seedNow = new Date('2027-01-04T09:00:00Z');
const instants: [string, number][] = [
  ['the seed’s today', seedNow.getTime()],
  ['ten days later (more actions overdue)', seedNow.getTime() + 10 * DAY],
  ['forty days later (planned actions now due)', seedNow.getTime() + 40 * DAY],
];

describe('timeline and PPCS agree on the PPCS actions', () => {
  for (const [label, now] of instants) {
    test(`same actions, same statuses — ${label}`, () => {
      const { actions, items } = both(seedNow, now);
      const byKey = new Map(actions.map((a) => [a.key, a]));
      assert.ok(items.length >= 10, `the timeline shows the PPCS actions (${items.length})`);
      for (const item of items) {
        const action = byKey.get(item.id);
        assert.ok(action, `timeline item ${item.id} is a PPCS action`);
        const expected = action.overdue ? 'overdue' : action.status;
        assert.equal(item.statusKey, expected, `${item.id}: timeline ${item.statusKey}, PPCS ${expected}`);
      }
      // What the timeline leaves out is only what it cannot place in time: undated inline activities.
      const shown = new Set(items.map((i) => i.id));
      for (const a of actions.filter((x) => !shown.has(x.key))) {
        assert.equal(a.source, 'inline', `${a.key} (a Task) is missing from the timeline`);
        assert.equal(a.due ?? a.plannedStart, undefined, `${a.key} is dated but missing from the timeline`);
      }
    });
  }

  test('each action keeps its own identity in both (a Task, or the plan plus the activity index)', () => {
    const { actions, items } = both(seedNow, seedNow.getTime());
    const inline = actions.filter((a) => a.source === 'inline');
    assert.ok(inline.length >= 3);
    for (const a of inline) assert.equal(a.key, `${a.target}#activity-${a.activityIndex}`);
    const ids = items.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, 'no action twice in the timeline');
    // The Task named only by `activity.reference` is in both, once.
    assert.ok(ids.includes(`Task/${IDS.taskBilanGeriatrique}`));
    assert.ok(actions.some((a) => a.key === `Task/${IDS.taskBilanGeriatrique}`));
  });
});
