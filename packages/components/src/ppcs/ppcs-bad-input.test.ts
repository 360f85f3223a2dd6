import { expect } from '@open-wc/testing';
import { seedResources } from '@coord/dev-server/seed';
import { badPlan, markupTask, otherPatientTask } from './ppcs.fixtures.ts';
import { IDEL, action, click, ppcsIn, q, qa, serveStore, text } from './ppcs.testing.ts';

/** The seed without its PPCS (so the bad plan is the patient's only one), plus the bad plan. */
async function serveBad(): Promise<void> {
  const seed = seedResources().filter((r) => !(r.resourceType === 'CarePlan' && r.id === 'cp-ppcs'));
  await serveStore([...seed, badPlan(), otherPatientTask(), markupTask()]);
}

describe('<coord-ppcs> bad input', () => {
  it('shows an activity without text or status as such, not as a blank row', async () => {
    await serveBad();
    const el = await ppcsIn({ user: IDEL });
    await expect(el).shadowDom.to.be.accessible();
    const blank = action(el, 'CarePlan/cp-bad#activity-0')!;
    expect(text(blank.querySelector('.action-title'))).to.equal('Action sans description');
    expect(text(blank.querySelector('[part="status-chip"]'))).to.equal('À faire');
    expect(text(blank)).to.contain('Statut non renseigné');
  });

  it('names a performer that does not resolve', async () => {
    await serveBad();
    const el = await ppcsIn({ user: IDEL });
    const call = action(el, 'CarePlan/cp-bad#activity-1')!;
    expect(text(call.querySelector('.performer'))).to.contain('Personne inconnue');
    expect(text(call.querySelector('.performer'))).to.contain('Intervenant introuvable');
    expect(call.querySelector('.performer')!.hasAttribute('data-unresolved')).to.equal(true);
  });

  it('ignores a Task of another patient, and reports it', async () => {
    await serveBad();
    const el = await ppcsIn({ user: IDEL });
    expect(action(el, 'Task/task-other')).to.equal(null);
    expect(text(q(el, '[part="ppcs"]'))).to.not.contain('Action d’un autre patient');
    const issues = q(el, '[part="issues"]')!;
    expect(text(issues.querySelector('[data-kind="other-patient"]'))).to.contain('Task/task-other');
    expect(text(issues.querySelector('[data-kind="other-patient"]'))).to.contain('autre patient');
  });

  it('flags dates in the wrong order, for the plan and for an action', async () => {
    await serveBad();
    const el = await ppcsIn({ user: IDEL });
    expect(text(q(el, '[part="header"] .warning[data-kind="dates"]'))).to.match(/Dates incohérentes : le début \(.+\) est après la fin/);
    expect(text(action(el, 'CarePlan/cp-bad#activity-2')!.querySelector('.warning[data-kind="dates"]'))).to.contain('prévue après son échéance');
  });

  it('renders markup in titles and comments as text; nothing runs', async () => {
    await serveBad();
    const el = await ppcsIn({ user: IDEL });
    const w = window as unknown as { __pwned?: number };
    expect(text(q(el, 'h2'))).to.equal('PPCS <b>incohérent</b>');
    const markup = action(el, 'Task/task-markup')!;
    await click(el, markup.querySelector<HTMLButtonElement>('.action-title'));
    expect(text(markup.querySelector('.comment-text'))).to.equal('<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3">Fait');
    expect(el.shadowRoot!.querySelectorAll('script, img, b')).to.have.length(0);
    expect(w.__pwned).to.equal(undefined);
  });

  it('a seed-only record has nothing flagged but the plan’s known gaps', async () => {
    await serveStore();
    const el = await ppcsIn({ user: IDEL });
    // The seed's PPCS is consistent: no date warnings.
    expect(qa(el, '.warning[data-kind="dates"]')).to.have.length(0);
  });
});
