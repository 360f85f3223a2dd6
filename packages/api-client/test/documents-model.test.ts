import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DocumentReference, Encounter, Resource } from '@medplum/fhirtypes';
import { CONFIDENTIALITY_SYSTEM, MASK_SYSTEM } from '../src/access.ts';
import { lookupFrom } from '../src/model/common.ts';
import { CLINICAL_NOTE_SYSTEM, mapDocuments } from '../src/model/documents.ts';
import { configureCodeSystems, DEFAULT_LOCAL_CODE_SYSTEMS, noteMarker } from '../src/codes.ts';
import { mapNotes } from '../src/model/notes.ts';
import { PathwayIndex } from '../src/model/pathways.ts';

const GP = { user: 'PractitionerRole/role-gp', profession: '10' };
const PATIENT = 'Patient/p1';

const directory: Resource[] = [
  { resourceType: 'Practitioner', id: 'prac-onco', name: [{ family: 'Moreau', given: ['Hélène'], prefix: ['Dr'] }] },
  {
    resourceType: 'PractitionerRole', id: 'role-onco', practitioner: { reference: 'Practitioner/prac-onco' },
    code: [{ coding: [{ system: 'urn:oid:1.2.250.1.71.1.2.7', code: '10' }], text: 'Oncologue médicale' }],
  },
  { resourceType: 'PractitionerRole', id: 'role-gp', practitioner: { reference: 'Practitioner/prac-gp' } },
  { resourceType: 'Organization', id: 'org-chu', name: 'CHU de Caen Normandie' },
];
const encounters: Encounter[] = [
  { resourceType: 'Encounter', id: 'enc-hospit', status: 'finished', class: { code: 'IMP' }, episodeOfCare: [{ reference: 'EpisodeOfCare/eoc-cancer' }, { reference: 'EpisodeOfCare/eoc-irc' }] },
];
const lookup = lookupFrom([...directory, ...encounters]);
const pathways = new PathwayIndex(encounters);

let n = 0;
function doc(extra: Partial<DocumentReference> = {}): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: `d${++n}`,
    status: 'current',
    subject: { reference: PATIENT },
    type: { coding: [{ system: 'http://loinc.org', code: '18842-5', display: 'Discharge summary' }], text: "Compte rendu d'hospitalisation" },
    category: [{ coding: [{ system: 'https://coord.example/cat', code: 'compte-rendu' }], text: 'Compte rendu' }],
    date: '2025-03-10T09:00:00Z',
    author: [{ reference: 'PractitionerRole/role-onco' }],
    description: 'Séjour en oncologie',
    content: [{ attachment: { contentType: 'application/pdf', url: 'Binary/b1', title: 'CR hospitalisation', size: 1234 } }],
    ...extra,
  };
}
const map = (resources: unknown[], extra = {}) => mapDocuments(resources, { lookup, pathways, viewer: GP, patient: PATIENT, ...extra });
const problems = (issues: { problem: string }[]) => issues.map((i) => i.problem);

describe('mapDocuments: one document', () => {
  test('maps title, type, category, date, authors, custodian, pathways, content and security', () => {
    const d = doc({
      id: 'cr', meta: { versionId: '3' }, custodian: { reference: 'Organization/org-chu' },
      context: { encounter: [{ reference: 'Encounter/enc-hospit' }, { reference: 'EpisodeOfCare/eoc-dac' }] },
      securityLabel: [{ coding: [{ system: CONFIDENTIALITY_SYSTEM, code: 'N' }] }],
    });
    const { items, issues, hidden } = map([d]);
    assert.deepEqual(issues, []);
    assert.deepEqual(hidden, []);
    const v = items[0]!;
    assert.equal(v.reference, 'DocumentReference/cr');
    assert.equal(v.versionId, '3');
    assert.equal(v.title, 'CR hospitalisation');
    assert.deepEqual(v.type, { code: '18842-5', label: "Compte rendu d'hospitalisation" });
    assert.deepEqual(v.category, { code: 'compte-rendu', label: 'Compte rendu' });
    assert.equal(v.date, '2025-03-10T09:00:00Z');
    assert.equal(v.authors[0]?.name, 'Dr Hélène Moreau');
    assert.equal(v.authors[0]?.role, 'Oncologue médicale');
    assert.equal(v.custodian?.name, 'CHU de Caen Normandie');
    assert.equal(v.description, 'Séjour en oncologie');
    assert.deepEqual(v.pathways.sort(), ['EpisodeOfCare/eoc-cancer', 'EpisodeOfCare/eoc-dac', 'EpisodeOfCare/eoc-irc']);
    assert.deepEqual(v.content, [{ contentType: 'application/pdf', title: 'CR hospitalisation', size: 1234, language: undefined, binary: 'Binary/b1', url: 'Binary/b1', inline: false }]);
    assert.deepEqual(v.security, { masked: false, invisibleToPatient: false, invisibleToRepresentatives: false, confidentiality: 'normal' });
    assert.deepEqual(v.access, { visible: true, reason: 'allowed' });
  });

  test('inline data is flagged, an absolute Binary URL is recognised', () => {
    const d = doc({ content: [
      { attachment: { contentType: 'application/pdf', data: 'JVBERi0=' } },
      { attachment: { contentType: 'image/png', url: 'https://hub.example/fhir/R4/Binary/photo-1' } },
    ] });
    const [a, b] = map([d]).items[0]!.content;
    assert.equal(a?.inline, true);
    assert.equal(a?.url, undefined);
    assert.equal(b?.binary, 'Binary/photo-1');
    assert.equal(b?.inline, false);
  });

  test('pathways come from an encounter at hand in the lookup, or an EpisodeOfCare directly, without an index', () => {
    const d = doc({ context: { encounter: [{ reference: 'Encounter/enc-hospit' }, { reference: 'EpisodeOfCare/eoc-dac' }] } });
    const r = mapDocuments([d], { lookup, viewer: GP });
    assert.deepEqual(r.items[0]?.pathways.sort(), ['EpisodeOfCare/eoc-cancer', 'EpisodeOfCare/eoc-dac', 'EpisodeOfCare/eoc-irc']);
    assert.deepEqual(r.issues, []);
  });

  test('title falls back to the description, then the type text', () => {
    const noTitle = doc({ content: [{ attachment: { url: 'Binary/b' } }] });
    assert.equal(map([noTitle]).items[0]?.title, 'Séjour en oncologie');
    const onlyType = doc({ content: [{ attachment: { url: 'Binary/b' } }], description: undefined });
    assert.equal(map([onlyType]).items[0]?.title, "Compte rendu d'hospitalisation");
    const nothing = doc({ content: [{ attachment: { url: 'Binary/b' } }], description: undefined, type: undefined });
    const r = map([nothing]);
    assert.equal(r.items[0]?.title, undefined);
    assert.ok(problems(r.issues).includes('no title'));
    assert.ok(problems(r.issues).includes('no type'));
  });

  test('date falls back to the attachment creation, then the context period', () => {
    const fromCreation = doc({ date: undefined, content: [{ attachment: { url: 'Binary/b', creation: '2025-01-02' } }] });
    assert.equal(map([fromCreation]).items[0]?.date, '2025-01-02');
    const fromPeriod = doc({ date: 'not a date', context: { period: { start: '2024-12-01' } } });
    const r = map([fromPeriod]);
    assert.equal(r.items[0]?.date, '2024-12-01');
    assert.deepEqual(problems(r.issues), ['invalid date']);
    const none = map([doc({ date: undefined })]);
    assert.equal(none.items[0]?.date, undefined);
    assert.deepEqual(problems(none.issues), ['no date']);
  });
});

describe('mapDocuments: versions (relatesTo replaces)', () => {
  const replaces = (id: string) => ({ relatesTo: [{ code: 'replaces' as const, target: { reference: `DocumentReference/${id}` } }] });

  test('the newest version is listed once, with its predecessors newest first', () => {
    const v1 = doc({ id: 'v1', status: 'superseded', date: '2025-01-01T00:00:00Z' });
    const v2 = doc({ id: 'v2', status: 'superseded', date: '2025-02-01T00:00:00Z', ...replaces('v1') });
    const v3 = doc({ id: 'v3', date: '2025-03-01T00:00:00Z', ...replaces('v2') });
    const { items, issues } = map([v1, v3, v2]);
    assert.deepEqual(issues, []);
    assert.deepEqual(items.map((i) => i.reference), ['DocumentReference/v3']);
    assert.deepEqual(items[0]!.previous.map((p) => p.reference), ['DocumentReference/v2', 'DocumentReference/v1']);
    assert.equal(items[0]!.previous[0]?.title, 'CR hospitalisation');
    assert.equal(items[0]!.previous[0]?.authors[0]?.name, 'Dr Hélène Moreau');
  });

  test('a replaced document still marked current is not listed as current', () => {
    const old = doc({ id: 'old' });
    const next = doc({ id: 'new', ...replaces('old') });
    assert.deepEqual(map([old, next]).items.map((i) => i.reference), ['DocumentReference/new']);
  });

  test('a predecessor found only through the lookup is used; a missing one is flagged', () => {
    const old = doc({ id: 'elsewhere', status: 'superseded' });
    const current = doc({ id: 'cur', ...replaces('elsewhere') });
    const withLookup = mapDocuments([current], { lookup: lookupFrom([...directory, old]), viewer: GP });
    assert.equal(withLookup.items[0]?.previous[0]?.reference, 'DocumentReference/elsewhere');
    const dangling = map([doc({ id: 'cur2', ...replaces('gone') })]);
    assert.deepEqual(dangling.items[0]?.previous, [{ reference: 'DocumentReference/gone', authors: [], unresolved: true }]);
    assert.deepEqual(problems(dangling.issues), ['replaced DocumentReference/gone not found']);
  });

  test('a predecessor the viewer may not see keeps neither title nor reference', () => {
    const secret = doc({ id: 'secret-title', status: 'superseded', securityLabel: [{ coding: [{ system: MASK_SYSTEM, code: 'MASQUE_PS' }] }] });
    const current = doc({ id: 'cur', ...replaces('secret-title') });
    const { items } = map([secret, current]);
    assert.deepEqual(items[0]?.previous, [{ date: undefined, authors: [], hidden: 'masked' }]);
    assert.ok(!JSON.stringify(items).includes('secret-title'));
  });

  test('cycles end; entered-in-error versions are skipped; superseded orphans are flagged, unless seen before', () => {
    const a = doc({ id: 'a', ...replaces('b') });
    const b = doc({ id: 'b', status: 'superseded', ...replaces('a') });
    assert.equal(map([a, b]).items.length, 0, 'each replaces the other: neither is current');
    const err = doc({ id: 'err', status: 'entered-in-error' });
    const cur = doc({ id: 'cur', ...replaces('err') });
    assert.deepEqual(map([err, cur]).items.map((i) => [i.reference, i.previous.length]), [['DocumentReference/cur', 0]]);
    const orphan = doc({ id: 'orphan', status: 'superseded' });
    assert.deepEqual(problems(map([orphan]).issues), ['superseded, and its replacement is not in view']);
    assert.deepEqual(map([orphan], { seen: new Set(['DocumentReference/orphan']) }).issues, []);
  });
});

describe('mapDocuments: access', () => {
  test('a masked document keeps only that it exists and why: no title, no date, no author', () => {
    const masked = doc({
      id: 'doc-cr-memoire', description: 'Bilan des troubles cognitifs',
      content: [{ attachment: { url: 'Binary/b', title: 'Compte rendu de consultation mémoire' } }],
      securityLabel: [{ coding: [{ system: MASK_SYSTEM, code: 'MASQUE_PS' }] }],
    });
    const r = map([masked]);
    assert.deepEqual(r.items, []);
    assert.deepEqual(r.hidden, [{ reason: 'masked', mask: 'MASQUE_PS' }]);
    assert.ok(!/mémoire|cognitifs/.test(JSON.stringify(r)));
  });

  test('a document outside the matrix keeps its date and reason; the author sees it', () => {
    const lab = doc({ type: { coding: [{ system: 'http://loinc.org', code: '11502-2' }] }, author: [{ reference: 'PractitionerRole/role-social' }] });
    assert.deepEqual(map([lab], { viewer: { user: 'PractitionerRole/role-x' } }).hidden, [{ date: '2025-03-10T09:00:00Z', reason: 'matrix' }]);
    assert.equal(map([lab], { viewer: { user: 'PractitionerRole/role-social' } }).items[0]?.access.reason, 'author');
  });
});

describe('mapDocuments: bad input', () => {
  test('wrong types, ids, patients and duplicates are skipped and flagged; notes are left to the notes model', () => {
    const note = doc({ id: 'note', category: [{ coding: [noteMarker()] }] });
    const good = doc({ id: 'good' });
    const r = map([null, 'text', { resourceType: 'Patient', id: 'x' }, { ...doc(), id: undefined }, doc({ subject: { reference: 'Patient/other' } }), good, good, note]);
    assert.deepEqual(r.items.map((i) => i.reference), ['DocumentReference/good']);
    assert.deepEqual(problems(r.issues), ['not a DocumentReference', 'not a DocumentReference', 'not a DocumentReference', 'DocumentReference without id', 'not about this patient']);
    assert.deepEqual(mapDocuments('nope' as unknown as unknown[]).items, []);
  });

  test('missing content and author, dangling author and encounter are flagged; the document still maps', () => {
    const d = doc({ content: undefined as never, author: [{ reference: 'Practitioner/ghost', display: 'Dr Fantôme' }], context: { encounter: [{ reference: 'Encounter/nowhere' }] } });
    const r = map([d]);
    assert.equal(r.items.length, 1);
    assert.deepEqual(r.items[0]?.authors, [{ reference: 'Practitioner/ghost', name: 'Dr Fantôme', unresolved: true }]);
    assert.deepEqual(r.items[0]?.pathways, []);
    assert.deepEqual(problems(r.issues).sort(), ['author Practitioner/ghost not found', 'context Encounter/nowhere not found', 'no content']);
    assert.deepEqual(problems(map([doc({ author: undefined })]).issues), ['no author']);
  });

  test('unsafe URLs are dropped; sizes must be numbers; huge strings are clipped', () => {
    const d = doc({
      description: 'x'.repeat(100_000),
      content: [
        { attachment: { url: 'javascript:alert(1)', title: 'y'.repeat(10_000) } },
        { attachment: { url: 'Binary/ok', size: -5, contentType: 'application/pdf' } },
      ],
    });
    const r = map([d]);
    const v = r.items[0]!;
    assert.deepEqual(v.content.map((c) => c.url), ['Binary/ok']);
    assert.equal(v.content[0]?.size, undefined);
    assert.ok(v.description!.length <= 1000);
    assert.ok(v.title!.length <= 200);
    assert.ok(problems(r.issues).includes('attachment URL with an unsupported scheme dropped'));
  });

  test('newest first, undated last', () => {
    const r = map([doc({ id: 'old', date: '2020-01-01' }), doc({ id: 'undated', date: undefined }), doc({ id: 'new', date: '2025-06-01' })]);
    assert.deepEqual(r.items.map((i) => i.reference), ['DocumentReference/new', 'DocumentReference/old', 'DocumentReference/undated']);
  });
});

describe('the note marker (configurable; US Core clinical-note alone is a document)', () => {
  test('a clinical-note document without the marker is a document, not a note', () => {
    const clinical = doc({ id: 'cr', category: [{ coding: [{ system: CLINICAL_NOTE_SYSTEM, code: 'clinical-note' }] }] });
    const marked = doc({ id: 'n', category: [{ coding: [noteMarker()] }, { coding: [{ system: CLINICAL_NOTE_SYSTEM, code: 'clinical-note' }] }] });
    assert.deepEqual(map([clinical, marked]).items.map((i) => i.reference), ['DocumentReference/cr']);
    assert.deepEqual(mapNotes([clinical, marked], { lookup, pathways, viewer: GP, patient: PATIENT }).items.map((i) => i.reference), ['DocumentReference/n']);
  });

  test('a host names its own marker once; a malformed one is refused', () => {
    assert.equal(DEFAULT_LOCAL_CODE_SYSTEMS.noteCategory, 'https://coord.example/fhir/CodeSystem/document-category|note-coordination');
    const own = doc({ id: 'own', category: [{ coding: [{ system: 'urn:hub:cat', code: 'NOTE' }] }] });
    try {
      configureCodeSystems({ noteCategory: 'urn:hub:cat|NOTE' });
      assert.deepEqual(noteMarker(), { system: 'urn:hub:cat', code: 'NOTE' });
      assert.deepEqual(mapNotes([own], { lookup, pathways, viewer: GP, patient: PATIENT }).items.map((i) => i.reference), ['DocumentReference/own']);
      assert.deepEqual(map([own]).items, []);
      assert.throws(() => configureCodeSystems({ noteCategory: 'no-code-here' }), /system\|code/);
    } finally {
      configureCodeSystems({ noteCategory: DEFAULT_LOCAL_CODE_SYSTEMS.noteCategory });
    }
  });
});
