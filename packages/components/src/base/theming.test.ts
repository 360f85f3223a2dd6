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
import { RECORD_ELEMENTS, renderRecord } from '../testing/record-elements.ts';

const LIGHT_TEXT = 'rgb(27, 31, 36)';
const DARK_TEXT = 'rgb(230, 233, 238)';
const DARK_PAGE = '#16191e';

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
      <style>
        coord-patient-banner::part(state) { border-top-width: 5px; }
      </style>
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
    expect(getComputedStyle(banner.shadowRoot!.querySelector('[part~="state"]')!).borderTopWidth).to.equal('5px');
  });

  for (const entry of RECORD_ELEMENTS) {
    const [tag] = entry;
    it(`<${tag}> in dark passes axe, contrast included`, async () => {
      const provider = await renderRecord({ theme: 'dark' }, [entry], DARK_PAGE);
      const el = provider.querySelector(tag)!;
      expect(textColour(el)).to.equal(DARK_TEXT);
      await expect(el).shadowDom.to.be.accessible();
    });
  }
});
