import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BundleEntry, DocumentReference, Resource } from '@medplum/fhirtypes';
import { MASK_SYSTEM } from '../src/access.ts';
import { lookupFrom } from '../src/model/common.ts';
import { CLINICAL_NOTE_SYSTEM } from '../src/model/documents.ts';
import { noteMarker } from '../src/codes.ts';
import { decodeAttachmentText, lineChange, mapNoteHistory, mapNotes } from '../src/model/notes.ts';

/** Base64 of the UTF-8 bytes of a text, the way a browser would make it (no Buffer). */
function b64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const directory: Resource[] = [
  { resourceType: 'Practitioner', id: 'prac-idel', name: [{ family: 'Marchand', given: ['Sophie'] }] },
  { resourceType: 'PractitionerRole', id: 'role-idel', practitioner: { reference: 'Practitioner/prac-idel' } },
  { resourceType: 'Practitioner', id: 'prac-gp', name: [{ family: 'Lefèvre', given: ['Claire'], prefix: ['Dr'] }] },
  { resourceType: 'PractitionerRole', id: 'role-gp', practitioner: { reference: 'Practitioner/prac-gp' } },
];
const lookup = lookupFrom(directory);
const GP = { user: 'PractitionerRole/role-gp', profession: '10' };
const SOCIAL = { user: 'PractitionerRole/role-social' };

function note(text: string, extra: Partial<DocumentReference> = {}): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: 'n1',
    meta: { versionId: 'v3', lastUpdated: '2025-03-02T10:00:00Z' },
    status: 'current',
    subject: { reference: 'Patient/p1' },
    type: { coding: [{ system: 'http://loinc.org', code: '34109-9' }] },
    category: [{ coding: [noteMarker()] }, { coding: [{ system: CLINICAL_NOTE_SYSTEM, code: 'clinical-note' }] }],
    date: '2025-03-02T09:00:00Z',
    author: [{ reference: 'PractitionerRole/role-idel' }],
    description: 'Suivi à domicile',
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: b64(text) } }],
    context: { encounter: [{ reference: 'EpisodeOfCare/eoc-dac' }] },
    ...extra,
  };
}

describe('decodeAttachmentText', () => {
  test('decodes UTF-8 text (accents, typographic apostrophes, emoji, non-breaking spaces)', () => {
    const text = 'Plaie en amélioration — l’IDEL passe à 8 h\u202f; 🙂';
    assert.deepEqual(decodeAttachmentText({ contentType: 'text/plain; charset=utf-8', data: b64(text) }), { text, truncated: false, problem: undefined });
    assert.equal(decodeAttachmentText({ data: b64('sans type') }).text, 'sans type');
  });

  test('honours another charset, and reads an unknown one as UTF-8 with a problem', () => {
    const latin1 = btoa('d\u00e9j\u00e0 vu');
    assert.equal(decodeAttachmentText({ contentType: 'text/plain; charset=ISO-8859-1', data: latin1 }).text, 'déjà vu');
    const odd = decodeAttachmentText({ contentType: 'text/plain; charset=klingon', data: b64('é') });
    assert.equal(odd.text, 'é');
    assert.match(odd.problem!, /unknown charset/);
  });

  test('invalid base64, non-text content and missing data give a problem, not an exception', () => {
    assert.deepEqual(decodeAttachmentText({ contentType: 'text/plain', data: '%%%not base64%%%' }), { truncated: false, problem: 'invalid base64' });
    assert.match(decodeAttachmentText({ contentType: 'application/pdf', data: 'JVBERi0=' }).problem!, /not text/);
    assert.equal(decodeAttachmentText({ url: 'Binary/x' }).problem, 'no inline text');
    assert.equal(decodeAttachmentText(undefined).text, undefined);
  });

  test('a long text is cut at the byte limit without a broken character', () => {
    const text = 'é'.repeat(10); // 20 bytes
    const cut = decodeAttachmentText({ data: b64(text) }, 7);
    assert.equal(cut.truncated, true);
    assert.match(cut.text!, /^é+$/);
    assert.ok(cut.text!.length >= 3 && cut.text!.length < 10);
  });

  test('normalises line ends and drops control characters', () => {
    assert.equal(decodeAttachmentText({ data: b64('a\r\nb\rc\u0000\u0007\td') }).text, 'a\nb\nc\td');
  });
});

describe('mapNotes', () => {
  test('maps text, author, date, version and If-Match, title and pathway', () => {
    const { items, issues, hidden } = mapNotes([note('Ligne 1\nLigne 2')], { lookup, viewer: GP, patient: 'Patient/p1' });
    assert.deepEqual(issues, []);
    assert.deepEqual(hidden, []);
    const n = items[0]!;
    assert.equal(n.reference, 'DocumentReference/n1');
    assert.equal(n.text, 'Ligne 1\nLigne 2');
    assert.equal(n.author?.name, 'Sophie Marchand');
    assert.equal(n.date, '2025-03-02T09:00:00Z');
    assert.equal(n.versionId, 'v3');
    assert.equal(n.ifMatch, 'W/"v3"');
    assert.equal(n.title, 'Suivi à domicile');
    assert.deepEqual(n.pathways, ['EpisodeOfCare/eoc-dac']);
  });

  test('documents that are not clinical notes, superseded and entered-in-error notes are left out', () => {
    const doc = note('x', { id: 'doc', category: [{ coding: [{ system: 'urn:x', code: 'compte-rendu' }] }] });
    const old = note('x', { id: 'old', status: 'superseded' });
    const err = note('x', { id: 'err', status: 'entered-in-error' });
    assert.deepEqual(mapNotes([doc, old, err, note('ok')], { lookup, viewer: GP }).items.map((n) => n.reference), ['DocumentReference/n1']);
  });

  test('a note without a LOINC type is read as a shared Note, open to non-health actors', () => {
    assert.equal(mapNotes([note('x', { type: undefined })], { lookup, viewer: SOCIAL }).items.length, 1);
  });

  test('a masked note keeps no text, title or date', () => {
    const masked = note('Secret de famille', { description: 'Titre secret', securityLabel: [{ coding: [{ system: MASK_SYSTEM, code: 'MASQUE_PS' }] }] });
    const r = mapNotes([masked], { lookup, viewer: GP });
    assert.deepEqual(r.items, []);
    assert.deepEqual(r.hidden, [{ reason: 'masked', mask: 'MASQUE_PS' }]);
    assert.ok(!/secret/i.test(JSON.stringify(r)));
  });

  test('content by URL, bad base64 and missing authors are flagged; the note still maps', () => {
    const byUrl = note('x', { id: 'u', content: [{ attachment: { contentType: 'text/plain', url: 'Binary/b' } }] });
    const broken = note('x', { id: 'b', author: undefined, content: [{ attachment: { contentType: 'text/plain', data: '@@@' } }] });
    const r = mapNotes([byUrl, broken], { lookup, viewer: GP });
    assert.equal(r.items.length, 2);
    assert.ok(r.items.every((n) => n.text === undefined));
    assert.deepEqual(r.issues.map((i) => `${i.resource} ${i.problem}`).sort(), [
      'DocumentReference/b invalid base64', 'DocumentReference/b no author', 'DocumentReference/u no inline text',
    ]);
  });
});

describe('mapNoteHistory', () => {
  const v = (versionId: string, date: string, author: string, text: string, lastUpdated = '2025-03-05T00:00:00Z'): BundleEntry => ({
    resource: note(text, { meta: { versionId, lastUpdated }, date, author: [{ reference: author }] }),
  });
  const v1 = 'Retour à domicile.\n- IDEL quotidienne';
  const v2 = `${v1}\n\nIDEL : plaie en amélioration.`;
  const v3 = v2.replace('IDEL quotidienne', 'IDEL un jour sur deux');

  test('newest first, by date when lastUpdated ties; who changed what when', () => {
    const entries = [v('1', '2025-03-01T08:00:00Z', 'PractitionerRole/role-gp', v1), v('2', '2025-03-02T08:00:00Z', 'PractitionerRole/role-idel', v2), v('3', '2025-03-03T08:00:00Z', 'PractitionerRole/role-gp', v3)];
    const { items, issues } = mapNoteHistory(entries, 'DocumentReference/n1', { lookup, viewer: GP });
    assert.deepEqual(issues, []);
    assert.deepEqual(items.map((i) => [i.versionId, i.author?.name, i.current, i.change]), [
      ['3', 'Dr Claire Lefèvre', true, { added: 1, removed: 1 }],
      ['2', 'Sophie Marchand', false, { added: 2, removed: 0 }],
      ['1', 'Dr Claire Lefèvre', false, undefined],
    ]);
    assert.equal(items[2]?.text, v1);
  });

  test('lastUpdated orders versions whatever order the server lists them in', () => {
    const entries = [v('b', '2025-03-01T08:00:00Z', 'PractitionerRole/role-gp', v2, '2025-03-02T00:00:00Z'), v('a', '2025-03-01T08:00:00Z', 'PractitionerRole/role-gp', v1, '2025-03-01T00:00:00Z')];
    assert.deepEqual(mapNoteHistory(entries.reverse(), 'DocumentReference/n1', { lookup, viewer: GP }).items.map((i) => i.versionId), ['b', 'a']);
  });

  test('deletions, other resources and hidden versions', () => {
    const masked: BundleEntry = { resource: note('texte masqué', { meta: { versionId: '2', lastUpdated: '2025-03-06T00:00:00Z' }, securityLabel: [{ coding: [{ system: MASK_SYSTEM, code: 'MASQUE_PS' }] }] }) };
    const deleted: BundleEntry = { request: { method: 'DELETE', url: 'DocumentReference/n1' }, response: { status: '204', lastModified: '2025-03-07T00:00:00Z' } };
    const other: BundleEntry = { resource: note('autre', { id: 'n2' }) };
    const { items, issues } = mapNoteHistory([v('1', '2025-03-01T08:00:00Z', 'PractitionerRole/role-gp', v1), masked, deleted, other, {} as BundleEntry], 'DocumentReference/n1', { lookup, viewer: GP });
    assert.deepEqual(items.map((i) => [i.deleted ?? false, i.hidden, i.current]), [[true, undefined, true], [false, 'masked', false], [false, undefined, false]]);
    assert.equal(items[1]?.text, undefined);
    assert.ok(!JSON.stringify(items).includes('texte masqué'));
    assert.deepEqual(issues, [{ resource: 'DocumentReference/n2', problem: 'not a version of DocumentReference/n1' }]);
  });
});

describe('lineChange', () => {
  test('counts added and removed lines', () => {
    assert.deepEqual(lineChange('a\nb\nc', 'a\nc\nd\ne'), { added: 2, removed: 1 });
    assert.deepEqual(lineChange('same', 'same'), { added: 0, removed: 0 });
  });
});
