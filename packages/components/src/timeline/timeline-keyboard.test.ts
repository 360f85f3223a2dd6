import { clock } from '@coord/api-client';
import { expect, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import type { Resource } from '@medplum/fhirtypes';
import { http } from 'msw';
import { seedResources } from '../../../dev-server/src/seed/record.ts';
import { useHandlers } from '../testing/msw.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import { GP, PATIENT, articles, button, manyResources, timelineIn, withItems } from './timeline.fixtures.ts';


const active = (el: CoordTimeline): HTMLElement | null => el.shadowRoot!.activeElement as HTMLElement | null;
const key = (target: Element, k: string): boolean => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));

async function focusMoves(el: CoordTimeline, from: HTMLElement, k: string): Promise<HTMLElement> {
  key(from, k);
  await waitUntil(() => active(el) && active(el) !== from, `focus did not move on ${k}`);
  return active(el)!;
}

/** Keyboard, selection, feed semantics, paging as the user scrolls, live "new items". */
describe('<coord-timeline> keyboard, selection and live items', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  it('is a feed of articles with one tab stop (roving tabindex) and positions', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    const items = await withItems(el);
    await expect(el).shadowDom.to.be.accessible();
    const feed = el.shadowRoot!.querySelector('[role="feed"]')!;
    expect(feed.getAttribute('aria-busy')).to.equal('false');
    expect(items.filter((a) => a.tabIndex === 0)).to.have.length(1);
    expect(items.map((a) => Number(a.getAttribute('aria-posinset')))).to.deep.equal(items.map((_, i) => i + 1));
    expect(items[0]!.getAttribute('aria-setsize')).to.match(/^(-1|\d+)$/);
    expect(items[0]!.getAttribute('aria-labelledby')).to.equal('title-1');
  });

  it('arrows, Home and End move focus; Enter and click fire coord-select with reference and kind', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    const [first] = await withItems(el);
    first!.focus();
    const second = await focusMoves(el, first!, 'ArrowDown');
    expect(second.getAttribute('aria-posinset')).to.equal('2');
    expect(second.tabIndex, 'the focused item becomes the tab stop').to.equal(0);
    const back = await focusMoves(el, second, 'ArrowUp');
    expect(back.getAttribute('aria-posinset')).to.equal('1');
    const last = await focusMoves(el, back, 'End');
    expect(Number(last.getAttribute('aria-posinset'))).to.be.greaterThan(5);
    const home = await focusMoves(el, last, 'Home');
    expect(home.getAttribute('aria-posinset')).to.equal('1');
    const selected = oneEvent(el, 'coord-select');
    key(home, 'Enter');
    const { detail } = await selected;
    expect(detail.reference).to.match(/^[A-Z][A-Za-z]+\/[\w.-]+$/);
    expect(detail.kind).to.equal(home.className.match(/k-([\w-]+)/)![1]);
    const clicked = oneEvent(el, 'coord-select');
    articles(el)[1]!.querySelector('.title')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect((await clicked).detail.reference).to.equal(articles(el)[1]!.dataset.id!.split('#')[0]);
  });

  it('scrolling to the end loads older items, then says everything is shown (plain rows, then virtualised past 150)', async () => {
    await useHandlers(fhirRecordHandlers({ resources: manyResources(200) }));
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0" page-size="40"></coord-timeline>`);
    await withItems(el);
    const list = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    for (let i = 0; i < 20 && el.shadowRoot!.querySelector('button.more'); i++) {
      list.scrollTop = list.scrollHeight;
      await new Promise((r) => setTimeout(r, 150));
    }
    await waitUntil(() => el.shadowRoot!.textContent!.includes('Tous les éléments sont affichés (201)'), 'not everything loaded', { timeout: 8000 });
    // Past the threshold the rows are virtualised: only those near the view are in the DOM.
    await waitUntil(() => articles(el).length < 60, `${articles(el).length} rows in the DOM`);
  });

  it('an inline PPCS action is selected as its plan plus its activity index, each action its own', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0" kinds="ppcs-action"></coord-timeline>`);
    await withItems(el);
    // Most inline actions are upcoming: open the "À venir" group whole.
    el.shadowRoot!.querySelector<HTMLButtonElement>('.upcoming-toggle')?.click();
    await el.updateComplete;
    const inline = articles(el).filter((a) => a.dataset.id!.includes('#activity-'));
    expect(inline.length, 'inline actions in the seed').to.be.greaterThan(1);
    const seen = new Set<string>();
    for (const a of inline) {
      const selected = oneEvent(el, 'coord-select');
      a.click();
      const { detail } = await selected;
      expect(detail.reference).to.match(/^CarePlan\//);
      expect(detail.activityIndex).to.equal(Number(a.dataset.id!.split('#activity-')[1]));
      seen.add(`${detail.reference}|${detail.activityIndex}`);
    }
    expect(seen.size, 'one distinct reference per action').to.equal(inline.length);
  });

  it('new items show as a pill without moving the list; the pill brings them in and focuses the first', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await withItems(el);
    const firstBefore = articles(el)[0]!.dataset.id;
    const fresh: Resource = {
      resourceType: 'Encounter', id: 'enc-new', meta: { versionId: '1', lastUpdated: new Date().toISOString() } /* server time */, status: 'finished', class: { code: 'HH' }, subject: { reference: PATIENT },
      type: [{ text: 'Visite imprévue' }], period: { start: new Date(clock.now() + 60 * 86_400_000).toISOString() },
      episodeOfCare: [{ reference: 'EpisodeOfCare/eoc-plaies' }],
    };
    await useHandlers(fhirRecordHandlers({ resources: [...seedResources(), fresh] }));
    await el.checkForNewItems();
    await el.updateComplete;
    const pill = button(el, '.pill');
    expect(pill.textContent).to.contain('1 nouvel élément');
    expect(pill.closest('[aria-live]')).to.exist;
    expect(articles(el)[0]!.dataset.id, 'the list did not move').to.equal(firstBefore);
    await el.checkForNewItems();
    await el.updateComplete;
    expect(button(el, '.pill').textContent, 'counted once').to.contain('1 nouvel élément');
    await expect(el).shadowDom.to.be.accessible();
    pill.click();
    await waitUntil(() => active(el)?.dataset.id === 'Encounter/enc-new', 'new item not focused');
    expect(el.shadowRoot!.querySelector('.pill')).to.be.null;
  });

  it('asks the server for changes every poll-interval seconds, and never with 0', async () => {
    const checks: string[] = [];
    const spy = http.get(`${MOCK_BASE_URL}/:type`, ({ request }) => {
      // The live hub's requests: a baseline sorted by _lastUpdated, then _lastUpdated=gt… polls.
      if (new URL(request.url).search.includes('_lastUpdated')) checks.push(request.url);
      return undefined; // on to the record handlers
    });
    await useHandlers([spy], fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await withItems(el);
    const watchers = () => el.session!.client!.live.stats;
    expect(watchers(), 'poll-interval 0: nothing watched').to.have.length(0);
    expect(checks, 'no live request with poll-interval 0').to.have.length(0);
    // Intervals shorter than 5 s are raised to 5 s; every timeline type is watched once, at 7 s.
    el.pollInterval = 7;
    await el.updateComplete;
    await waitUntil(() => watchers().length > 0, 'never subscribed');
    expect(watchers().every((w) => w.intervalMs === 7000 && w.subscribers === 1)).to.be.true;
    expect(watchers().map((w) => w.type)).to.include.members(['Encounter', 'DocumentReference', 'EpisodeOfCare']);
    el.pollInterval = 2;
    await el.updateComplete;
    await waitUntil(() => watchers().every((w) => w.intervalMs === 5000), 'not raised to 5 s');
    await el.checkForNewItems();
    await waitUntil(() => checks.length > 0, 'never polled');
    expect(checks.every((u) => u.includes('patient=Patient%2Fpat-martin'))).to.be.true;
    el.pollInterval = 0;
    await el.updateComplete;
    await waitUntil(() => watchers().length === 0, 'still watching with 0');
  });
});
