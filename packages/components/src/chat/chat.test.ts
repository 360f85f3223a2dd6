import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryOutboxStore } from '@coord/api-client';
import { MOCK_BASE_URL, fhirErrorHandlers, fhirNetworkErrorHandlers, fhirRecordHandlers } from '@coord/dev-server/mocks';
import type { Resource } from '@medplum/fhirtypes';
import { useHandlers } from '../testing/msw.ts';
import { articles, chatIn, composer, GP, IDEL, serveStore, settled, shadowText } from './chat.testing.ts';
import type { CoordChat } from './chat.component.ts';

describe('<coord-chat> states', () => {
  it('is accessible and shows the thread grouped by day, newest at the bottom', async () => {
    await serveStore();
    const chat = await chatIn();
    await expect(chat).shadowDom.to.be.accessible();
    const thread = chat.shadowRoot!.querySelector('[role="log"]')!;
    expect(thread.getAttribute('aria-label')).to.equal('Messages du dossier de coordination');
    const days = [...chat.shadowRoot!.querySelectorAll('h3.day')].map((d) => d.textContent!.trim());
    expect(days.length, 'day headers rendered').to.be.greaterThan(0);
    // The newest seed message (5 hours ago, oncology) is on screen, not the oldest.
    expect(shadowText(chat)).to.contain('Rendez-vous de suivi d’oncologie');
  });

  it('labels each message with its sender and time, and sets own messages apart', async () => {
    await serveStore();
    const chat = await chatIn({ user: IDEL });
    const mine = articles(chat).filter((a) => a.classList.contains('mine'));
    const theirs = articles(chat).filter((a) => a.classList.contains('theirs'));
    expect(mine.length, 'the nurse sees her own messages').to.be.greaterThan(0);
    expect(theirs.length).to.be.greaterThan(0);
    for (const article of articles(chat)) {
      const ids = article.getAttribute('aria-labelledby')!.split(' ');
      const label = ids.map((id) => chat.shadowRoot!.getElementById(id)?.textContent?.trim()).join(' ');
      expect(label, 'sender and time label').to.match(/\d{4}/);
    }
    expect(mine[0]!.querySelector('.from')!.textContent).to.equal('Moi');
    const oncologist = theirs.find((a) => a.textContent!.includes('oncologie'))!;
    expect(oncologist.querySelector('.role'), 'role shown').to.exist;
  });

  it('moves between messages by keyboard (arrows, Page Up/Down, Home, End)', async () => {
    await serveStore();
    const chat = await chatIn();
    const focused = () => chat.shadowRoot!.activeElement as HTMLElement | null;
    const last = articles(chat).find((a) => a.tabIndex === 0)!;
    expect(last.textContent, 'the newest message takes Tab').to.contain('oncologie');
    last.focus();
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => focused()?.textContent?.includes('plaie en nette amélioration'), 'previous message', { timeout: 2000 });
    expect(focused()!.tabIndex).to.equal(0);
    await sendKeys({ press: 'Home' });
    await waitUntil(() => focused()?.textContent?.includes('Bonjour à tous'), 'first message', { timeout: 3000 });
    await sendKeys({ press: 'End' });
    await waitUntil(() => focused()?.textContent?.includes('oncologie'), 'last message', { timeout: 3000 });
    await sendKeys({ press: 'PageUp' });
    await waitUntil(() => focused()?.textContent?.includes('l’avis d’imposition'), 'five messages up', { timeout: 3000 });
  });

  it('shows an accessible skeleton while loading', async () => {
    const store = await serveStore();
    store.latency = 'infinite';
    const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin" user=${IDEL}>
      <coord-chat .outboxStore=${new MemoryOutboxStore()}></coord-chat>
    </coord-provider>`);
    const chat = root.querySelector('coord-chat')!;
    await waitUntil(() => chat.shadowRoot?.querySelector('[aria-busy="true"]'), 'skeleton', { timeout: 3000 });
    expect(shadowText(chat)).to.contain('Chargement des messages');
    await expect(chat).shadowDom.to.be.accessible();
  });

  it('says "Aucun message" for an empty thread and still lets the user write', async () => {
    const store = await serveStore();
    for (const c of store.all('Communication')) (c as { subject?: unknown }).subject = { reference: 'Patient/pat-dubois' };
    const chat = await chatIn();
    expect(chat.shadowRoot!.querySelector('[data-kind="empty"]')?.textContent).to.contain('Aucun message');
    expect(composer(chat).disabled).to.be.false;
    await expect(chat).shadowDom.to.be.accessible();
  });

  it('shows an error with retry when the server fails, and recovers on retry', async () => {
    const store = await serveStore();
    store.fail({ method: 'GET', type: 'Communication', failure: 500, times: Infinity });
    const chat = await chatIn();
    const error = chat.shadowRoot!.querySelector('[data-kind="server"]')!;
    expect(error, 'server error state').to.exist;
    await expect(chat).shadowDom.to.be.accessible();
    store.clearFailures(); // the server is back
    error.querySelector('button')!.click();
    await waitUntil(() => articles(chat).length > 0, 'thread after retry', { timeout: 5000 });
  });

  it('shows a network error state', async () => {
    await useHandlers(fhirRecordHandlers(), fhirNetworkErrorHandlers());
    await useHandlers(fhirNetworkErrorHandlers());
    const root = await fixture<HTMLElement>(html`<coord-chat base-url=${MOCK_BASE_URL} patient="Patient/pat-martin" user=${IDEL} .outboxStore=${new MemoryOutboxStore()}></coord-chat>`);
    const chat = root as CoordChat;
    await settled(chat);
    expect(chat.shadowRoot!.querySelector('[data-kind="network"]'), 'network state').to.exist;
  });

  it('a forbidden read shows "Accès refusé" without a composer', async () => {
    await useHandlers(fhirErrorHandlers(403));
    const chat = (await fixture(html`<coord-chat base-url=${MOCK_BASE_URL} patient="Patient/pat-martin" user=${IDEL} .outboxStore=${new MemoryOutboxStore()}></coord-chat>`)) as CoordChat;
    await settled(chat);
    expect(shadowText(chat)).to.contain('Accès refusé');
    expect(chat.shadowRoot!.querySelector('textarea')).to.be.null;
    await expect(chat).shadowDom.to.be.accessible();
  });

  it('says "no patient selected" without a patient', async () => {
    await serveStore();
    const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL}><coord-chat></coord-chat></coord-provider>`);
    const chat = root.querySelector('coord-chat')!;
    await chat.updateComplete;
    expect(shadowText(chat)).to.contain('Aucun patient sélectionné');
    await expect(chat).shadowDom.to.be.accessible();
  });

  it('is read-only with the reason when no user is named, or the host says so', async () => {
    await serveStore();
    const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin">
      <coord-chat .outboxStore=${new MemoryOutboxStore()}></coord-chat>
    </coord-provider>`);
    const anonymous = root.querySelector('coord-chat')!;
    await settled(anonymous);
    expect(composer(anonymous).disabled).to.be.true;
    expect(shadowText(anonymous)).to.contain('Lecture seule : l’application hôte n’a pas indiqué l’utilisateur.');
    await expect(anonymous).shadowDom.to.be.accessible();

    const host = await chatIn({ user: GP, attrs: { readonly: true } });
    expect(composer(host).disabled).to.be.true;
    expect(composer(host).getAttribute('aria-describedby')).to.contain('composer-reason');
    expect(shadowText(host)).to.contain('Lecture seule : l’écriture est désactivée ici.');
  });

  it('speaks English', async () => {
    await serveStore();
    const chat = await chatIn({ attrs: { lang: 'en' } });
    expect(composer(chat).placeholder).to.equal('Write a message…');
    expect(shadowText(chat)).to.match(/Today|Yesterday|\d{4}/);
  });

  it('never shows one patient’s messages under another', async () => {
    const resources: Resource[] = [];
    await serveStore(resources.length ? resources : undefined);
    const chat = await chatIn();
    const provider = chat.closest('coord-provider')!;
    provider.setAttribute('patient', 'Patient/pat-dubois');
    await waitUntil(() => shadowText(chat).includes('chaussure de décharge'), 'Dubois thread', { timeout: 5000 });
    expect(shadowText(chat)).not.to.contain('Mme Martin');
  });
});
