/**
 * The PPCS view model: plan selection, needs, goals, actors, inline + Task actions, statuses,
 * overdue, "my actions", and bad input.
 *   node --import tsx --test packages/api-client/test/ppcs-model.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CarePlan, Resource, Task } from '@medplum/fhirtypes';
import { IDS, seedResources } from '../../dev-server/src/seed/record.ts';
import { lookupFrom } from '../src/model/common.ts';
import { goalAchievement, isOverdue, mapPpcs, normaliseActionStatus, selectPpcsActions, type PpcsActionView } from '../src/model/ppcs.ts';

const NOW = new Date('2026-03-15T10:00:00Z');
const seed = seedResources(NOW);
const lookup = lookupFrom(seed);
const ofType = (type: string): Resource[] => seed.filter((r) => r.resourceType === type);
const PATIENT = `Patient/${IDS.patientMain}`;
const seedPpcs = (viewer?: string) =>
  mapPpcs({ carePlans: ofType('CarePlan'), tasks: ofType('Task') }, lookup, { now: NOW, viewer, patient: PATIENT });
const action = (actions: PpcsActionView[], key: string): PpcsActionView => {
  const found = actions.find((a) => a.key === key);
  assert.ok(found, `action ${key} missing`);
  return found;
};

describe('action status normalisation', () => {
  test('every FHIR activity and Task status lands in the glossary set', () => {
    const table: [string, boolean, string][] = [
      ['not-started', false, 'todo'], ['not-started', true, 'scheduled'],
      ['draft', false, 'todo'], ['requested', false, 'todo'], ['received', false, 'todo'], ['ready', false, 'todo'],
      ['requested', true, 'scheduled'], ['accepted', true, 'scheduled'], ['accepted', false, 'todo'],
      ['scheduled', false, 'scheduled'], ['in-progress', false, 'in-progress'], ['in-progress', true, 'in-progress'],
      ['completed', false, 'done'], ['cancelled', false, 'cancelled'], ['stopped', false, 'cancelled'],
      ['rejected', false, 'cancelled'], ['failed', false, 'cancelled'], ['on-hold', false, 'on-hold'],
    ];
    for (const [fhir, ahead, expected] of table) {
      assert.deepEqual(normaliseActionStatus(fhir, ahead), { status: expected, known: true }, fhir);
    }
  });

  test('a missing or unknown status shows as to do and is marked unknown', () => {
    for (const raw of [undefined, 'unknown', 42, 'nonsense']) {
      assert.deepEqual(normaliseActionStatus(raw, false), { status: 'todo', known: false });
    }
  });

  test('overdue: due passed and neither done nor cancelled; a date-only due date lasts its whole day', () => {
    const now = Date.parse('2026-03-15T10:00:00Z');
    assert.equal(isOverdue('todo', '2026-03-14T18:00:00Z', now), true);
    assert.equal(isOverdue('on-hold', '2026-03-14T18:00:00Z', now), true);
    assert.equal(isOverdue('done', '2026-03-14T18:00:00Z', now), false);
    assert.equal(isOverdue('cancelled', '2026-03-14', now), false);
    assert.equal(isOverdue('todo', '2026-03-15', now), false);
    assert.equal(isOverdue('todo', '2026-03-14', now), true);
    assert.equal(isOverdue('todo', undefined, now), false);
    assert.equal(isOverdue('todo', 'soon', now), false);
  });

  test('goal achievement: achieved / not achieved / in progress', () => {
    const g = (code?: string, lifecycleStatus = 'active') =>
      goalAchievement({ lifecycleStatus: lifecycleStatus as never, achievementStatus: code ? { coding: [{ code }] } : undefined });
    assert.equal(g('achieved'), 'achieved');
    assert.equal(g('sustaining'), 'achieved');
    assert.equal(g('not-achieved'), 'not-achieved');
    assert.equal(g('not-attainable'), 'not-achieved');
    assert.equal(g('improving'), 'in-progress');
    assert.equal(g(undefined), 'in-progress');
    assert.equal(g(undefined, 'completed'), 'achieved');
  });
});

describe('mapPpcs on the seed', () => {
  const { ppcs, issues } = seedPpcs();

  test('picks the active PPCS, not the nursing plan nor the completed PPCS', () => {
    assert.equal(ppcs?.reference, `CarePlan/${IDS.carePlanPpcs}`);
    assert.deepEqual(issues, []);
    assert.deepEqual(ppcs?.replaces, [`CarePlan/${IDS.carePlanPpcsInitial}`]);
  });

  test('needs, goals, referent and actors are resolved', () => {
    assert.equal(ppcs?.needs.length, 5);
    assert.match(ppcs?.needs[0]?.text ?? '', /Isolement social/);
    assert.equal(ppcs?.needs[0]?.clinicalStatus, 'active');
    assert.ok(ppcs?.needs[0]?.categories.includes('Besoin'));
    const goals = new Map(ppcs?.goals.map((g) => [g.reference, g]));
    assert.equal(goals.get(`Goal/${IDS.goalPortage}`)?.achievement, 'achieved');
    assert.equal(goals.get(`Goal/${IDS.goalPoids}`)?.achievement, 'not-achieved');
    assert.equal(goals.get(`Goal/${IDS.goalDomicile}`)?.achievement, 'in-progress');
    assert.match(goals.get(`Goal/${IDS.goalDomicile}`)?.due ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(ppcs?.referent?.name, 'Émilie Rousseau');
    assert.equal(ppcs?.referentSource, 'author');
    assert.equal(ppcs?.actors.length, 8);
    const gp = ppcs?.actors.find((a) => a.identities.includes(`Practitioner/${IDS.pracGp}`));
    assert.equal(gp?.actor.role, 'Médecin traitant');
  });

  test('inline and Task actions are both read, each Task once, every state present', () => {
    const actions = ppcs?.actions ?? [];
    assert.equal(actions.filter((a) => a.source === 'inline').length, 6);
    assert.equal(actions.filter((a) => a.source === 'task').length, 7);
    assert.equal(new Set(actions.map((a) => a.key)).size, actions.length);
    assert.deepEqual(new Set(actions.map((a) => a.status)), new Set(['todo', 'scheduled', 'in-progress', 'done', 'cancelled', 'on-hold']));
    const bilan = action(actions, `Task/${IDS.taskBilanGeriatrique}`);
    assert.equal(bilan.activityIndex, 6);
    assert.equal(bilan.performers[0]?.name, 'Dr Isabelle Fontaine');
    assert.equal(action(actions, `Task/${IDS.taskRdvOnco}`).status, 'scheduled');
  });

  test('overdue actions are flagged: the APA Task and the not-started inline visit', () => {
    const overdue = (ppcs?.actions ?? []).filter((a) => a.overdue).map((a) => a.key).sort();
    assert.deepEqual(overdue, [`CarePlan/${IDS.carePlanPpcs}#activity-3`, `Task/${IDS.taskApa}`].sort());
    assert.equal(ppcs?.overdueCount, 2);
    assert.equal(ppcs?.actions[0]?.overdue, true, 'open actions come first, by due date');
  });

  test('comments keep author and time; writes know their target and version', () => {
    const apa = action(ppcs?.actions ?? [], `Task/${IDS.taskApa}`);
    assert.equal(apa.comments[0]?.author?.name, 'Nadia Benali');
    assert.match(apa.comments[0]?.text ?? '', /avis d’imposition/);
    assert.equal(apa.target, `Task/${IDS.taskApa}`);
    const idel = action(ppcs?.actions ?? [], `CarePlan/${IDS.carePlanPpcs}#activity-0`);
    assert.equal(idel.target, `CarePlan/${IDS.carePlanPpcs}`);
    assert.equal(idel.comments[0]?.author?.role, 'Infirmière libérale (IDEL)');
    assert.equal(action(ppcs?.actions ?? [], `CarePlan/${IDS.carePlanPpcs}#activity-4`).scheduleText, 'Deux séances par semaine');
    assert.ok(action(ppcs?.actions ?? [], `Task/${IDS.taskMatelas}`).done);
  });

  test('"my actions" match a Practitioner viewer to PractitionerRole owners and back', () => {
    const byPractitioner = seedPpcs(`Practitioner/${IDS.pracGp}`).ppcs?.actions.filter((a) => a.mine).map((a) => a.key);
    assert.deepEqual(byPractitioner?.sort(), [`CarePlan/${IDS.carePlanPpcs}#activity-4`, `Task/${IDS.taskKine}`].sort());
    const byRole = seedPpcs(`PractitionerRole/${IDS.roleGeriatre}`).ppcs?.actions.filter((a) => a.mine).map((a) => a.key);
    assert.deepEqual(byRole, [`Task/${IDS.taskBilanGeriatrique}`]);
    assert.equal(seedPpcs().ppcs?.actions.some((a) => a.mine), false);
  });
});

describe('mapPpcs on bad input', () => {
  const plan = (id: string, extra: Partial<CarePlan> = {}): CarePlan => ({
    resourceType: 'CarePlan', id, status: 'active', intent: 'plan', subject: { reference: PATIENT },
    category: [{ coding: [{ system: 'x', code: 'ppcs' }] }], ...extra,
  });
  const none = (resources: Resource[]) => mapPpcs({ carePlans: resources }, lookup, { now: NOW, patient: PATIENT });

  test('no active PPCS is a clear "no PPCS", not an error', () => {
    assert.equal(none([]).ppcs, undefined);
    assert.equal(none([plan('done', { status: 'completed' })]).ppcs, undefined);
    const other = plan('soins', { category: [{ text: 'Plan de soins', coding: [{ code: 'plan-soins' }] }] });
    assert.equal(none([other]).ppcs, undefined);
    assert.equal(none([{ resourceType: 'Patient', id: 'x' } as Resource, null as never]).ppcs, undefined);
  });

  test('two active PPCS: the most recent is shown and the choice flagged', () => {
    const r = none([plan('old', { created: '2025-01-01' }), plan('new', { created: '2026-01-01' })]);
    assert.equal(r.ppcs?.reference, 'CarePlan/new');
    assert.ok(r.issues.some((i) => /2 active PPCS/.test(i.problem)));
  });

  test('a lone uncategorised active plan is taken, flagged; a plan of another patient never', () => {
    const r = none([plan('lone', { category: undefined })]);
    assert.equal(r.ppcs?.reference, 'CarePlan/lone');
    assert.ok(r.issues.some((i) => /no category/.test(i.problem)));
    const foreign = none([plan('foreign', { subject: { reference: 'Patient/pat-dubois' } })]);
    assert.equal(foreign.ppcs, undefined);
    assert.ok(foreign.issues.some((i) => /another patient/.test(i.problem)));
  });

  test('a Task pointing at another patient’s plan is ignored and reported; one of another of this patient’s plans is ignored quietly', () => {
    const ppcs = plan('ppcs', {});
    const wound = plan('wound-care', { category: [{ text: 'Soins de plaie' }] });
    const task = (id: string, basedOn: string): Task => ({ resourceType: 'Task', id, status: 'requested', intent: 'plan', for: { reference: 'Patient/pat-martin' }, basedOn: [{ reference: basedOn }], description: id });
    const r = selectPpcsActions([ppcs, wound], [task('mine', 'CarePlan/ppcs'), task('other-plan', 'CarePlan/wound-care'), task('foreign', 'CarePlan/of-dubois')], { patient: 'Patient/pat-martin' });
    assert.deepEqual(r.actions.map((a) => (a.type === 'task' ? a.task.id : a.index)).filter((x) => typeof x === 'string'), ['mine']);
    assert.ok(r.issues.some((i) => i.resource === 'Task/foreign' && /not one of this patient/.test(i.problem)), 'the foreign plan is reported');
    assert.ok(!r.issues.some((i) => i.resource === 'Task/other-plan'), 'another plan of the patient is not an error');
  });

  test('dangling references are flagged and shown as unavailable; missing statuses flagged', () => {
    const p = plan('p', {
      addresses: [{ reference: 'Condition/gone', display: 'Besoin supprimé' }],
      goal: [{ reference: 'Goal/gone' }],
      careTeam: [{ reference: 'CareTeam/gone' }],
      author: { reference: 'PractitionerRole/gone', display: 'Dr Absent' },
      activity: [
        { reference: { reference: 'Task/gone' } },
        { detail: { status: undefined as never, description: 'Sans statut' } },
        { detail: { status: 'entered-in-error', description: 'Erreur' } },
        {},
      ],
    });
    const r = none([p]);
    assert.equal(r.ppcs?.needs[0]?.unresolved, true);
    assert.equal(r.ppcs?.needs[0]?.text, 'Besoin supprimé');
    assert.equal(r.ppcs?.goals[0]?.unresolved, true);
    assert.deepEqual(r.ppcs?.actors, []);
    assert.deepEqual(r.ppcs?.referent, { reference: 'PractitionerRole/gone', name: 'Dr Absent', unresolved: true });
    assert.deepEqual(r.ppcs?.actions.map((a) => [a.description, a.status, a.statusKnown]), [['Sans statut', 'todo', false]]);
    for (const p of [/need Condition\/gone/, /goal Goal\/gone/, /care team CareTeam\/gone/, /Task\/gone/, /unknown status/, /entered in error/, /neither detail nor reference/]) {
      assert.ok(r.issues.some((i) => p.test(i.problem)), `issue ${p}`);
    }
  });

  test('tasks of another plan or patient are left out even when the server returns them', () => {
    const t = (id: string, extra: Partial<Task>): Task => ({ resourceType: 'Task', id, status: 'requested', intent: 'plan', description: id, ...extra });
    const r = mapPpcs(
      {
        carePlans: [plan('p')],
        tasks: [
          t('mine', { basedOn: [{ reference: 'CarePlan/p' }], for: { reference: PATIENT } }),
          t('other-plan', { basedOn: [{ reference: 'CarePlan/q' }], for: { reference: PATIENT } }),
          t('other-patient', { basedOn: [{ reference: 'CarePlan/p' }], for: { reference: 'Patient/pat-dubois' } }),
        ],
      },
      lookup,
      { now: NOW, patient: PATIENT },
    );
    assert.deepEqual(r.ppcs?.actions.map((a) => a.key), ['Task/mine']);
    assert.ok(r.issues.some((i) => i.resource === 'Task/other-patient'));
  });

  test('without an author, the referent is the care manager of the plan team’s pathway', () => {
    const p = plan('p', { careTeam: [{ reference: `CareTeam/${IDS.ctDac}` }] });
    const r = mapPpcs({ carePlans: [p], pathways: ofType('EpisodeOfCare') }, lookup, { now: NOW, patient: PATIENT });
    assert.equal(r.ppcs?.referentSource, 'care-manager');
    assert.equal(r.ppcs?.referent?.reference, `PractitionerRole/${IDS.roleCoord}`);
  });
});
