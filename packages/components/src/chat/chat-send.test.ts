import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { openOutboxStore, purgeLocalData } from '@coord/api-client';
import type { Communication } from '@medplum/fhirtypes';
import type { CoordErrorEvent } from '../events/coord-error.ts';
import type { CoordMessageSentEvent } from '../events/coord-message-sent.ts';
import { articles, chatIn, composer, lastArticle, serveStore, shadowText, typeAndSend } from './chat.testing.ts';
import type { CoordChat } from './chat.component.ts';
import type { MockFhirStore } from '@coord/dev-server/mocks';

function stored(store: MockFhirStore, text: string): Communication[] {
  return store.all('Communication').filter((c) => (c as Communication).payload?.some((p) => p.contentString === text)) as Communication[];
}

async function statusOf(chat: CoordChat, text: string, expected: RegExp): Promise<HTMLElement> {
  await waitUntil(() => {
    const article = lastArticle(chat);
    return article?.textContent!.includes(text) && expected.test(article.querySelector('.status')?.textContent ?? '');
  }, `status ${expected} for "${text}"`, { timeout: 6000 });
  return lastArticle(chat)!;
}

describe('<coord-chat> sending', () => {
  beforeEach(() => sessionStorage.clear());

  it('shows the message at once as "Envoi en cours…", then "Envoyé", and fires coord-message-sent once', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    store.latency = 400;
    const sentEvents: CoordMessageSentEvent[] = [];
    chat.addEventListener('coord-message-sent', (e) => sentEvents.push(e));
    await typeAndSend(chat, 'Pansement refait ce matin.\nRAS.');
    const article = await statusOf(chat, 'Pansement refait', /Envoi en cours/);
    expect(article.classList.contains('mine')).to.be.true;
    expect(composer(chat).value, 'composer emptied').to.equal('');
    await expect(chat).shadowDom.to.be.accessible();
    await statusOf(chat, 'Pansement refait', /^Envoyé$/);
    expect(lastArticle(chat)!.querySelector('.text')!.textContent).to.equal('Pansement refait ce matin.\nRAS.');
    const [saved] = stored(store, 'Pansement refait ce matin.\nRAS.');
    expect(saved, 'stored on the server').to.exist;
    expect(saved!.sender?.reference).to.equal('PractitionerRole/role-idel');
    expect(saved!.subject?.reference).to.equal('Patient/pat-martin');
    expect(sentEvents).to.have.length(1);
    expect(sentEvents[0]!.detail.reference).to.equal(`Communication/${saved!.id}`);
    expect(sentEvents[0]!.detail.identifier).to.match(/^urn:uuid:/);
    expect(sentEvents[0]!.bubbles && sentEvents[0]!.composed).to.be.true;
  });

  it('Shift+Enter and Enter during IME composition do not send; an empty message is never sent', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    const area = composer(chat);
    area.value = 'ligne 1';
    area.dispatchEvent(new InputEvent('input'));
    const shift = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, cancelable: true });
    area.dispatchEvent(shift);
    const ime = new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, cancelable: true });
    area.dispatchEvent(ime);
    area.dispatchEvent(new CompositionEvent('compositionstart'));
    const composing = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true });
    area.dispatchEvent(composing);
    area.dispatchEvent(new CompositionEvent('compositionend'));
    expect([shift.defaultPrevented, ime.defaultPrevented, composing.defaultPrevented]).to.deep.equal([false, false, false]);
    await typeAndSend(chat, '   ');
    await new Promise((r) => setTimeout(r, 300));
    expect(store.count('POST Communication')).to.equal(0);
    expect(area.value, 'text kept').to.equal('   ');
  });

  it('a server error shows "Non envoyé — réessayer"; Retry sends it exactly once', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    store.fail({ method: 'POST', type: 'Communication', failure: 503, times: Infinity });
    const error = oneEvent(chat, 'coord-error') as Promise<CoordErrorEvent>;
    await typeAndSend(chat, 'Message pendant la panne');
    const article = await statusOf(chat, 'Message pendant la panne', /Non envoyé — réessayer/);
    expect(article.textContent).to.contain('Nouvel essai automatique');
    expect((await error).detail).to.include({ source: 'chat:send', kind: 'server', status: 503 });
    await expect(chat).shadowDom.to.be.accessible();
    store.clearFailures();
    // The row may have been re-rendered meanwhile (virtualised list): find its Retry again. The
    // automatic retry may also win the race; either way the message is stored exactly once.
    const current = articles(chat).find((a) => a.textContent!.includes('Message pendant la panne'));
    current?.querySelector<HTMLButtonElement>('.status button')?.click();
    await statusOf(chat, 'Message pendant la panne', /^Envoyé$/);
    expect(stored(store, 'Message pendant la panne')).to.have.length(1);
  });

  it('an answer lost on the way back does not create a twin', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    store.fail({ method: 'POST', type: 'Communication', failure: 'lost', times: 1 });
    await typeAndSend(chat, 'Réponse perdue');
    await statusOf(chat, 'Réponse perdue', /^Envoyé$/);
    expect(stored(store, 'Réponse perdue')).to.have.length(1);
    expect(chat.shadowRoot!.querySelectorAll('article.msg').length).to.equal(new Set([...chat.shadowRoot!.querySelectorAll<HTMLElement>('article.msg')].map((a) => a.dataset.key)).size);
    expect(shadowText(chat).split('Réponse perdue').length - 1, 'shown once').to.equal(1);
  });

  it('offline: the message waits, then goes out once when the network is back', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    store.fail({ failure: 'network', times: Infinity });
    await typeAndSend(chat, 'Écrit sans réseau');
    await statusOf(chat, 'Écrit sans réseau', /Non envoyé — réessayer/);
    store.clearFailures();
    window.dispatchEvent(new Event('online'));
    await statusOf(chat, 'Écrit sans réseau', /^Envoyé$/);
    expect(stored(store, 'Écrit sans réseau')).to.have.length(1);
  });

  it('a refused message can be discarded; a forbidden one makes the chat read-only with the reason', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    store.fail({ method: 'POST', type: 'Communication', failure: 422, times: 1 });
    await typeAndSend(chat, 'Refusé par le serveur');
    const article = await statusOf(chat, 'Refusé par le serveur', /Non envoyé/);
    expect(article.textContent).to.contain('HTTP 422');
    [...article.querySelectorAll('button')].find((b) => b.textContent!.includes('Abandonner'))!.click();
    await waitUntil(() => !articles(chat).some((a) => a.textContent!.includes('Refusé par le serveur')), 'discarded', { timeout: 3000 });
    expect(stored(store, 'Refusé par le serveur')).to.have.length(0);
    expect(composer(chat).value, 'the text comes back to the composer').to.equal('Refusé par le serveur');
    composer(chat).value = '';
    composer(chat).dispatchEvent(new InputEvent('input'));

    store.fail({ method: 'POST', type: 'Communication', failure: 403, times: 1 });
    await typeAndSend(chat, 'Interdit');
    await waitUntil(() => composer(chat).disabled, 'read-only after 403', { timeout: 4000 });
    expect(shadowText(chat)).to.contain('vos droits ne permettent pas d’envoyer des messages');
  });

  it('keeps what was typed as a draft across a reload, per patient and viewer', async () => {
    await serveStore();
    const first = await chatIn();
    const area = composer(first);
    area.value = 'Brouillon à ne pas perdre';
    area.dispatchEvent(new InputEvent('input'));
    first.closest('coord-provider')!.remove();
    const second = await chatIn();
    expect(composer(second).value).to.equal('Brouillon à ne pas perdre');
    const other = await chatIn({ user: 'PractitionerRole/role-gp' });
    expect(composer(other).value, 'another viewer has their own draft').to.equal('');
  });
});

function statusText(chat: CoordChat, text: string): string | undefined {
  return articles(chat).find((a) => a.textContent!.includes(text))?.querySelector('.status')?.textContent?.trim();
}

describe('<coord-chat> unsent messages survive a reload', () => {
  it('a message written offline is still there after the page is reloaded, and goes out exactly once', async () => {
    const store = await serveStore();
    const outboxStore = await openOutboxStore(`coord-outbox-test-${Date.now()}`);
    store.fail({ method: 'POST', failure: 'network', times: Infinity });

    const before = await chatIn({ outboxStore });
    await typeAndSend(before, 'Écrit avant le rechargement');
    await waitUntil(() => /Non envoyé/.test(statusText(before, 'Écrit avant le rechargement') ?? ''), 'not sent', { timeout: 5000 });
    // "Reload": the element (and its outbox) goes away; a new one opens the same IndexedDB.
    before.closest('coord-provider')!.remove();

    const after = await chatIn({ outboxStore });
    const sent: CoordMessageSentEvent[] = [];
    after.addEventListener('coord-message-sent', (e) => sent.push(e));
    await waitUntil(() => statusText(after, 'Écrit avant le rechargement'), 'pending message shown after reload', { timeout: 5000 });
    expect(after.shadowRoot!.querySelector('article.pending'), 'shown as unsent').to.exist;
    await expect(after).shadowDom.to.be.accessible();

    store.clearFailures();
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => statusText(after, 'Écrit avant le rechargement') === 'Envoyé', 'sent after reload', { timeout: 6000 });
    await new Promise((r) => setTimeout(r, 300));
    const copies = store.all('Communication').filter((c) => (c as Communication).payload?.[0]?.contentString === 'Écrit avant le rechargement');
    expect(copies, 'exactly once on the server').to.have.length(1);
    expect(sent, 'coord-message-sent once').to.have.length(1);
    expect(articles(after).filter((a) => a.textContent!.includes('Écrit avant le rechargement'))).to.have.length(1);
  });

  it('with nothing waiting, opening the chat creates no outbox database; the first send opens it and goes out', async () => {
    // A clean device (the purge also lets go of any outbox connection an earlier test left open).
    await purgeLocalData();
    const store = await serveStore();
    const databases = async () => (await indexedDB.databases()).map((d) => d.name);
    const chat = await chatIn({ outboxStore: 'default' });
    await waitUntil(() => !composer(chat).disabled, 'composer ready');
    // Give the probe time to answer (it is what the chat does on load): still no database.
    await new Promise((r) => setTimeout(r, 300));
    expect(await databases(), 'only asked, nothing created').not.to.include('coord-outbox');
    await typeAndSend(chat, 'Premier envoi, file ouverte à la demande');
    await statusOf(chat, 'Premier envoi, file ouverte à la demande', /^Envoyé$/);
    expect(stored(store, 'Premier envoi, file ouverte à la demande')).to.have.length(1);
    expect(await databases(), 'the outbox opened for the send').to.include('coord-outbox');
  });

  it('keeps unsent messages in IndexedDB by default (no store given), per patient and viewer', async () => {
    const store = await serveStore();
    store.fail({ method: 'POST', failure: 503, times: Infinity });
    const user = 'PractitionerRole/role-coord';
    const first = await chatIn({ user, outboxStore: 'default' });
    await typeAndSend(first, 'Gardé dans IndexedDB');
    await waitUntil(() => /Non envoyé/.test(statusText(first, 'Gardé dans IndexedDB') ?? ''), 'not sent', { timeout: 5000 });
    first.closest('coord-provider')!.remove();

    const otherViewer = await chatIn({ user: 'PractitionerRole/role-gp', outboxStore: 'default' });
    expect(statusText(otherViewer, 'Gardé dans IndexedDB'), 'not shown to another viewer').to.be.undefined;
    otherViewer.closest('coord-provider')!.remove();

    const again = await chatIn({ user, outboxStore: 'default' });
    await waitUntil(() => statusText(again, 'Gardé dans IndexedDB'), 'restored from IndexedDB', { timeout: 5000 });
    store.clearFailures();
    // Retry by hand (the outbox's own timer may get there first).
    articles(again)
      .find((a) => a.textContent!.includes('Gardé dans IndexedDB'))
      ?.querySelector<HTMLButtonElement>('.status button')
      ?.click();
    await waitUntil(() => statusText(again, 'Gardé dans IndexedDB') === 'Envoyé', 'sent', { timeout: 6000 });
  });
});
