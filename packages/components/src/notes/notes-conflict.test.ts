import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MOCK_BASE_URL } from '@coord/dev-server/mocks';
import { waitUntil } from '../testing/wait.ts';
import { editAsSomeoneElse, IDEL, noteEl, notesIn, openNote, serveStore, settled, storedText, SUIVI, text, typeInto } from './notes.testing.ts';
import type { CoordNotes } from './notes.component.ts';

const part = <T extends HTMLElement = HTMLElement>(el: CoordNotes, name: string): T => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`)!;

async function startEditing(el: CoordNotes, append: string): Promise<string> {
  const note = await openNote(el, SUIVI);
  note.querySelector<HTMLButtonElement>('[part~="edit"]')!.click();
  await el.updateComplete;
  const area = noteEl(el, SUIVI).querySelector('textarea')!;
  const mine = `${area.value}\n${append}`;
  await typeInto(el, area, mine);
  return mine;
}

describe('<coord-notes> conflicts (someone else saved first: 412)', () => {
  beforeEach(() => localStorage.clear());

  it('keeps focus and caret in the editor when a refresh moves the note being edited', async () => {
    const store = await serveStore();
    const el = await notesIn();
    const order = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('article.note')].map((a) => a.dataset.ref);
    const before = order();
    const other = before.find((ref) => ref !== SUIVI && before.indexOf(ref) > before.indexOf(SUIVI));
    expect(other, 'a note listed after the one edited').to.be.a('string');
    await startEditing(el, 'IDEL : en cours de saisie.');
    const area = noteEl(el, SUIVI).querySelector('textarea')!;
    area.setSelectionRange(3, 3);
    // Someone else saves a note listed below: newest first puts it above the one being edited.
    editAsSomeoneElse(store, other!, 'Autre note mise à jour.');
    el.refresh();
    await waitUntil(() => order().indexOf(other) < order().indexOf(SUIVI), 'the other note moved up');
    await el.updateComplete;
    const focused = el.shadowRoot!.activeElement as HTMLTextAreaElement | null;
    expect(focused?.localName, 'focus stayed in the editor').to.equal('textarea');
    expect(focused!.value).to.contain('IDEL : en cours de saisie.');
    expect(focused!.selectionStart).to.equal(3);
  });

  it('shows both texts side by side and a merge pre-filled by the three-way merge; saving the merge keeps both edits', async () => {
    const store = await serveStore();
    const el = await notesIn();
    const original = storedText(store.get(SUIVI));
    const mine = await startEditing(el, 'IDEL : pansement refait.');
    editAsSomeoneElse(store, SUIVI, `${original}\nMT : antibiotique arrêté.`);
    part(el, 'save').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="conflict"]'), 'conflict view', { timeout: 5000 });
    expect(store.count('PUT DocumentReference'), 'the stale PUT was refused').to.equal(1);
    expect(text(part(el, 'conflict-mine'))).to.contain('IDEL : pansement refait.');
    expect(text(part(el, 'conflict-theirs'))).to.contain('MT : antibiotique arrêté.');
    expect(text(part(el, 'conflict'))).to.contain('Dr Lefèvre');
    const merge = part<HTMLTextAreaElement>(el, 'merge');
    expect(merge.value).to.equal(`${original}\nMT : antibiotique arrêté.\nIDEL : pansement refait.`);
    expect(el.shadowRoot!.activeElement?.id).to.equal('conflict-h');
    await expect(el).shadowDom.to.be.accessible();
    const saved = oneEvent(el, 'coord-note-saved');
    part(el, 'save-merge').click();
    const { detail } = await saved;
    expect(detail.reference).to.equal(SUIVI);
    expect(storedText(store.get(SUIVI))).to.equal(merge.value);
    expect(mine).to.not.equal(merge.value);
  });

  it('keep mine: saved over theirs, which stays in the history', async () => {
    const store = await serveStore();
    const el = await notesIn();
    const mine = await startEditing(el, 'IDEL : ma version.');
    editAsSomeoneElse(store, SUIVI, 'Texte remplacé par le médecin.');
    part(el, 'save').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="conflict"]'), 'conflict view', { timeout: 5000 });
    const saved = oneEvent(el, 'coord-note-saved');
    part(el, 'keep-mine').click();
    await saved;
    expect(storedText(store.get(SUIVI))).to.equal(mine);
    expect(store.history(SUIVI).map(storedText)).to.include('Texte remplacé par le médecin.');
  });

  it('keep theirs: nothing is written, the draft is dropped and the list shows their text', async () => {
    const store = await serveStore();
    const el = await notesIn();
    await startEditing(el, 'IDEL : abandonné.');
    editAsSomeoneElse(store, SUIVI, 'Leur texte.');
    part(el, 'save').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="conflict"]'), 'conflict view', { timeout: 5000 });
    part(el, 'keep-theirs').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="conflict"]')).to.equal(null);
    expect(store.count('PUT DocumentReference')).to.equal(1);
    await waitUntil(() => text(noteEl(el, SUIVI)).includes('Leur texte.'), 'their text listed', { timeout: 5000 });
    expect(Object.keys(localStorage).filter((k) => k.startsWith('coord-notes:'))).to.deep.equal([]);
  });

  it('a second conflict while resolving shows the conflict again; nothing is lost', async () => {
    const store = await serveStore();
    const el = await notesIn();
    const mine = await startEditing(el, 'IDEL : tenace.');
    editAsSomeoneElse(store, SUIVI, 'Première autre version.');
    part(el, 'save').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="conflict"]'), 'conflict view', { timeout: 5000 });
    editAsSomeoneElse(store, SUIVI, 'Deuxième autre version.');
    part(el, 'keep-mine').click();
    await waitUntil(() => text(part(el, 'conflict-theirs')).includes('Deuxième autre version.'), 'conflict again', { timeout: 5000 });
    expect(text(part(el, 'conflict-mine'))).to.contain('IDEL : tenace.');
    expect(storedText(store.get(SUIVI))).to.equal('Deuxième autre version.');
    const saved = oneEvent(el, 'coord-note-saved');
    part(el, 'keep-mine').click();
    await saved;
    expect(storedText(store.get(SUIVI))).to.equal(mine);
  });
});

describe('<coord-notes> others’ changes', () => {
  beforeEach(() => localStorage.clear());

  it('announces someone else’s new version and warns the one editing it before any save', async () => {
    const store = await serveStore();
    const el = await notesIn();
    await startEditing(el, 'IDEL : en cours.');
    editAsSomeoneElse(store, SUIVI, 'Texte du médecin.');
    await el.refresh();
    await waitUntil(() => noteEl(el, SUIVI).querySelector('[part~="stale"]'), 'stale warning', { timeout: 5000 });
    expect(text(el.shadowRoot!.querySelector('[role="status"][aria-live]'))).to.match(/« Suivi à domicile » modifiée par /);
    expect(noteEl(el, SUIVI).querySelector('textarea')!.value, 'the text being typed is untouched').to.match(/IDEL : en cours\.$/);
    await expect(el).shadowDom.to.be.accessible();
  });
});

describe('<coord-notes> drafts', () => {
  beforeEach(() => localStorage.clear());

  it('a draft survives a re-mount (reload), under a key that does not name the patient or viewer, and is cleared once saved', async () => {
    await serveStore();
    let el = await notesIn();
    await startEditing(el, 'IDEL : brouillon en cours.');
    const keys = Object.keys(localStorage).filter((k) => k.startsWith('coord-notes:'));
    expect(keys.length).to.equal(1);
    expect(keys[0]).to.match(/^coord-notes:drafts:[0-9a-f]{64}$/);
    expect(keys[0]).not.to.contain('pat-martin');
    expect(keys[0]).not.to.contain('role-idel');
    el.closest('coord-provider')!.remove();

    el = await notesIn();
    await waitUntil(() => noteEl(el, SUIVI).querySelector('textarea'), 'editor restored', { timeout: 5000 });
    expect(noteEl(el, SUIVI).querySelector('textarea')!.value).to.match(/IDEL : brouillon en cours\.$/);
    expect(text(noteEl(el, SUIVI))).to.contain('Brouillon restauré');
    await expect(el).shadowDom.to.be.accessible();
    const saved = oneEvent(el, 'coord-note-saved');
    part(el, 'save').click();
    await saved;
    expect(Object.keys(localStorage).filter((k) => k.startsWith('coord-notes:'))).to.deep.equal([]);
  });

  it('a new note’s draft comes back after a re-mount; another viewer does not see it', async () => {
    await serveStore();
    let el = await notesIn();
    part(el, 'new').click();
    await el.updateComplete;
    await typeInto(el, el.shadowRoot!.querySelector('form textarea')!, 'Nouvelle note pas finie');
    el.closest('coord-provider')!.remove();
    const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin" user="PractitionerRole/role-gp" profession="10">
      <coord-notes poll-interval="0"></coord-notes></coord-provider>`);
    const gp = root.querySelector('coord-notes')!;
    await settled(gp);
    expect(gp.shadowRoot!.querySelector('form.editor')).to.equal(null);
    root.remove();
    el = await notesIn({ user: IDEL });
    await waitUntil(() => el.shadowRoot!.querySelector('form.editor textarea'), 'new-note draft restored', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector<HTMLTextAreaElement>('form.editor textarea')!.value).to.equal('Nouvelle note pas finie');
  });
});
