import { expect, fixture, html } from '@open-wc/testing';
import { http } from 'msw';
import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import { MOCK_BASE_URL, fhirErrorHandlers, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import { loadLang } from '../base/i18n.ts';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import { perceivable } from '../testing/element-suite.ts';
import '../provider/provider.ts';
import './audit.ts';
import type { CoordAudit } from './audit.component.ts';

const MARTIN = 'Patient/pat-martin';
const seed = seedResources();
const withoutAudit = seed.filter((r) => r.resourceType !== 'AuditEvent');

function trace(id: string, recorded: string, who: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    resourceType: 'AuditEvent', id, type: { code: 'rest' }, action: 'R', recorded, outcome: '0',
    agent: [{ who: { reference: who }, requestor: true }], source: { observer: { display: 'x' } },
    entity: [{ what: { reference: MARTIN } }, { what: { reference: 'DocumentReference/d1' } }], ...extra,
  };
}

async function auditIn(attrs: { lang?: string; pageSize?: number } = {}, resources: Resource[] = seed): Promise<{ el: CoordAudit; asked: string[] }> {
  const asked: string[] = [];
  const spy = http.get(`${MOCK_BASE_URL}/AuditEvent`, ({ request }) => {
    asked.push(decodeURIComponent(request.url));
    return undefined;
  });
  await useHandlers([spy], fhirRecordHandlers({ resources }));
  const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN} user="Patient/pat-martin" lang=${attrs.lang ?? 'fr'}>
    <coord-audit page-size=${attrs.pageSize ?? 50}></coord-audit>
  </coord-provider>`);
  return { el: root.querySelector<CoordAudit>('coord-audit')!, asked };
}

const entries = (el: CoordAudit) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="listitem"]')];
/** Sets a filter control as the viewer would (an actor is picked by its shown name). */
const select = async (el: CoordAudit, name: string, value: string, byLabel = false) => {
  const control = el.shadowRoot!.querySelector<HTMLSelectElement | HTMLInputElement>(`[name="${name}"]`)!;
  if (byLabel && control instanceof HTMLSelectElement) control.value = [...control.options].find((o) => o.textContent === value)!.value;
  else control.value = value;
  control.dispatchEvent(new Event('change'));
  await el.updateComplete;
};

describe('<coord-audit>', () => {
  it('lists the traces newest first; the emergency access stands out with its reason; a refusal says so', async () => {
    const { el } = await auditIn();
    await waitUntil(() => entries(el).length === 6, 'the six traces of the seed');
    await expect(el).shadowDom.to.be.accessible();
    const times = entries(el).map((e) => e.querySelector('time')!.getAttribute('datetime')!);
    expect([...times].sort().reverse()).to.deep.equal(times);
    const emergency = entries(el).filter((e) => e.part.contains('emergency'));
    expect(emergency).to.have.length(1);
    expect(perceivable(el)).to.contain('Dr Karim Haddad');
    expect(emergency[0]!.querySelector('.badge')!.textContent).to.equal('Accès en urgence');
    expect(emergency[0]!.querySelector('[part="reason"]')!.textContent).to.match(/^Motif : Accès en urgence \(bris de glace\)/);
    const refused = entries(el).find((e) => e.part.contains('failed'))!;
    expect(refused.textContent).to.contain('Nadia Benali').and.to.contain('Refusé').and.to.contain('matrice d’habilitation');
    // Entities by kind only: never a document's title or id.
    expect(el.shadowRoot!.innerHTML).not.to.contain('DocumentReference/');
  });

  it('filters by action (emergency), by actor and by dates; the filters reflect and are asked of the server', async () => {
    const { el, asked } = await auditIn();
    await waitUntil(() => entries(el).length === 6, 'loaded');
    await select(el, 'action', 'emergency');
    expect(el.getAttribute('action')).to.equal('emergency');
    await waitUntil(() => entries(el).length === 1, 'only the emergency access');
    expect(entries(el)[0]!.textContent).to.contain('Dr Karim Haddad');
    await select(el, 'action', 'update');
    await waitUntil(() => entries(el).length === 1 && entries(el)[0]!.textContent!.includes('a modifié'), 'only the update');
    expect(asked.some((u) => /[?&]action=U(&|$)/.test(u)), 'the action asked of the server').to.equal(true);
    await select(el, 'action', '');
    await waitUntil(() => entries(el).length === 6, 'all again');
    await select(el, 'actor', 'Antoine Girard', true);
    expect(el.getAttribute('actor')).to.equal('PractitionerRole/role-pharm');
    await waitUntil(() => entries(el).length === 1 && entries(el)[0]!.textContent!.includes('Antoine Girard'), 'only the pharmacist');
    expect(asked.some((u) => u.includes('agent=PractitionerRole/role-pharm'))).to.equal(true);
    await select(el, 'actor', '');
    await waitUntil(() => entries(el).length === 6, 'all again');
    // Dates: a range with nothing in it gives the no-match state, with a way back.
    await select(el, 'since', '2020-01-01');
    await select(el, 'until', '2020-01-31');
    await waitUntil(() => el.shadowRoot!.querySelector('[data-kind="no-match"]'), 'nothing in January 2020');
    expect(asked.some((u) => u.includes('date=ge2020-01-01') && u.includes('date=le2020-01-31'))).to.equal(true);
    await expect(el).shadowDom.to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-kind="no-match"] button')!.click();
    await waitUntil(() => entries(el).length === 6, 'cleared');
    expect(el.hasAttribute('since')).to.equal(false);
    // Start after end: said, not silently empty.
    await select(el, 'since', '2026-12-31');
    await select(el, 'until', '2026-01-01');
    expect(el.shadowRoot!.querySelector('.filters [role="alert"]')!.textContent).to.contain('après la date de fin');
  });

  it('an agent that does not resolve is "Acteur inconnu", never its reference', async () => {
    const { el } = await auditIn({}, [...withoutAudit, trace('ae-x', '2026-12-01T10:00:00Z', 'Practitioner/prac-parti')]);
    await waitUntil(() => entries(el).length === 1, 'one trace');
    expect(entries(el)[0]!.textContent).to.contain('Acteur inconnu');
    expect(el.shadowRoot!.innerHTML).not.to.contain('prac-parti');
  });

  it('empty, error with retry, forbidden, and unreadable entries each have their state', async () => {
    const empty = await auditIn({}, withoutAudit);
    await waitUntil(() => empty.el.shadowRoot!.querySelector('[data-kind="empty"]'), 'empty');
    expect(perceivable(empty.el)).to.contain('Aucune trace d’accès');
    await expect(empty.el).shadowDom.to.be.accessible();

    await useHandlers(fhirErrorHandlers(503));
    const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN}><coord-audit></coord-audit></coord-provider>`);
    const failing = root.querySelector<CoordAudit>('coord-audit')!;
    await waitUntil(() => failing.shadowRoot!.querySelector('[data-kind="server"]'), 'server error');
    await expect(failing).shadowDom.to.be.accessible();
    await useHandlers(fhirRecordHandlers());
    failing.shadowRoot!.querySelector<HTMLButtonElement>('[data-kind="server"] button')!.click();
    await waitUntil(() => entries(failing).length === 6, 'loaded after retry');

    await useHandlers([http.get(`${MOCK_BASE_URL}/AuditEvent`, () => new Response('{"resourceType":"OperationOutcome","issue":[]}', { status: 403, headers: { 'Content-Type': 'application/fhir+json' } }))], fhirRecordHandlers());
    const root2 = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN}><coord-audit></coord-audit></coord-provider>`);
    const refused = root2.querySelector<CoordAudit>('coord-audit')!;
    await waitUntil(() => refused.shadowRoot!.querySelector('[data-kind="forbidden"]'), 'forbidden');
    expect(perceivable(refused)).to.contain('Accès refusé');

    const bad = await auditIn({}, [...withoutAudit, { resourceType: 'AuditEvent', entity: [{ what: { reference: MARTIN } }] } as Resource, trace('ae-ok', '2026-12-01T10:00:00Z', 'PractitionerRole/role-gp')]);
    await waitUntil(() => bad.el.shadowRoot!.querySelector('[data-kind="partial"]'), 'partial');
    expect(entries(bad.el)).to.have.length(1);
    expect(perceivable(bad.el)).to.contain('illisibles');
  });

  it('pages from the server, and virtualises a long log', async () => {
    const many = Array.from({ length: 150 }, (_, i) => trace(`ae-${i}`, new Date(Date.UTC(2026, 10, 1) + i * 3_600_000).toISOString(), 'PractitionerRole/role-gp'));
    const { el } = await auditIn({ pageSize: 100 }, [...withoutAudit, ...many]);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="load-more"]') && entries(el).length > 0, 'a first page and a button for more');
    // Rendered plainly for the moment the virtualizer's code takes to arrive, then only what is on screen.
    await waitUntil(() => entries(el).length < 100, `${entries(el).length} entries in the DOM, not only those on screen`);
    expect(entries(el)[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(many[149]!.recorded);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="load-more"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.footer')!.textContent!.includes('150 traces'), 'every trace loaded');
    expect(el.shadowRoot!.querySelector('.footer')!.textContent).to.contain('Toutes les traces sont chargées');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('speaks English', async () => {
    await loadLang('en');
    const { el } = await auditIn({ lang: 'en' });
    await waitUntil(() => entries(el).length === 6, 'loaded');
    const text = perceivable(el);
    expect(text).to.contain('Emergency access').and.to.contain('Refused').and.to.contain('Record access log');
    for (const word of ['Traces', 'Acteur', 'Consultation', 'Motif', 'Refusé']) expect(text).not.to.contain(word);
    await expect(el).shadowDom.to.be.accessible();
  });
});
