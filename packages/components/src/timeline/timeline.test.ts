import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http } from 'msw';
import { waitUntil } from '../testing/wait.ts';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { useHandlers } from '../testing/msw.ts';
import '../provider/provider.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import { GP, PATIENT, articles, failingSearch, feedArticles, settled, timeOf, upcomingArticles, waitForText, shadowText, timelineIn, titles, withItems } from './timeline.fixtures.ts';
import { clock } from '@coord/api-client';


/** States of <coord-timeline>: ready, loading, empty, error + retry, forbidden, partial, no patient. */
describe('<coord-timeline> states', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  it('is accessible once loaded: pathway lanes, then items newest first with day or month headers', async () => {
    const el = await timelineIn(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${PATIENT}>
      <coord-timeline poll-interval="0"></coord-timeline>
    </coord-provider>`);
    await withItems(el);
    await expect(el).shadowDom.to.be.accessible();
    const labels = [...el.shadowRoot!.querySelectorAll('.lane-label')].map((t) => t.textContent);
    expect(labels).to.include.members(['Cancer', 'Hors parcours']);
    expect(labels.some((l) => l?.startsWith('Coordination')) && labels.some((l) => l?.startsWith('Insuffisance'))).to.be.true;
    // Same-kind pathways told apart by years, kept whole even when the name is shortened.
    const wounds = labels.filter((l) => l?.startsWith('Plaies'));
    expect(wounds).to.have.length(2);
    expect(new Set(wounds).size, `${wounds.join(' | ')}`).to.equal(2);
    expect(wounds.every((l) => /\(\d{4}(–\d{4})?\)$/.test(l ?? ''))).to.be.true;
    const full = [...el.shadowRoot!.querySelectorAll('.lane title')].map((t) => t.textContent);
    expect(full.filter((l) => l?.startsWith('Plaies complexes (')), 'full names in the tooltips').to.have.length(2);
    const chart = el.shadowRoot!.querySelector('svg.chart')!;
    expect(chart.getAttribute('aria-label'), 'full lane names for screen readers').to.contain('Insuffisance rénale chronique');
    expect(el.shadowRoot!.querySelector('.today'), 'today marked').to.exist;
    // The list opens at today: past events newest first; what is next apart, soonest first.
    await waitUntil(() => feedArticles(el).length > 3, 'no past rows');
    const times = feedArticles(el)
      .filter((a) => !a.classList.contains('sub'))
      .map(timeOf)
      .filter(Number.isFinite);
    expect(times.length).to.be.greaterThan(3);
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    expect(times.every((t) => t <= clock.now()), 'no future item in the list').to.be.true;
    const next = upcomingArticles(el).filter((a) => !a.classList.contains('sub')).map(timeOf);
    expect(next.length, 'a short "À venir" group').to.be.within(1, 3);
    expect(next).to.deep.equal([...next].sort((a, b) => a - b));
    expect(next.every((t) => t > clock.now())).to.be.true;
    expect(el.shadowRoot!.querySelectorAll('.group').length).to.be.greaterThan(0);
    const first = feedArticles(el).find((a) => !a.querySelector('.why-hidden'))!;
    expect(first.querySelector('.chip'), 'pathway chip').to.exist;
    expect(first.querySelector('.icon'), 'icon').to.exist;
    expect(feedArticles(el).filter((a) => a.querySelector('.why-hidden')).every((a) => !a.querySelector('.chip')), 'a hidden document claims no pathway').to.be.true;
  });

  it('shows each kind with its pathway, author and status; movements under their stay', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0" page-size="200"></coord-timeline>`);
    await withItems(el);
    expect(shadowText(el)).to.contain('par Sophie Marchand');
    expect(el.shadowRoot!.querySelector('.k-message'), 'no messages unless asked').to.be.null;
    el.kinds = 'ppcs-action';
    el.query = 'APA'; // the overdue action, wherever the virtualised list has scrolled
    await waitForText(el, 'En retard');
    el.query = undefined;
    el.kinds = undefined;
    el.query = 'Hospitalisation complète';
    await waitForText(el, 'UF Néphrologie');
    const stay = articles(el);
    expect(stay.map((a) => a.className.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'item k-encounter', 'item k-movement sub', 'item k-movement sub', 'item k-movement sub',
    ]);
    expect(shadowText(el)).to.contain('par Dr Hélène Moreau').and.contain('UF Soins de suite');
    for (const [kinds, selector] of [['lab', '.k-lab'], ['imaging', '.k-imaging'], ['pathway', '.k-pathway-start']] as const) {
      el.query = undefined;
      el.kinds = kinds;
      await waitUntil(() => el.shadowRoot!.querySelector(selector), `no ${kinds} item`);
      expect(articles(el).every((a) => a.matches(selector) || (kinds === 'pathway' && a.matches('.k-pathway-end')))).to.be.true;
    }
  });

  it('shows an accessible skeleton while loading', async () => {
    await useHandlers(fhirRecordHandlers({ latency: 'infinite' }));
    const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${PATIENT}><coord-timeline></coord-timeline></coord-provider>`);
    const el = root.querySelector('coord-timeline')!;
    await el.updateComplete;
    const busy = el.shadowRoot!.querySelector('[aria-busy="true"]');
    expect(busy?.textContent).to.contain('Chargement');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('says so when the record is empty', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient="Patient/pat-incomplete" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="empty"]'), 'no empty state');
    expect(shadowText(el)).to.contain('Aucun élément');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('shows a server error with a retry that works', async () => {
    await useHandlers(failingSearch(500), fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'no error state', { timeout: 8000 });
    expect(shadowText(el)).to.contain('Erreur du serveur');
    await expect(el).shadowDom.to.be.accessible();
    await useHandlers(fhirRecordHandlers());
    el.shadowRoot!.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await withItems(el);
    expect(titles(el).length).to.be.greaterThan(0);
  });

  it('forbidden: says access is denied, offers no retry, and tells the host', async () => {
    await useHandlers(failingSearch(403), fhirRecordHandlers());
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('coord-timeline');
    Object.assign(el, { baseUrl: MOCK_BASE_URL, patient: PATIENT, pollInterval: 0 });
    const error = oneEvent(wrapper, 'coord-error');
    wrapper.append(el);
    expect((await error).detail).to.include({ source: 'timeline', kind: 'forbidden', status: 403 });
    await settled(el);
    expect(shadowText(el)).to.contain('Accès refusé');
    expect(el.shadowRoot!.querySelector('button')).to.be.null;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('partial: one source failing shows the rest and names what is missing', async () => {
    await useHandlers(failingSearch(403, ['DocumentReference']), fhirRecordHandlers());
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('coord-timeline');
    Object.assign(el, { baseUrl: MOCK_BASE_URL, patient: PATIENT, pollInterval: 0 });
    const error = oneEvent(wrapper, 'coord-error');
    wrapper.append(el);
    expect((await error).detail).to.include({ source: 'timeline:documents', kind: 'forbidden' });
    await withItems(el);
    const partial = el.shadowRoot!.querySelector('[data-kind="partial"]');
    expect(partial?.textContent).to.contain('documents (accès refusé)');
    expect(el.shadowRoot!.querySelector('.k-document')).to.be.null;
    expect(el.shadowRoot!.querySelector('.k-encounter')).to.exist;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('without a patient, says none is selected; an unknown patient shows not-found', async () => {
    const none = await timelineIn(html`<coord-provider base-url=${MOCK_BASE_URL}><coord-timeline></coord-timeline></coord-provider>`);
    expect(shadowText(none)).to.contain('Aucun patient sélectionné');
    const missing = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient="Patient/nobody"></coord-timeline>`);
    await waitUntil(() => shadowText(missing).includes('Patient introuvable'), 'no not-found state');
  });

  it('shows the lanes and what has arrived while a slow source loads, says which source, then the rest', async () => {
    // The Encounter search answers only when the test says so (a 25 s search on a real server).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await useHandlers([http.get(`${MOCK_BASE_URL}/Encounter`, async () => { await gate; return undefined; })], fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.lane') && articles(el).length > 0, 'lanes and first items while Encounter loads');
    const still = el.shadowRoot!.querySelector('.still-loading');
    expect(still?.textContent).to.contain('consultations et séjours');
    expect(still?.getAttribute('role')).to.equal('status');
    expect(el.shadowRoot!.querySelector('.k-encounter'), 'no encounter yet').to.be.null;
    expect(shadowText(el)).not.to.contain('Tous les éléments sont affichés');
    await expect(el).shadowDom.to.be.accessible();
    release();
    await withItems(el);
    expect(el.shadowRoot!.querySelector('.still-loading')).to.be.null;
    el.kinds = 'encounter';
    await waitUntil(() => el.shadowRoot!.querySelector('.k-encounter'), 'encounters once they arrive');
  });

  it('a row focused while a slow source loads keeps its element and focus when the rest arrives (no skeleton in between)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await useHandlers([http.get(`${MOCK_BASE_URL}/Encounter`, async () => { await gate; return undefined; })], fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => articles(el).length > 0 && el.shadowRoot!.querySelector('.still-loading'), 'first items while Encounter loads');
    const row = articles(el)[0]!;
    row.focus();
    let skeleton = false;
    const watch = new MutationObserver(() => (skeleton ||= Boolean(el.shadowRoot!.querySelector('.sk-row'))));
    watch.observe(el.shadowRoot!, { childList: true, subtree: true });
    release();
    await withItems(el);
    watch.disconnect();
    expect(skeleton, 'the skeleton came back between the first items and the rest').to.be.false;
    expect(row.isConnected, 'the same row element').to.be.true;
    expect(el.shadowRoot!.activeElement, 'focus still on the row').to.equal(row);
  });

  it('speaks English with lang="en"', async () => {
    const el = await timelineIn(html`<coord-timeline lang="en" kinds="ppcs-action" base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await withItems(el);
    await waitForText(el, 'Overdue');
    const text = shadowText(el);
    expect(text).to.contain('No pathway').and.contain('Today').and.contain('Overdue');
  });

  it('switching patient never shows the previous patient’s items', async () => {
    const root = await fixture<HTMLElement & { patient?: string }>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${PATIENT}>
      <coord-timeline poll-interval="0"></coord-timeline>
    </coord-provider>`);
    const el = root.querySelector('coord-timeline') as CoordTimeline;
    await waitForText(el, 'Préparer le pilulier chaque semaine');
    root.patient = 'Patient/pat-dubois';
    await waitForText(el, 'Pansement de la plaie du pied droit');
    expect(shadowText(el)).not.to.contain('Préparer le pilulier chaque semaine');
    expect(shadowText(el)).not.to.contain('Cancer');
  });
});
