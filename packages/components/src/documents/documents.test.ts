import { expect, oneEvent } from '@open-wc/testing';
import { fhirErrorHandlers, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { waitUntil } from '../testing/wait.ts';
import { useHandlers } from '../testing/msw.ts';
import { loadLang } from '../base/i18n.ts';
import { setClock } from '@coord/api-client';
import { restoreTestClock, TEST_NOW } from '../testing/setup.ts';
import { allRows, doc, documentsIn, GP, itemWith, items, seedWith, serveStore, settled, text } from './documents.testing.ts';

describe('<coord-documents> states', () => {
  it('lists the documents with type, author, date, pathway, size and confidentiality; a masked one is a placeholder that says why', async () => {
    await serveStore();
    const el = await documentsIn();
    await expect(el).shadowDom.to.be.accessible();
    const soins = itemWith(el, 'Compte rendu de soins infirmiers — plaie du talon')!;
    expect(soins, 'the nurse’s own report').to.exist;
    expect(text(soins)).to.match(/Compte rendu de soins infirmiers/);
    expect(soins.querySelector('.size')?.textContent).to.match(/Ko|o$/);
    expect(soins.querySelector('.chip')).to.exist;
    expect(text(soins.querySelector('.badge'))).to.contain('Confidentialité : Normale');
    const rows = [...(await allRows(el))].filter(([k]) => !k.startsWith('header:')).map(([, v]) => v);
    expect(rows.length, 'every document and placeholder').to.equal(el.store!.entries.length);
    const masked = rows.filter((r) => r.startsWith('Document masqué'));
    expect(masked, 'one masked placeholder').to.have.length(1);
    expect(masked[0]).to.equal('Document masqué Masqué par le patient ou son auteur : ni son titre ni sa date ne sont affichés.');
    expect(rows.join(' '), 'nothing of the masked document').not.to.match(/mémoire|troubles cognitifs|Fontaine/);
    const restricted = rows.filter((r) => r.startsWith('Accès restreint'));
    expect(restricted, 'a very restricted document keeps its date and reason only').to.have.length(1);
    expect(restricted[0]).to.match(/^Accès restreint \d{1,2} \S+ \d{4}, \d\d:\d\d Accès restreint à ses auteurs/);
    // A version chain lists the newest version only, with its history count.
    const hospit = items(el).filter((i) => /hospitalisation/i.test(text(i.querySelector('.type'))));
    expect(hospit).to.have.length(1);
    expect(text(hospit[0])).to.contain('1 version(s) précédente(s)');
  });

  it('shows the empty state', async () => {
    await serveStore(seedWith());
    const el = await documentsIn();
    await expect(el).shadowDom.to.be.accessible();
    expect(text(el.shadowRoot!.querySelector('[data-kind="empty"]'))).to.contain('Aucun document');
  });

  it('shows an error with retry that loads once the server answers', async () => {
    await useHandlers(fhirErrorHandlers(503));
    const el = await documentsIn();
    await expect(el).shadowDom.to.be.accessible();
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert).to.exist;
    await useHandlers(fhirRecordHandlers());
    alert.querySelector('button')!.click();
    await waitUntil(() => items(el).length > 0, 'loaded after retry');
  });

  it('renders a loading skeleton that is accessible', async () => {
    const store = await serveStore();
    store.latency = 'infinite';
    const { fixture, html } = await import('@open-wc/testing');
    const root = await fixture<HTMLElement>(html`<coord-provider base-url="https://fhir.test/R4" patient="Patient/pat-martin" user=${GP} profession="10"><coord-documents poll-interval="0"></coord-documents></coord-provider>`);
    const el = root.querySelector('coord-documents')!;
    await waitUntil(() => el.shadowRoot?.querySelector('[aria-busy="true"]'), 'skeleton');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('filters by type, pathway and date, searches free text, groups and sorts', async () => {
    await serveStore();
    const el = await documentsIn({ user: GP, profession: '10' });
    const all = items(el).length;
    expect(all).to.be.greaterThan(8);
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('.search input')!;
    search.value = 'scanner';
    search.dispatchEvent(new InputEvent('input'));
    await settled(el);
    expect(items(el).length).to.be.within(1, 3);
    expect(items(el).some((i) => /scanner/i.test(text(i)))).to.be.true;
    expect(el.query, 'search reflected').to.equal('scanner');
    el.shadowRoot!.querySelector<HTMLButtonElement>('.toolbar .clear')!.click();
    await settled(el);
    expect(items(el).length).to.equal(all);
    const type = el.shadowRoot!.querySelector<HTMLSelectElement>('.f-type select')!;
    type.value = '11502-2';
    type.dispatchEvent(new Event('change'));
    await settled(el);
    expect(items(el).length).to.be.within(1, all - 1);
    for (const i of items(el)) expect(text(i.querySelector('.type'))).to.match(/biologie/i);
    el.shadowRoot!.querySelector<HTMLButtonElement>('.toolbar .clear')!.click();
    el.groupBy = 'pathway';
    await settled(el);
    const headers = [...(await allRows(el)).keys()].filter((k) => k.startsWith('header:')).map((k) => k.slice(7));
    expect(headers.length).to.be.greaterThan(1);
    expect(headers.some((h) => h.startsWith('Plaies complexes'))).to.be.true;
    await expect(el).shadowDom.to.be.accessible();
    el.groupBy = 'none';
    el.sort = 'title';
    await settled(el);
    // Placeholders have no title to sort by (they come last); the virtualiser may render them or not.
    const titles = items(el).filter((i) => !i.classList.contains('hidden')).map((i) => text(i.querySelector('.title')));
    expect(titles).to.deep.equal([...titles].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base', numeric: true })));
  });

  it('moves focus with the arrow keys and opens with Enter: coord-select, details and version history', async () => {
    await serveStore();
    const el = await documentsIn({ user: GP, profession: '10' });
    el.sort = 'type';
    await settled(el);
    const first = items(el)[0]!;
    expect(first.tabIndex).to.equal(0);
    expect(items(el).filter((i) => i.tabIndex === 0)).to.have.length(1);
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    await waitUntil(() => el.shadowRoot!.activeElement === items(el)[1]);
    const hospit = items(el).find((i) => /hospitalisation/i.test(text(i.querySelector('.type'))))!;
    hospit.focus();
    setTimeout(() => hospit.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true })));
    const select = await oneEvent(el, 'coord-select');
    expect(select.detail).to.deep.equal({ reference: 'DocumentReference/doc-cr-hospit-2', kind: 'document' });
    await el.updateComplete;
    const details = el.shadowRoot!.querySelector('.details')!;
    expect(details).to.exist;
    expect(details.querySelectorAll('.history li')).to.have.length(2);
    expect(text(details)).to.contain('Historique des versions');
    await expect(el).shadowDom.to.be.accessible();
    // Escape closes the details and gives focus back to the document.
    details.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(() => !el.shadowRoot!.querySelector('.details') && el.shadowRoot!.activeElement?.getAttribute('data-key') === 'DocumentReference/doc-cr-hospit-2', 'focus back');
  });

  it('English: every label and the hidden placeholder in English', async () => {
    await loadLang('en');
    await serveStore();
    const el = await documentsIn({ lang: 'en' });
    const rows = [...(await allRows(el))].filter(([k]) => !k.startsWith('header:')).map(([, v]) => v);
    expect(rows).to.include('Hidden document Hidden by the patient or its author: neither its title nor its date is shown.');
    expect(text(el.shadowRoot!.querySelector('.toolbar'))).to.contain('Search');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('access: a pharmacist sees "Non accessible à votre profession" placeholders, without title, type or author', async () => {
    await serveStore(seedWith(
      doc('obs', { type: '34117-2', typeText: 'Observation médicale', title: 'Observation secrète', author: GP }),
      doc('ordo', { type: '57833-6', typeText: 'Ordonnance', title: 'Ordonnance visible', date: '2026-11-19T10:00:00Z' }),
    ));
    const el = await documentsIn({ user: 'PractitionerRole/role-pharm', profession: '21' });
    const rows = [...(await allRows(el)).values()];
    expect(rows.some((r) => r.includes('Ordonnance visible'))).to.be.true;
    const hidden = rows.filter((r) => r.startsWith('Non accessible à votre profession'));
    expect(hidden).to.have.length(1);
    expect(hidden[0]).to.contain('matrice d’habilitations');
    expect(rows.join(' ')).not.to.match(/Observation secrète|Observation médicale/);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('live: a document added by someone else appears and is announced', async () => {
    const store = await serveStore(seedWith(doc('d1')));
    const el = await documentsIn({ user: GP, profession: '10' });
    el.pollInterval = 5;
    await el.updateComplete;
    // After the watcher's first look (its baseline), as a colleague would add it later.
    await waitUntil(() => el.session!.client!.live.stats.some((s) => s.type === 'DocumentReference' && s.polls >= 1), 'watching');
    // The server's clock moves on: the new version is stamped after the watcher's start.
    setClock(Date.parse(TEST_NOW) + 60_000);
    try {
      store.add(doc('d2', { title: 'Arrivé entre-temps', date: '2026-11-29T10:00:00Z' }));
      await waitUntil(() => items(el).some((i) => text(i).includes('Arrivé entre-temps')), 'new document shown', { timeout: 20_000 });
      expect(text(el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]'))).to.equal('1 nouveau(x) document(s)');
    } finally {
      restoreTestClock();
    }
  });
});
