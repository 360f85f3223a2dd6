import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import {
  MOCK_BASE_URL,
  fhirErrorHandlers,
  fhirHtmlHandlers,
  fhirNetworkErrorHandlers,
  fhirRecordHandlers,
} from '@coord/dev-server/mocks';
import { deceasedWithoutDate, syntheaDeceasedPatient } from '@coord/dev-server/fixtures';
import { seedResources } from '@coord/dev-server/seed';
import { useHandlers } from '../testing/msw.ts';
import '../define.ts';
import type { CoordPatientBanner } from './patient-banner.component.ts';
import type { CoordProvider } from '../provider/provider.component.ts';

const NIR = 'urn:oid:1.2.250.1.213.1.4.8';

function shadowText(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function settled(el: CoordPatientBanner): Promise<void> {
  await waitUntil(() => el.session && el.session.patient.status !== 'loading' && el.session.patient.status !== 'idle', 'patient never settled', { timeout: 5000 });
  await el.updateComplete;
}

async function bannerIn(template: ReturnType<typeof html>): Promise<CoordPatientBanner> {
  const root = await fixture<HTMLElement>(template);
  const banner = (root.localName === 'coord-patient-banner' ? root : root.querySelector('coord-patient-banner')) as CoordPatientBanner;
  await settled(banner);
  return banner;
}

describe('<coord-patient-banner>', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  it('is accessible once loaded and shows name, birth date, age, INS and sex', async () => {
    const el = await bannerIn(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin">
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    await expect(el).shadowDom.to.be.accessible();
    const text = shadowText(el);
    expect(text).to.contain('Martin').and.contain('Jeanne');
    expect(text).to.contain('Née le 12/06/1945');
    expect(text).to.match(/\(\d+ ans\)/);
    expect(text).to.contain('2850675123456').and.contain('NIR');
    expect(text).to.contain('Femme');
  });

  it('resolves the patient from an INS identifier', async () => {
    const el = await bannerIn(html`<coord-provider base-url=${MOCK_BASE_URL} patient-identifier=${`${NIR}|1520376987654`}>
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    expect(shadowText(el)).to.contain('Dubois').and.contain('Né le 04/03/1952');
  });

  it('speaks English when the provider says lang="en"', async () => {
    const el = await bannerIn(html`<coord-provider lang="en" base-url=${MOCK_BASE_URL} patient="Patient/pat-dubois">
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    expect(shadowText(el)).to.contain('Born 04/03/1952').and.contain('Male');
  });

  it('shows an accessible skeleton while loading', async () => {
    await useHandlers(fhirRecordHandlers({ latency: 'infinite' }));
    const root = await fixture<CoordProvider>(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin">
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    const el = root.querySelector('coord-patient-banner')!;
    await el.updateComplete;
    const status = el.shadowRoot!.querySelector('[aria-busy="true"]');
    expect(status, 'busy region').to.exist;
    expect(status!.textContent).to.contain('Chargement du patient');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('says "no patient selected" without a patient', async () => {
    const el = await fixture<CoordPatientBanner>(html`<coord-provider base-url=${MOCK_BASE_URL}><coord-patient-banner></coord-patient-banner></coord-provider>`);
    const banner = el.querySelector('coord-patient-banner')!;
    await banner.updateComplete;
    expect(shadowText(banner)).to.contain('Aucun patient sélectionné');
  });

  it('shows not-found for a 404 patient and fires coord-error from the provider', async () => {
    const root = await fixture<CoordProvider>(html`<div></div>`);
    const provider = document.createElement('coord-provider');
    provider.setAttribute('base-url', MOCK_BASE_URL);
    provider.setAttribute('patient', 'Patient/does-not-exist');
    provider.innerHTML = '<coord-patient-banner></coord-patient-banner>';
    const errorEvent = oneEvent(root, 'coord-error');
    root.append(provider);
    const event = await errorEvent;
    expect(event.detail).to.include({ source: 'patient', kind: 'not-found', status: 404 });
    expect(event.bubbles && event.composed).to.be.true;
    const banner = provider.querySelector('coord-patient-banner')!;
    await settled(banner);
    expect(shadowText(banner)).to.contain('Patient introuvable');
    await expect(banner).shadowDom.to.be.accessible();
  });

  it('never picks one of two patients sharing an identifier', async () => {
    const el = await bannerIn(html`<coord-provider base-url=${MOCK_BASE_URL} patient-identifier="urn:oid:1.2.250.1.213.1.4.9|7000000000001">
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    const text = shadowText(el);
    expect(text).to.contain('Identité ambiguë').and.contain('2 patients');
    expect(text).not.to.contain('Née le');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('shows not-found for an identifier matching nobody', async () => {
    const el = await bannerIn(html`<coord-provider base-url=${MOCK_BASE_URL} patient-identifier=${`${NIR}|0000000000000`}>
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    expect(shadowText(el)).to.contain('Patient introuvable');
  });

  it('a deceased patient (Synthea shape) shows the date of death and age at death, never a living age', async () => {
    await useHandlers(fhirRecordHandlers({ resources: [...seedResources(), syntheaDeceasedPatient, deceasedWithoutDate] }));
    const el = await bannerIn(html`<coord-patient-banner base-url=${MOCK_BASE_URL} patient="Patient/synthea-deceased"></coord-patient-banner>`);
    const text = shadowText(el);
    expect(text).to.contain('Née le 21/05/1927').and.contain('Décédée le 11/11/1994').and.contain('à 67 ans');
    expect(text).not.to.match(/\(\d+ ans\)/);
    await expect(el).shadowDom.to.be.accessible();
    const unknown = await bannerIn(html`<coord-patient-banner base-url=${MOCK_BASE_URL} patient="Patient/deceased-no-date"></coord-patient-banner>`);
    expect(shadowText(unknown)).to.contain('Décédé').and.not.to.match(/ans/);
  });

  it('flags a malformed patient (no name, no birth date) instead of failing', async () => {
    const el = await bannerIn(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-incomplete">
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    const text = shadowText(el);
    expect(text).to.contain('Nom inconnu').and.contain('Date de naissance inconnue').and.contain('Identité incomplète');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('shows a network error with a working retry', async () => {
    await useHandlers(fhirNetworkErrorHandlers());
    const el = await bannerIn(html`<coord-patient-banner base-url=${MOCK_BASE_URL} patient="Patient/pat-martin"></coord-patient-banner>`);
    expect(shadowText(el)).to.contain('Serveur injoignable');
    await expect(el).shadowDom.to.be.accessible();
    await useHandlers(fhirRecordHandlers());
    el.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => el.session?.patient.status === 'ready', 'retry did not load', { timeout: 5000 });
    await el.updateComplete;
    expect(shadowText(el)).to.contain('Martin');
  });

  it('says the server answered HTML instead of FHIR', async () => {
    await useHandlers(fhirHtmlHandlers());
    const el = await bannerIn(html`<coord-patient-banner base-url=${MOCK_BASE_URL} patient="Patient/pat-martin"></coord-patient-banner>`);
    expect(shadowText(el)).to.contain('Réponse du serveur illisible');
  });

  it('standalone: fires coord-error itself, and a forbidden patient offers no retry', async () => {
    await useHandlers(fhirErrorHandlers(403));
    const el = document.createElement('coord-patient-banner');
    el.setAttribute('base-url', MOCK_BASE_URL);
    el.setAttribute('patient', 'Patient/pat-martin');
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const errorEvent = oneEvent(wrapper, 'coord-error');
    wrapper.append(el);
    expect((await errorEvent).detail).to.include({ kind: 'forbidden', status: 403 });
    await settled(el);
    expect(shadowText(el)).to.contain('Accès refusé');
    expect(el.shadowRoot!.querySelector('button')).to.be.null;
  });

  it('switching patient replaces the identity, never mixes two', async () => {
    const root = await fixture<CoordProvider>(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin">
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    const el = root.querySelector('coord-patient-banner')!;
    await settled(el);
    expect(shadowText(el)).to.contain('Martin');
    root.patient = 'Patient/pat-dubois';
    await waitUntil(() => el.session?.patient.status === 'ready' && shadowText(el).includes('Dubois'), 'did not switch', { timeout: 5000 });
    expect(shadowText(el)).not.to.contain('Martin');
  });

  it('two providers on one page keep their own patients and clients', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <coord-provider id="a" base-url=${MOCK_BASE_URL} patient="Patient/pat-martin"><coord-patient-banner></coord-patient-banner></coord-provider>
      <coord-provider id="b" base-url=${MOCK_BASE_URL} patient="Patient/pat-dubois"><coord-patient-banner></coord-patient-banner></coord-provider>
    </div>`);
    const [a, b] = [...root.querySelectorAll('coord-patient-banner')];
    await settled(a!);
    await settled(b!);
    expect(shadowText(a!)).to.contain('Martin').and.not.contain('Dubois');
    expect(shadowText(b!)).to.contain('Dubois').and.not.contain('Martin');
    expect(a!.session!.client).not.to.equal(b!.session!.client);
  });
});
