import { expect, oneEvent } from '@open-wc/testing';
import { fhirErrorHandlers } from '@coord/dev-server/mocks';
import { clock } from '@coord/api-client';
import { sendKeys } from '@web/test-runner-commands';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import { loadLang } from '../base/i18n.ts';
import { CoordSelectEvent } from '../events/coord-select.ts';
import type { CoordViewChangeEvent } from '../events/coord-view-change.ts';
import { accessibleAtBothWidths, digestReady, find, GP, IDEL, PATIENT, recordIn, serveStore, shadow, storeVisit, tab, tabs, text } from './record.testing.ts';

afterEach(() => localStorage.clear());

describe('<coord-record> sections', () => {
  it('a 360 px side panel: banner, pathways, sections as tabs; arrows, Home and End move focus, Enter opens; only the open section is created', async () => {
    await serveStore();
    const el = await recordIn({ width: 360 });
    await digestReady(el);
    await waitUntil(() => shadow(el).querySelector('.pathway'), 'active pathways under the banner');
    await accessibleAtBothWidths(el);
    expect(tabs(el).map((t) => t.dataset.view)).to.deep.equal(['overview', 'timeline', 'documents', 'notes', 'ppcs', 'chat', 'audit']);
    expect(tab(el, 'overview')!.getAttribute('aria-selected')).to.equal('true');
    expect(tabs(el).filter((t) => t.tabIndex === 0).map((t) => t.dataset.view), 'one tab stop').to.deep.equal(['overview']);

    tab(el, 'overview')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => shadow(el).activeElement === tab(el, 'timeline'), 'focus on the timeline tab');
    expect(tab(el, 'timeline')!.tabIndex).to.equal(0);
    expect(shadow(el).querySelector('coord-timeline'), 'moving focus loads nothing').to.equal(null);
    await sendKeys({ press: 'End' });
    await waitUntil(() => shadow(el).activeElement === tab(el, 'audit'), 'End: the last tab');
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => shadow(el).activeElement === tab(el, 'overview'), 'wraps to the first');
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Home' });
    await waitUntil(() => shadow(el).activeElement === tab(el, 'overview'), 'Home: the first tab');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => shadow(el).activeElement === tab(el, 'documents'), 'on documents');

    const changed = oneEvent(el, 'coord-view-change') as Promise<CoordViewChangeEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail.view).to.equal('documents');
    expect(el.getAttribute('view'), 'reflected').to.equal('documents');
    await waitUntil(() => shadow(el).querySelector('coord-documents'), 'the documents section');
    const panel = shadow(el).querySelector('[role="tabpanel"]')!;
    expect(panel.getAttribute('aria-labelledby')).to.equal('tab-documents');
    expect(shadow(el).querySelectorAll('coord-timeline, coord-chat, coord-ppcs, coord-notes').length, 'no other section').to.equal(0);
    await waitUntil(() => (shadow(el).querySelector('coord-documents')!.store?.entries.length ?? 0) > 0, 'documents loaded');
    await accessibleAtBothWidths(el);
  });

  it('a deep link opens its section; a host setting view fires nothing; an unknown view opens the overview without error', async () => {
    await serveStore();
    const el = await recordIn({ view: 'ppcs' });
    await waitUntil(() => shadow(el).querySelector('coord-ppcs'), 'the PPCS section');
    expect(tab(el, 'ppcs')!.getAttribute('aria-selected')).to.equal('true');
    let fired = 0;
    el.addEventListener('coord-view-change', () => fired++);
    el.setAttribute('view', 'notes');
    await waitUntil(() => shadow(el).querySelector('coord-notes'), 'notes');
    el.setAttribute('view', 'nonsense');
    await el.updateComplete;
    expect(tab(el, 'overview')!.getAttribute('aria-selected')).to.equal('true');
    await digestReady(el);
    expect(fired, 'only user actions are announced').to.equal(0);
  });

  it('1280 px: the messages sit beside the sections (no messages tab); view=chat keeps the overview in the tabs', async () => {
    await serveStore();
    const el = await recordIn({ width: 1280, view: 'chat' });
    await digestReady(el);
    await waitUntil(() => shadow(el).querySelector('.side coord-chat'), 'messages beside');
    expect(tabs(el).map((t) => t.dataset.view)).not.to.include('chat');
    expect(tab(el, 'overview')!.getAttribute('aria-selected')).to.equal('true');
    await accessibleAtBothWidths(el);
  });

  it('the access log section shows the access traces, the emergency access standing out', async () => {
    await serveStore();
    const el = await recordIn({ view: 'audit' });
    const audit = await find(el, 'coord-audit', 'access log section');
    await waitUntil(() => audit.shadowRoot?.querySelector('[part~="emergency"]'), 'the emergency access of the seed');
    expect(text(audit.shadowRoot!.querySelector('[part~="emergency"]'))).to.contain('Accès en urgence');
    expect(shadow(el).querySelector('[data-kind="unavailable"]'), 'not "Rubrique indisponible"').to.equal(null);
    await accessibleAtBothWidths(el);
  });
});

describe('<coord-record> opening items in their section', () => {
  it('a document selected in the timeline opens in the documents section with its details; the host still gets the event', async () => {
    await serveStore();
    const el = await recordIn({ view: 'timeline' });
    const timeline = await find(el, 'coord-timeline', 'timeline');
    const reached = oneEvent(el, 'coord-select') as Promise<CoordSelectEvent>;
    const viewChange = oneEvent(el, 'coord-view-change') as Promise<CoordViewChangeEvent>;
    const fromTimeline = new CoordSelectEvent({ reference: 'DocumentReference/doc-cr-soins-idel', kind: 'document' });
    timeline.dispatchEvent(fromTimeline);
    expect(fromTimeline.defaultPrevented, 'the timeline opens no detail of its own: the record opens it').to.equal(true);
    expect((await reached).detail.reference, 'the host sees the selection').to.equal('DocumentReference/doc-cr-soins-idel');
    expect((await viewChange).detail.view).to.equal('documents');
    const docs = await find(el, 'coord-documents', 'documents section');
    await waitUntil(() => text(docs.shadowRoot!.querySelector('.details')).includes('Compte rendu de soins infirmiers — plaie du talon'), 'its details');
    await waitUntil(() => docs.shadowRoot!.activeElement?.closest('.details'), 'focus in the details');
    await accessibleAtBothWidths(el);
  });

  it('a host calling preventDefault() takes over: the record stays where it is', async () => {
    await serveStore();
    const el = await recordIn({ view: 'timeline' });
    const timeline = await find(el, 'coord-timeline', 'timeline');
    el.addEventListener('coord-select', (e) => e.preventDefault());
    timeline.dispatchEvent(new CoordSelectEvent({ reference: 'DocumentReference/doc-cr-soins-idel', kind: 'document' }));
    await new Promise((r) => setTimeout(r, 50)); // a window for a wrong switch to happen
    await el.updateComplete;
    expect(el.view).to.equal('timeline');
  });

  it('a PPCS action selected in the timeline opens the PPCS with that action open and focused', async () => {
    await serveStore();
    const el = await recordIn({ view: 'timeline' });
    const timeline = await find(el, 'coord-timeline', 'timeline');
    timeline.dispatchEvent(new CoordSelectEvent({ reference: 'Task/task-apa', kind: 'ppcs-action' }));
    const ppcs = await find(el, 'coord-ppcs', 'PPCS section');
    await waitUntil(() => ppcs.shadowRoot!.activeElement?.closest('li[data-key="Task/task-apa"]'), 'the action has focus');
    const title = ppcs.shadowRoot!.querySelector('li[data-key="Task/task-apa"] .action-title')!;
    expect(title.getAttribute('aria-expanded')).to.equal('true');
  });

  it('an item the section cannot show: a notice says so, no error', async () => {
    await serveStore();
    const el = await recordIn({ view: 'timeline' });
    const timeline = await find(el, 'coord-timeline', 'timeline');
    timeline.dispatchEvent(new CoordSelectEvent({ reference: 'DocumentReference/nope', kind: 'document' }));
    await waitUntil(() => shadow(el).querySelector('.notice'), 'notice');
    expect(text(shadow(el).querySelector('.notice'))).to.contain('n’est pas affiché');
  });
});

describe('<coord-record> "Depuis ma dernière visite"', () => {
  it('a first visit says so and covers 7 days; the visit is stored under a hashed key, never a readable id', async () => {
    await serveStore();
    const el = await recordIn();
    const digest = await digestReady(el);
    expect(text(digest)).to.contain('Première visite');
    await waitUntil(() => localStorage.length > 0, 'the visit is kept');
    const keys = Object.keys(localStorage).filter((k) => k.startsWith('coord-record:'));
    expect(keys).to.have.length(1);
    expect(keys[0]).to.match(/^coord-record:visit:[0-9a-f]{64}$/);
    const stored = JSON.stringify({ ...localStorage });
    expect(stored).not.to.match(/pat-martin|role-gp|fhir\.test/);
    expect(Number(localStorage.getItem(keys[0]!))).to.equal(clock.now());
  });

  it('lists what others changed since the last visit, with badges; an item opens in its section', async () => {
    const store = await serveStore();
    // The mock server stamps writes with its own (wall) clock: the last visit is on that clock.
    await storeVisit(Date.now() - 1000);
    store.add({ resourceType: 'Communication', status: 'completed', subject: { reference: PATIENT }, sender: { reference: IDEL }, sent: '2027-01-04T09:30:00+01:00', payload: [{ contentString: 'Pansement refait, plaie propre' }] });
    store.add({ resourceType: 'Communication', status: 'completed', subject: { reference: PATIENT }, sender: { reference: GP }, sent: '2027-01-04T09:40:00+01:00', payload: [{ contentString: 'Merci, je passe jeudi' }] });
    const task = store.get('Task/task-kine')!;
    store.add({ ...task, status: 'in-progress' } as typeof task);
    const el = await recordIn();
    const digest = await digestReady(el);
    await waitUntil(() => digest.querySelector('[data-kind="message"]'), 'the message');
    expect(text(digest)).to.contain('Changements depuis votre dernière visite');
    expect(text(digest)).to.contain('Pansement refait, plaie propre');
    expect(text(digest), 'not the viewer’s own message').not.to.contain('Merci, je passe jeudi');
    expect(digest.querySelector('[data-kind="ppcs-action"]')).to.exist;
    expect(text(tab(el, 'chat'))).to.contain('1 non lu');
    expect(text(tab(el, 'ppcs'))).to.match(/\d+ actions? en retard/);
    await accessibleAtBothWidths(el);

    const changed = oneEvent(el, 'coord-view-change') as Promise<CoordViewChangeEvent>;
    const selected = oneEvent(el, 'coord-select') as Promise<CoordSelectEvent>;
    digest.querySelector<HTMLButtonElement>('[data-kind="ppcs-action"]')!.click();
    expect((await selected).detail).to.deep.equal({ reference: 'Task/task-kine', kind: 'ppcs-action' });
    expect((await changed).detail.view).to.equal('ppcs');
    const ppcs = await find(el, 'coord-ppcs', 'PPCS section');
    await waitUntil(() => ppcs.shadowRoot!.activeElement?.closest('li[data-key="Task/task-kine"]'), 'the changed action has focus');
  });

  it('nothing new: says so', async () => {
    await serveStore();
    await storeVisit(Date.now());
    const el = await recordIn();
    const digest = await digestReady(el);
    await waitUntil(() => digest.querySelector('[data-kind="empty"]'), 'empty');
    expect(text(digest)).to.contain('Rien de nouveau depuis votre dernière visite');
    await accessibleAtBothWidths(el);
  });
});

describe('<coord-record> states', () => {
  it('loading: accessible at both widths', async () => {
    const store = await serveStore();
    store.latency = 'infinite';
    const el = await recordIn();
    await waitUntil(() => shadow(el).querySelector('coord-patient-banner')?.shadowRoot?.querySelector('[aria-busy="true"]'), 'loading');
    await accessibleAtBothWidths(el);
  });

  it('no patient: the banner’s one message, no sections', async () => {
    await serveStore();
    const el = await recordIn({ patient: '' });
    const banner = shadow(el).querySelector('coord-patient-banner')!;
    await waitUntil(() => text(banner.shadowRoot?.querySelector('.state')).includes('Aucun patient'), 'no patient');
    expect(tabs(el)).to.have.length(0);
    await accessibleAtBothWidths(el);
  });

  it('a patient the server does not know, inside a provider: one message (the banner’s), no sections', async () => {
    await serveStore();
    const el = await recordIn({ patient: 'Patient/unknown', provider: true });
    const banner = shadow(el).querySelector('coord-patient-banner')!;
    await waitUntil(() => banner.shadowRoot?.querySelector('[data-kind="not-found"]'), 'not found');
    expect(tabs(el)).to.have.length(0);
    expect(shadow(el).querySelectorAll('[role="alert"]').length, 'no second message').to.equal(0);
    await accessibleAtBothWidths(el);
  });

  it('an ambiguous identity (two patients share the INS): the banner’s one warning, no sections, in English too', async () => {
    await serveStore();
    const el = await recordIn({ identifier: 'urn:oid:1.2.250.1.213.1.4.9|7000000000001', provider: true });
    const banner = shadow(el).querySelector('coord-patient-banner')!;
    await waitUntil(() => banner.shadowRoot?.querySelector('[data-kind="ambiguous"]'), 'ambiguous');
    expect(tabs(el)).to.have.length(0);
    await accessibleAtBothWidths(el);
    await loadLang('en');
    el.closest('coord-provider')!.setAttribute('lang', 'en');
    await waitUntil(() => text(banner.shadowRoot?.querySelector('[data-kind="ambiguous"]')).includes('Ambiguous'), 'in English');
    await accessibleAtBothWidths(el);
  });

  it('forbidden: the banner says access is refused; nothing to retry', async () => {
    await useHandlers(fhirErrorHandlers(403));
    const el = await recordIn();
    const banner = shadow(el).querySelector('coord-patient-banner')!;
    await waitUntil(() => banner.shadowRoot?.querySelector('[data-kind="forbidden"]'), 'forbidden');
    expect(text(banner.shadowRoot!.querySelector('[data-kind="forbidden"]'))).to.contain('Accès refusé');
    expect(banner.shadowRoot!.querySelector('[data-kind="forbidden"] button')).to.equal(null);
    await accessibleAtBothWidths(el);
  });

  it('the digest fails: an error with retry, which loads once the server answers', async () => {
    const store = await serveStore();
    for (const type of ['DocumentReference', 'Communication', 'Task', 'CarePlan', 'Encounter', 'DiagnosticReport']) store.fail({ type, failure: 503, times: Infinity });
    const el = await recordIn();
    const alert = await find(el, '.digest [role="alert"]', 'error');
    expect(text(alert)).to.contain('Erreur du serveur');
    await accessibleAtBothWidths(el);
    store.clearFailures();
    alert.querySelector('button')!.click();
    await digestReady(el);
  });

  it('speaks English with lang="en"', async () => {
    await loadLang('en');
    await serveStore();
    const el = await recordIn({ lang: 'en' });
    await digestReady(el);
    expect(tabs(el).map((t) => text(t).replace(/\d.*$/, '').trim())).to.deep.equal(['Overview', 'Timeline', 'Documents', 'Notes', 'Care plan', 'Messages', 'Access log']);
    expect(text(shadow(el).querySelector('.digest'))).to.contain('First visit');
    await accessibleAtBothWidths(el);
  });
});
