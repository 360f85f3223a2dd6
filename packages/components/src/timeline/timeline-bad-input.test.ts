import { expect, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { waitUntil } from '../testing/wait.ts';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { useHandlers } from '../testing/msw.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import { GP, PATIENT, articles, badInputResources, manyResources, shadowText, timelineIn, withItems } from './timeline.fixtures.ts';


const byId = (el: CoordTimeline, id: string): HTMLElement | undefined => articles(el).find((a) => a.dataset.id === id);

/** Bad input (no date, no pathway, unknown kind, 5 000 characters, markup, masked) and scale. */
describe('<coord-timeline> bad input and scale', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers({ resources: badInputResources() }));
  });

  it('is accessible with bad input, and every item still shows', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => articles(el).length >= 6, 'items missing');
    await expect(el).shadowDom.to.be.accessible();
    expect(el.shadowRoot!.querySelector('.k-document[data-id="DocumentReference/doc-undated"]')).to.exist;
  });

  it('an item without a date goes to the "undated" group, last', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => byId(el, 'DocumentReference/doc-undated'), 'undated item missing');
    expect(articles(el).at(-1)!.dataset.id).to.equal('DocumentReference/doc-undated');
    const headers = [...el.shadowRoot!.querySelectorAll('.group')].map((h) => h.textContent!.trim());
    expect(headers.at(-1)).to.equal('Sans date');
    expect(byId(el, 'DocumentReference/doc-undated')!.querySelector('time')).to.be.null;
  });

  it('an item tied to no pathway says "Hors parcours" and has its lane', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => byId(el, 'DiagnosticReport/dr-other'));
    expect(byId(el, 'DiagnosticReport/dr-other')!.querySelector('.chip')!.textContent).to.equal('Hors parcours');
    expect(el.shadowRoot!.querySelector('.lane[data-lane="none"] .lane-label')?.textContent).to.equal('Hors parcours');
  });

  it('a report of no known category is a report ("Compte rendu", report icon), not "Autre élément"', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => byId(el, 'DiagnosticReport/dr-other'));
    const item = byId(el, 'DiagnosticReport/dr-other')!;
    expect(item.classList.contains('k-report')).to.be.true;
    expect(item.querySelector('.meta')!.textContent).to.contain('Compte rendu').and.not.contain('Autre élément');
    const glyph = (d: string | null | undefined) => d ?? '';
    expect(glyph(item.querySelector('.icon path')?.getAttribute('d')), 'not the "?" icon').to.match(/^M3\.5 1\.5h9v13h-9z/);
  });

  it('a 5 000-character title is clipped, and shown in full while the item has focus', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => byId(el, 'DocumentReference/doc-long'));
    const item = byId(el, 'DocumentReference/doc-long')!;
    const title = item.querySelector<HTMLElement>('.title')!;
    expect(title.textContent!.length).to.equal(2000);
    expect(title.getAttribute('title')!.length, 'full text in the tooltip').to.equal(2000);
    const clipped = title.getBoundingClientRect().height;
    expect(clipped).to.be.below(60);
    item.focus();
    await waitUntil(() => title.getBoundingClientRect().height > clipped * 4, 'not expanded on focus');
  });

  it('markup in a title shows as text, never as HTML', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => byId(el, 'DocumentReference/doc-markup'));
    const title = byId(el, 'DocumentReference/doc-markup')!.querySelector('.title')!;
    expect(title.textContent).to.equal('<img src=x onerror="window.__pwned=1"><b>gras</b>');
    expect(el.shadowRoot!.querySelector('.list img, .list b')).to.be.null;
    expect((window as { __pwned?: number }).__pwned).to.be.undefined;
  });

  it('a masked document is a placeholder: no title, description, author, date, pathway or reference; it says why', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    const masked = (): HTMLElement | undefined => articles(el).find((a) => a.querySelector('.title')?.textContent === 'Document masqué');
    await waitUntil(() => masked(), 'no placeholder for the masked document');
    const item = masked()!;
    const text = item.textContent!;
    expect(text).not.to.contain('secrète').and.not.to.contain('Secret description');
    expect(item.querySelector('time'), 'no date').to.be.null;
    expect(item.querySelectorAll('.chip'), 'no pathway chip').to.have.length(0);
    expect(item.dataset.id).not.to.contain('doc-masked');
    expect(el.shadowRoot!.innerHTML).not.to.contain('doc-masked');
    expect(item.querySelector('.why-hidden')?.textContent).to.contain('Masqué par le patient');
    let selected = false;
    el.addEventListener('coord-select', () => (selected = true));
    item.click();
    await el.updateComplete;
    expect(selected, 'nothing to open').to.be.false;
    el.query = 'secrète';
    await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="no-match"]'), 'the hidden title was searchable');
  });

  it('a server announcing more than it sends (Bundle.total, no next link) is an incomplete list, never "all shown"', async () => {
    // Synthea-on-HAPI shape seen in the field: `total: 708`, one page of encounters, no `next` link.
    const encounters = Array.from({ length: 3 }, (_, i) => ({
      resourceType: 'Encounter', id: `enc-t${i}`, status: 'finished', class: { code: 'AMB' }, subject: { reference: PATIENT },
      type: [{ text: `Consultation ${i}` }], period: { start: `2026-0${i + 1}-10T09:00:00Z` },
    }));
    await useHandlers(
      [http.get(`${MOCK_BASE_URL}/Encounter`, ({ request }) =>
        new URL(request.url).search.includes('_lastUpdated')
          ? undefined
          : HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', total: 708, entry: encounters.map((resource) => ({ resource })) }))],
      fhirRecordHandlers({ resources: badInputResources() }),
    );
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await withItems(el);
    const footer = el.shadowRoot!.querySelector('[data-kind="truncated"]');
    expect(footer, 'an incomplete-list footer').to.exist;
    expect(footer!.textContent).to.contain('705').and.contain('consultations et séjours');
    expect(shadowText(el)).not.to.contain('Tous les éléments sont affichés');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('10 000 items: the DOM stays small at the top and scrolled to the middle', async () => {
    await useHandlers(fhirRecordHandlers({ resources: manyResources(10_000) }));
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0" page-size="10000"></coord-timeline>`);
    await withItems(el);
    const count = (): number => el.shadowRoot!.querySelectorAll('*').length;
    // The first rows show at once; the virtualizer (fetched for a list this long) then keeps the DOM small.
    await waitUntil(() => count() < 300, `${count()} elements at the top`);
    const list = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    const deepest = (): number => Math.max(0, ...articles(el).map((a) => Number(a.getAttribute('aria-posinset'))));
    // The virtualizer measures rows as they render and may move the scroll position meanwhile:
    // keep asking for the middle until the rows there are rendered (a condition, not a delay).
    await waitUntil(() => {
      if (deepest() <= 1000) list.scrollTop = list.scrollHeight / 2;
      return deepest() > 1000;
    }, 'did not scroll', { timeout: 15000 });
    expect(count(), 'elements in the middle').to.be.below(300);
    expect(articles(el).length).to.be.below(40);
    const marks = el.shadowRoot!.querySelectorAll('.marks');
    expect(marks.length, 'one density path per lane, whatever the number of items').to.equal(el.shadowRoot!.querySelectorAll('.lane').length);
  });
});
