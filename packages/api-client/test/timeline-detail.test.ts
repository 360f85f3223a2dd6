/**
 * The timeline's detail views (pure mappers) and the list shapes they rely on: a report of an
 * unknown category is a report; a PPCS action of the patient's plan carries "all pathways" once;
 * documents and results name their encounter; the reader falls back when history is refused.
 *   TZ=Europe/Paris node --import tsx --import ./packages/api-client/test/fixed-clock.ts --test packages/api-client/test/timeline-detail.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CarePlan, DiagnosticReport, Encounter, EpisodeOfCare, ImagingStudy, Observation, Resource, Task } from '@medplum/fhirtypes';
import { syntheaHistoryAndPhysicalNote } from '../../dev-server/src/fixtures/real-world.ts';
import { seedResources } from '../../dev-server/src/seed/record.ts';
import { lookupFrom } from '../src/model/common.ts';
import { mapPathways, PathwayIndex } from '../src/model/pathways.ts';
import { mapDiagnosticReportToTimelineItem, mapDocumentReferenceToTimelineItem, mapPpcsActions, type TimelineContext } from '../src/model/timeline.ts';
import {
  detailReferences,
  mapActionDetail,
  mapActivityDetail,
  mapEncounterDetail,
  mapImagingStudyDetail,
  mapReportDetail,
} from '../src/model/timeline-detail.ts';
import { readTimelineDetail } from '../src/feeds/timeline-detail.ts';
import { CoordClient } from '../src/client.ts';

const NOW = Date.parse('2025-04-01T10:00:00Z');
const directory: Resource[] = [
  { resourceType: 'Practitioner', id: 'pr1', name: [{ family: 'Lefèvre', given: ['Claire'], prefix: ['Dr'] }] },
  { resourceType: 'PractitionerRole', id: 'role1', practitioner: { reference: 'Practitioner/pr1' }, code: [{ text: 'Médecin traitant' }] },
  { resourceType: 'Location', id: 'loc-a', name: 'UF Oncologie' },
  { resourceType: 'Location', id: 'loc-b', name: 'UF Néphrologie' },
  { resourceType: 'Organization', id: 'chu', name: 'CHU de Rennes' },
];
const lookup = lookupFrom(directory);

describe('detail of an encounter', () => {
  const stay: Encounter = {
    resourceType: 'Encounter', id: 'enc1', status: 'in-progress', class: { code: 'IMP', display: 'Hospitalisation' },
    type: [{ text: 'Hospitalisation complète' }], reasonCode: [{ text: 'Fièvre' }, { text: 'Altération de l’état général' }],
    period: { start: '2025-03-01T02:00:00Z', end: '2025-03-10T11:00:00Z' }, serviceProvider: { reference: 'Organization/chu' },
    participant: [{ individual: { reference: 'PractitionerRole/role1' }, type: [{ text: 'Médecin responsable' }] }, { individual: { reference: 'Practitioner/gone' } }],
    location: [
      { location: { reference: 'Location/loc-b' }, status: 'active', period: { start: '2025-03-05T10:00:00Z', end: '2025-03-10T11:00:00Z' } },
      { location: { reference: 'Location/loc-a' }, status: 'completed', period: { start: '2025-03-01T02:00:00Z', end: '2025-03-05T10:00:00Z' } },
      { location: { reference: 'Location/nowhere' } },
    ],
  };

  test('movements oldest first with their periods; a finished period wins over a stale "active"', () => {
    const d = mapEncounterDetail(stay, lookup, NOW);
    assert.equal(d.type, 'encounter');
    if (d.type !== 'encounter') return;
    assert.deepEqual(d.movements.map((m) => [m.unit, m.start, m.end, m.statusKey]), [
      ['UF Oncologie', '2025-03-01T02:00:00Z', '2025-03-05T10:00:00Z', undefined],
      ['UF Néphrologie', '2025-03-05T10:00:00Z', '2025-03-10T11:00:00Z', undefined],
    ]);
    assert.equal(d.statusKey, undefined, 'ended stay is not "in progress"');
    assert.deepEqual(d.participants.map((p) => [p.actor.name, p.role]), [['Dr Claire Lefèvre', 'Médecin responsable']]);
    assert.deepEqual([d.title, d.className, d.provider?.name, d.reasons], ['Hospitalisation complète', 'Hospitalisation', 'CHU de Rennes', ['Fièvre', 'Altération de l’état général']]);
  });

  test('names what it needs read: units, people, provider', () => {
    assert.deepEqual(detailReferences(stay).sort(), ['Location/loc-a', 'Location/loc-b', 'Location/nowhere', 'Organization/chu', 'Practitioner/gone', 'PractitionerRole/role1']);
  });
});

describe('detail of a result', () => {
  const obs = (id: string, extra: Partial<Observation>): Observation => ({ resourceType: 'Observation', id, status: 'final', code: { text: id }, ...extra });
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport', id: 'dr', status: 'final', code: { text: 'Bilan rénal' }, effectiveDateTime: '2025-03-02T06:30:00Z',
    conclusion: `Insuffisance rénale chronique stade 4 stable. ${'Détail. '.repeat(80)}FIN`,
    result: [{ reference: 'Observation/creat' }, { reference: '#k' }, { reference: 'Observation/missing', display: 'Hémoglobine' }],
    contained: [obs('k', { code: { text: 'Potassium' }, valueQuantity: { value: 4.9, unit: 'mmol/L' }, referenceRange: [{ low: { value: 3.5, unit: 'mmol/L' }, high: { value: 5, unit: 'mmol/L' } }] })],
    imagingStudy: [{ reference: 'ImagingStudy/ct' }],
    performer: [{ reference: 'Organization/chu' }],
  };
  const creat = obs('creat', { code: { text: 'Créatinine' }, valueQuantity: { value: 198, unit: 'µmol/L' }, interpretation: [{ coding: [{ code: 'H' }] }] });
  const study: ImagingStudy = {
    resourceType: 'ImagingStudy', id: 'ct', status: 'available', subject: { reference: 'Patient/p' }, description: 'Scanner TAP',
    modality: [{ code: 'CT', display: 'Computed Tomography' }], numberOfSeries: 2, numberOfInstances: 412,
    series: [
      { uid: '1', number: 1, modality: { code: 'CT' }, description: 'Thorax', numberOfInstances: 186, bodySite: { display: 'Thoracic structure' } },
      { uid: '2', number: 2, modality: { code: 'CT' }, description: 'Abdomen et pelvis', numberOfInstances: 226 },
    ],
  };

  test('the conclusion in full, results (read, contained, unreadable) with values, ranges and flags', () => {
    const d = mapReportDetail(report, lookupFrom([...directory, creat, study]));
    if (d.type !== 'report') return assert.fail(d.type);
    assert.ok(d.conclusion?.endsWith('FIN'), 'not cut to one line');
    assert.deepEqual(d.results.map((r) => [r.name, r.value?.number, r.value?.unit, r.flag, r.unresolved ?? false]), [
      ['Créatinine', 198, 'µmol/L', 'high', false],
      ['Potassium', 4.9, 'mmol/L', undefined, false],
      ['Hémoglobine', undefined, undefined, undefined, true],
    ]);
    assert.deepEqual(d.results[1]?.range, { low: 3.5, high: 5, unit: 'mmol/L', text: undefined });
    assert.deepEqual(d.performers.map((p) => p.name), ['CHU de Rennes']);
    assert.deepEqual([d.studies[0]?.title, d.studies[0]?.series.length], ['Scanner TAP', 2]);
  });

  test('an imaging study: series with modality, body site and instance counts', () => {
    const d = mapImagingStudyDetail(study, lookup);
    if (d.type !== 'imaging') return assert.fail(d.type);
    assert.deepEqual([d.study.modalities, d.study.seriesCount, d.study.instances], [['Computed Tomography', 'CT'], 2, 412]);
    assert.deepEqual(d.study.series[0], { number: 1, modality: 'CT', description: 'Thorax', bodySite: 'Thoracic structure', instances: 186 });
  });

  test('Synthea’s "History and physical note" is a report ("report" kind) whose text is a presented form', () => {
    const note = syntheaHistoryAndPhysicalNote('Patient/p', 'Encounter/enc1', '2025-03-02T09:00:00-05:00');
    const item = mapDiagnosticReportToTimelineItem(note, { lookup })!;
    assert.deepEqual([item.kind, item.title, item.encounter], ['report', 'History and physical note', 'Encounter/enc1']);
    const d = mapReportDetail(note, lookup);
    if (d.type !== 'report') return assert.fail(d.type);
    assert.equal(d.forms.length, 1);
    assert.equal(d.forms[0]?.inline, true);
    assert.match(d.forms[0]?.contentType ?? '', /^text\/plain/);
  });
});

describe('detail of a PPCS action', () => {
  const task = (v: string, status: Task['status'], at: string, extra: Partial<Task> = {}): Task => ({
    resourceType: 'Task', id: 't', status, intent: 'plan', description: 'Dossier APA', meta: { versionId: v, lastUpdated: at },
    owner: { reference: 'PractitionerRole/role1' }, restriction: { period: { end: '2025-03-25T18:00:00Z' } }, ...extra,
  });

  test('status history from the versions, one step per change, oldest first', () => {
    const versions = [
      task('3', 'in-progress', '2025-03-12T09:00:00Z', { statusReason: { text: 'Dossier envoyé' } }),
      task('1', 'requested', '2025-03-01T09:00:00Z'),
      task('2', 'requested', '2025-03-05T09:00:00Z'),
    ];
    const d = mapActionDetail(versions[0]!, versions, lookup, NOW);
    if (d.type !== 'action') return assert.fail(d.type);
    assert.deepEqual(d.history.map((s) => [s.statusKey, s.at, s.reason]), [
      ['todo', '2025-03-01T09:00:00Z', undefined],
      ['in-progress', '2025-03-12T09:00:00Z', 'Dossier envoyé'],
    ]);
    assert.deepEqual([d.historyFrom, d.statusKey, d.owner?.name], ['history', 'overdue', 'Dr Claire Lefèvre']);
  });

  test('without history: the current status and its date', () => {
    const d = mapActionDetail(task('1', 'completed', '2025-03-20T09:00:00Z', { lastModified: '2025-03-19T17:00:00Z' }), undefined, lookup, NOW);
    if (d.type !== 'action') return assert.fail(d.type);
    assert.deepEqual([d.historyFrom, d.history.map((s) => [s.statusKey, s.at])], ['current', [['done', '2025-03-19T17:00:00Z']]]);
  });

  test('an inline care-plan activity: current status and dates', () => {
    const plan: CarePlan = {
      resourceType: 'CarePlan', id: 'cp', status: 'active', intent: 'plan', subject: { reference: 'Patient/p' },
      activity: [{ detail: { status: 'not-started', description: 'Visite ergothérapeute', scheduledPeriod: { end: '2025-04-20T18:00:00Z' }, performer: [{ reference: 'PractitionerRole/role1' }] } }],
    };
    const d = mapActivityDetail(plan, 0, lookup, NOW)!;
    if (d.type !== 'action') return assert.fail(d.type);
    assert.deepEqual([d.title, d.statusKey, d.due, d.owner?.name, d.historyFrom], ['Visite ergothérapeute', 'todo', '2025-04-20T18:00:00Z', 'Dr Claire Lefèvre', 'current']);
    assert.equal(mapActivityDetail(plan, 5, lookup, NOW), undefined);
  });
});

describe('list shapes for the detail and the chips', () => {
  test('an action of a plan shared by several pathways says "all pathways" once; one with its own encounter does not', () => {
    const eocs: EpisodeOfCare[] = ['e1', 'e2', 'e3'].map((id) => ({ resourceType: 'EpisodeOfCare', id, status: 'active', patient: { reference: 'Patient/p' }, team: [{ reference: 'CareTeam/ct' }] }));
    const enc: Encounter = { resourceType: 'Encounter', id: 'enc2', status: 'finished', class: { code: 'AMB' }, episodeOfCare: [{ reference: 'EpisodeOfCare/e2' }] };
    const pathways = mapPathways(eocs, lookup).items.map((p) => ({ ...p, careTeams: ['CareTeam/ct'] }));
    const ctx: TimelineContext = { lookup, pathways, index: new PathwayIndex([enc]), now: NOW };
    const plan: CarePlan = { resourceType: 'CarePlan', id: 'cp', status: 'active', intent: 'plan', subject: { reference: 'Patient/p' }, category: [{ coding: [{ code: 'ppcs' }] }], careTeam: [{ reference: 'CareTeam/ct' }] };
    const t = (id: string, extra: Partial<Task>): Task => ({ resourceType: 'Task', id, status: 'requested', intent: 'plan', for: { reference: 'Patient/p' }, basedOn: [{ reference: 'CarePlan/cp' }], restriction: { period: { end: '2025-05-01' } }, ...extra });
    const { items } = mapPpcsActions([plan], [t('wide', {}), t('own', { encounter: { reference: 'Encounter/enc2' } })], ctx);
    const wide = items.find((i) => i.id === 'Task/wide')!;
    const own = items.find((i) => i.id === 'Task/own')!;
    assert.equal(wide.acrossPathways, true);
    assert.equal(wide.pathways.length, 3, 'still found under each pathway’s filter');
    assert.equal(own.acrossPathways, undefined);
  });

  test('documents name their encounter; a hidden one does not', () => {
    const base = { resourceType: 'DocumentReference' as const, status: 'current' as const, date: '2025-03-09', content: [{ attachment: { title: 'CR' } }], context: { encounter: [{ reference: 'EpisodeOfCare/e1' }, { reference: 'Encounter/enc1' }] } };
    assert.equal(mapDocumentReferenceToTimelineItem({ ...base, id: 'd' }, { lookup })?.encounter, 'Encounter/enc1');
    const hidden = mapDocumentReferenceToTimelineItem({ ...base, id: 'h', securityLabel: [{ coding: [{ system: 'urn:oid:1.2.250.1.213.1.1.4.13', code: 'MASQUE_PS' }] }] }, { lookup })!;
    assert.deepEqual([hidden.hidden?.reason, hidden.encounter, hidden.reference], ['masked', undefined, '']);
  });
});

describe('reading a detail', () => {
  const seed = seedResources();
  const serve = (refuseHistory: boolean): CoordClient =>
    new CoordClient({
      baseUrl: 'https://fhir.test/R4',
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        const parts = url.pathname.replace('/R4/', '').split('/');
        const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json' } });
        if (init?.method === 'POST') return json({ resourceType: 'Bundle', type: 'batch-response', entry: [] });
        if (parts[2] === '_history') return refuseHistory ? json({ resourceType: 'OperationOutcome', issue: [] }, 405) : json({ resourceType: 'Bundle', type: 'history', entry: [] });
        const found = seed.filter((r) => r.resourceType === parts[0] && r.id === parts[1]).pop();
        return found ? json(found) : json({ resourceType: 'OperationOutcome', issue: [] }, 404);
      },
    });

  test('a Task whose server refuses _history still shows its current status', async () => {
    const task = seed.find((r): r is Task => r.resourceType === 'Task')!;
    const d = await readTimelineDetail(serve(true), { id: `Task/${task.id}`, kind: 'ppcs-action', reference: `Task/${task.id}` });
    assert.equal(d?.type, 'action');
    if (d?.type === 'action') assert.equal(d.historyFrom, 'current');
  });

  test('a hidden document or a pathway step reads nothing', async () => {
    let asked = 0;
    const client = new CoordClient({ baseUrl: 'https://fhir.test/R4', fetch: async () => (asked++, new Response('{}')) });
    assert.equal(await readTimelineDetail(client, { id: 'hidden:x', kind: 'document', reference: '', hidden: { reason: 'masked' } }), undefined);
    assert.equal(await readTimelineDetail(client, { id: 'EpisodeOfCare/e#start', kind: 'pathway-start', reference: 'EpisodeOfCare/e' }), undefined);
    assert.equal(asked, 0);
  });
});
