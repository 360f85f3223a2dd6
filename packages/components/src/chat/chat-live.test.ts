import { expect } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { seedResources } from '@coord/dev-server/seed';
import { MOCK_BASE_URL } from '@coord/dev-server/mocks';
import { articles, chatIn, GP, IDEL, layoutDone, manyMessages, PATIENT, postAs, serveStore, shadowText } from './chat.testing.ts';
import { chatScope } from './chat-storage.ts';
import type { CoordChat } from './chat.component.ts';

const actors = () => seedResources().filter((r) => r.resourceType !== 'Communication');

function thread(chat: CoordChat): HTMLElement {
  return chat.shadowRoot!.querySelector<HTMLElement>('.thread')!;
}

function announcement(chat: CoordChat): string {
  return chat.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!.trim();
}

describe('<coord-chat> live updates, unread marker and history', () => {
  it('shows others’ messages within seconds and announces them in a summary', async () => {
    const store = await serveStore();
    const chat = await chatIn({ user: IDEL, attrs: { pollInterval: 1 } });
    await new Promise((r) => setTimeout(r, 300)); // the watch takes its baseline
    postAs(store, GP, 'Je passe voir Mme Martin demain.');
    postAs(store, GP, 'Et je renouvelle l’ordonnance.');
    await waitUntil(() => shadowText(chat).includes('je renouvelle l’ordonnance'), 'live message', { timeout: 4000 });
    expect(announcement(chat)).to.equal('2 nouveaux messages de Dr Claire Lefèvre');
    expect(chat.shadowRoot!.querySelector('.pill'), 'at the bottom: no pill').to.be.null;
    await expect(chat).shadowDom.to.be.accessible();
  });

  it('shows a "Nouveaux messages" pill when scrolled up; it leads to the first new message', async () => {
    const store = await serveStore();
    const chat = await chatIn({ user: IDEL, attrs: { pollInterval: 1 } });
    thread(chat).scrollTop = 0;
    await layoutDone(chat);
    await new Promise((r) => setTimeout(r, 300));
    postAs(store, GP, 'Message arrivé pendant la lecture');
    await waitUntil(() => chat.shadowRoot!.querySelector('.pill'), 'pill', { timeout: 4000 });
    const pill = chat.shadowRoot!.querySelector<HTMLButtonElement>('.pill')!;
    expect(pill.textContent!.trim()).to.equal('Nouveaux messages');
    await expect(chat).shadowDom.to.be.accessible();
    pill.click();
    await waitUntil(() => chat.shadowRoot!.activeElement?.textContent?.includes('Message arrivé pendant la lecture'), 'focus on the new message', { timeout: 3000 });
    expect(chat.shadowRoot!.querySelector('.pill')).to.be.null;
  });

  it('marks "Depuis ma dernière visite" before the first unread message, then remembers the visit', async () => {
    // Its own viewer: test pages run side by side and share localStorage.
    const social = 'PractitionerRole/role-social';
    const store = await serveStore();
    const sent = store
      .search('Communication', new URLSearchParams({ subject: PATIENT, _sort: 'sent' }))
      .map((c) => Date.parse((c as { sent: string }).sent));
    const scope = chatScope(MOCK_BASE_URL, PATIENT, social);
    // Read up to message 12; message 13 is the social worker's own, so the first unread is 14.
    localStorage.setItem(`coord-chat:last-read:${scope}`, String(sent[11]));
    const chat = await chatIn({ user: social });
    const marker = chat.shadowRoot!.querySelector('.unread')!;
    expect(marker.textContent).to.contain('Depuis ma dernière visite');
    const rows = [...thread(chat).children].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const after = rows[rows.indexOf(marker) + 1]!;
    expect(after.textContent, 'first unread, own message skipped').to.contain('Évolution de la plaie');
    await expect(chat).shadowDom.to.be.accessible();
    thread(chat).scrollTop = thread(chat).scrollHeight;
    await layoutDone(chat);
    thread(chat).dispatchEvent(new Event('scroll'));
    expect(Number(localStorage.getItem(`coord-chat:last-read:${scope}`))).to.equal(sent.at(-1));
  });

  it('loads earlier messages on scroll up without moving what the user reads', async () => {
    const store = await serveStore([...actors(), ...manyMessages(5000)]);
    const chat = await chatIn({ attrs: { pageSize: 50 } });
    // A first page of 50 renders plainly; the older pages take it past 150 rows, virtualised from then on.
    expect(articles(chat).length, 'the first page').to.equal(50);
    expect(articles(chat)[0]!.getAttribute('aria-setsize'), 'size unknown while pages remain').to.equal('-1');
    store.latency = 400; // time to see where the user is before the older page lands
    const el = thread(chat);
    el.scrollTop = 0;
    await waitUntil(() => el.getAttribute('aria-busy') === 'true', 'older page requested on scroll up', { timeout: 2000 });
    const anchor = articles(chat).find((a) => a.textContent!.includes('Message 4951'))!;
    const before = anchor.getBoundingClientRect().top;
    await waitUntil(() => el.getAttribute('aria-busy') === 'false', 'older page merged', { timeout: 5000 });
    await layoutDone(chat);
    await waitUntil(() => articles(chat).some((a) => a.dataset.key === anchor.dataset.key), 'anchor rendered again');
    await layoutDone(chat);
    const same = articles(chat).find((a) => a.dataset.key === anchor.dataset.key)!;
    expect(same, 'anchor still rendered').to.exist;
    expect(Math.abs(same.getBoundingClientRect().top - before), 'no jump (px)').to.be.lessThan(2);
    expect(shadowText(chat), 'older messages above').to.contain('Message 4950');
  });

  it('stays light with 5 000 messages loaded', async () => {
    await serveStore([...actors(), ...manyMessages(5000)]);
    const chat = await chatIn({ attrs: { pageSize: 1000 } });
    for (let i = 0; i < 6 && (chat as unknown as { older?: unknown }).older; i++) await chat.loadOlder();
    await chat.updateComplete;
    await layoutDone(chat);
    expect((chat as unknown as { messages: unknown[] }).messages.length).to.equal(5000);
    expect(articles(chat).length, 'DOM holds a screenful, not 5 000').to.be.lessThan(60);
    expect(articles(chat).at(-1)!.getAttribute('aria-setsize')).to.equal('5000');
    await expect(chat).shadowDom.to.be.accessible();
  });
});
