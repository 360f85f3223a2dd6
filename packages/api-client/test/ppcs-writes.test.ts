/**
 * What `<coord-ppcs>` writes and reads beyond the model: inline-activity builders (status, schedule,
 * reason, comment — the whole plan under If-Match), their three-way merge, and readPpcs's plan
 * switch (only among active PPCS; the one selection still decides).
 *   node --import tsx --test packages/api-client/test/ppcs-writes.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CarePlan } from '@medplum/fhirtypes';
import { IDS, seedResources } from '../../dev-server/src/seed/record.ts';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { CoordClient } from '../src/client.ts';
import { readPpcs } from '../src/readers/ppcs.ts';
import { activityCommentOp, activityStatusOp } from '../src/writes/build.ts';
import { mergeThreeWay } from '../src/writes/merge.ts';

const plan = (): CarePlan => seedResources().find((r) => r.resourceType === 'CarePlan' && r.id === IDS.carePlanPpcs) as CarePlan;

describe('inline activity builders', () => {
  test('a status move changes that activity only, with its planned start and reason', () => {
    const base = plan();
    const op = activityStatusOp(base, 3, 'scheduled', { start: '2027-02-01T09:00:00Z', reason: 'Ergothérapeute disponible' });
    assert.equal(op.kind, 'update');
    assert.equal(op.base, base);
    const detail = op.resource.activity?.[3]?.detail;
    assert.equal(detail?.status, 'scheduled');
    assert.equal(detail?.scheduledPeriod?.start, '2027-02-01T09:00:00Z');
    assert.equal(detail?.scheduledPeriod?.end, base.activity?.[3]?.detail?.scheduledPeriod?.end, 'the due date stays');
    assert.equal(detail?.statusReason?.text, 'Ergothérapeute disponible');
    assert.deepEqual(op.resource.activity?.filter((_, i) => i !== 3), base.activity?.filter((_, i) => i !== 3));
    assert.equal(base.activity?.[3]?.detail?.status, 'not-started', 'the version read is not mutated');
  });

  test('a comment is a progress note with an id, author and time; empty ones are refused', () => {
    const op = activityCommentOp(plan(), 0, 'Pansement refait.', 'PractitionerRole/role-idel', new Date('2027-01-04T09:00:00Z'));
    const note = op.resource.activity?.[0]?.progress?.at(-1);
    assert.equal(note?.text, 'Pansement refait.');
    assert.equal(note?.authorReference?.reference, 'PractitionerRole/role-idel');
    assert.equal(note?.time, '2027-01-04T09:00:00.000Z');
    assert.ok(note?.id);
    assert.throws(() => activityCommentOp(plan(), 0, '  ', 'PractitionerRole/role-idel'));
    assert.throws(() => activityStatusOp(plan(), 6, 'completed'), /no inline activity 6/, 'a referenced Task is not an inline activity');
  });

  test('two moves of the same plan meet as a conflict (never one silently over the other)', () => {
    const base = plan();
    const mine = activityStatusOp(base, 3, 'in-progress').resource;
    const theirs = activityStatusOp(base, 0, 'completed').resource;
    const merged = mergeThreeWay(base, mine, theirs);
    assert.equal(merged.ok, false);
    if (!merged.ok) assert.deepEqual(merged.fields, ['activity']);
  });
});

describe('readPpcs plan switch', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer({ port: 0 });
  });
  after(async () => {
    await server?.close();
  });

  test('lists the active PPCS and keeps the sources read; a plan that is not an active PPCS is not switched to', async () => {
    const c = new CoordClient({ baseUrl: server.baseUrl, retries: 0 });
    const read = await readPpcs(c, `Patient/${IDS.patientMain}`);
    assert.deepEqual(read.choices.map((x) => x.reference), [`CarePlan/${IDS.carePlanPpcs}`]);
    assert.ok(read.sources.tasks.some((t) => t.id === IDS.taskApa));
    assert.ok(read.sources.carePlans.some((p) => p.id === IDS.carePlanPpcs));
    for (const other of [`CarePlan/${IDS.carePlanPpcsInitial}`, `CarePlan/${IDS.carePlanSoins}`]) {
      const switched = await readPpcs(c, `Patient/${IDS.patientMain}`, { plan: other });
      assert.equal(switched.ppcs?.reference, `CarePlan/${IDS.carePlanPpcs}`, other);
    }
  });
});
