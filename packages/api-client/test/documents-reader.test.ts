/**
 * Documents and notes readers over real HTTP against the seeded dev FHIR server (in-process).
 *   node --import tsx --test packages/api-client/test/documents-reader.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoordClient } from '../src/client.ts';
import { CoordError } from '../src/errors.ts';
import type { Viewer } from '../src/access.ts';
import { readDocuments, type DocumentsPage } from '../src/readers/documents.ts';
import { readNoteHistory, readNotes } from '../src/readers/notes.ts';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { IDS } from '../../dev-server/src/seed/ids.ts';

const MARTIN = `Patient/${IDS.patientMain}`;
const GP: Viewer = { user: `PractitionerRole/${IDS.roleGp}`, profession: '10' };
const SOCIAL: Viewer = { user: `PractitionerRole/${IDS.roleSocial}` };
const RADIO: Viewer = { user: `PractitionerRole/${IDS.roleRadio}`, profession: '10' };
const ONCO: Viewer = { user: `PractitionerRole/${IDS.roleOnco}`, profession: '10' };
const doc = (id: string): string => `DocumentReference/${id}`;

let server: DevServer;
let requests: { method: string; url: string }[] = [];

before(async () => {
  server = await startDevServer({ port: 0 });
});
after(async () => {
  await server.close();
});

function client(): CoordClient {
  requests = [];
  const fetch = (url: string, init?: RequestInit) => {
    requests.push({ method: init?.method ?? 'GET', url });
    return globalThis.fetch(url, init);
  };
  const c = new CoordClient({ baseUrl: server.baseUrl, fetch });
  c.setPatientScope(MARTIN);
  return c;
}

/** Every page, merged. */
async function readAll(c: CoordClient, viewer: Viewer, count = 50): Promise<DocumentsPage> {
  let page = await readDocuments(c, MARTIN, { viewer, count });
  const all: DocumentsPage = { items: [...page.items], hidden: [...page.hidden], issues: [...page.issues] };
  while (page.next) {
    page = await page.next();
    all.items.push(...page.items);
    all.hidden.push(...page.hidden);
    all.issues.push(...page.issues);
  }
  return all;
}

describe('readDocuments against the dev server', () => {
  test('the masked document never shows its title, description or id to a physician', async () => {
    const all = await readAll(client(), GP);
    assert.ok(!all.items.some((d) => d.reference === doc(IDS.docMasked)));
    assert.deepEqual(all.hidden.filter((h) => h.reason === 'masked'), [{ reason: 'masked', mask: 'MASQUE_PS' }]);
    const text = JSON.stringify(all);
    assert.ok(!/mémoire|cognitifs|doc-cr-memoire/i.test(text), 'nothing of the masked document leaks');
    assert.deepEqual(all.issues, []);
  });

  test('the social worker sees the social evaluation and coordination documents, not the lab results', async () => {
    const all = await readAll(client(), SOCIAL);
    const refs = all.items.map((d) => d.reference);
    const evaluation = all.items.find((d) => d.reference === doc(IDS.docEvalSociale));
    assert.equal(evaluation?.title, 'Évaluation sociale');
    assert.equal(evaluation?.access.reason, 'author');
    for (const id of [IDS.docCourrierDac, IDS.docPpcsPdf, IDS.docEvalDac]) assert.ok(refs.includes(doc(id)), id);
    for (const id of [IDS.docBioRenal, IDS.docBioHospit, IDS.docOrdoSortie]) assert.ok(!refs.includes(doc(id)), id);
    assert.ok(all.hidden.filter((h) => h.reason === 'matrix').length >= 2);
    assert.ok(!JSON.stringify(all.hidden).includes('Bilan biologique'));
  });

  test('the replaced hospital report shows once, with its previous version, whatever the page size', async () => {
    for (const count of [1, 7, 50]) {
      const all = await readAll(client(), GP, count);
      const refs = all.items.map((d) => d.reference);
      assert.equal(refs.filter((r) => r === doc(IDS.docCrHospit2)).length, 1, `count ${count}`);
      assert.ok(!refs.includes(doc(IDS.docCrHospit1)), `count ${count}`);
      const report = all.items.find((d) => d.reference === doc(IDS.docCrHospit2))!;
      assert.deepEqual(report.previous.map((p) => p.reference), [doc(IDS.docCrHospit1)]);
      assert.equal(report.previous[0]?.title, "Compte rendu d'hospitalisation");
      assert.equal(report.authors[0]?.name, 'Dr Hélène Moreau');
      assert.deepEqual(report.pathways.sort(), ['EpisodeOfCare/eoc-cancer', 'EpisodeOfCare/eoc-irc']);
      assert.equal(new Set(refs).size, refs.length, `no duplicates at count ${count}`);
      assert.deepEqual(all.issues, [], `count ${count}`);
    }
  });

  test('confidentiality: R for the pathway care circle, V for its author', async () => {
    const gp = await readAll(client(), GP);
    assert.ok(gp.items.some((d) => d.reference === doc(IDS.docEvalSociale)), 'the GP is in the DAC circle');
    assert.ok(!gp.items.some((d) => d.reference === doc(IDS.docCrAnnonce)));
    assert.ok(gp.hidden.some((h) => h.reason === 'confidential-very-restricted'));
    const radio = await readAll(client(), RADIO);
    assert.ok(!radio.items.some((d) => d.reference === doc(IDS.docEvalSociale)));
    assert.ok(radio.hidden.some((h) => h.reason === 'confidential-restricted'));
    const onco = await readAll(client(), ONCO);
    assert.equal(onco.items.find((d) => d.reference === doc(IDS.docCrAnnonce))?.access.reason, 'author');
  });

  test('content, inline data and security are mapped from the server', async () => {
    const all = await readAll(client(), GP);
    const ordo = all.items.find((d) => d.reference === doc(IDS.docOrdoSortie))!;
    assert.equal(ordo.content[0]?.inline, true);
    assert.equal(ordo.content[0]?.contentType, 'application/pdf');
    const photo = all.items.find((d) => d.reference === doc(IDS.docPhotoPlaie))!;
    assert.equal(photo.content[0]?.binary, `Binary/${IDS.binPhotoPlaie}`);
    assert.ok((photo.content[0]?.size ?? 0) > 0);
    assert.equal(all.items.find((d) => d.reference === doc(IDS.docEvalSociale))?.security.confidentiality, 'restricted');
  });

  test('notes are not documents; one page costs three searches and a few batched reads', async () => {
    const c = client();
    const page = await readDocuments(c, MARTIN, { viewer: GP, count: 30 });
    assert.ok(page.items.every((d) => !d.reference.includes('note-')));
    const searches = requests.filter((r) => r.method === 'GET' && r.url.includes('?'));
    const batches = requests.filter((r) => r.method === 'POST');
    const singleReads = requests.filter((r) => r.method === 'GET' && !r.url.includes('?'));
    assert.equal(searches.length, 3, 'documents, pathways, care teams');
    assert.ok(batches.length <= 3, `one batch per resolution round, got ${batches.length}`);
    assert.ok(singleReads.length <= 1, `got ${singleReads.length} single reads`);
    // A second element asking for the same page is served from the shared cache.
    const before = requests.length;
    await readDocuments(c, MARTIN, { viewer: GP, count: 30 });
    assert.equal(requests.length, before);
  });

  test('another patient shows only their documents; a malformed reference is an invalid request', async () => {
    const c = client();
    c.setPatientScope(`Patient/${IDS.patientSecond}`);
    const page = await readDocuments(c, `Patient/${IDS.patientSecond}`, { viewer: GP });
    assert.deepEqual(page.items.map((d) => d.reference).sort(), [doc(IDS.docDuboisCr), doc(IDS.docDuboisOrdo)]);
    await assert.rejects(readDocuments(c, 'Patient/', { viewer: GP }), (e: unknown) => e instanceof CoordError && e.kind === 'invalid-request');
  });
});

describe('readNotes and readNoteHistory against the dev server', () => {
  test('lists the shared notes (and only them) with text, author and version', async () => {
    const page = await readNotes(client(), MARTIN, { viewer: SOCIAL });
    assert.deepEqual(page.items.map((n) => n.reference).sort(), [IDS.noteConciliation, IDS.noteAides, IDS.noteSuivi].map(doc).sort());
    const suivi = page.items.find((n) => n.reference === doc(IDS.noteSuivi))!;
    assert.equal(suivi.author?.name, 'Dr Claire Lefèvre');
    assert.match(suivi.text!, /^Retour à domicile après l’hospitalisation/);
    assert.match(suivi.text!, /Compléments nutritionnels oraux/);
    assert.ok(suivi.versionId);
    assert.equal(suivi.ifMatch, `W/"${suivi.versionId}"`);
    assert.deepEqual(page.issues, []);
  });

  test('a note edited twice has three versions, newest first, with who changed what', async () => {
    const history = await readNoteHistory(client(), doc(IDS.noteSuivi), { viewer: GP });
    assert.deepEqual(history.issues, []);
    assert.deepEqual(history.items.map((v) => [v.author?.name, v.current]), [
      ['Dr Claire Lefèvre', true],
      ['Sophie Marchand', false],
      ['Émilie Rousseau', false],
    ]);
    assert.deepEqual(history.items.map((v) => v.change), [{ added: 2, removed: 0 }, { added: 2, removed: 0 }, undefined]);
    assert.ok(!history.items[2]!.text!.includes('IDEL : plaie'));
    const aides = await readNoteHistory(client(), doc(IDS.noteAides), { viewer: GP });
    assert.equal(aides.items.length, 2);
  });

  test('history of a note that does not exist is not-found; of a non-note reference, an invalid request', async () => {
    await assert.rejects(readNoteHistory(client(), doc('nope')), (e: unknown) => e instanceof CoordError && e.kind === 'not-found');
    await assert.rejects(readNoteHistory(client(), 'Patient/x'), (e: unknown) => e instanceof CoordError && e.kind === 'invalid-request');
  });
});
