/**
 * English on screen: each element, loaded with Mme Martin's record (MSW over the seed), shows no
 * French UI text in English — neither a catalog string nor French produced by our formatting —
 * and a provider's `lang` switches every element inside it live, without recreating them.
 */
import { expect } from '@open-wc/testing';
import { fhirRecordHandlers } from '@coord/dev-server/mocks';
import { loadLang } from './i18n.ts';
import { perceivable } from '../testing/element-suite.ts';
import { frenchFragments, frenchLeaks } from '../testing/french-leaks.ts';
import { useHandlers } from '../testing/msw.ts';
import { RECORD_ELEMENTS as ELEMENTS, renderRecord } from '../testing/record-elements.ts';
import { waitUntil } from '../testing/wait.ts';

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
      const provider = await renderRecord({ lang: 'en' }, [entry]);
      const el = provider.querySelector(tag)!;
      expect(frenchLeaks(el), `French on <${tag}> in English`).to.deep.equal([]);
    });
  }

  it('switching lang on the provider re-renders every element in English, live, and back', async () => {
    const provider = await renderRecord({ lang: 'fr' });
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
