/**
 * "Pourquoi ?" on hidden items: the rule that hid a placeholder, named from the decision's reason
 * and the viewer — in the documents list and in the timeline — never what it hides.
 */
import { expect, html } from '@open-wc/testing';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { loadLang } from '../base/i18n.ts';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import { doc, documentsIn, GP, seedWith, serveStore } from '../documents/documents.testing.ts';
import { PATIENT, articles, badInputResources, timelineIn } from '../timeline/timeline.fixtures.ts';
import '../timeline/timeline.ts';
import type { CoordWhyHidden } from './why-hidden.ts';

const disclosures = (el: Element): CoordWhyHidden[] => [...el.shadowRoot!.querySelectorAll<CoordWhyHidden>('coord-why-hidden')];

async function openDisclosure(why: CoordWhyHidden): Promise<string> {
  await why.updateComplete;
  const details = why.shadowRoot!.querySelector('details')!;
  why.shadowRoot!.querySelector('summary')!.click();
  await waitUntil(() => details.open && why.ruleText, 'the disclosure opens with its rule');
  await why.updateComplete;
  return why.shadowRoot!.textContent!.replace(/\s+/g, ' ');
}

describe('why hidden', () => {
  it('a pharmacist learns the matrix rule for his profession, not the type or title it hides', async () => {
    await serveStore(seedWith(doc('obs', { type: '34117-2', typeText: 'Observation médicale', title: 'Observation secrète', author: GP })));
    const el = await documentsIn({ user: 'PractitionerRole/role-pharm', profession: '21' });
    await waitUntil(() => disclosures(el).length > 0, 'a placeholder with its rule');
    const [why] = disclosures(el);
    expect(why!.shadowRoot!.querySelector('summary')!.textContent).to.equal('Pourquoi ?');
    let selected = false;
    el.addEventListener('coord-select', () => (selected = true));
    const text = await openDisclosure(why!);
    expect(selected, 'opening the rule does not open the item').to.equal(false);
    expect(text).to.contain('matrice d’habilitations du DMP').and.to.contain('Pharmacien');
    expect(text).not.to.match(/Observation|34117/);
    await expect(el).shadowDom.to.be.accessible();
    await expect(why!).shadowDom.to.be.accessible();
  });

  it('the timeline’s masked placeholder names the masking rule, in English too', async () => {
    await useHandlers(fhirRecordHandlers({ resources: badInputResources() }));
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    await waitUntil(() => articles(el).some((a) => a.querySelector('coord-why-hidden')), 'a masked placeholder with its rule');
    const why = articles(el).find((a) => a.querySelector('coord-why-hidden'))!.querySelector<CoordWhyHidden>('coord-why-hidden')!;
    const text = await openDisclosure(why);
    expect(text).to.contain('visible que de ses auteurs');
    expect(text).not.to.match(/secrète|Secret/);
    await loadLang('en');
    why.lang = 'en';
    await why.updateComplete;
    expect(why.shadowRoot!.textContent).to.contain('Why?').and.to.contain('visible to its authors only');
  });
});
