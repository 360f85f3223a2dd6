import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { useHandlers } from '../testing/msw.ts';
import { CoordPatientBanner } from '../patient-banner/patient-banner.component.ts';
import { CoordProvider } from '../provider/provider.component.ts';
import { langReady, loadLang, msg } from './i18n.ts';
import '../define.ts';

// coord-elements.js loads each element's module on first use, so elements are defined in any
// order, after they are in the page. These tests define fresh tags by hand in both orders.

let n = 0;
const fresh = () => ++n;

function text(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function page(id: number): Promise<{ provider: CoordProvider; banner: CoordPatientBanner }> {
  const root = await fixture<HTMLElement>(html`<div></div>`);
  const provider = document.createElement(`order-provider-${id}`) as CoordProvider;
  provider.setAttribute('base-url', MOCK_BASE_URL);
  provider.setAttribute('patient', 'Patient/pat-martin');
  const banner = document.createElement(`order-banner-${id}`) as CoordPatientBanner;
  provider.append(banner);
  root.append(provider);
  return { provider, banner };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('elements whose code arrives later', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  it('a child defined after its provider gets the provider’s session', async () => {
    const id = fresh();
    const { provider, banner } = await page(id);
    customElements.define(`order-provider-${id}`, class extends CoordProvider {});
    await tick();
    customElements.define(`order-banner-${id}`, class extends CoordPatientBanner {});
    await waitUntil(() => banner.session?.patient.status === 'ready', 'the banner never got the patient', { timeout: 5000 });
    expect(banner.session).to.equal(provider.session);
    await banner.updateComplete;
    expect(text(banner)).to.contain('Martin');
  });

  it('a child defined before its provider gets the provider’s session once it arrives (ContextRoot)', async () => {
    const id = fresh();
    const { provider, banner } = await page(id);
    customElements.define(`order-banner-${id}`, class extends CoordPatientBanner {});
    await banner.updateComplete;
    expect(banner.session, 'no provider yet').to.equal(undefined);
    await tick();
    customElements.define(`order-provider-${id}`, class extends CoordProvider {});
    await waitUntil(() => banner.session?.patient.status === 'ready', 'the banner never got the patient', { timeout: 5000 });
    expect(banner.session).to.equal(provider.session);
    await banner.updateComplete;
    expect(text(banner)).to.contain('Martin');
  });
});

describe('strings of the active language only', () => {
  it('an element switched to English re-renders once its strings are in (fetched then, not before)', async () => {
    expect(msg('en', 'state.retry'), 'English not loaded yet: French stands in').to.equal('Réessayer');
    await useHandlers(fhirRecordHandlers());
    const root = await fixture<CoordProvider>(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-dubois">
      <coord-patient-banner></coord-patient-banner>
    </coord-provider>`);
    const banner = root.querySelector('coord-patient-banner') as CoordPatientBanner;
    await waitUntil(() => text(banner).includes('Né le'), 'French first', { timeout: 5000 });
    root.setAttribute('lang', 'en');
    await waitUntil(() => text(banner).includes('Born'), 'then English', { timeout: 5000 });
    expect(text(banner)).to.contain('Male');
  });

  it('French is there at once; English arrives with loadLang', async () => {
    expect(langReady('fr')).to.equal(undefined);
    await loadLang('en');
    expect(langReady('en')).to.equal(undefined);
    expect(msg('en', 'state.retry')).to.equal('Retry');
    expect(msg('fr', 'state.retry')).to.equal('Réessayer');
  });
});
