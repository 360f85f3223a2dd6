/**
 * The emergency-access trace (builder + write) and the access-log filters; the dev server's
 * emergency rule and its AuditEvent creates, in process.
 *   TZ=Europe/Paris node --import tsx --import ./packages/api-client/test/fixed-clock.ts --test packages/api-client/test/audit-write.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { IDS, seedResources } from '../../dev-server/src/seed/record.ts';
import { CoordClient } from '../src/client.ts';
import { lookupFrom } from '../src/model/common.ts';
import { accessTraceActors, filterAccessTraces, mapAccessTraces, mapAuditEvent } from '../src/model/audit.ts';
import { auditSearchParams, readAccessTraces } from '../src/readers/audit.ts';
import { emergencyAccessAuditEvent, MAX_EMERGENCY_REASON, writeEmergencyAccessAudit } from '../src/writes/build-audit.ts';

const PATIENT = `Patient/${IDS.patientMain}`;
const URG = `PractitionerRole/${IDS.roleUrgentiste}`;
const seed = seedResources(new Date('2026-03-15T10:00:00Z'));
const lookup = lookupFrom(seed);

describe('emergencyAccessAuditEvent', () => {
  const event = emergencyAccessAuditEvent({ patient: PATIENT, viewer: { user: URG, profession: '10' }, reason: '  Patiente inconsciente  ' }, new Date('2027-01-04T09:00:00Z'));

  test('a read of the patient, purpose BTG (v3 ActReason), agent = viewer, entity = patient, the reason kept', () => {
    assert.equal(event.action, 'R');
    assert.equal(event.recorded, '2027-01-04T09:00:00.000Z');
    assert.deepEqual(event.purposeOfEvent?.[0]?.coding?.[0], { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG', display: 'break the glass' });
    assert.equal(event.agent[0]?.who?.reference, URG);
    assert.equal(event.agent[0]?.requestor, true);
    assert.equal(event.agent[0]?.role?.[0]?.coding?.[0]?.code, '10');
    assert.equal(event.entity?.[0]?.what?.reference, PATIENT);
    assert.equal(event.outcomeDesc, 'Patiente inconsciente');
    assert.ok(event.source.observer, 'source.observer is required by FHIR');
  });

  test('the access log reads it back as an emergency access with its reason and actor', () => {
    const issues: never[] = [];
    const view = mapAuditEvent({ ...event, id: 'x' }, lookup, issues, { patient: PATIENT });
    assert.deepEqual([view?.breakTheGlass, view?.reason, view?.who?.name, view?.action], [true, 'Patiente inconsciente', 'Dr Karim Haddad', 'R']);
    assert.deepEqual(issues, []);
  });

  test('no reason, or no patient reference, is refused; a long reason is cut to the limit', () => {
    assert.throws(() => emergencyAccessAuditEvent({ patient: PATIENT, viewer: {}, reason: '   ' }), /reason/);
    assert.throws(() => emergencyAccessAuditEvent({ patient: 'urn:oid:1.2.250.1.213.1.4.8|123', viewer: {}, reason: 'x' }), /Patient/);
    const long = emergencyAccessAuditEvent({ patient: PATIENT, viewer: {}, reason: 'a'.repeat(5000) });
    assert.equal(long.outcomeDesc?.length, MAX_EMERGENCY_REASON);
    assert.equal(long.agent[0]?.who, undefined, 'no viewer reference: no agent.who, never an empty one');
  });
});

describe('access-log filters', () => {
  const { items } = mapAccessTraces(seed.filter((r) => r.resourceType === 'AuditEvent'), lookup, { patient: PATIENT });

  test('by action, emergency, actor and dates (a date-only end includes its day)', () => {
    assert.deepEqual(filterAccessTraces(items, { action: 'emergency' }).map((t) => t.id), [IDS.auditBreakGlass]);
    assert.deepEqual(filterAccessTraces(items, { action: 'update' }).map((t) => t.id), ['ae-maj-ppcs']);
    assert.equal(filterAccessTraces(items, { action: 'read' }).length, 5);
    assert.deepEqual(filterAccessTraces(items, { actor: `PractitionerRole/${IDS.rolePharm}` }).map((t) => t.who?.name), ['Antoine Girard']);
    const day = items.find((t) => t.id === 'ae-maj-ppcs')!.when!.slice(0, 10);
    assert.ok(filterAccessTraces(items, { since: day, until: day }).some((t) => t.id === 'ae-maj-ppcs'));
    assert.deepEqual(filterAccessTraces(items, { since: '2000-01-01', until: '2000-01-02' }), []);
  });

  test('the search parameters asked of the server; actors listed once each', () => {
    assert.deepEqual(auditSearchParams({ actor: URG, action: 'delete', since: '2026-01-01', until: '2026-02-01' }), {
      agent: URG, action: 'D', date: ['ge2026-01-01', 'le2026-02-01'],
    });
    assert.deepEqual(auditSearchParams({ action: 'emergency' }), {}, 'no standard parameter for emergency: filtered on each page');
    const actors = accessTraceActors(items);
    assert.equal(new Set(actors.map((a) => a.reference)).size, actors.length);
    assert.ok(actors.some((a) => a.name === 'Dr Karim Haddad'));
  });
});

describe('the dev server: emergency rule and AuditEvent creates', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer({ port: 0 });
  });
  after(() => server.close());

  test('the refused physician reads nothing without the header; with it he reads, and his trace is stored and read back', async () => {
    let headers: Record<string, string> = {};
    const client = new CoordClient({ baseUrl: server.baseUrl, getToken: () => `demo:${URG}`, retries: 0 });
    const scope = client.scope({ patient: PATIENT, viewer: { user: URG, profession: '10' } });
    await assert.rejects(readAccessTraces(scope, PATIENT), (err: { kind?: string }) => err.kind === 'forbidden');
    scope.use({ beforeRequest: (req) => void Object.assign(req.headers, headers) });
    headers = { 'X-Purpose-Of-Use': 'BTG' };
    const created = await writeEmergencyAccessAudit(scope, { patient: PATIENT, viewer: scope.viewer, reason: 'Arrêt cardio-respiratoire' });
    assert.ok(created.id, 'the server stored it');
    const page = await readAccessTraces(scope, PATIENT, { filter: { action: 'emergency' } });
    assert.ok(page.items.some((t) => t.id === created.id && t.reason === 'Arrêt cardio-respiratoire' && t.who?.name === 'Dr Karim Haddad'));
    const raw = (await (await fetch(`${server.baseUrl}/AuditEvent/${created.id}`, { headers: { Accept: 'application/fhir+json' } })).json()) as AuditEvent;
    assert.equal(raw.purposeOfEvent?.[0]?.coding?.[0]?.code, 'BTG');
    const bundle = (await (await fetch(`${server.baseUrl}/AuditEvent?agent=${URG}&_count=100`)).json()) as Bundle;
    assert.ok((bundle.entry ?? []).length >= 2, 'the server searches AuditEvent by agent');
  });

  test('the rule can be turned off, and never applies to the care circle', async () => {
    const off = await startDevServer({ port: 0, emergencyOnly: [] });
    try {
      const res = await fetch(`${off.baseUrl}/DocumentReference?patient=${PATIENT}`, { headers: { Authorization: `Bearer demo:${URG}` } });
      assert.equal(res.status, 200);
    } finally {
      await off.close();
    }
    const gp = await fetch(`${server.baseUrl}/CarePlan?patient=${PATIENT}`, { headers: { Authorization: `Bearer demo:PractitionerRole/${IDS.roleGp}` } });
    assert.equal(gp.status, 200);
  });
});
