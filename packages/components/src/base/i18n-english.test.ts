/**
 * English on screen: each element, loaded with Mme Martin's record (MSW over the seed), shows no
 * French UI text in English — neither a catalog string nor French produced by our formatting —
 * and a provider's `lang` switches every element inside it live, without recreating them.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { loadLang } from './i18n.ts';
import { MARTIN, perceivable } from '../testing/element-suite.ts';
import { frenchFragments, frenchLeaks } from '../testing/french-leaks.ts';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import '../define.ts';

/** Each element and a piece of Mme Martin's record it shows once loaded. */
const ELEMENTS: [tag: string, loaded: string][] = [
  ['coord-patient-banner', 'Jeanne'],
  ['coord-timeline', 'Passage IDEL quotidien'],
  ['coord-documents', 'Compte rendu de soins infirmiers — plaie du talon'],
  ['coord-notes', 'Suivi à domicile'],
  ['coord-ppcs', 'PPCS — Mme Jeanne Martin'],
  ['coord-chat', 'oncologie'],
];

const GP = 'PractitionerRole/role-gp';
const stillLoading = (el: Element): boolean => !!el.shadowRoot?.querySelector('[aria-busy="true"]');

async function renderInProvider(lang: string, elements = ELEMENTS): Promise<HTMLElement> {
  // Side by side, so each element's virtualised list has rows on screen.
  const grid = await fixture<HTMLElement>(
    html`<div style="display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 420px; width: 1400px">
      <coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${GP} profession="10" lang=${lang}></coord-provider>
    </div>`,
  );
  const provider = grid.querySelector<HTMLElement>('coord-provider')!;
  provider.innerHTML = elements.map(([tag]) => `<${tag} poll-interval="0"></${tag}>`).join('');
  for (const [tag, loaded] of elements) {
    const el = provider.querySelector(tag)!;
    await waitUntil(() => perceivable(el).includes(loaded) && !stillLoading(el)).catch(() => {
      throw new Error(`<${tag}> never finished loading Mme Martin’s record (busy: ${stillLoading(el)}): ${perceivable(el).slice(0, 300)}`);
    });
  }
  return provider;
}

describe('English on screen', () => {
  before(async () => {
    await loadLang('en');
  });
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  it('knows enough French to catch a leak (catalog strings and formatted dates)', () => {
    const fragments = frenchFragments();
    expect(fragments.length).to.be.greaterThan(300);
    expect(fragments).to.include.members(['Chargement de la chronologie…', 'décembre', 'Aujourd’hui']);
  });

  for (const entry of ELEMENTS) {
    const [tag] = entry;
    it(`<${tag}> in English shows no French UI text`, async () => {
      const provider = await renderInProvider('en', [entry]);
      const el = provider.querySelector(tag)!;
      expect(frenchLeaks(el), `French on <${tag}> in English`).to.deep.equal([]);
    });
  }

  it('switching lang on the provider re-renders every element in English, live, and back', async () => {
    const provider = await renderInProvider('fr');
    const before = ELEMENTS.map(([tag]) => provider.querySelector(tag));
    for (const el of before) expect(frenchLeaks(el!).length, `<${el!.localName}> starts in French`).to.be.greaterThan(0);

    provider.setAttribute('lang', 'en');
    for (const el of before) {
      await waitUntil(() => frenchLeaks(el!).length === 0, `<${el!.localName}> still French after lang="en": ${frenchLeaks(el!).join(' | ')}`);
    }
    // The same elements, re-rendered in place: no reload, nothing recreated.
    expect(ELEMENTS.map(([tag]) => provider.querySelector(tag))).to.deep.equal(before);
    expect(perceivable(before[0]!)).to.include('Jeanne');

    provider.setAttribute('lang', 'fr');
    for (const el of before) await waitUntil(() => frenchLeaks(el!).length > 0, `<${el!.localName}> did not go back to French`);
  });
});
