import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import '../provider/provider.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import { GP, PATIENT, failingSearch, shadowText, timelineIn, withItems } from './timeline.fixtures.ts';

/** Two seeded patients share this INS (NIA): the identity is ambiguous. */
const AMBIGUOUS = 'urn:oid:1.2.250.1.213.1.4.9|7000000000001';
const states = (el: Element) => [...(el.shadowRoot?.querySelectorAll('.state') ?? [])];

/** Errors by cause: one clear message, and only the action that can help. */
describe('<coord-timeline> errors by cause', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  for (const [name, attrs] of [
    ['ambiguous', { 'patient-identifier': AMBIGUOUS }],
    ['unknown', { patient: 'Patient/nobody' }],
  ] as const) {
    it(`inside a provider, an ${name} patient gives one short pointer, no generic error, no retry`, async () => {
      const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL}><coord-timeline poll-interval="0"></coord-timeline></coord-provider>`);
      for (const [k, v] of Object.entries(attrs)) root.setAttribute(k, v);
      const el = root.querySelector('coord-timeline') as CoordTimeline;
      await waitUntil(() => el.shadowRoot!.querySelector(`[data-kind="patient-${name === 'unknown' ? 'not-found' : 'ambiguous'}"]`), 'no pointer');
      expect(states(el), 'one message, not stacked boxes').to.have.length(1);
      expect(shadowText(el)).to.contain('Dossier indisponible tant que le patient n’est pas identifié');
      expect(shadowText(el)).not.to.contain('Une erreur est survenue');
      expect(el.shadowRoot!.querySelector('button'), 'a retry cannot help').to.be.null;
      await expect(el).shadowDom.to.be.accessible();
    });
  }

  it('standalone, an ambiguous patient is explained once, without a retry', async () => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient-identifier=${AMBIGUOUS} poll-interval="0"></coord-timeline>`);
    await waitUntil(() => shadowText(el).includes('Identité ambiguë'), 'no ambiguity message');
    expect(states(el)).to.have.length(1);
    expect(shadowText(el)).to.contain('2 patients correspondent');
    expect(el.shadowRoot!.querySelector('button')).to.be.null;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('a source answering 5xx: named with its cause, the rest shown, a retry that works', async () => {
    await useHandlers(failingSearch(503, ['Encounter']), fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="partial"]'), 'no partial state', { timeout: 15000 });
    const partial = el.shadowRoot!.querySelector('[data-kind="partial"]')!;
    expect(partial.textContent).to.contain('consultations et séjours (erreur du serveur)');
    expect(partial.querySelector('[data-cause="retry"]')).to.exist;
    expect(states(el).filter((s) => s.getAttribute('role') === 'alert'), 'no second, generic error box').to.have.length(0);
    await expect(el).shadowDom.to.be.accessible();
    await useHandlers(fhirRecordHandlers());
    partial.querySelector('button')!.click();
    await waitUntil(() => !el.shadowRoot!.querySelector('[data-kind="partial"]') && el.shadowRoot!.querySelector('.k-encounter, .list'), 'retry did not recover');
  });

  it('a source unreachable (network): "serveur injoignable" and a retry', async () => {
    await useHandlers([http.get(`${MOCK_BASE_URL}/DocumentReference`, () => HttpResponse.error())], fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="partial"]'), 'no partial state', { timeout: 15000 });
    expect(el.shadowRoot!.querySelector('[data-kind="partial"]')!.textContent).to.contain('documents (serveur injoignable)');
    expect(el.shadowRoot!.querySelector('[data-kind="partial"] button')?.textContent).to.contain('Réessayer');
  });

  it('a source refused (403): says who to ask, offers no retry that cannot help', async () => {
    await useHandlers(failingSearch(403, ['DocumentReference']), fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await withItems(el);
    const partial = el.shadowRoot!.querySelector('[data-kind="partial"]')!;
    expect(partial.textContent).to.contain('documents (accès refusé)');
    expect(partial.querySelector('[data-cause="forbidden"]')?.textContent).to.contain('administrateur');
    expect(partial.querySelector('button'), 'no retry for a refusal').to.be.null;
  });

  it('an expired session on a source (401): offers to sign in again', async () => {
    await useHandlers(failingSearch(401, ['ImagingStudy']), fhirRecordHandlers());
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await withItems(el);
    const partial = el.shadowRoot!.querySelector('[data-kind="partial"]')!;
    expect(partial.textContent).to.contain('examens d’imagerie (session expirée)');
    expect([...partial.querySelectorAll('button')].map((b) => b.textContent?.trim())).to.deep.equal(['Se reconnecter']);
  });
});
