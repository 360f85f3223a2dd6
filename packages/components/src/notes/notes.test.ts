import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MOCK_BASE_URL, fhirErrorHandlers, fhirNetworkErrorHandlers } from '@coord/dev-server/mocks';
import { loadLang } from '../base/i18n.ts';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import { $, $$, IDEL, notesIn, openNote, serveStore, settled, SUIVI, text } from './notes.testing.ts';

describe('<coord-notes> states', () => {
  it('lists the shared notes newest first, with author and date, accessibly', async () => {
    await serveStore();
    const el = await notesIn();
    await expect(el).shadowDom.to.be.accessible();
    const titles = $$(el, 'article.note [part~="open"]').map((b) => b.textContent!.trim());
    // Seed: Suivi edited 7 days ago, Conciliation 18 days ago, Aides 12 days ago (edited).
    expect(titles).to.deep.equal(['Suivi à domicile', 'Organisation des aides à domicile', 'Conciliation médicamenteuse']);
    const meta = text($(el, 'article.note [part~="meta"]'));
    expect(meta).to.match(/^par .+ · le \d{2}\/\d{2}\/\d{4}/);
    expect($(el, 'ul.list')!.getAttribute('aria-label')).to.equal('3 notes');
  });

  it('opens a note by keyboard: formatted text, coord-select, then closes', async () => {
    await serveStore();
    const el = await notesIn();
    const button = $(el, `article[data-ref="${SUIVI}"] [part~="open"]`)!;
    button.focus();
    const selected = oneEvent(el, 'coord-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ reference: SUIVI, kind: 'note' });
    await el.updateComplete;
    const note = $(el, `article[data-ref="${SUIVI}"]`)!;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    // "- …" lines of the seed are a list.
    expect(note.querySelectorAll('[part~="text"] ul li').length).to.be.greaterThan(1);
    await expect(el).shadowDom.to.be.accessible();
    // Tab reaches the note's actions; Space on the title closes it again.
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('edit');
    button.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(note.querySelector('[part~="text"]')).to.equal(null);
  });

  it('shows an accessible skeleton while loading', async () => {
    const store = await serveStore();
    store.latency = 'infinite';
    const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin" user=${IDEL}>
      <coord-notes poll-interval="0"></coord-notes>
    </coord-provider>`);
    const el = root.querySelector('coord-notes')!;
    await waitUntil(() => el.shadowRoot?.querySelector('[aria-busy="true"]'), 'skeleton', { timeout: 3000 });
    await expect(el).shadowDom.to.be.accessible();
  });

  it('says "Aucune note partagée" when there is none, and still offers a new note', async () => {
    await serveStore();
    const el = await notesIn({ patient: 'Patient/pat-dubois' });
    expect(text($(el, '[data-kind="empty"]'))).to.contain('Aucune note partagée');
    expect($(el, '[part~="new"]')).to.exist;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('shows an error with retry on a server failure, and sign-in on 401', async () => {
    await useHandlers(fhirErrorHandlers(500));
    const el = await notesIn();
    expect($(el, '[data-kind="server"]')).to.exist;
    await expect(el).shadowDom.to.be.accessible();
    await serveStore();
    ($(el, '[data-kind="server"] button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'article.note'), 'recovered after retry', { timeout: 5000 });

    await useHandlers(fhirErrorHandlers(401));
    const other = await notesIn({ user: 'PractitionerRole/role-gp' });
    expect(text($(other, '[data-kind="auth"]'))).to.contain('Se reconnecter');
  });

  it('shows a network failure', async () => {
    await useHandlers(fhirNetworkErrorHandlers());
    const el = await notesIn();
    expect($(el, '[data-kind="network"]')).to.exist;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('is read only without a viewer, and says why', async () => {
    await serveStore();
    const el = await notesIn({ user: '' });
    expect($(el, '[part~="new"]')).to.equal(null);
    expect(text($(el, '[part~="read-only"]'))).to.contain('aucun utilisateur identifié');
    const note = await openNote(el, SUIVI);
    expect(note.querySelector<HTMLButtonElement>('[part~="edit"]')!.disabled).to.equal(true);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('speaks English', async () => {
    await loadLang('en');
    await serveStore();
    const el = await notesIn({ lang: 'en' });
    expect(text($(el, 'h2'))).to.equal('Shared notes');
    expect(text($(el, '[part~="new"]'))).to.equal('New note');
    await settled(el);
    await expect(el).shadowDom.to.be.accessible();
  });
});
