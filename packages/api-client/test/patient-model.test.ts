import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ageInYears, mapPatientToSummary, validDate } from '../src/index.ts';
import { deceasedWithoutDate, hl7ExamplePatientAlive, syntheaDeceasedPatient } from '../../dev-server/src/fixtures/real-world.ts';

const NOW = new Date('2026-11-26T10:00:00');

describe('mapPatientToSummary', () => {
  test('maps name, birth date, age, INS and sex', () => {
    const s = mapPatientToSummary(
      {
        resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1945-06-12',
        name: [{ use: 'usual', family: 'Durand' }, { use: 'official', family: 'Martin', given: ['Jeanne', 'Marie'] }],
        identifier: [
          { system: 'urn:oid:1.2.250.1.213.1.4.9', value: 'NIA1' },
          { system: 'urn:oid:1.2.250.1.213.1.4.8', value: '2850675123456' },
        ],
      },
      NOW,
    );
    assert.deepEqual(s, {
      reference: 'Patient/p1', family: 'Martin', given: 'Jeanne Marie', birthDate: '1945-06-12', ageYears: 81,
      gender: 'female', ins: { kind: 'NIR', system: 'urn:oid:1.2.250.1.213.1.4.8', value: '2850675123456' }, problems: [],
    });
  });

  test('a malformed patient is flagged, not thrown', () => {
    const s = mapPatientToSummary(
      { resourceType: 'Patient', id: 'x', birthDate: '1945-02-30', name: 'oops' as never, identifier: [{ value: 3 } as never] },
      NOW,
    );
    assert.deepEqual(s.problems, ['name', 'birthDate', 'ins', 'gender']);
    assert.equal(s.gender, 'unknown');
    assert.equal(s.ageYears, undefined);
  });

  test('huge names are clipped', () => {
    const s = mapPatientToSummary({ resourceType: 'Patient', id: 'x', name: [{ family: 'A'.repeat(5000) }] }, NOW);
    assert.ok((s.family?.length ?? 0) <= 200);
  });

  test('age counts the birthday only once reached', () => {
    assert.equal(ageInYears('1945-11-26', NOW), 81);
    assert.equal(ageInYears('1945-11-27', NOW), 80);
    assert.equal(ageInYears('1945', NOW), 81);
    assert.equal(ageInYears('2030-01-01', NOW), undefined);
  });

  test('partial FHIR dates are valid, impossible ones are not', () => {
    assert.equal(validDate('1945'), '1945');
    assert.equal(validDate('1945-06'), '1945-06');
    assert.equal(validDate('1945-13-01'), undefined);
    assert.equal(validDate('12/06/1945'), undefined);
  });
});

describe('deceased patients (real-world shapes)', () => {
  const now = new Date('2027-01-04T10:00:00+01:00');

  test('a deceased patient is never given a living age: age at death, day of death as written', () => {
    const s = mapPatientToSummary(syntheaDeceasedPatient, now);
    assert.deepEqual(s.deceased, { date: '1994-11-11' });
    assert.equal(s.ageYears, 67, 'age at death, not 99');
  });

  test('deceasedBoolean true without a date: deceased, and no age at all', () => {
    const s = mapPatientToSummary(deceasedWithoutDate, now);
    assert.deepEqual(s.deceased, {});
    assert.equal(s.ageYears, undefined);
  });

  test('deceasedBoolean false (HL7 example patient) is a living patient', () => {
    const s = mapPatientToSummary(hl7ExamplePatientAlive, now);
    assert.equal(s.deceased, undefined);
    assert.equal(s.ageYears, 52);
  });
});
