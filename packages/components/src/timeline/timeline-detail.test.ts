import { expect, html } from '@open-wc/testing';
import { MOCK_BASE_URL, fhirRecordHandlers, fhirStoreHandlers, MockFhirStore } from '@coord/dev-server/mocks';
import { sendKeys } from '@web/test-runner-commands';
import type { Task } from '@medplum/fhirtypes';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import { GP, PATIENT, articles, badInputResources, timelineIn, withItems } from './timeline.fixtures.ts';

/** The detail view: opened from a row (after a cancelable coord-select), keyboard and screen-reader friendly. */
describe('<coord-timeline> detail', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  const mount = async (filters = ''): Promise<CoordTimeline> => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0" page-size="200"></coord-timeline>`);
    for (const [k, v] of new URLSearchParams(filters)) el.setAttribute(k, v);
    await withItems(el);
    return el;
  };
  const row = async (el: CoordTimeline, title: string): Promise<HTMLElement> => {
    await waitUntil(() => articles(el).find((a) => a.querySelector('.title')?.textContent?.startsWith(title)), `no row "${title}"`);
    return articles(el).find((a) => a.querySelector('.title')?.textContent?.startsWith(title))!;
  };
  const detailOf = (el: CoordTimeline) => el.shadowRoot!.querySelector('coord-timeline-detail');
  const dialogOf = (el: CoordTimeline) => detailOf(el)?.shadowRoot?.querySelector('dialog');
  const text = (el: CoordTimeline) => (detailOf(el)?.shadowRoot?.querySelector('.body')?.textContent ?? '').replace(/\s+/g, ' ');
  const ready = (el: CoordTimeline) => waitUntil(() => dialogOf(el)?.open && !detailOf(el)!.shadowRoot!.querySelector('[aria-busy="true"]') && text(el).length > 0, 'no detail');

  it('an encounter: movements, participants, linked results; focus in, Escape closes and returns to the row; code loaded on first open', async () => {
    expect(customElements.get('coord-timeline-detail'), 'the detail code is not loaded up front').to.be.undefined;
    const el = await mount('kinds=encounter,lab&query=Hospitalisation complète');
    const stay = await row(el, 'Hospitalisation complète');
    const selected: string[] = [];
    el.addEventListener('coord-select', (e) => selected.push(e.detail.reference));
    stay.focus();
    await sendKeys({ press: 'Enter' });
    await ready(el);
    expect(selected).to.deep.equal(['Encounter/enc-hospit']);
    const dialog = dialogOf(el)!;
    expect(dialog.getAttribute('aria-labelledby')).to.equal('detail-title');
    expect(detailOf(el)!.shadowRoot!.getElementById('detail-title')?.textContent).to.contain('Hospitalisation complète');
    expect(dialog.contains(detailOf(el)!.shadowRoot!.activeElement), 'focus moved into the dialog').to.be.true;
    const body = text(el);
    expect(body).to.contain('UF Oncologie').and.contain('UF Néphrologie').and.contain('UF Soins de suite');
    expect(body).to.contain('Dr Hélène Moreau');
    expect(body, 'the admission lab result is linked').to.contain("Bilan biologique d'entrée");
    await expect(detailOf(el)!).shadowDom.to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialogOf(el)!.open, 'Escape did not close');
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === 'Encounter/enc-hospit', 'focus not back on the row');
  });

  it('the host can take over: preventDefault() on coord-select opens nothing', async () => {
    const el = await mount('kinds=encounter&query=Hospitalisation complète');
    el.addEventListener('coord-select', (e) => e.preventDefault());
    (await row(el, 'Hospitalisation complète')).click();
    await new Promise((r) => setTimeout(r, 300)); // a window in which nothing must happen
    expect(dialogOf(el)?.open ?? false).to.be.false;
  });

  it('a lab result in full: conclusion, results with values, ranges and flags; a linked document opens in the same dialog with Back', async () => {
    const el = await mount('kinds=lab&query=fonction rénale');
    (await row(el, 'Bilan biologique — fonction rénale')).click();
    await ready(el);
    const body = text(el);
    expect(body).to.contain('Insuffisance rénale chronique stade 4 stable (DFG 20 mL/min/1,73 m²). Anémie modérée (Hb 10,4 g/dL). Kaliémie normale.');
    expect(body).to.contain('Créatinine').and.contain('198 µmol/L').and.contain('(élevé)').and.contain('45 – 90 µmol/L');
    expect(body).to.contain('Hémoglobine').and.contain('(bas)');
    const cells = detailOf(el)!.shadowRoot!.querySelectorAll('table.results tbody tr');
    expect(cells.length).to.equal(4);
    expect(detailOf(el)!.shadowRoot!.querySelector('button.preview'), 'its PDF report can be previewed').to.exist;
    await expect(detailOf(el)!).shadowDom.to.be.accessible();
  });

  it('an imaging report: its study with series and modality', async () => {
    const el = await mount('kinds=imaging&query=Scanner thoraco');
    const rows = articles(el).filter((a) => a.querySelector('.title')?.textContent?.startsWith('Scanner thoraco-abdomino-pelvien'));
    rows.find((a) => a.dataset.id?.startsWith('DiagnosticReport/'))!.click();
    await ready(el);
    await waitUntil(() => detailOf(el)!.shadowRoot!.querySelector('table.series'), 'no series');
    const body = text(el);
    expect(body).to.contain('Thorax').and.contain('Abdomen et pelvis').and.contain('Computed Tomography').and.contain('186');
    expect(body).to.contain('Absence d’argument scanographique');
  });

  it('a document: preview through the shared media viewer', async () => {
    const el = await mount('kinds=document');
    (await row(el, 'Ordonnance de sortie')).click();
    await ready(el);
    const preview = detailOf(el)!.shadowRoot!.querySelector<HTMLButtonElement>('button.preview');
    expect(preview?.textContent).to.contain('Ordonnance de sortie');
    preview!.click();
    const viewer = detailOf(el)!.shadowRoot!.querySelector('coord-media-viewer')!;
    await waitUntil(() => viewer.shadowRoot?.querySelector('dialog')?.open, 'the media viewer did not open');
    await waitUntil(() => viewer.shadowRoot!.querySelector('.content')?.getAttribute('data-state') !== 'loading', 'content never loaded');
    expect(viewer.shadowRoot!.querySelector('.content')?.getAttribute('data-state')).to.equal('ready');
  });

  it('a hidden document: no event, no preview, only why it is hidden', async () => {
    await useHandlers(fhirRecordHandlers({ resources: badInputResources() }));
    const el = await mount();
    const selected: string[] = [];
    el.addEventListener('coord-select', (e) => selected.push(e.detail.reference));
    await waitUntil(() => articles(el).find((a) => a.querySelector('.why-hidden')), 'no hidden document');
    articles(el).find((a) => a.querySelector('.why-hidden'))!.click();
    await waitUntil(() => dialogOf(el)?.open, 'no detail for the placeholder');
    expect(selected, 'no reference given away').to.deep.equal([]);
    expect(detailOf(el)!.shadowRoot!.querySelector('button.preview')).to.be.null;
    expect(text(el)).to.contain('Aucun aperçu');
    expect(text(el)).not.to.contain('secrète').and.not.to.contain('Secret');
    await expect(detailOf(el)!).shadowDom.to.be.accessible();
  });

  it('a PPCS action: its status history from the server’s versions', async () => {
    const store = new MockFhirStore();
    const task = store.get('Task/task-apa') as Task;
    store.add({ ...task, status: 'in-progress', statusReason: { text: 'Dossier envoyé au conseil départemental' } } as Task);
    await useHandlers(fhirStoreHandlers(store));
    const el = await mount('kinds=ppcs-action&query=APA');
    (await row(el, 'Constituer et déposer le dossier')).click();
    await ready(el);
    const steps = [...detailOf(el)!.shadowRoot!.querySelectorAll('.history li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(steps.length, steps.join(' | ')).to.equal(2);
    expect(steps[0]).to.contain('À faire');
    expect(steps[1]).to.contain('En cours').and.contain('Dossier envoyé au conseil départemental');
    expect(text(el)).not.to.contain('ne fournit pas l’historique');
  });
});
