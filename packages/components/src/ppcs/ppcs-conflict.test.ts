import { expect, oneEvent } from '@open-wc/testing';
import type { Task } from '@medplum/fhirtypes';
import { waitUntil } from '../testing/wait.ts';
import type { CoordPpcs } from './ppcs.component.ts';
import { COORD, PHARM, SOCIAL, action, click, ppcsIn, q, serveStore, text } from './ppcs.testing.ts';
import type { MockFhirStore } from '@coord/dev-server/mocks';

const inGroup = (el: CoordPpcs, key: string): string | null | undefined => action(el, key)?.closest('[part="group"]')?.getAttribute('data-group');

/** Someone else changes a Task on the server (a new version), as another actor would. */
function changeElsewhere(store: MockFhirStore, id: string, change: Partial<Task>): Task {
  const current = store.get(`Task/${id}`) as Task;
  return store.add({ ...current, ...change, lastModified: new Date().toISOString() });
}

describe('<coord-ppcs> conflicts', () => {
  it('shows both versions when someone else changed the action, and re-applies on request', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: PHARM });
    changeElsewhere(store, 'task-pilulier', { status: 'on-hold', statusReason: { text: 'Hospitalisation' } });
    let updates = 0;
    el.addEventListener('coord-action-updated', () => updates++);
    await click(el, action(el, 'Task/task-pilulier')!.querySelector<HTMLButtonElement>('button.move[data-to="done"]'));
    await waitUntil(() => q(el, '[part="conflict"]'), 'no conflict shown');
    await expect(el).shadowDom.to.be.accessible();
    const panel = q(el, '[part="conflict"]')!;
    expect(text(panel.querySelector('.mine'))).to.contain('Statut : Réalisée');
    expect(text(panel.querySelector('.theirs'))).to.contain('Statut : Suspendue');
    expect(updates).to.equal(0);
    // Nothing was overwritten.
    expect((store.get('Task/task-pilulier') as Task).status).to.equal('on-hold');
    // on-hold → done is not a valid move: re-applying is refused, with the reason.
    expect(panel.querySelector<HTMLButtonElement>('button.reapply')!.disabled).to.equal(true);
    expect(text(panel)).to.contain('n’est plus possible depuis « Suspendue »');
  });

  it('re-applies the user’s change over the new version', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: SOCIAL });
    changeElsewhere(store, 'task-apa', { status: 'in-progress' });
    await click(el, action(el, 'Task/task-apa')!.querySelector<HTMLButtonElement>('button.move[data-to="on-hold"]'));
    action(el, 'Task/task-apa')!.querySelector<HTMLFormElement>('form.move-form')!.requestSubmit();
    await waitUntil(() => q(el, '[part="conflict"]'), 'no conflict shown');
    expect(text(q(el, '[part="conflict"] .theirs'))).to.contain('En cours');
    setTimeout(() => q<HTMLButtonElement>(el, '[part="conflict"] button.reapply')!.click());
    const event = await oneEvent(el, 'coord-action-updated');
    expect(event.detail).to.deep.equal({ reference: 'Task/task-apa', status: 'on-hold', change: 'status' });
    const task = store.get('Task/task-apa') as Task;
    expect(task.status).to.equal('on-hold');
    expect(task.meta?.versionId).to.equal('3');
    await waitUntil(() => !q(el, '[part="conflict"]') && inGroup(el, 'Task/task-apa') === 'on-hold');
  });

  it('drops the user’s change and shows the server’s version', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: COORD });
    changeElsewhere(store, 'task-rdv-onco', { status: 'cancelled', statusReason: { text: 'Rendez-vous annulé par le service' } });
    await click(el, action(el, 'Task/task-rdv-onco')!.querySelector<HTMLButtonElement>('button.move[data-to="in-progress"]'));
    await waitUntil(() => q(el, '[part="conflict"]'), 'no conflict shown');
    await click(el, q(el, '[part="conflict"] button.drop'));
    await waitUntil(() => !q(el, '[part="conflict"]') && inGroup(el, 'Task/task-rdv-onco') === 'cancelled', 'the server’s version is not shown');
    expect((store.get('Task/task-rdv-onco') as Task).status).to.equal('cancelled');
    await waitUntil(() => text(q(el, '[role="status"][aria-live]')).includes('Modification abandonnée'));
  });

  it('merges a comment with a change made elsewhere (different fields: no conflict)', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: SOCIAL });
    changeElsewhere(store, 'task-apa', { businessStatus: { text: 'Dossier incomplet' } });
    const apa = action(el, 'Task/task-apa')!;
    await click(el, apa.querySelector<HTMLButtonElement>('.action-title'));
    const form = apa.querySelector<HTMLFormElement>('form.comment-form')!;
    form.querySelector('textarea')!.value = 'Relance envoyée.';
    setTimeout(() => form.requestSubmit());
    await oneEvent(el, 'coord-action-updated');
    const task = store.get('Task/task-apa') as Task;
    expect(task.businessStatus?.text).to.equal('Dossier incomplet');
    expect(task.note?.at(-1)?.text).to.equal('Relance envoyée.');
    expect(q(el, '[part="conflict"]')).to.equal(null);
  });
});

describe('<coord-ppcs> live', () => {
  it('shows changes made elsewhere and announces them', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: SOCIAL, poll: 30 });
    await waitUntil(() => inGroup(el, 'Task/task-pilulier') === 'in-progress');
    await el.checkForChanges(); // the watch has its baseline
    changeElsewhere(store, 'task-pilulier', { status: 'completed' });
    await el.checkForChanges();
    await waitUntil(() => inGroup(el, 'Task/task-pilulier') === 'done', 'the change made elsewhere did not arrive');
    await waitUntil(() => text(q(el, '[role="status"][aria-live]')).includes('mis à jour par un autre intervenant'));
  });
});
