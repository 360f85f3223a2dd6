/**
 * Theming: light and dark from the tokens alone — chosen by the page's `color-scheme`, the OS
 * (`prefers-color-scheme`) or a `theme` attribute on the provider or an element —, a brand's
 * tokens reaching inside every shadow root, and axe (contrast included) clean in dark.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { MARTIN, perceivable } from '../testing/element-suite.ts';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import '../define.ts';

const GP = 'PractitionerRole/role-gp';
const LIGHT_TEXT = 'rgb(27, 31, 36)';
const DARK_TEXT = 'rgb(230, 233, 238)';
const DARK_PAGE = '#16191e';

const ELEMENTS: [tag: string, loaded: string][] = [
  ['coord-patient-banner', 'Jeanne'],
  ['coord-timeline', 'Passage IDEL quotidien'],
  ['coord-documents', 'Compte rendu de soins infirmiers — plaie du talon'],
  ['coord-notes', 'Suivi à domicile'],
  ['coord-ppcs', 'PPCS — Mme Jeanne Martin'],
  ['coord-chat', 'oncologie'],
];

const textColour = (el: Element): string => getComputedStyle(el).color;

describe('theming', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  it('is light by default, dark under a provider with theme="dark", and an element’s own theme wins', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN}>
        <coord-patient-banner></coord-patient-banner>
        <coord-notes theme="light" poll-interval="0"></coord-notes>
      </coord-provider>
    </div>`);
    const provider = root.querySelector('coord-provider')!;
    const banner = root.querySelector('coord-patient-banner')!;
    const notes = root.querySelector('coord-notes')!;
    expect(textColour(banner)).to.equal(LIGHT_TEXT);
    provider.setAttribute('theme', 'dark');
    expect(textColour(banner)).to.equal(DARK_TEXT);
    expect(textColour(notes), 'theme="light" on the element overrides the provider').to.equal(LIGHT_TEXT);
    // The tokens reach the pieces inside the shadow root, not just the host.
    await waitUntil(() => perceivable(banner).includes('Jeanne'));
    expect(getComputedStyle(banner.shadowRoot!.querySelector('[part~="name"]')!).color).to.equal(DARK_TEXT);
  });

  it('follows the OS (prefers-color-scheme) when the page says color-scheme: light dark, or with theme="auto"', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <div style="color-scheme: light dark"><coord-patient-banner></coord-patient-banner></div>
      <coord-patient-banner theme="auto"></coord-patient-banner>
      <coord-patient-banner></coord-patient-banner>
    </div>`);
    const [page, auto, plain] = root.querySelectorAll('coord-patient-banner');
    await emulateMedia({ colorScheme: 'dark' });
    expect(textColour(page!)).to.equal(DARK_TEXT);
    expect(textColour(auto!)).to.equal(DARK_TEXT);
    expect(textColour(plain!), 'a page that declares no dark scheme keeps light elements').to.equal(LIGHT_TEXT);
    await emulateMedia({ colorScheme: 'light' });
    expect(textColour(page!)).to.equal(LIGHT_TEXT);
    expect(textColour(auto!)).to.equal(LIGHT_TEXT);
  });

  it('a brand’s tokens on the host page restyle buttons, focus ring and corners inside every element', async () => {
    const root = await fixture<HTMLElement>(html`<div style="--coord-color-accent: rgb(123, 31, 162); --coord-radius: 0px; --coord-font-family: Georgia, serif">
      <coord-patient-banner base-url=${MOCK_BASE_URL} patient="Patient/nobody"></coord-patient-banner>
    </div>`);
    const banner = root.querySelector('coord-patient-banner')!;
    await waitUntil(() => banner.shadowRoot?.querySelector('button[part~="action"]'), 'the retry button');
    const button = banner.shadowRoot!.querySelector('button')!;
    const style = getComputedStyle(button);
    expect(style.color).to.equal('rgb(123, 31, 162)');
    expect(style.borderTopLeftRadius).to.equal('0px');
    expect(getComputedStyle(banner).fontFamily).to.contain('Georgia');
    // ::part lets the host restyle a piece beyond the tokens.
    expect(banner.shadowRoot!.querySelector('[part~="state"]')).to.exist;
  });

  for (const [tag, loaded] of ELEMENTS) {
    it(`<${tag}> in dark passes axe, contrast included`, async () => {
      const root = await fixture<HTMLElement>(html`<div style=${`background: ${DARK_PAGE}; padding: 8px; width: 760px; display: flow-root`}>
        <coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${GP} profession="10" theme="dark"></coord-provider>
      </div>`);
      const provider = root.querySelector('coord-provider')!;
      provider.innerHTML = `<${tag} poll-interval="0"></${tag}>`;
      const el = provider.querySelector(tag)!;
      await waitUntil(() => perceivable(el).includes(loaded) && !el.shadowRoot?.querySelector('[aria-busy="true"]'), `<${tag}> loaded`);
      expect(textColour(el)).to.equal(DARK_TEXT);
      await expect(el).shadowDom.to.be.accessible();
    });
  }
});
