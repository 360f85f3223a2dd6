/**
 * "Depuis ma dernière visite" as a pure model: the window (first visit = 7 days), what counts as
 * changed, the viewer's own changes left out, another patient's resources dropped, movements and
 * lab reports, badges per section, newest first.
 *   TZ=Europe/Paris node --import tsx --import ./packages/api-client/test/fixed-clock.ts --test packages/api-client/test/digest-model.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Resource } from '@medplum/fhirtypes';
import { clock } from '../src/clock.ts';
import { lookupFrom } from '../src/model/common.ts';
import { FIRST_VISIT_DAYS, digestWindow, lastUpdatedAfter, mapDigest } from '../src/model/digest.ts';
import { mapDocuments } from '../src/model/documents.ts';

const NOW = clock.now();
const HOUR = 3_600_000;
const SINCE = NOW - 24 * HOUR;
const PATIENT = 'Patient/p1';
const VIEWER = 'PractitionerRole/role-gp';
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();
const meta = (hoursAgo: number, versionId = '1') => ({ lastUpdated: at(hoursAgo), versionId });

const people: Resource[] = [
  { resourceType: 'PractitionerRole', id: 'role-gp', practitioner: { reference: 'Practitioner/gp' } },
  { resourceType: 'Practitioner', id: 'gp', name: [{ family: 'Lefèvre', given: ['Anne'] }] },
  { resourceType: 'Practitioner', id: 'idel', name: [{ family: 'Morel', given: ['Julie'] }] },
  { resourceType: 'Location', id: 'uf-ssr', name: 'SSR gériatrique' },
];
const lookup = lookupFrom(people);

const message = (id: string, hoursAgo: number, sender: string, text: string, subject = PATIENT): Resource =>
  ({ resourceType: 'Communication', id, status: 'completed', subject: { reference: subject }, sender: { reference: sender }, payload: [{ contentString: text }], meta: meta(hoursAgo) }) as Resource;

describe('digestWindow', () => {
  test('from the stored last visit; a first visit looks back 7 days and says so', () => {
    assert.deepEqual(digestWindow(SINCE, NOW), { since: SINCE, firstVisit: false });
    assert.deepEqual(digestWindow(undefined, NOW), { since: NOW - FIRST_VISIT_DAYS * 86_400_000, firstVisit: true });
  });
  test('a stored instant in the future (clock moved back) or unreadable is not trusted', () => {
    assert.equal(digestWindow(NOW + HOUR, NOW).since, NOW - 7 * 86_400_000);
    assert.equal(digestWindow(Number.NaN, NOW).firstVisit, true);
  });
  test('the search value is a strict "after" on the server stamp', () => {
    assert.equal(lastUpdatedAfter(Date.parse('2027-01-03T09:00:00Z')), 'gt2027-01-03T09:00:00.000Z');
  });
});

describe('mapDigest', () => {
  test('messages since the visit, from others only, newest first, about this patient only', () => {
    const { items, counts, issues } = mapDigest(
      {
        communications: [
          message('m-old', 30, 'Practitioner/idel', 'Avant la visite'),
          message('m-idel', 2, 'Practitioner/idel', 'Pansement refait.\nRAS'),
          message('m-mine', 1, 'Practitioner/gp', 'Merci'),
          message('m-other', 1, 'Practitioner/idel', 'Autre patient', 'Patient/p2'),
        ],
      },
      lookup,
      { since: SINCE, viewer: VIEWER, patient: PATIENT, now: NOW },
    );
    assert.deepEqual(items.map((i) => [i.reference, i.section, i.title, i.actor?.name]), [['Communication/m-idel', 'chat', 'Pansement refait.', 'Julie Morel']]);
    assert.equal(counts.chat, 1);
    assert.deepEqual(issues.map((i) => i.resource), ['Communication/m-other']);
  });

  test('PPCS actions with their state and whether new or changed; a PPCS plan change; other plans ignored', () => {
    const { items, counts } = mapDigest(
      {
        tasks: [
          { resourceType: 'Task', id: 't1', status: 'in-progress', intent: 'plan', description: 'Bilan nutritionnel', for: { reference: PATIENT }, owner: { reference: 'Practitioner/idel' }, meta: meta(3, '2') },
          { resourceType: 'Task', id: 't2', status: 'requested', intent: 'plan', description: 'Visite à domicile', for: { reference: PATIENT }, meta: meta(5) },
          { resourceType: 'Task', id: 't3', status: 'entered-in-error', intent: 'plan', for: { reference: PATIENT }, meta: meta(4) },
        ],
        carePlans: [
          { resourceType: 'CarePlan', id: 'ppcs', status: 'active', intent: 'plan', title: 'PPCS', category: [{ coding: [{ code: 'ppcs' }] }], subject: { reference: PATIENT }, meta: meta(6, '4') },
          { resourceType: 'CarePlan', id: 'other', status: 'active', intent: 'plan', subject: { reference: PATIENT }, meta: meta(6) },
        ],
      },
      lookup,
      { since: SINCE, viewer: VIEWER, patient: PATIENT, now: NOW },
    );
    assert.deepEqual(items.map((i) => [i.reference, i.kind, i.status, i.change]), [
      ['Task/t1', 'ppcs-action', 'in-progress', 'updated'],
      ['Task/t2', 'ppcs-action', 'todo', 'new'],
      ['CarePlan/ppcs', 'ppcs-plan', undefined, 'updated'],
    ]);
    assert.equal(counts.ppcs, 3);
  });

  test('unit movements: those that started since, else the current unit; lab reports only (not imaging)', () => {
    const { items } = mapDigest(
      {
        encounters: [
          {
            resourceType: 'Encounter', id: 'hospit', status: 'in-progress', class: { code: 'IMP' }, subject: { reference: PATIENT }, meta: meta(2, '3'),
            location: [
              { location: { reference: 'Location/uf-onco', display: 'Oncologie' }, period: { start: at(72), end: at(4) } },
              { location: { reference: 'Location/uf-ssr' }, status: 'active', period: { start: at(4) } },
            ],
          },
          {
            resourceType: 'Encounter', id: 'late', status: 'finished', class: { code: 'IMP' }, subject: { reference: PATIENT }, meta: meta(1, '2'),
            location: [{ location: { display: 'Néphrologie' }, period: { start: at(100) } }],
          },
          { resourceType: 'Encounter', id: 'consult', status: 'finished', class: { code: 'AMB' }, subject: { reference: PATIENT }, meta: meta(1) },
        ],
        reports: [
          { resourceType: 'DiagnosticReport', id: 'bio', status: 'final', code: { text: 'Bilan sanguin' }, category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }], subject: { reference: PATIENT }, meta: meta(8) },
          { resourceType: 'DiagnosticReport', id: 'scan', status: 'final', code: { text: 'Scanner' }, category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD' }] }], subject: { reference: PATIENT }, meta: meta(8) },
        ],
      },
      lookup,
      { since: SINCE, viewer: VIEWER, patient: PATIENT, now: NOW },
    );
    assert.deepEqual(items.map((i) => [i.key, i.kind, i.title]), [
      ['Encounter/late#loc-0', 'movement', 'Néphrologie'],
      ['Encounter/hospit#loc-1', 'movement', 'SSR gériatrique'],
      ['DiagnosticReport/bio', 'lab', 'Bilan sanguin'],
    ]);
    assert.ok(items.every((i) => i.section === 'timeline'));
  });

  test('documents: only those the viewer may see, never their own; shared notes go to the notes section', () => {
    const doc = (id: string, hoursAgo: number, author: string, extra: Record<string, unknown> = {}): Resource =>
      ({ resourceType: 'DocumentReference', id, status: 'current', subject: { reference: PATIENT }, author: [{ reference: author }], date: at(hoursAgo), type: { coding: [{ system: 'http://loinc.org', code: '11488-4' }] }, content: [{ attachment: { contentType: 'application/pdf', url: `Binary/${id}`, title: `Titre ${id}` } }], meta: meta(hoursAgo), ...extra }) as Resource;
    const raw = [
      doc('d-idel', 3, 'Practitioner/idel'),
      doc('d-mine', 2, 'PractitionerRole/role-gp'),
      doc('d-masked', 1, 'Practitioner/idel', { securityLabel: [{ coding: [{ system: 'urn:oid:1.2.250.1.213.1.1.4.13', code: 'MASQUE_PS' }] }] }),
    ];
    const mapped = mapDocuments(raw, { lookup, viewer: { user: VIEWER, profession: '10' }, patient: PATIENT });
    assert.equal(mapped.hidden.length, 1, 'the masked document is hidden from this viewer');
    const documentMeta = new Map(raw.map((r) => [`DocumentReference/${r.id}`, { time: Date.parse(r.meta!.lastUpdated!), version: r.meta!.versionId }]));
    const note = { ...doc('n1', 1, 'Practitioner/idel'), content: [{ attachment: { contentType: 'text/markdown', title: 'Synthèse' } }] } as Resource;
    const { items, counts } = mapDigest({ documents: mapped.items, documentMeta, notes: [note] }, lookup, { since: SINCE, viewer: VIEWER, patient: PATIENT, now: NOW });
    assert.deepEqual(items.map((i) => [i.reference, i.section, i.title]), [
      ['DocumentReference/n1', 'notes', 'Synthèse'],
      ['DocumentReference/d-idel', 'documents', 'Titre d-idel'],
    ]);
    assert.deepEqual(counts, { documents: 1, notes: 1, chat: 0, ppcs: 0, timeline: 0 });
    assert.ok(!JSON.stringify(items).includes('d-masked'), 'nothing of the hidden document');
  });

  test('nothing changed: no item, every count zero', () => {
    const { items, counts } = mapDigest({ communications: [message('m', 48, 'Practitioner/idel', 'x')] }, lookup, { since: SINCE, now: NOW });
    assert.deepEqual(items, []);
    assert.deepEqual(Object.values(counts), [0, 0, 0, 0, 0]);
  });
});
