import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from '../testing/wait.ts';
import type { DocumentReference, Task } from '@medplum/fhirtypes';
import type { CoordErrorEvent } from '../events/coord-error.ts';
import { articles, chatIn, IDEL, layoutDone, serveStore, shadowText } from './chat.testing.ts';
import type { CoordChat } from './chat.component.ts';

async function show(chat: CoordChat, text: string): Promise<HTMLElement> {
  const thread = chat.shadowRoot!.querySelector<HTMLElement>('.thread')!;
  for (let top = thread.scrollHeight; top >= -thread.clientHeight; top -= thread.clientHeight / 2) {
    const found = articles(chat).find((a) => a.textContent!.includes(text));
    if (found) {
      // On screen, as the user sees it (a short thread renders every row; photos load near the view).
      thread.scrollTop += found.getBoundingClientRect().top - thread.getBoundingClientRect().top - 8;
      await layoutDone(chat);
      return articles(chat).find((a) => a.textContent!.includes(text)) ?? found;
    }
    thread.scrollTop = top;
    await layoutDone(chat);
  }
  throw new Error(`message "${text}" not found`);
}

/** Opens a message's menu from the keyboard (the message focused, Enter) and picks the item whose text starts with `label`. */
async function act(chat: CoordChat, text: string, label: string): Promise<HTMLDialogElement> {
  const article = await show(chat, text);
  article.focus();
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => chat.shadowRoot!.activeElement?.getAttribute('role') === 'menuitem', 'menu open, focus on its first item');
  const open = articles(chat).find((a) => a.dataset.key === article.dataset.key)!;
  expect(open.querySelector('.actions-toggle')!.getAttribute('aria-expanded')).to.equal('true');
  const button = [...open.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].find((b) => b.textContent!.trim().startsWith(label))!;
  button.click();
  // The dialogs' code comes on the first one opened.
  await waitUntil(() => chat.shadowRoot!.querySelector('dialog')?.open, 'dialog open');
  return chat.shadowRoot!.querySelector('dialog')!;
}

function submit(dialog: HTMLDialogElement): void {
  dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

describe('<coord-chat> from a message to the record', () => {
  it('saves a photo to the documents as a typed DocumentReference linked to the message', async () => {
    const store = await serveStore();
    const chat = await chatIn({ user: IDEL });
    const dialog = await act(chat, 'Photo de la plaie ce matin', 'Enregistrer dans les documents');
    expect(dialog.querySelector<HTMLSelectElement>('#doc-type')!.value, 'photo preselected').to.equal('photo');
    expect(dialog.querySelector<HTMLInputElement>('#doc-title')!.value).to.equal('plaie-talon.png');
    await expect(chat).shadowDom.to.be.accessible();
    dialog.querySelector<HTMLTextAreaElement>('#doc-description')!.value = 'Escarre talon droit, J1';
    const before = store.all('DocumentReference').length;
    submit(dialog);
    await waitUntil(() => !dialog.open, 'dialog closes once saved', { timeout: 4000 });
    expect(shadowText(chat)).to.contain('Enregistré dans les documents.');
    const docs = store.all('DocumentReference') as DocumentReference[];
    expect(docs.length).to.equal(before + 1);
    const doc = docs.at(-1)!;
    expect(doc.context?.related?.[0]?.reference).to.equal('Communication/msg-martin-04');
    expect(doc.type?.coding?.[0]).to.include({ system: 'http://loinc.org', code: '72170-4' });
    expect(doc.subject?.reference).to.equal('Patient/pat-martin');
    expect(doc.content?.[0]?.attachment).to.include({ url: 'Binary/bin-photo-plaie', contentType: 'image/png', title: 'plaie-talon.png' });
    expect(doc.description).to.equal('Escarre talon droit, J1');
    expect(doc.author?.[0]?.reference, 'the sender made it').to.equal('PractitionerRole/role-idel');
    expect(doc.identifier?.[0]?.value, 'idempotent create').to.match(/^urn:uuid:/);
    expect((chat.shadowRoot!.activeElement as HTMLElement | null)?.dataset.key, 'focus back on the message').to.equal('Communication/msg-martin-04');
  });

  it('creates a PPCS action (Task) based on the active PPCS and pointing to the message', async () => {
    const store = await serveStore();
    const chat = await chatIn({ user: IDEL });
    const dialog = await act(chat, 'dossier APA à constituer', 'Créer une action PPCS');
    const description = dialog.querySelector<HTMLTextAreaElement>('#action-description')!;
    expect(description.value).to.contain('dossier APA à constituer');
    description.value = 'Constituer le dossier APA';
    dialog.querySelector<HTMLInputElement>('#action-due')!.value = '2030-01-15';
    await expect(chat).shadowDom.to.be.accessible();
    submit(dialog);
    await waitUntil(() => !dialog.open, 'dialog closes once created', { timeout: 4000 });
    expect(shadowText(chat)).to.contain('Action ajoutée au PPCS.');
    const task = (store.all('Task') as Task[]).find((t) => t.description === 'Constituer le dossier APA')!;
    expect(task, 'task stored').to.exist;
    expect(task.basedOn?.[0]?.reference).to.equal('CarePlan/cp-ppcs');
    expect(task.reasonReference?.reference).to.equal('Communication/msg-martin-06');
    expect(task.owner?.reference).to.equal(IDEL);
    expect(task.for?.reference).to.equal('Patient/pat-martin');
    expect(task.restriction?.period?.end).to.equal('2030-01-15');
    expect(task.note?.[0]?.text).to.equal('Créée depuis un message de la messagerie.');
  });

  it('says so when there is no active PPCS, and keeps the form when saving fails', async () => {
    const store = await serveStore();
    for (const plan of store.all('CarePlan')) (plan as { status: string }).status = 'completed';
    const chat = await chatIn({ user: IDEL });
    const dialog = await act(chat, 'dossier APA à constituer', 'Créer une action PPCS');
    submit(dialog);
    await waitUntil(() => dialog.querySelector('[role="alert"]'), 'no-PPCS error', { timeout: 4000 });
    expect(dialog.querySelector('[role="alert"]')!.textContent).to.contain('Aucun PPCS actif pour ce patient');
    expect(store.all('Task').some((t) => (t as Task).reasonReference)).to.be.false;
    [...dialog.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Annuler')!.click();
    await waitUntil(() => !chat.shadowRoot!.querySelector('dialog')?.open, 'dialog closed by Cancel');

    store.fail({ method: 'POST', type: 'DocumentReference', failure: 400, times: Infinity });
    const docDialog = await act(chat, 'Photo de la plaie ce matin', 'Enregistrer dans les documents');
    docDialog.querySelector<HTMLInputElement>('#doc-title')!.value = 'Titre saisi';
    const error = oneEvent(chat, 'coord-error') as Promise<CoordErrorEvent>;
    submit(docDialog);
    expect((await error).detail).to.include({ source: 'chat:document', status: 400 });
    await chat.updateComplete;
    expect(docDialog.open).to.be.true;
    expect(docDialog.querySelector('[role="alert"]')!.textContent).to.contain('L’enregistrement a échoué');
    expect(docDialog.querySelector<HTMLInputElement>('#doc-title')!.value, 'what was typed is kept').to.equal('Titre saisi');
  });

  it('is one Tab stop with a named menu per message: arrows wrap, Shift+F10 and the context-menu key open it, Escape returns', async () => {
    await serveStore();
    const chat = await chatIn({ user: IDEL });
    const toggles = [...chat.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions-toggle')];
    expect(toggles.length).to.be.greaterThan(2);
    expect(toggles.every((b) => b.tabIndex === -1), 'no action button in the Tab order').to.be.true;
    const names = toggles.map((b) => b.getAttribute('aria-label'));
    expect(new Set(names).size, `every button named after its message: ${names.join(' | ')}`).to.equal(names.length);
    expect(articles(chat).filter((a) => a.tabIndex === 0).length, 'one message in the Tab order').to.equal(1);
    const sophie = await show(chat, 'plaie en nette amélioration');
    sophie.focus();
    await sendKeys({ press: 'Shift+F10' });
    await waitUntil(() => chat.shadowRoot!.activeElement?.getAttribute('role') === 'menuitem', 'Shift+F10 opens the menu');
    const menu = chat.shadowRoot!.querySelector('[role="menu"]')!;
    expect(menu.getAttribute('aria-label')).to.match(/^Actions sur le message de Moi, /);
    await expect(chat).shadowDom.to.be.accessible();
    const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const active = () => chat.shadowRoot!.activeElement;
    expect(active()).to.equal(items[0]);
    await sendKeys({ press: 'ArrowUp' });
    expect(active(), 'ArrowUp wraps to the last item').to.equal(items.at(-1));
    await sendKeys({ press: 'ArrowDown' });
    expect(active(), 'ArrowDown wraps to the first').to.equal(items[0]);
    await sendKeys({ press: 'End' });
    expect(active()).to.equal(items.at(-1));
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !chat.shadowRoot!.querySelector('[role="menu"]'), 'menu closed');
    expect((active() as HTMLElement).dataset.key, 'focus back on the message').to.equal(sophie.dataset.key);
    await sendKeys({ press: 'ContextMenu' });
    await waitUntil(() => active()?.getAttribute('role') === 'menuitem', 'the context-menu key opens it too');
    await sendKeys({ press: 'Tab' });
    await waitUntil(() => !chat.shadowRoot!.querySelector('[role="menu"]'), 'Tab closes the menu');
  });

  it('offers a read-only viewer only what does not write (copy)', async () => {
    await serveStore();
    const chat = await chatIn({ attrs: { readonly: true } });
    const last = articles(chat).find((a) => a.tabIndex === 0)!;
    last.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => chat.shadowRoot!.activeElement?.getAttribute('role') === 'menuitem', 'menu open');
    const items = [...chat.shadowRoot!.querySelectorAll('[role="menuitem"]')].map((b) => b.textContent!.trim());
    expect(items).to.deep.equal(['Copier le texte']);
  });
});
