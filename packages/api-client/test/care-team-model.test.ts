/**
 * The care circle view model: one entry per person across teams and pathways.
 *   node --import tsx --test packages/api-client/test/care-team-model.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CareTeam, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { IDS, seedResources } from '../../dev-server/src/seed/record.ts';
import { lookupFrom } from '../src/model/common.ts';
import { mapCareCircle, type CareMemberView } from '../src/model/care-team.ts';

const NOW = new Date('2026-03-15T10:00:00Z');
const seed = seedResources(NOW);
const lookup = lookupFrom(seed);
const PATIENT = `Patient/${IDS.patientMain}`;
const patientResources = seed.filter(
  (r) =>
    (r.resourceType === 'CareTeam' && r.subject?.reference === PATIENT) ||
    (r.resourceType === 'EpisodeOfCare' && r.patient?.reference === PATIENT),
);
const find = (items: CareMemberView[], practitioner: string): CareMemberView | undefined =>
  items.find((m) => m.identities.includes(`Practitioner/${practitioner}`));

describe('mapCareCircle on the seed', () => {
  const { items, issues } = mapCareCircle(patientResources, lookup, { patient: PATIENT, now: NOW, viewer: `Practitioner/${IDS.pracIdel}` });

  test('one entry per person across five teams, all resolved', () => {
    assert.deepEqual(issues, []);
    assert.equal(items.length, 9);
    assert.equal(new Set(items.map((m) => m.key)).size, items.length);
    assert.ok(items.every((m) => m.actor.name && !m.actor.unresolved));
  });

  test('a member named by Practitioner in one team and by role in another is one person', () => {
    const radio = find(items, IDS.pracRadio);
    assert.equal(radio?.actor.reference, `PractitionerRole/${IDS.roleRadio}`, 'the role (with profession) is preferred');
    assert.deepEqual(radio?.teams.map((t) => t.reference).sort(), [`CareTeam/${IDS.ctCancer}`, `CareTeam/${IDS.ctPlaies}`].sort());
  });

  test('roles from participant.role, teams, pathways and care-manager duties', () => {
    const idel = find(items, IDS.pracIdel);
    assert.equal(idel?.actor.role, 'Infirmière libérale (IDEL)');
    assert.deepEqual(idel?.roles, ['Infirmière libérale (IDEL)', 'Infirmière référente plaies']);
    assert.ok(idel?.pathways.includes(`EpisodeOfCare/${IDS.eocPlaies}`));
    assert.ok(idel?.careManagerOf.includes(`EpisodeOfCare/${IDS.eocPlaies}`));
    assert.equal(idel?.mine, true);
    const coord = find(items, IDS.pracCoord);
    assert.deepEqual(coord?.careManagerOf, [`EpisodeOfCare/${IDS.eocDac}`]);
    assert.equal(coord?.actor.role, 'Référente de parcours');
    assert.equal(coord?.mine, false);
    assert.equal(find(items, IDS.pracGp)?.teams.length, 5);
  });
});

describe('mapCareCircle on bad input', () => {
  const team = (id: string, participant: CareTeam['participant'], extra: Partial<CareTeam> = {}): CareTeam => ({
    resourceType: 'CareTeam', id, status: 'active', subject: { reference: PATIENT }, participant, ...extra,
  });

  test('ended participations and inactive teams make a member inactive, listed last', () => {
    const { items } = mapCareCircle(
      [
        team('t1', [
          { member: { reference: `PractitionerRole/${IDS.roleGp}` }, role: [{ text: 'Médecin traitant' }], period: { end: '2026-01-01' } },
          { member: { reference: `PractitionerRole/${IDS.roleOnco}` }, role: [{ text: 'Oncologue' }] },
        ]),
        team('t2', [{ member: { reference: `PractitionerRole/${IDS.rolePharm}` } }], { status: 'inactive' }),
      ],
      lookup,
      { now: NOW },
    );
    assert.deepEqual(items.map((m) => [m.actor.name, m.active]), [
      ['Dr Hélène Moreau', true],
      ['Antoine Girard', false],
      ['Dr Claire Lefèvre', false],
    ]);
    assert.equal(items[1]?.actor.role, "Pharmacien d'officine", 'without a participant role, the PractitionerRole code');
  });

  test('missing and unresolved members, other patients and wrong types are flagged', () => {
    const pathway: EpisodeOfCare = {
      resourceType: 'EpisodeOfCare', id: 'e', status: 'active', patient: { reference: PATIENT },
      careManager: { reference: 'PractitionerRole/gone', display: 'Référente absente' }, team: [{ reference: 'CareTeam/t' }],
    };
    const { items, issues } = mapCareCircle(
      [
        team('t', [{ role: [{ text: 'Sans membre' }] }, { member: { display: 'Aide à domicile' } }]),
        team('foreign', [{ member: { reference: `PractitionerRole/${IDS.roleGp}` } }], { subject: { reference: 'Patient/pat-dubois' } }),
        team('void', [{ member: { reference: `PractitionerRole/${IDS.roleGp}` } }], { status: 'entered-in-error' }),
        pathway,
        { resourceType: 'Observation', id: 'o' } as Resource,
      ],
      lookup,
      { patient: PATIENT, now: NOW },
    );
    assert.deepEqual(items.map((m) => [m.actor.name, m.actor.unresolved, m.pathways]), [
      ['Aide à domicile', false, ['EpisodeOfCare/e']],
      ['Référente absente', true, ['EpisodeOfCare/e']],
    ]);
    for (const p of [/without a member/, /another patient/, /PractitionerRole\/gone did not resolve/, /not a CareTeam/]) {
      assert.ok(issues.some((i) => p.test(i.problem)), String(p));
    }
  });
});
