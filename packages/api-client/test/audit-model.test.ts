/**
 * The access-traces view model: who, what, action, outcome, emergency access and its reason.
 *   node --import tsx --test packages/api-client/test/audit-model.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import { IDS, seedResources } from '../../dev-server/src/seed/record.ts';
import { lookupFrom } from '../src/model/common.ts';
import { isBreakTheGlass, mapAccessTraces } from '../src/model/audit.ts';

const NOW = new Date('2026-03-15T10:00:00Z');
const seed = seedResources(NOW);
const lookup = lookupFrom(seed);
const PATIENT = `Patient/${IDS.patientMain}`;
const events = seed.filter((r) => r.resourceType === 'AuditEvent');
const event = (id: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  resourceType: 'AuditEvent', id, type: { code: 'rest' }, recorded: '2026-03-01T10:00:00Z', action: 'R', outcome: '0',
  agent: [{ who: { reference: `PractitionerRole/${IDS.roleGp}` }, requestor: true }],
  source: { observer: { display: 'x' } },
  entity: [{ what: { reference: PATIENT } }, { what: { reference: 'DocumentReference/d1' } }],
  ...extra,
});

describe('mapAccessTraces on the seed', () => {
  const { items, issues } = mapAccessTraces(events, lookup, { patient: PATIENT });
  const byId = new Map(items.map((t) => [t.id, t]));

  test('every trace maps, newest first, nothing flagged', () => {
    assert.deepEqual(issues, []);
    assert.equal(items.length, 6);
    assert.ok(items.every((t, i) => i === 0 || (t.time ?? 0) <= (items[i - 1]?.time ?? 0)));
  });

  test('the emergency access is flagged with its reason, its actor and the three documents', () => {
    const btg = byId.get(IDS.auditBreakGlass);
    assert.equal(btg?.breakTheGlass, true);
    assert.match(btg?.reason ?? '', /bris de glace/);
    assert.equal(btg?.purpose, 'Bris de glace — accès en urgence');
    assert.equal(btg?.who?.name, 'Dr Karim Haddad');
    assert.equal(btg?.action, 'R');
    assert.deepEqual(btg?.what.map((w) => w.reference), [
      `DocumentReference/${IDS.docCrOnco}`, `DocumentReference/${IDS.docCrScanner}`, `DocumentReference/${IDS.docEvalDac}`,
    ]);
    assert.equal(items.filter((t) => t.breakTheGlass).length, 1);
  });

  test('a refused access is a failure with its reason; an update is U', () => {
    const denied = byId.get(IDS.auditDenied);
    assert.deepEqual([denied?.outcome, denied?.failed, denied?.who?.name], ['minor-failure', true, 'Nadia Benali']);
    assert.match(denied?.reason ?? '', /Accès refusé/);
    const update = byId.get('ae-maj-ppcs');
    assert.deepEqual([update?.action, update?.outcome, update?.failed], ['U', 'success', false]);
    assert.deepEqual(update?.what, [{ reference: `CarePlan/${IDS.carePlanPpcs}`, type: 'CarePlan', display: undefined }]);
  });
});

describe('mapAccessTraces on bad input', () => {
  test('break the glass is read from a BTG purpose of use too', () => {
    assert.equal(isBreakTheGlass(event('a', { agent: [{ requestor: true, purposeOfUse: [{ coding: [{ code: 'BTG' }] }] }] })), true);
    assert.equal(isBreakTheGlass(event('b', { purposeOfEvent: [{ coding: [{ code: 'TREAT' }] }] })), false);
  });

  test('missing action falls back to the interaction subtype; unknown ones are flagged', () => {
    const { items, issues } = mapAccessTraces(
      [
        event('u', { action: undefined, subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'update' }] }),
        event('x', { action: 'Z' as never }),
      ],
      lookup,
    );
    assert.deepEqual(items.map((t) => [t.id, t.action]), [['u', 'U'], ['x', undefined]]);
    assert.ok(issues.some((i) => i.resource === 'AuditEvent/x' && /unknown action/.test(i.problem)));
  });

  test('entities are never resolved: only their reference and display show', () => {
    const masked = event('m', { entity: [{ what: { reference: `DocumentReference/${IDS.docMasked}` } }] });
    const [trace] = mapAccessTraces([masked], lookup).items;
    assert.deepEqual(trace?.what, [{ reference: `DocumentReference/${IDS.docMasked}`, type: 'DocumentReference', display: undefined }]);
  });

  test('other patients, wrong types, no agent and no date are skipped or flagged, never thrown', () => {
    const { items, issues } = mapAccessTraces(
      [
        event('foreign', { entity: [{ what: { reference: 'Patient/pat-dubois' } }] }),
        { resourceType: 'Binary', id: 'b' } as Resource,
        event('noagent', { agent: [] as never, recorded: 'jamais', outcome: '99' as never }),
        event('patient-only', { entity: [{ what: { reference: PATIENT } }] }),
      ],
      lookup,
      { patient: PATIENT },
    );
    assert.deepEqual(items.map((t) => t.id), ['patient-only', 'noagent']);
    const noagent = items[1];
    assert.deepEqual([noagent?.who, noagent?.when, noagent?.outcome, noagent?.failed], [undefined, undefined, undefined, false]);
    assert.deepEqual(items[0]?.what.map((w) => w.reference), [PATIENT], 'the patient is shown when it is all there is');
    assert.equal(issues.length, 4);
  });
});
