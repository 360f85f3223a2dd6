import { expect, oneEvent } from '@open-wc/testing';
import { MAX_NOTE_BYTES } from '@coord/api-client';
import type { DocumentReference } from '@medplum/fhirtypes';
import { waitUntil } from '../testing/wait.ts';
import { $, $$, noteEl, notesIn, openNote, serveStore, storedText, SUIVI, text, typeInto } from './notes.testing.ts';

const textarea = (root: ParentNode): HTMLTextAreaElement => root.querySelector('textarea')!;

describe('<coord-notes> create and edit', () => {
  beforeEach(() => localStorage.clear());

  it('creates a note: saved by the server, announced, coord-note-saved, listed first', async () => {
    const store = await serveStore();
    const el = await notesIn();
    $(el, '[part~="new"]')!.click();
    await el.updateComplete;
    const form = $(el, 'form.editor')!;
    expect(el.shadowRoot!.activeElement, 'focus goes to the text').to.equal(textarea(form));
    await expect(el).shadowDom.to.be.accessible();
    await typeInto(el, form.querySelector('input')!, 'Visite du kiné');
    await typeInto(el, textarea(form), 'Séances **2 fois** par semaine.\n\n- lundi\n- jeudi');
    const saved = oneEvent(el, 'coord-note-saved');
    form.querySelector<HTMLButtonElement>('[part~="save"]')!.click();
    const { detail } = await saved;
    expect(detail.change).to.equal('created');
    expect(detail.version).to.equal('1');
    const stored = store.get(detail.reference) as DocumentReference;
    expect(storedText(stored)).to.equal('Séances **2 fois** par semaine.\n\n- lundi\n- jeudi');
    expect(stored.content[0]!.attachment.contentType).to.equal('text/markdown; charset=utf-8');
    expect(stored.category?.[0]?.coding?.[0]?.code).to.equal('note-coordination');
    await waitUntil(() => $(el, 'article.note [part~="open"]')?.textContent?.includes('Visite du kiné'), 'new note listed first', { timeout: 5000 });
    expect(text($(el, '[role="status"][aria-live]'))).to.contain('Note enregistrée');
    const note = noteEl(el, detail.reference);
    expect(note.querySelector('[part~="text"] strong')!.textContent).to.equal('2 fois');
    expect(note.querySelectorAll('[part~="text"] li').length).to.equal(2);
  });

  it('edits a note: a new version sent with If-Match of the version read', async () => {
    const store = await serveStore();
    const el = await notesIn();
    const before = store.get(SUIVI)!.meta!.versionId!;
    let note = await openNote(el, SUIVI);
    note.querySelector<HTMLButtonElement>('[part~="edit"]')!.click();
    await el.updateComplete;
    note = noteEl(el, SUIVI);
    const area = textarea(note);
    await typeInto(el, area, `${area.value}\n\nIDEL : pansement refait.`);
    const saved = oneEvent(el, 'coord-note-saved');
    note.querySelector<HTMLButtonElement>('[part~="save"]')!.click();
    const { detail } = await saved;
    expect(detail).to.deep.include({ reference: SUIVI, change: 'updated', version: String(Number(before) + 1) });
    expect(storedText(store.get(SUIVI))).to.match(/IDEL : pansement refait\.$/);
    expect(store.count('PUT DocumentReference')).to.equal(1);
  });

  it('shows the history with who changed what and a readable diff', async () => {
    await serveStore();
    const el = await notesIn();
    const note = await openNote(el, SUIVI);
    note.querySelector<HTMLButtonElement>('[part~="history"]')!.click();
    await waitUntil(() => noteEl(el, SUIVI).querySelectorAll('[part~="version"]').length === 3, 'three versions', { timeout: 5000 });
    const versions = [...noteEl(el, SUIVI).querySelectorAll('[part~="version"]')].map((v) => text(v));
    expect(versions[0]).to.match(/^Version 3 \(actuelle\) — .+ · \d{2}\/\d{2}\/\d{4}.* · \+\d+ \/ −0 lignes/);
    expect(versions[2]).to.contain('première version');
    noteEl(el, SUIVI).querySelector<HTMLButtonElement>('[part~="diff-toggle"]')!.click();
    await el.updateComplete;
    const added = [...noteEl(el, SUIVI).querySelectorAll('[part~="diff"] [data-kind="added"]')].map((l) => l.textContent);
    expect(added.join(' ')).to.contain('Compléments nutritionnels oraux prescrits');
    await expect(el).shadowDom.to.be.accessible();
  });
});

describe('<coord-notes> bad input', () => {
  beforeEach(() => localStorage.clear());

  it('refuses a note with no text, visibly, and sends nothing', async () => {
    const store = await serveStore();
    const el = await notesIn();
    $(el, '[part~="new"]')!.click();
    await el.updateComplete;
    await typeInto(el, textarea($(el, 'form')!), '   \n  ');
    $(el, 'form [part~="save"]')!.click();
    await el.updateComplete;
    expect(text($(el, 'form [part~="error"]'))).to.equal('La note est vide : écrivez un texte avant d’enregistrer.');
    expect(textarea($(el, 'form')!).getAttribute('aria-invalid')).to.equal('true');
    expect(store.count('POST DocumentReference')).to.equal(0);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('renders markup and scripts in a note as text; only safe links, with rel=noopener and their domain', async () => {
    const store = await serveStore();
    const el = await notesIn();
    (window as unknown as { pwned?: boolean }).pwned = false;
    const evil = '<img src=x onerror="window.pwned=true"><script>window.pwned=true</script> [clic](javascript:window.pwned=true) voir https://www.has-sante.fr/guide.pdf.';
    $(el, '[part~="new"]')!.click();
    await el.updateComplete;
    await typeInto(el, textarea($(el, 'form')!), evil);
    const saved = oneEvent(el, 'coord-note-saved');
    $(el, 'form [part~="save"]')!.click();
    const { detail } = await saved;
    await waitUntil(() => $(el, `article[data-ref="${detail.reference}"] [part~="text"]`), 'opened', { timeout: 5000 });
    const body = noteEl(el, detail.reference).querySelector('[part~="text"]')!;
    expect(body.querySelector('img, script')).to.equal(null);
    expect(body.textContent).to.contain('<img src=x onerror="window.pwned=true">');
    const links = [...body.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://www.has-sante.fr/guide.pdf']);
    expect(links[0]!.getAttribute('rel')).to.contain('noopener');
    expect(links[0]!.nextElementSibling!.textContent).to.equal('(www.has-sante.fr)');
    expect((window as unknown as { pwned?: boolean }).pwned).to.equal(false);
    expect(storedText(store.get(detail.reference))).to.equal(evil);
  });

  it('refuses a note over the size limit, says so, and keeps the text', async () => {
    const store = await serveStore();
    const el = await notesIn();
    $(el, '[part~="new"]')!.click();
    await el.updateComplete;
    const huge = 'é'.repeat(MAX_NOTE_BYTES / 2 + 10);
    await typeInto(el, textarea($(el, 'form')!), huge);
    expect(text($(el, 'form [part~="error"]'))).to.match(/Note trop longue : 65 Ko, 64 Ko au plus/);
    $(el, 'form [part~="save"]')!.click();
    await el.updateComplete;
    expect(store.count('POST DocumentReference')).to.equal(0);
    expect(textarea($(el, 'form')!).value.length).to.equal(huge.length);
  });

  it('a save that fails keeps the text, says so, and saves on the next try', async () => {
    const store = await serveStore();
    store.fail({ method: 'POST', type: 'DocumentReference', failure: 'network', times: Infinity });
    const el = await notesIn();
    $(el, '[part~="new"]')!.click();
    await el.updateComplete;
    await typeInto(el, textarea($(el, 'form')!), 'Ne pas perdre ce texte.');
    $(el, 'form [part~="save"]')!.click();
    await waitUntil(() => text($(el, 'form [part~="error"]')).includes('n’a pas été enregistrée'), 'failure shown', { timeout: 8000 });
    expect(text($(el, 'form [part~="error"]'))).to.contain('Votre texte est conservé');
    expect(textarea($(el, 'form')!).value).to.equal('Ne pas perdre ce texte.');
    store.clearFailures();
    const saved = oneEvent(el, 'coord-note-saved');
    $(el, 'form [part~="save"]')!.click();
    const { detail } = await saved;
    expect(storedText(store.get(detail.reference))).to.equal('Ne pas perdre ce texte.');
  });

  it('says so when a stored note has no readable text', async () => {
    const store = await serveStore();
    const doc = store.get(SUIVI) as DocumentReference;
    store.add({ ...doc, content: [{ attachment: { contentType: 'application/pdf', data: btoa('%PDF-1.4') } }] });
    const el = await notesIn();
    const note = await openNote(el, SUIVI);
    expect(text(note)).to.contain('Cette note n’a pas de texte lisible.');
    expect(note.querySelector<HTMLButtonElement>('[part~="edit"]')!.disabled).to.equal(true);
  });

  it('shows a stored note cut at the size limit as cut, and does not let it be edited', async () => {
    const store = await serveStore();
    const doc = store.get(SUIVI) as DocumentReference;
    const big = btoa('a'.repeat(MAX_NOTE_BYTES + 3000));
    store.add({ ...doc, content: [{ attachment: { ...doc.content[0]!.attachment, data: big } }] });
    const el = await notesIn();
    const note = await openNote(el, SUIVI);
    expect(text(note)).to.contain('Note trop longue : seul le début est affiché.');
    expect(note.querySelector<HTMLButtonElement>('[part~="edit"]')!.disabled).to.equal(true);
    expect(text(note)).to.contain('Trop longue pour être modifiée ici.');
  });

  it('says when a version is missing from the server’s history', async () => {
    const store = await serveStore();
    const history = store.history(SUIVI);
    history.splice(1, 1); // version 2 lost by the server
    const el = await notesIn();
    const note = await openNote(el, SUIVI);
    note.querySelector<HTMLButtonElement>('[part~="history"]')!.click();
    await waitUntil(() => noteEl(el, SUIVI).querySelector('[part~="missing"]'), 'missing version flagged', { timeout: 5000 });
    expect(text(noteEl(el, SUIVI).querySelector('[part~="missing"]'))).to.equal('Version 2 absente de l’historique du serveur.');
    expect($$(el, '[part~="version"]').length).to.equal(2);
    await expect(el).shadowDom.to.be.accessible();
  });
});
