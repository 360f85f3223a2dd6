import { expect, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { clock, setClock } from '@coord/api-client';
import { useHandlers } from '../testing/msw.ts';
import { restoreTestClock } from '../testing/setup.ts';
import { xOf } from './timeline-overview.ts';
import type { View } from './timeline-view.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import { GP, PATIENT, articles, button, shadowText, timelineIn, titles, waitForText, withItems } from './timeline.fixtures.ts';


async function martin(attrs = ''): Promise<CoordTimeline> {
  const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0" page-size="200"></coord-timeline>`);
  for (const pair of attrs.split(';').filter(Boolean)) {
    const [k, v] = pair.split('=') as [string, string];
    el.setAttribute(k, v);
  }
  await withItems(el);
  return el;
}

const chipsOf = (a: Element): string[] => [...a.querySelectorAll('.chip')].map((c) => c.textContent!.trim());
/** Whether every item shown carries that pathway chip (an item may belong to several). */
const allIn = (el: CoordTimeline, label: string): boolean => articles(el).length > 0 && articles(el).every((a) => chipsOf(a).includes(label));
const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Filters: presets by attribute, user changes reflected back, free text, period from the overview. */
describe('<coord-timeline> filters', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  it('is accessible with filters set', async () => {
    const el = await martin('pathways=plaies;query=pansement');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('a host preset `pathways` (by code) shows only that pathway and puts its lane first', async () => {
    const el = await martin('pathways=cancer');
    await waitUntil(() => allIn(el, 'Cancer'), 'other pathways still listed');
    expect(el.shadowRoot!.querySelector('.lane-label')?.textContent).to.equal('Cancer');
    expect(el.shadowRoot!.querySelector('.chip-toggle[data-pathway="EpisodeOfCare/eoc-cancer"]')?.getAttribute('aria-pressed')).to.equal('true');
  });

  it('the user toggling a pathway is reflected to the attribute and announced to the host', async () => {
    const el = await martin();
    const change = oneEvent(el, 'coord-filter-change');
    button(el, '.chip-toggle[data-pathway="EpisodeOfCare/eoc-irc"]').click();
    const { detail } = await change;
    expect(detail.pathways).to.deep.equal(['EpisodeOfCare/eoc-irc']);
    expect(el.getAttribute('pathways')).to.equal('EpisodeOfCare/eoc-irc');
    await waitUntil(() => allIn(el, 'Insuffisance rénale chronique'));
    button(el, '.chip-toggle[data-pathway="EpisodeOfCare/eoc-cancer"]').click();
    await el.updateComplete;
    expect(el.getAttribute('pathways')).to.equal('EpisodeOfCare/eoc-irc,EpisodeOfCare/eoc-cancer');
    button(el, '.chip-toggle[data-pathway="EpisodeOfCare/eoc-irc"]').click();
    await el.updateComplete;
    expect(el.getAttribute('pathways')).to.equal('EpisodeOfCare/eoc-cancer');
  });

  it('`kinds` limits the kinds; hiding one filters in place, asking for messages loads them', async () => {
    const el = await martin('kinds=document');
    await waitUntil(() => articles(el).every((a) => a.classList.contains('k-document')));
    expect(button(el, '[data-kind="document"]').getAttribute('aria-pressed')).to.equal('true');
    expect(button(el, '[data-kind="encounter"]').getAttribute('aria-pressed')).to.equal('false');
    button(el, '[data-kind="message"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('.k-message'), 'messages never loaded', { timeout: 8000 });
    expect(el.getAttribute('kinds')).to.equal('document,message');
  });

  it('every kind switched off shows nothing (not the defaults); clearing brings them back', async () => {
    const el = await martin();
    for (const chip of [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-kind][aria-pressed="true"]')]) chip.click();
    await el.updateComplete;
    expect(el.getAttribute('kinds')).to.equal('none');
    await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="no-match"]'), 'items still shown');
    button(el, '.fields .clear').click();
    await withItems(el);
    expect(el.hasAttribute('kinds')).to.be.false;
  });

  it('`since` keeps only recent items; changing the date input reflects it', async () => {
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const el = await martin(`since=${since}`);
    await waitUntil(() => articles(el).length > 0);
    const times = articles(el).map((a) => Date.parse(a.querySelector('time')?.getAttribute('datetime') ?? ''));
    expect(times.every((t) => t >= Date.parse(since))).to.be.true;
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="since"]')!;
    expect(input.value).to.equal(since);
    input.value = '2020-01-01';
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.getAttribute('since')).to.equal('2020-01-01');
  });

  it('free text matches titles, authors and pathways, ignoring accents and case', async () => {
    const el = await martin();
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="query"]')!;
    input.value = 'EVALUATION';
    input.dispatchEvent(new Event('input'));
    await waitUntil(() => articles(el).length > 0 && articles(el).every((a) => fold(a.textContent!).includes('evaluation')), 'not filtered');
    expect(titles(el).some((t) => t.startsWith('Évaluation'))).to.be.true;
    input.value = 'lambert';
    input.dispatchEvent(new Event('input'));
    await waitForText(el, 'par Dr Julien Lambert');
    expect(articles(el).every((a) => a.textContent!.includes('Lambert'))).to.be.true;
  });

  it('no match: says so and clears every filter on request', async () => {
    const el = await martin('query=zzzz-rien');
    await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="no-match"]'), 'no no-match state');
    expect(shadowText(el)).to.contain('Aucun élément ne correspond aux filtres');
    await expect(el).shadowDom.to.be.accessible();
    button(el, '[data-kind="no-match"] button').click();
    await withItems(el);
    expect(el.hasAttribute('query')).to.be.false;
  });

  it('zoom buttons set the scale, and it is reflected', async () => {
    const el = await martin();
    expect(button(el, '[data-zoom="recent"]').getAttribute('aria-pressed'), 'opens on the recent window').to.equal('true');
    expect(button(el, '[data-zoom="all"]').getAttribute('aria-pressed')).to.equal('false');
    button(el, '[data-zoom="week"]').click();
    await el.updateComplete;
    expect(el.getAttribute('zoom')).to.equal('week');
    expect(button(el, '[data-zoom="week"]').getAttribute('aria-pressed')).to.equal('true');
    const labels = [...el.shadowRoot!.querySelectorAll('.tick')].map((t) => t.textContent);
    expect(labels.length).to.be.within(4, 9);
  });

  // Fixed instants around calendar edges: the click lands in the previous month and year, on the
  // day Paris changes to summer time, and mid-month. The expected month is computed in the
  // browser's own time zone (the suite runs in Europe/Paris and again in UTC).
  const regionCases = [
    { now: '2027-01-04T10:00:00+01:00', back: 10, edge: 'month and year boundary' },
    { now: '2026-04-01T12:00:00+02:00', back: 3, edge: 'DST change (29 March)' },
    { now: '2026-06-15T12:00:00+02:00', back: 20, edge: 'mid-month, previous month' },
  ];
  for (const { now, back, edge } of regionCases) {
    it(`clicking a region of a lane filters the list to that period and pathway (${edge})`, async () => {
      setClock(now);
      try {
        await useHandlers(fhirRecordHandlers()); // the record, dated from this instant
        const el = await martin('zoom=year');
        const svg = el.shadowRoot!.querySelector<SVGSVGElement>('svg.chart')!;
        const lanes = [...el.shadowRoot!.querySelectorAll('.lane')];
        const laneIndex = lanes.findIndex((g) => g.getAttribute('data-lane') === 'EpisodeOfCare/eoc-plaies');
        const laneLabel = el.shadowRoot!.querySelector('.chip-toggle[data-pathway="EpisodeOfCare/eoc-plaies"]')!.textContent!.trim();
        const target = clock.now() - back * 86_400_000;
        const { view } = el as unknown as { view: View };
        const x = xOf(target, view, Number(svg.getAttribute('width')));
        const box = svg.getBoundingClientRect();
        const at = { clientX: box.left + x, clientY: box.top + laneIndex * 24 + 10, pointerId: 1, button: 0, bubbles: true };
        svg.dispatchEvent(new PointerEvent('pointerdown', at));
        svg.dispatchEvent(new PointerEvent('pointerup', at));
        await waitUntil(() => el.shadowRoot!.querySelector('.region-chip'), 'no region chip');
        expect(el.shadowRoot!.querySelector('.region-chip')?.textContent).to.contain(laneLabel);
        expect(el.shadowRoot!.querySelector('rect.region')).to.exist;
        await waitUntil(() => allIn(el, laneLabel), 'items of other pathways still listed');
        const month = new Date(target).getMonth();
        const months = articles(el).map((a) => new Date(a.querySelector('time')!.getAttribute('datetime')!).getMonth());
        expect(months.every((m) => m === month), `months shown: ${months.join(',')}, expected ${month}`).to.be.true;
        button(el, '.clear-region').click();
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('.region-chip')).to.be.null;
      } finally {
        restoreTestClock();
      }
    });
  }

  it('dragging the overview pans it, without filtering', async () => {
    const el = await martin('zoom=month');
    const svg = el.shadowRoot!.querySelector<SVGSVGElement>('svg.chart')!;
    const before = svg.getAttribute('aria-label');
    const box = svg.getBoundingClientRect();
    const at = (x: number) => ({ clientX: box.left + x, clientY: box.top + 10, pointerId: 2, button: 0, bubbles: true });
    svg.dispatchEvent(new PointerEvent('pointerdown', at(600)));
    svg.dispatchEvent(new PointerEvent('pointermove', at(700)));
    svg.dispatchEvent(new PointerEvent('pointerup', at(700)));
    await el.updateComplete;
    expect(svg.getAttribute('aria-label'), 'the period shown moved').not.to.equal(before);
    expect(el.shadowRoot!.querySelector('.region-chip'), 'a drag is not a click').to.be.null;
  });

  it('the overview works by keyboard: arrows pan, Enter filters the list to the period shown', async () => {
    const el = await martin('zoom=month');
    const svg = el.shadowRoot!.querySelector<SVGSVGElement>('svg.chart')!;
    const before = svg.getAttribute('aria-label');
    svg.focus();
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await el.updateComplete;
    expect(svg.getAttribute('aria-label')).not.to.equal(before);
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await waitUntil(() => el.shadowRoot!.querySelector('.region-chip'));
    const cutoff = clock.now() - 40 * 86_400_000;
    const times = articles(el).map((a) => Date.parse(a.querySelector('time')?.getAttribute('datetime') ?? ''));
    expect(times.every((t) => t > cutoff)).to.be.true;
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: '-', bubbles: true }));
    await el.updateComplete;
    expect(el.zoom, 'month, then the recent window').to.equal('recent');
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: '-', bubbles: true }));
    await el.updateComplete;
    expect(el.zoom).to.equal('year');
  });
});
