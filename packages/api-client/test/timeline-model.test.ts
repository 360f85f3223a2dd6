/**
 * Timeline view models: every mapping and the bad input they must survive.
 *   node --import tsx --test packages/api-client/test/timeline-model.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CarePlan, DiagnosticReport, DocumentReference, Encounter, EpisodeOfCare, Resource, Task } from '@medplum/fhirtypes';
import { lookupFrom } from '../src/model/common.ts';
import { mapPathways, PathwayIndex } from '../src/model/pathways.ts';
import {
  mapCommunicationToTimelineItem,
  mapDiagnosticReportToTimelineItem,
  mapDocumentReferenceToTimelineItem,
  mapEncounterToTimelineItems,
  mapEpisodeOfCareToTimelineItems,
  mapImagingStudyToTimelineItem,
  mapPpcsActions,
  mapTimeline,
  reportKind,
  type TimelineContext,
} from '../src/model/timeline.ts';
import { seedResources } from '../../dev-server/src/seed/record.ts';

const directory: Resource[] = [
  { resourceType: 'Practitioner', id: 'pr1', name: [{ family: 'Lefèvre', given: ['Claire'], prefix: ['Dr'] }] },
  { resourceType: 'PractitionerRole', id: 'role1', practitioner: { reference: 'Practitioner/pr1' } },
  { resourceType: 'Location', id: 'loc-a', name: 'UF Oncologie' },
  { resourceType: 'Location', id: 'loc-b', name: 'UF Néphrologie' },
];
const eoc: EpisodeOfCare = {
  resourceType: 'EpisodeOfCare', id: 'e1', status: 'finished', patient: { reference: 'Patient/p' },
  type: [{ text: 'Plaies complexes' }], period: { start: '2025-01-10T09:00:00Z', end: '2025-06-01T17:00:00Z' },
  careManager: { reference: 'PractitionerRole/role1' }, team: [{ reference: 'CareTeam/ct1' }],
};
const stay: Encounter = {
  resourceType: 'Encounter', id: 'enc1', status: 'finished', class: { code: 'IMP' },
  type: [{ text: 'Hospitalisation complète' }], reasonCode: [{ text: 'Fièvre' }],
  period: { start: '2025-03-01T02:00:00Z', end: '2025-03-10T11:00:00Z' },
  episodeOfCare: [{ reference: 'EpisodeOfCare/e1' }], participant: [{ individual: { reference: 'PractitionerRole/role1' } }],
  location: [
    { location: { reference: 'Location/loc-b', display: 'ignored when the Location resolves' }, period: { start: '2025-03-05T10:00:00Z', end: '2025-03-10T11:00:00Z' } },
    { location: { reference: 'Location/loc-a' }, period: { start: '2025-03-01T02:00:00Z', end: '2025-03-05T10:00:00Z' } },
    { location: { reference: 'Location/loc-x' } },
  ],
};
const lookup = lookupFrom([...directory, eoc, stay]);
const ctx: TimelineContext = { lookup, index: new PathwayIndex([stay]), pathways: mapPathways([eoc], lookup).items, now: Date.parse('2025-04-01T00:00:00Z') };

function doc(extra: Partial<DocumentReference>): DocumentReference {
  return {
    resourceType: 'DocumentReference', id: 'd1', status: 'current', date: '2025-03-09T10:00:00Z',
    type: { text: "Compte rendu d'hospitalisation" }, description: 'Séjour en oncologie',
    author: [{ reference: 'PractitionerRole/role1' }], context: { encounter: [{ reference: 'Encounter/enc1' }] },
    content: [{ attachment: { title: 'CR du séjour', contentType: 'application/pdf' } }],
    ...extra,
  };
}

describe('timeline items from each resource', () => {
  test('a pathway gives a start and, when finished, an end item, both in its own lane', () => {
    const [start, end] = mapEpisodeOfCareToTimelineItems(eoc, ctx);
    assert.deepEqual([start?.kind, start?.id, start?.date], ['pathway-start', 'EpisodeOfCare/e1#start', '2025-01-10T09:00:00Z']);
    assert.deepEqual([end?.kind, end?.id, end?.date], ['pathway-end', 'EpisodeOfCare/e1#end', '2025-06-01T17:00:00Z']);
    assert.deepEqual(start?.pathways, ['EpisodeOfCare/e1']);
    assert.equal(start?.author?.name, 'Dr Claire Lefèvre');
    assert.equal(mapEpisodeOfCareToTimelineItems({ ...eoc, status: 'active', period: { start: '2025-01-10' } }, ctx).length, 1);
  });

  test('an encounter carries its unit movements as sub-items, oldest first after it', () => {
    const items = mapTimeline([stay], ctx).items;
    assert.deepEqual(items.map((i) => [i.kind, i.title]), [
      ['encounter', 'Hospitalisation complète'],
      ['movement', 'UF Oncologie'],
      ['movement', 'UF Néphrologie'],
    ]);
    const [enc, move] = items;
    assert.equal(enc?.subtitle, 'Fièvre');
    assert.equal(enc?.author?.name, 'Dr Claire Lefèvre');
    assert.deepEqual(enc?.pathways, ['EpisodeOfCare/e1']);
    assert.equal(move?.parent, enc?.id);
    assert.equal(move?.reference, 'Encounter/enc1');
    assert.equal(move?.end, '2025-03-05T10:00:00Z');
    assert.equal(mapEncounterToTimelineItems({ ...stay, status: 'planned' }, ctx)[0]?.statusKey, 'planned');
  });

  test('a document: attachment title, type as subtitle, pathway through its encounter', () => {
    const item = mapDocumentReferenceToTimelineItem(doc({}), ctx)!;
    assert.equal(item.kind, 'document');
    assert.equal(item.title, 'CR du séjour');
    assert.equal(item.subtitle, "Compte rendu d'hospitalisation");
    assert.deepEqual(item.pathways, ['EpisodeOfCare/e1']);
    const direct = mapDocumentReferenceToTimelineItem(doc({ context: { encounter: [{ reference: 'EpisodeOfCare/e9' }] } }), ctx)!;
    assert.deepEqual(direct.pathways, ['EpisodeOfCare/e9']);
    assert.deepEqual(mapDocumentReferenceToTimelineItem(doc({ context: {} }), ctx)!.pathways, [], 'no context: hors parcours');
  });

  test('a masked document keeps nothing but its reason: no title, type, author, date, pathway or id', () => {
    const masked = doc({ securityLabel: [{ coding: [{ system: 'urn:oid:1.2.250.1.213.1.1.4.13', code: 'MASQUE_PS' }] }] });
    const item = mapDocumentReferenceToTimelineItem(masked, ctx)!;
    assert.equal(item.masked, true);
    assert.equal(item.titleKey, 'masked');
    assert.equal(item.title, '');
    assert.equal(item.subtitle, undefined);
    assert.equal(item.author, undefined);
    assert.equal(item.date, undefined, 'a masked document keeps no date (docs/access-matrix.md)');
    assert.deepEqual(item.pathways, []);
    assert.equal(item.reference, '');
    assert.ok(!item.id.includes(masked.id!), 'an opaque key, not the id');
    assert.deepEqual(item.hidden, { reason: 'masked', mask: undefined });
    assert.ok(!JSON.stringify(item).includes('séjour'), 'nothing of the content leaks');
  });

  test('with a viewer, the timeline applies the same access rules as the documents element', () => {
    const type = { coding: [{ system: 'http://loinc.org', code: '18842-5' }], text: "Compte rendu d'hospitalisation" };
    const restricted = doc({ type, securityLabel: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] }] });
    // A nurse outside the document's care circle: hidden as restricted, with its date kept.
    const nurse = { ...ctx, access: { viewer: { user: 'Practitioner/stranger', profession: '60' } } };
    const hidden = mapDocumentReferenceToTimelineItem(restricted, nurse)!;
    assert.equal(hidden.titleKey, 'restricted');
    assert.equal(hidden.hidden?.reason, 'confidential-restricted');
    assert.equal(hidden.date, '2025-03-09T10:00:00Z', 'a restricted document keeps its date');
    assert.deepEqual(hidden.pathways, []);
    // Without the matrix saying no, an unlabelled document is shown to a physician.
    const gp = { ...ctx, access: { viewer: { user: 'Practitioner/gp', profession: '10' } } };
    const shown = mapDocumentReferenceToTimelineItem(doc({ type }), gp)!;
    assert.equal(shown.hidden, undefined);
    assert.ok(shown.title.length > 0);
  });

  test('shared notes, superseded and entered-in-error documents are not timeline items', () => {
    const note = doc({ category: [{ coding: [{ system: 'https://coord.example/fhir/CodeSystem/document-category', code: 'note-coordination' }] }] });
    assert.equal(mapDocumentReferenceToTimelineItem(note, ctx), undefined);
    // US Core's clinical-note alone is a clinical document: the timeline keeps it.
    const clinical = doc({ category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note' }] }] });
    assert.ok(mapDocumentReferenceToTimelineItem(clinical, ctx));
    assert.equal(mapDocumentReferenceToTimelineItem(doc({ status: 'superseded' }), ctx), undefined);
    assert.equal(mapDocumentReferenceToTimelineItem(doc({ status: 'entered-in-error' }), ctx), undefined);
  });

  test('reports are lab or imaging by category, else by LOINC code, else a report (never unknown)', () => {
    const base: DiagnosticReport = { resourceType: 'DiagnosticReport', id: 'r', status: 'final', code: { text: 'Bilan' } };
    const cat = (code: string) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code }] }];
    assert.equal(reportKind({ ...base, category: cat('LAB') }), 'lab');
    assert.equal(reportKind({ ...base, category: cat('RAD') }), 'imaging');
    assert.equal(reportKind({ ...base, code: { coding: [{ system: 'http://loinc.org', code: '18748-4' }] } }), 'imaging');
    assert.equal(reportKind({ ...base, code: { coding: [{ system: 'http://loinc.org', code: '11502-2' }] } }), 'lab');
    assert.equal(reportKind(base), 'report');
    const item = mapDiagnosticReportToTimelineItem({ ...base, category: cat('LAB'), status: 'preliminary', effectiveDateTime: '2025-03-02', conclusion: 'CRP 86', encounter: { reference: 'Encounter/enc1' } }, ctx)!;
    assert.deepEqual([item.kind, item.date, item.subtitle, item.statusKey], ['lab', '2025-03-02', 'CRP 86', 'preliminary']);
    assert.deepEqual(item.pathways, ['EpisodeOfCare/e1']);
  });

  test('an imaging study and a message', () => {
    const study = mapImagingStudyToTimelineItem({ resourceType: 'ImagingStudy', id: 'i', status: 'available', subject: { reference: 'Patient/p' }, started: '2025-02-01T07:00:00Z', modality: [{ code: 'CT', display: 'Computed Tomography' }] }, ctx)!;
    assert.deepEqual([study.kind, study.title], ['imaging', 'Computed Tomography']);
    const message = mapCommunicationToTimelineItem({ resourceType: 'Communication', id: 'm', status: 'completed', sent: '2025-02-02T08:00:00Z', sender: { reference: 'PractitionerRole/role1' }, payload: [{ contentString: 'Pansement fait.' }], about: [{ reference: 'EpisodeOfCare/e1' }] }, ctx)!;
    assert.deepEqual([message.kind, message.title, message.author?.name], ['message', 'Pansement fait.', 'Dr Claire Lefèvre']);
    assert.deepEqual(message.pathways, ['EpisodeOfCare/e1']);
  });

  test('PPCS actions: due date when open (overdue once past), done date when completed, pathway by care team', () => {
    const plan: CarePlan = {
      resourceType: 'CarePlan', id: 'cp', status: 'active', intent: 'plan', subject: { reference: 'Patient/p' },
      category: [{ coding: [{ code: 'ppcs' }] }], careTeam: [{ reference: 'CareTeam/ct1' }],
      activity: [
        { detail: { status: 'not-started', description: 'Visite ergothérapeute', scheduledPeriod: { end: '2025-03-20T18:00:00Z' } } },
        { detail: { status: 'completed', description: 'Portage de repas', scheduledString: 'Dès le retour' } },
        { reference: { reference: 'Task/t-linked' } },
      ],
    };
    const task = (id: string, extra: Partial<Task>): Task => ({ resourceType: 'Task', id, status: 'requested', intent: 'plan', for: { reference: 'Patient/p' }, ...extra });
    const tasks = [
      task('t-late', { description: 'Dossier APA', basedOn: [{ reference: 'CarePlan/cp' }], restriction: { period: { end: '2025-03-25T18:00:00Z' } }, owner: { reference: 'PractitionerRole/role1' } }),
      task('t-done', { status: 'completed', description: 'Matelas', basedOn: [{ reference: 'CarePlan/cp' }], restriction: { period: { end: '2025-03-30T18:00:00Z' } }, executionPeriod: { end: '2025-03-28T15:00:00Z' } }),
      task('t-linked', { description: 'Bilan gériatrique', restriction: { period: { end: '2025-05-01T18:00:00Z' } } }),
      task('t-other', { description: 'Not a plan action' }),
    ];
    const { items } = mapPpcsActions([plan], tasks, ctx);
    const byTitle = new Map(items.map((i) => [i.title, i]));
    assert.deepEqual([...byTitle.keys()].sort(), ['Bilan gériatrique', 'Dossier APA', 'Matelas', 'Visite ergothérapeute']);
    assert.equal(byTitle.get('Dossier APA')?.statusKey, 'overdue');
    assert.equal(byTitle.get('Dossier APA')?.author?.name, 'Dr Claire Lefèvre');
    assert.equal(byTitle.get('Matelas')?.date, '2025-03-28T15:00:00Z');
    assert.equal(byTitle.get('Matelas')?.due, '2025-03-30T18:00:00Z');
    assert.equal(byTitle.get('Matelas')?.statusKey, 'done');
    assert.equal(byTitle.get('Bilan gériatrique')?.statusKey, 'todo');
    assert.deepEqual(byTitle.get('Visite ergothérapeute')?.pathways, ['EpisodeOfCare/e1']);
    assert.equal(byTitle.get('Visite ergothérapeute')?.id, 'CarePlan/cp#activity-0');
  });
});

describe('timeline bad input', () => {
  test('an item without a date is kept, flagged, and sorted after every dated one', () => {
    const { items } = mapTimeline([doc({ id: 'undated', date: undefined, content: [{ attachment: { title: 'Sans date' } }] }), doc({ id: 'dated' })], ctx);
    assert.deepEqual(items.map((i) => i.id), ['DocumentReference/dated', 'DocumentReference/undated']);
    assert.equal(items[1]?.date, undefined);
    assert.ok(items[1]?.problems.includes('no-date'));
  });

  test('a garbage date counts as no date', () => {
    const item = mapDocumentReferenceToTimelineItem(doc({ date: 'hier' }), ctx)!;
    assert.equal(item.date, undefined);
  });

  test('an unknown resource type maps to an "unknown" item with what can be found', () => {
    const { items } = mapTimeline([{ resourceType: 'Procedure', id: 'x', status: 'completed', subject: { reference: 'Patient/p' }, code: { text: 'Pose de PICC line' }, performedDateTime: '2025-03-03' } as Resource], ctx);
    assert.deepEqual([items[0]?.kind, items[0]?.title, items[0]?.date], ['unknown', 'Pose de PICC line', '2025-03-03']);
  });

  test('a 5 000-character title keeps 2 000 characters and says it was clipped', () => {
    const item = mapDocumentReferenceToTimelineItem(doc({ content: [{ attachment: { title: 'A'.repeat(5000) } }] }), ctx)!;
    assert.equal(item.title.length, 2000);
    assert.ok(item.title.endsWith('…'));
    assert.ok(item.problems.includes('title-clipped'));
  });

  test('markup stays text (escaping is the template’s job); control characters go', () => {
    const item = mapDocumentReferenceToTimelineItem(doc({ content: [{ attachment: { title: '<img src=x onerror=alert(1)>\u0000\u0007 CR' } }] }), ctx)!;
    assert.equal(item.title, '<img src=x onerror=alert(1)> CR');
  });

  test('no title at all: flagged untitled, never throws', () => {
    const item = mapDocumentReferenceToTimelineItem({ resourceType: 'DocumentReference', id: 'n', status: 'current', content: [] } as DocumentReference, ctx)!;
    assert.equal(item.titleKey, 'untitled');
    assert.ok(item.problems.includes('no-title'));
  });

  test('non-resources, resources without id and wrongly shaped fields are skipped or survived', () => {
    const weird = { resourceType: 'Encounter', id: 'w', status: 'finished', type: 'not an array', location: 'nope', participant: 7, period: { start: 12 } };
    const { items, issues } = mapTimeline([null, 42, 'x', { resourceType: 'Encounter' }, weird], ctx);
    assert.equal(issues.length, 4);
    assert.equal(items.length, 1);
    assert.equal(items[0]?.kind, 'encounter');
    assert.ok(items[0]?.problems.includes('no-date'));
  });

  test('an author that cannot be resolved falls back to its display, or is flagged', () => {
    const shown = mapDocumentReferenceToTimelineItem(doc({ author: [{ reference: 'Practitioner/gone', display: 'Dr Absent' }] }), ctx)!;
    assert.equal(shown.author?.name, 'Dr Absent');
    const bare = mapDocumentReferenceToTimelineItem(doc({ author: [{ reference: 'Practitioner/gone' }] }), ctx)!;
    assert.ok(bare.problems.includes('unresolved-author'));
  });

  test('the whole seed maps without issues; the masked seed document shows no title', () => {
    const seed = seedResources(new Date('2026-03-15T10:00:00Z')).filter((r) => (r as { subject?: { reference?: string } }).subject?.reference === 'Patient/pat-martin' || (r as { patient?: { reference?: string } }).patient?.reference === 'Patient/pat-martin' || (r as { for?: { reference?: string } }).for?.reference === 'Patient/pat-martin');
    const all = lookupFrom(seedResources(new Date('2026-03-15T10:00:00Z')));
    const { items, issues } = mapTimeline(seed.filter((r) => ['EpisodeOfCare', 'Encounter', 'DocumentReference', 'DiagnosticReport', 'ImagingStudy', 'Task', 'CarePlan', 'Communication'].includes(r.resourceType)), { lookup: all });
    assert.deepEqual(issues, []);
    assert.ok(!items.some((i) => i.reference === 'DocumentReference/doc-cr-memoire'), 'the masked seed document keeps no reference');
    const masked = items.filter((i) => i.titleKey === 'masked');
    assert.ok(masked.length >= 1 && masked.every((i) => i.title === '' && i.date === undefined));
    assert.ok(!items.some((i) => i.reference.startsWith('DocumentReference/note-')), 'notes are not timeline items');
    assert.equal(items.filter((i) => i.kind === 'movement').length, 3);
    const times = items.filter((i) => !i.parent && i.time !== undefined).map((i) => i.time!);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
  });
});

describe('stale statuses (Synthea shape: location status "active" after the stay ended)', () => {
  // Synthea writes each encounter's locations with `status: 'active'` and a period that has ended.
  const enc: Encounter = {
    resourceType: 'Encounter', id: 'synthea-stay', status: 'in-progress', class: { code: 'IMP' },
    type: [{ text: 'Hospital admission' }], period: { start: '2026-10-01T08:00:00Z', end: '2026-10-04T10:00:00Z' },
    location: [
      { location: { reference: 'Location/loc-a', display: 'Ward A' }, status: 'active', period: { start: '2026-10-01T08:00:00Z', end: '2026-10-04T10:00:00Z' } },
      { location: { reference: 'Location/loc-b', display: 'Ward B' }, status: 'active', period: { start: '2027-01-04T08:00:00Z' } },
    ],
  };
  const now = Date.parse('2027-01-04T10:00:00Z');

  test('a finished period wins over a stale "active" or "in-progress": not "En cours"', () => {
    const [stay, ended, current] = mapEncounterToTimelineItems(enc, { lookup: () => undefined, now });
    assert.equal(stay!.statusKey, undefined, 'the stay ended');
    assert.equal(ended!.statusKey, undefined, 'the unit stay ended');
    assert.equal(current!.statusKey, 'in-progress', 'an open unit stay is still in progress');
  });
});
