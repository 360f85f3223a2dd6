import { expect, oneEvent } from '@open-wc/testing';
import type { CarePlan } from '@medplum/fhirtypes';
import { waitUntil } from '../testing/wait.ts';
import { loadLang } from '../base/i18n.ts';
import { CARE_PLAN_SECOND, secondPpcs } from './ppcs.fixtures.ts';
import { COORD, IDEL, RADIO, SOCIAL, action, click, ppcsIn, q, qa, serveStore, text } from './ppcs.testing.ts';
import { seedResources } from '@coord/dev-server/seed';

describe('<coord-ppcs> views', () => {
  it('shows the header: title, lead coordinator, period, last update, and the care circle by sector', async () => {
    await serveStore();
    const el = await ppcsIn({ user: IDEL });
    await expect(el).shadowDom.to.be.accessible();
    const header = q(el, '[part="header"]');
    expect(text(header?.querySelector('h2'))).to.equal('PPCS — Mme Jeanne Martin');
    expect(text(header?.querySelector('.facts'))).to.match(/Référent Émilie Rousseau · Coordinatrice de parcours/);
    expect(text(header?.querySelector('.facts'))).to.match(/Période du \d{2}\/\d{2}\/\d{4} au/);
    expect(text(header?.querySelector('.facts'))).to.contain('Dernière mise à jour');
    const sectors = qa(el, '.circle .sector').map((s) => s.dataset.sector);
    expect(sectors).to.include.members(['medical', 'medico-social', 'social']);
    expect(text(q(el, '.circle [data-sector="social"]'))).to.contain('Assistante sociale');
    expect(text(q(el, '.circle [data-sector="medico-social"]'))).to.contain('Référente de parcours');
    // The organisation of a member, through their PractitionerRole.
    expect(text(q(el, '.circle'))).to.contain('Maison de santé pluriprofessionnelle de Falaise');
  });

  it('lists needs and goals, with the unmet goal marked', async () => {
    await serveStore();
    const el = await ppcsIn();
    expect(qa(el, '[part="needs"] li')).to.have.length(5);
    const goals = qa(el, '[part="goals"] li.goal');
    expect(goals).to.have.length(4);
    const poids = goals.find((g) => text(g).includes('Stabiliser le poids'))!;
    expect(poids.classList.contains('unmet')).to.equal(true);
    expect(text(poids)).to.contain('Non atteint');
    expect(text(q(el, '.unmet-summary'))).to.contain('1 objectif');
    const portage = goals.find((g) => text(g).includes('portage'))!;
    expect(text(portage)).to.contain('Atteint');
  });

  it('groups actions by status, with overdue flags, performers, dates and comments', async () => {
    await serveStore();
    const el = await ppcsIn();
    await expect(el).shadowDom.to.be.accessible();
    const groups = qa(el, '[part="group"]').map((g) => g.dataset.group);
    expect(groups).to.deep.equal(['todo', 'scheduled', 'in-progress', 'on-hold', 'done', 'cancelled']);
    const apa = action(el, 'Task/task-apa')!;
    expect(apa.closest('[part="group"]')!.getAttribute('data-group')).to.equal('todo');
    expect(apa.querySelector('[part="overdue"]')).to.exist;
    expect(text(apa.querySelector('.meta'))).to.contain('Assistante sociale');
    expect(text(apa.querySelector('.meta'))).to.match(/Échéance \d{2}\/\d{2}\/\d{4}/);
    const ergo = action(el, 'CarePlan/cp-ppcs#activity-3')!;
    expect(ergo.hasAttribute('data-overdue')).to.equal(true);
    expect(action(el, 'Task/task-matelas')!.querySelector('[part="overdue"]')).to.equal(null);
    expect(text(q(el, '.summary'))).to.match(/dont 2 en retard/);
    // Comments (author, time) are in the details.
    const pilulier = action(el, 'Task/task-pilulier')!;
    await click(el, pilulier.querySelector<HTMLButtonElement>('.action-title'));
    expect(pilulier.querySelector('.details')!.hasAttribute('hidden')).to.equal(false);
    expect(text(pilulier.querySelector('.comment-by'))).to.match(/^Antoine Girard, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  });

  it('groups by actor and by goal', async () => {
    await serveStore();
    const el = await ppcsIn({ groupBy: 'actor' });
    const labels = qa(el, '[part="group"] h4').map(text);
    expect(labels.some((l) => l.startsWith('Jeanne') || l.length > 0)).to.equal(true);
    const social = qa(el, '[part="group"]').find((g) => g.querySelector('[data-key="Task/task-apa"]'))!;
    expect(social.querySelectorAll('li.action').length).to.be.greaterThan(1); // APA + portage des repas
    el.groupBy = 'goal';
    await el.updateComplete;
    await expect(el).shadowDom.to.be.accessible();
    const portage = qa(el, '[part="group"]').find((g) => g.dataset.group === 'Goal/goal-portage-repas')!;
    expect(portage.querySelector('[data-key="CarePlan/cp-ppcs#activity-1"]')).to.exist;
    expect(text(portage.querySelector('.group-hint'))).to.contain('Dénutrition');
    expect(q(el, '[part="group"][data-group="none"]')).to.exist;
  });

  it('"Mes actions" keeps the viewer’s actions only', async () => {
    await serveStore();
    const el = await ppcsIn({ user: SOCIAL });
    const checkbox = q<HTMLInputElement>(el, '.mine-toggle input')!;
    checkbox.click();
    await el.updateComplete;
    const keys = qa(el, 'li.action').map((a) => a.dataset.key);
    expect(keys).to.have.members(['Task/task-apa', 'CarePlan/cp-ppcs#activity-1']);
    // A viewer with no action is told so.
    const other = await ppcsIn({ user: RADIO });
    q<HTMLInputElement>(other, '.mine-toggle input')!.click();
    await other.updateComplete;
    expect(text(q(other, '.empty'))).to.equal('Aucune action ne vous est attribuée.');
  });

  it('opening an action fires coord-select with the action’s own reference', async () => {
    await serveStore();
    const el = await ppcsIn({ user: COORD });
    const inline = action(el, 'CarePlan/cp-ppcs#activity-0')!.querySelector<HTMLButtonElement>('.action-title')!;
    setTimeout(() => inline.click());
    const first = await oneEvent(el, 'coord-select');
    expect(first.detail).to.deep.equal({ reference: 'CarePlan/cp-ppcs', activityIndex: 0, kind: 'ppcs-action' });
    const task = action(el, 'Task/task-apa')!.querySelector<HTMLButtonElement>('.action-title')!;
    setTimeout(() => task.click());
    const second = await oneEvent(el, 'coord-select');
    expect(second.detail).to.deep.equal({ reference: 'Task/task-apa', kind: 'ppcs-action' });
  });

  it('says so when the patient has no active PPCS', async () => {
    await serveStore(seedResources().filter((r) => r.resourceType !== 'CarePlan'));
    const el = await ppcsIn();
    await expect(el).shadowDom.to.be.accessible();
    expect(q(el, '[data-kind="no-plan"]')).to.exist;
    expect(text(q(el, '[data-kind="no-plan"]'))).to.contain('Aucun PPCS actif');
  });

  it('the DAC pathway’s referent creates the PPCS when there is none; others are only told', async () => {
    const store = await serveStore(seedResources().filter((r) => r.resourceType !== 'CarePlan'));
    const reader = await ppcsIn({ user: IDEL });
    expect(q(reader, '[data-kind="no-plan"]')).to.exist;
    expect(q(reader, '.create-plan'), 'only the referent may create it').to.be.null;
    const referent = await ppcsIn({ user: COORD });
    const create = q(referent, '.create-plan') as HTMLButtonElement;
    expect(create, 'the DAC care manager is offered to create it').to.exist;
    await expect(referent).shadowDom.to.be.accessible();
    create.click();
    await waitUntil(() => q(referent, '.ppcs'), 'the new plan is shown');
    const plans = store.all('CarePlan') as CarePlan[];
    expect(plans).to.have.length(1);
    expect(plans[0]!.status).to.equal('active');
    expect(plans[0]!.author?.reference).to.equal(COORD);
    expect(plans[0]!.category?.[0]?.coding?.[0]?.code).to.equal('ppcs');
    expect(plans[0]!.careTeam?.length, 'the DAC pathway’s care team').to.be.greaterThan(0);
  });

  it('with several active PPCS, shows the most recent and switches to another', async () => {
    await serveStore([...seedResources(), secondPpcs()]);
    const el = await ppcsIn();
    await expect(el).shadowDom.to.be.accessible();
    expect(text(q(el, '.switch'))).to.contain('2 PPCS actifs');
    expect(text(q(el, 'h2'))).to.equal('PPCS — Mme Jeanne Martin');
    const select = q<HTMLSelectElement>(el, '.switch select')!;
    select.value = CARE_PLAN_SECOND;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const { waitUntil } = await import('../testing/wait.ts');
    await waitUntil(() => text(q(el, 'h2')) === 'PPCS de transition', 'the switch did not show the other plan');
    expect(action(el, 'CarePlan/cp-ppcs-2#activity-0')).to.exist;
  });

  it('prints as a dated plan: the date line and a print stylesheet that hides the controls', async () => {
    await serveStore();
    const el = await ppcsIn({ user: COORD });
    expect(text(q(el, '.print-date'))).to.match(/^PPCS imprimé le 4 janvier 2027 à 10:00$/);
    const sheets = (el.constructor as typeof import('./ppcs.component.ts').CoordPpcs).elementStyles.map((s) => (s as { cssText: string }).cssText).join('\n');
    expect(sheets).to.match(/@media print/);
    expect(sheets).to.match(/\.details\[hidden\][^}]*display: block !important/);
  });

  it('keeps keyboard focus on an action that moves to another group', async () => {
    await serveStore();
    const el = await ppcsIn({ user: COORD });
    const button = action(el, 'Task/task-pilulier')!.querySelector<HTMLButtonElement>('button.move[data-to="done"]')!;
    button.focus();
    button.click();
    const { waitUntil } = await import('../testing/wait.ts');
    await waitUntil(() => action(el, 'Task/task-pilulier')?.closest('[part="group"]')?.getAttribute('data-group') === 'done');
    await waitUntil(() => el.shadowRoot!.activeElement?.classList.contains('action-title'), 'focus lost');
    expect(el.shadowRoot!.activeElement!.closest('li')!.dataset.key).to.equal('Task/task-pilulier');
  });

  it('speaks English', async () => {
    await loadLang('en');
    await serveStore();
    const el = await ppcsIn({ lang: 'en' });
    expect(text(q(el, '#actions-title'))).to.equal('Actions');
    expect(text(q(el, '[part="group"][data-group="todo"] h4'))).to.match(/^To do/);
    expect(text(action(el, 'Task/task-apa')!.querySelector('[part="overdue"]'))).to.equal('Overdue');
  });
});
