/**
 * Emergency access (bris de glace) through the patient gate: a 403 explains itself, the host's
 * handler is asked with a typed reason (one dialog for the provider), what it returns is sent with
 * the record's requests (MSW refuses them without it), every element shows the banner, and the
 * AuditEvent of the access is written.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { AuditEvent } from '@medplum/fhirtypes';
import { http } from 'msw';
import { MOCK_BASE_URL, MockFhirStore, fhirEmergencyGateHandlers, fhirStoreHandlers } from '@coord/dev-server/mocks';
import type { EmergencyAccessHandler, EmergencyAccessRequest } from '../base/session.ts';
import type { CoordElement } from '../base/coord-element.ts';
import { loadLang } from '../base/i18n.ts';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import { perceivable } from '../testing/element-suite.ts';
import type { CoordEmergencyAccessEvent } from '../events/coord-emergency-access.ts';
import '../provider/provider.ts';
import '../patient-banner/patient-banner.ts';
import '../documents/documents.ts';
import '../notes/notes.ts';

const URG = 'PractitionerRole/role-urg';
const MARTIN = 'Patient/pat-martin';
const DOC_TEXT = 'Compte rendu de soins infirmiers — plaie du talon';
const NOTE_TEXT = 'Suivi à domicile';

interface Setup {
  root: HTMLElement & { emergencyAccess?: EmergencyAccessHandler };
  docs: CoordElement;
  notes: CoordElement;
  banner: CoordElement;
  store: MockFhirStore;
  headers: Headers[];
}

async function serve(gate: Parameters<typeof fhirEmergencyGateHandlers>[0] = {}): Promise<{ store: MockFhirStore; headers: Headers[] }> {
  const store = new MockFhirStore();
  const headers: Headers[] = [];
  const spy = http.all(`${MOCK_BASE_URL}*`, ({ request }) => {
    headers.push(request.headers);
    return undefined;
  });
  await useHandlers([spy], fhirEmergencyGateHandlers(gate), fhirStoreHandlers(store));
  return { store, headers };
}

async function setup(handler?: EmergencyAccessHandler, lang = 'fr', gate = {}): Promise<Setup> {
  const { store, headers } = await serve(gate);
  const root = await fixture<Setup['root']>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${URG} profession="10" lang=${lang}>
    <coord-patient-banner></coord-patient-banner>
    <coord-documents poll-interval="0" style="--coord-documents-height: 400px"></coord-documents>
    <coord-notes poll-interval="0"></coord-notes>
  </coord-provider>`);
  if (handler) root.emergencyAccess = handler;
  const [banner, docs, notes] = ['coord-patient-banner', 'coord-documents', 'coord-notes'].map((t) => root.querySelector<CoordElement>(t)!);
  return { root, docs: docs!, notes: notes!, banner: banner!, store, headers };
}

const offer = (el: Element) => el.shadowRoot?.querySelector('coord-emergency-offer');
const offerButton = (el: Element) => offer(el)?.shadowRoot?.querySelector<HTMLButtonElement>('button[part~="emergency"]');
const dialogOf = (root: Element) => root.shadowRoot!.querySelector('coord-emergency-dialog');
const bannerOf = (el: Element) => el.shadowRoot?.querySelector('coord-emergency-banner');
/** The traces this library wrote (the seed has its own). */
const audits = (store: MockFhirStore) =>
  (store.search('AuditEvent', new URLSearchParams()) as AuditEvent[]).filter((a) => a.source?.observer?.display === 'coord-elements');

async function refused(el: CoordElement): Promise<void> {
  await waitUntil(() => el.shadowRoot?.querySelector('[data-kind="forbidden"]') && offer(el)?.shadowRoot?.querySelector('p'), `<${el.localName}> never showed the refusal`);
}

async function submit(root: Element, reason: string): Promise<void> {
  const dialog = dialogOf(root)!;
  await waitUntil(() => dialog.shadowRoot?.querySelector('dialog')?.open, 'the dialog opened');
  const field = dialog.shadowRoot!.querySelector('textarea')!;
  field.value = reason;
  field.dispatchEvent(new Event('input'));
  dialog.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

describe('emergency access (bris de glace)', () => {
  it('a refused viewer gives a reason in one dialog; the record reopens with the header, a banner everywhere, and a trace', async () => {
    const asked: EmergencyAccessRequest[] = [];
    let fail = true;
    const { root, docs, notes, banner, store, headers } = await setup(async (request) => {
      asked.push(request);
      if (fail) throw new Error('authorisation service down');
      return { headers: { 'X-Purpose-Of-Use': 'BTG' } };
    });
    const events: CoordEmergencyAccessEvent[] = [];
    root.addEventListener('coord-emergency-access', (e) => events.push(e));
    await refused(docs);
    await refused(notes);
    expect(perceivable(docs)).to.contain('Accès refusé').and.to.contain('bris de glace');
    await expect(docs).shadowDom.to.be.accessible();

    // Empty reason: refused locally, the handler is not asked.
    offerButton(notes)!.click();
    await submit(root, '   ');
    const dialog = dialogOf(root)!;
    await waitUntil(() => dialog.shadowRoot!.querySelector('[role="alert"]'), 'the reason is required');
    expect(dialog.shadowRoot!.textContent).to.contain('Indiquez le motif');
    expect(asked).to.have.length(0);
    await expect(dialog).shadowDom.to.be.accessible();

    // The handler fails: said, and the reason is kept.
    await submit(root, 'Patiente admise aux urgences, confuse');
    await waitUntil(() => /n’a pas pu être obtenu/.test(dialog.shadowRoot!.textContent ?? ''), 'the failure is said');
    expect(dialog.shadowRoot!.querySelector('textarea')!.value).to.equal('Patiente admise aux urgences, confuse');
    expect(asked[0]).to.deep.equal({ reason: 'Patiente admise aux urgences, confuse', patient: MARTIN, viewer: { user: URG, profession: '10' } });

    // Opening it again from the other element shows the same dialog, the reason still there.
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="cancel"]')!.click();
    await waitUntil(() => !dialog.shadowRoot!.querySelector('dialog')!.open, 'closed');
    offerButton(docs)!.click();
    await waitUntil(() => dialog.shadowRoot!.querySelector('dialog')!.open, 'reopened');
    expect(root.shadowRoot!.querySelectorAll('coord-emergency-dialog')).to.have.length(1);
    expect(dialog.shadowRoot!.querySelector('textarea')!.value).to.equal('Patiente admise aux urgences, confuse');

    fail = false;
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => perceivable(docs).includes(DOC_TEXT), 'the documents reopened');
    await waitUntil(() => perceivable(notes).includes(NOTE_TEXT), 'the notes reopened');
    for (const el of [docs, notes, banner]) {
      expect(perceivable(bannerOf(el)!), `banner in <${el.localName}>`).to.contain('Accès en urgence').and.to.contain('Patiente admise aux urgences');
    }
    await waitUntil(() => audits(store).length === 1, 'the access trace was written');
    const [trace] = audits(store);
    expect(trace!.purposeOfEvent?.[0]?.coding?.[0]?.code).to.equal('BTG');
    expect(trace!.agent[0]!.who?.reference).to.equal(URG);
    expect(trace!.entity?.[0]?.what?.reference).to.equal(MARTIN);
    expect(trace!.outcomeDesc).to.equal('Patiente admise aux urgences, confuse');
    await waitUntil(() => perceivable(bannerOf(docs)!).includes('Accès tracé'), 'the banner says it is traced');
    expect(events.map((e) => e.detail)).to.deep.equal([{ patient: MARTIN, reason: 'Patiente admise aux urgences, confuse' }]);
    expect(headers.some((h) => h.get('X-Purpose-Of-Use') === 'BTG'), 'the header went with the requests').to.equal(true);
    expect(dialog.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Accès en urgence ouvert');
    await waitUntil(() => docs.shadowRoot!.activeElement === bannerOf(docs), 'focus on the banner of the element the viewer was in');
    await expect(docs).shadowDom.to.be.accessible();
    await expect(banner).shadowDom.to.be.accessible();
  });

  it('a token grant is the bearer of this provider’s requests; ending the access drops it', async () => {
    const { root, docs, headers } = await setup(async () => ({ token: 'btg-token-123' }), 'fr', { token: 'btg-token-123' });
    await refused(docs);
    offerButton(docs)!.click();
    await submit(root, 'Urgence vitale');
    await waitUntil(() => perceivable(docs).includes(DOC_TEXT), 'reopened with the token');
    expect(headers.some((h) => h.get('Authorization') === 'Bearer btg-token-123')).to.equal(true);
    const before = headers.length;
    bannerOf(docs)!.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="end"]')!.click();
    await refused(docs);
    expect(bannerOf(docs), 'no banner once ended').to.equal(null);
    expect(headers.slice(before).some((h) => h.get('Authorization')), 'no token after the end').to.equal(false);
  });

  it('without a handler: whom to ask, and a retry that loads once access is given', async () => {
    const { docs } = await setup();
    await refused(docs);
    const text = perceivable(docs);
    expect(text).to.contain('cercle de soins');
    expect(offerButton(docs), 'no emergency path without a handler').to.equal(null);
    await expect(docs).shadowDom.to.be.accessible();
    await useHandlers(fhirStoreHandlers(new MockFhirStore()));
    offer(docs)!.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="retry"]')!.click();
    await waitUntil(() => perceivable(docs).includes(DOC_TEXT), 'loaded after retry');
  });

  it('a trace the server refuses is said in the banner; the record stays open', async () => {
    const { root, docs, store } = await setup(async () => ({ headers: { 'X-Purpose-Of-Use': 'BTG' } }));
    store.fail({ method: 'POST', type: 'AuditEvent', failure: 422, times: Infinity });
    await refused(docs);
    offerButton(docs)!.click();
    await submit(root, 'Arrêt cardiaque');
    await waitUntil(() => bannerOf(docs)?.shadowRoot?.querySelector('[role="alert"]'), 'the failed trace is said');
    expect(perceivable(bannerOf(docs)!)).to.contain('n’a pas pu être enregistrée');
    await waitUntil(() => perceivable(docs).includes(DOC_TEXT), 'the record is open all the same');
  });

  it('a patient switch ends the access: no banner, no header, the next record refused again', async () => {
    const { root, docs, headers } = await setup(async () => ({ headers: { 'X-Purpose-Of-Use': 'BTG' } }));
    await refused(docs);
    offerButton(docs)!.click();
    await submit(root, 'Urgence');
    await waitUntil(() => perceivable(docs).includes(DOC_TEXT), 'reopened');
    const before = headers.length;
    root.setAttribute('patient', 'Patient/pat-dubois');
    await refused(docs);
    expect(bannerOf(docs)).to.equal(null);
    expect(headers.slice(before).some((h) => h.get('X-Purpose-Of-Use')), 'no emergency header for the next patient').to.equal(false);
  });

  it('speaks English, and works for a standalone element whose patient itself is refused', async () => {
    await loadLang('en');
    await serve({ refusePatient: true });
    const el = await fixture<CoordElement & { emergencyAccess?: EmergencyAccessHandler }>(
      html`<coord-documents base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${URG} profession="10" lang="en" poll-interval="0"></coord-documents>`,
    );
    const asked: EmergencyAccessRequest[] = [];
    el.emergencyAccess = async (r) => {
      asked.push(r);
      return { headers: { 'X-Purpose-Of-Use': 'BTG' } };
    };
    await refused(el);
    expect(perceivable(el)).to.contain('Access denied').and.to.contain('break the glass');
    offerButton(el)!.click();
    await submit(el, 'Unconscious patient');
    await waitUntil(() => perceivable(el).includes(DOC_TEXT), 'reopened');
    expect(perceivable(bannerOf(el)!)).to.contain('Emergency access').and.to.contain('Unconscious patient');
    expect(perceivable(el)).not.to.contain('Accès');
    expect(asked[0]?.patient).to.equal(MARTIN);
    await expect(el).shadowDom.to.be.accessible();
  });
});
