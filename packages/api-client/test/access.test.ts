import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CareTeam, DocumentReference, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import {
  CareCircleIndex,
  CONFIDENTIALITY_SYSTEM,
  decideAccess,
  DEFAULT_ACCESS_MATRIX,
  MASK_SYSTEM,
  MASK_SYSTEM_NOS,
  normalizeProfession,
  readSecurity,
  viewerKind,
  type AccessMatrix,
} from '../src/access.ts';
import { lookupFrom } from '../src/model/common.ts';

const GP = { user: 'PractitionerRole/role-gp', profession: '10' };
const NURSE = { user: 'PractitionerRole/role-idel', profession: '60' };
const PHARMACIST = { user: 'PractitionerRole/role-pharm', profession: '21' };
const KINE = { user: 'PractitionerRole/role-kine', profession: '70' };
const SOCIAL = { user: 'PractitionerRole/role-social' };
const PATIENT = { user: 'Patient/pat-martin' };
const PARENT = { user: 'RelatedPerson/rp-1' };

const directory: Resource[] = [
  { resourceType: 'PractitionerRole', id: 'role-gp', practitioner: { reference: 'Practitioner/prac-gp' } },
  { resourceType: 'PractitionerRole', id: 'role-gp-msp', practitioner: { reference: 'Practitioner/prac-gp' } },
  { resourceType: 'PractitionerRole', id: 'role-idel', practitioner: { reference: 'Practitioner/prac-idel' } },
  { resourceType: 'PractitionerRole', id: 'role-social', practitioner: { reference: 'Practitioner/prac-social' } },
];
const lookup = lookupFrom(directory);

function doc(loinc: string | undefined, extra: Partial<DocumentReference> = {}): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: 'd1',
    status: 'current',
    type: loinc ? { coding: [{ system: 'http://loinc.org', code: loinc }] } : undefined,
    author: [{ reference: 'PractitionerRole/role-author' }],
    content: [{ attachment: { url: 'Binary/b1' } }],
    ...extra,
  };
}
const mask = (code: string, system = MASK_SYSTEM) => ({ securityLabel: [{ coding: [{ system, code }] }] });
const conf = (code: string) => ({ securityLabel: [{ coding: [{ system: CONFIDENTIALITY_SYSTEM, code }] }] });

describe('access matrix (profession × document type)', () => {
  test('a physician sees a lab report; a physiotherapist and a social worker do not (reason matrix)', () => {
    const lab = doc('11502-2');
    assert.deepEqual(decideAccess(lab, GP), { visible: true, reason: 'allowed' });
    assert.deepEqual(decideAccess(lab, KINE), { visible: false, reason: 'matrix' });
    assert.deepEqual(decideAccess(lab, SOCIAL), { visible: false, reason: 'matrix' });
  });

  test('coordination documents are open to non-health actors; prescriptions are not', () => {
    for (const code of ['51848-0', '28653-4', '57133-1', '18776-5']) {
      assert.equal(decideAccess(doc(code), SOCIAL).visible, true, code);
    }
    assert.equal(decideAccess(doc('57833-6'), SOCIAL).reason, 'matrix');
    assert.equal(decideAccess(doc('57833-6'), PHARMACIST).visible, true);
  });

  test('an unknown or missing type is shown to physicians only (reason unknown-type)', () => {
    assert.equal(decideAccess(doc('99999-9'), GP).visible, true);
    assert.deepEqual(decideAccess(doc('99999-9'), NURSE), { visible: false, reason: 'unknown-type' });
    assert.deepEqual(decideAccess(doc(undefined), SOCIAL), { visible: false, reason: 'unknown-type' });
    // A non-LOINC coding is no type for the matrix.
    const local = doc(undefined, { type: { coding: [{ system: 'urn:local', code: '11502-2' }] } });
    assert.equal(decideAccess(local, NURSE).reason, 'unknown-type');
  });

  test('an unknown profession code, or none, gets the non-health column', () => {
    assert.equal(viewerKind({ user: 'Practitioner/x', profession: '99' }), 'non-health');
    assert.equal(viewerKind({}), 'non-health');
    assert.equal(decideAccess(doc('11488-4'), { user: 'Practitioner/x', profession: '99' }).reason, 'matrix');
    assert.equal(decideAccess(doc('18776-5'), {}).visible, true);
  });

  test('profession codes are read in their usual spellings', () => {
    assert.equal(normalizeProfession(' 10 '), '10');
    assert.equal(normalizeProfession('G15_60'), '60');
    assert.equal(normalizeProfession('urn:oid:1.2.250.1.71.1.2.7|21'), '21');
    assert.equal(normalizeProfession('médecin'), undefined);
  });

  test('the host can pass its own matrix', () => {
    const matrix: AccessMatrix = {
      professions: { '10': 'Médecin', '60': 'Infirmier' },
      types: { '11502-2': { professions: ['60'], nonHealth: false } },
      unknownType: { professions: [], nonHealth: false },
    };
    assert.equal(decideAccess(doc('11502-2'), NURSE, { matrix }).visible, true);
    assert.equal(decideAccess(doc('11502-2'), GP, { matrix }).reason, 'matrix');
    assert.equal(decideAccess(doc('99999-9'), GP, { matrix }).reason, 'unknown-type');
    // A malformed host matrix hides rather than throws.
    const broken = { professions: { '10': 'Médecin' }, types: { '11502-2': {} }, unknownType: undefined } as unknown as AccessMatrix;
    assert.equal(decideAccess(doc('11502-2'), GP, { matrix: broken }).visible, false);
  });

  test('the default matrix cannot be changed by accident', () => {
    assert.throws(() => {
      (DEFAULT_ACCESS_MATRIX.types as Record<string, unknown>)['11502-2'] = { professions: [], nonHealth: true };
    });
  });
});

describe('masking labels', () => {
  test('MASQUE_PS hides from health professionals and non-health actors, not from the patient', () => {
    const masked = doc('11488-4', mask('MASQUE_PS'));
    assert.deepEqual(decideAccess(masked, GP), { visible: false, reason: 'masked', mask: 'MASQUE_PS' });
    assert.equal(decideAccess(masked, SOCIAL).reason, 'masked');
    assert.equal(decideAccess(masked, PATIENT).visible, true);
  });

  test('the NOS URL of the label system is read as the OID', () => {
    assert.equal(decideAccess(doc('11488-4', mask('MASQUE_PS', MASK_SYSTEM_NOS)), GP).reason, 'masked');
    assert.equal(decideAccess(doc('11488-4', mask('MASQUE_PS', 'urn:other')), GP).visible, true);
  });

  test('INVISIBLE_PATIENT hides from the patient and legal representatives, not from professionals', () => {
    const d = doc('11488-4', mask('INVISIBLE_PATIENT'));
    assert.deepEqual(decideAccess(d, PATIENT), { visible: false, reason: 'masked', mask: 'INVISIBLE_PATIENT' });
    assert.equal(decideAccess(d, PARENT).reason, 'masked');
    assert.equal(decideAccess(d, GP).visible, true);
    assert.equal(readSecurity(d).invisibleToPatient, true);
  });

  test('INVISIBLE_REPRESENTANTS_LEGAUX hides from legal representatives only', () => {
    const d = doc('11488-4', mask('INVISIBLE_REPRESENTANTS_LEGAUX'));
    assert.deepEqual(decideAccess(d, PARENT), { visible: false, reason: 'masked', mask: 'INVISIBLE_REPRESENTANTS_LEGAUX' });
    assert.equal(decideAccess(d, PATIENT).visible, true);
    assert.equal(decideAccess(d, GP).visible, true);
  });

  test('labels in meta.security count too', () => {
    const d = doc('11488-4', { meta: { security: [{ system: MASK_SYSTEM, code: 'MASQUE_PS' }] } });
    assert.equal(decideAccess(d, GP).reason, 'masked');
  });
});

describe('the author always sees their own document', () => {
  test('same reference, even when masked, very restricted or outside the matrix', () => {
    const d = doc('11502-2', { author: [{ reference: 'PractitionerRole/role-social' }], ...mask('MASQUE_PS') });
    d.securityLabel!.push({ coding: [{ system: CONFIDENTIALITY_SYSTEM, code: 'V' }] });
    assert.deepEqual(decideAccess(d, SOCIAL), { visible: true, reason: 'author' });
  });

  test('a PractitionerRole viewer matches a Practitioner author, and another role of the same person', () => {
    const byPerson = doc('11502-2', { author: [{ reference: 'Practitioner/prac-gp' }], ...conf('V') });
    assert.equal(decideAccess(byPerson, GP, { lookup }).reason, 'author');
    assert.equal(decideAccess(byPerson, GP).reason, 'confidential-very-restricted', 'without the lookup the role is not linked');
    const byOtherRole = doc('11502-2', { author: [{ reference: 'PractitionerRole/role-gp-msp' }], ...conf('V') });
    assert.equal(decideAccess(byOtherRole, GP, { lookup }).reason, 'author');
    assert.equal(decideAccess(byOtherRole, { user: 'Practitioner/prac-gp', profession: '10' }, { lookup }).reason, 'author');
  });

  test('an organisation author does not make its members authors', () => {
    const d = doc('11502-2', { author: [{ reference: 'Organization/org-chu' }], ...conf('V') });
    assert.equal(decideAccess(d, GP, { lookup }).visible, false);
  });
});

describe('confidentiality', () => {
  const episodes: EpisodeOfCare[] = [
    { resourceType: 'EpisodeOfCare', id: 'eoc-dac', status: 'active', patient: { reference: 'Patient/p' }, team: [{ reference: 'CareTeam/ct-dac' }] },
    { resourceType: 'EpisodeOfCare', id: 'eoc-irc', status: 'active', patient: { reference: 'Patient/p' }, team: [{ reference: 'CareTeam/ct-irc' }] },
  ];
  const teams: CareTeam[] = [
    {
      resourceType: 'CareTeam', id: 'ct-dac', status: 'active',
      participant: [
        { member: { reference: 'Practitioner/prac-gp' } },
        { member: { reference: 'PractitionerRole/role-social' } },
        { member: { reference: 'PractitionerRole/role-idel' }, period: { start: '2020-01-01', end: '2021-01-01' } },
      ],
    },
    { resourceType: 'CareTeam', id: 'ct-irc', status: 'active', participant: [{ member: { reference: 'PractitionerRole/role-pharm' } }] },
  ];
  const circle = new CareCircleIndex(episodes, teams, new Date('2025-01-01'));

  test('R opens the document to current members of its pathway care circle only', () => {
    const social = doc('28653-4', conf('R'));
    const members = circle.membersFor(['EpisodeOfCare/eoc-dac']);
    assert.equal(decideAccess(social, GP, { lookup, careCircle: members }).visible, true, 'member as a Practitioner');
    assert.equal(decideAccess(social, SOCIAL, { lookup, careCircle: members }).visible, true);
    assert.deepEqual(decideAccess(social, NURSE, { lookup, careCircle: members }), { visible: false, reason: 'confidential-restricted' }, 'former member');
    assert.equal(decideAccess(social, { ...PHARMACIST }, { careCircle: members }).reason, 'matrix');
  });

  test('R without a known care circle stays hidden; with no pathway every team counts', () => {
    const d = doc('11488-4', conf('R'));
    assert.equal(decideAccess(d, GP, { lookup }).reason, 'confidential-restricted');
    assert.equal(decideAccess(d, PHARMACIST, { careCircle: circle.membersFor([]) }).visible, true);
    assert.equal(decideAccess(d, PATIENT).visible, true, 'the patient reads restricted documents about them');
  });

  test('V opens the document to its authors and an explicit list only', () => {
    const d = doc('11488-4', conf('V'));
    assert.deepEqual(decideAccess(d, GP, { lookup }), { visible: false, reason: 'confidential-very-restricted' });
    assert.equal(decideAccess(d, PATIENT).reason, 'confidential-very-restricted');
    const readers = () => ['Practitioner/prac-gp'];
    assert.equal(decideAccess(d, GP, { lookup, veryRestrictedReaders: readers }).visible, true);
    // The explicit list does not override the matrix.
    assert.equal(decideAccess(doc('11502-2', conf('V')), KINE, { veryRestrictedReaders: () => [KINE.user] }).reason, 'matrix');
  });

  test('the most restrictive confidentiality wins; other codes read as normal', () => {
    const both = doc('11488-4', { securityLabel: [{ coding: [{ system: CONFIDENTIALITY_SYSTEM, code: 'R' }, { system: CONFIDENTIALITY_SYSTEM, code: 'V' }] }] });
    assert.equal(readSecurity(both).confidentiality, 'very-restricted');
    assert.equal(readSecurity(doc('11488-4', conf('L'))).confidentiality, 'normal');
    assert.equal(readSecurity(doc('11488-4')).confidentiality, 'normal');
  });

  test('a masked document reports masked before anything else', () => {
    const d = doc('11502-2', { securityLabel: [{ coding: [{ system: MASK_SYSTEM, code: 'MASQUE_PS' }, { system: CONFIDENTIALITY_SYSTEM, code: 'V' }] }] });
    assert.equal(decideAccess(d, KINE).reason, 'masked');
  });

  test('malformed labels and authors never throw', () => {
    const d = { resourceType: 'DocumentReference', securityLabel: [null, { coding: 'x' }], author: [null, {}], type: { coding: [null] } } as unknown as DocumentReference;
    assert.equal(decideAccess(d, NURSE).reason, 'unknown-type');
    assert.deepEqual(decideAccess(d, GP), { visible: true, reason: 'allowed' });
  });
});
