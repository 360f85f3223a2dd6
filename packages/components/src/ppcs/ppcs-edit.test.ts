import { expect, oneEvent } from '@open-wc/testing';
import type { CarePlan, Task } from '@medplum/fhirtypes';
import { clock } from '@coord/api-client';
import { waitUntil } from '../testing/wait.ts';
import type { CoordPpcs } from './ppcs.component.ts';
import { COORD, IDEL, PHARM, RADIO, SOCIAL, action, click, moves, ppcsIn, q, serveStore, text } from './ppcs.testing.ts';

const inGroup = (el: CoordPpcs, key: string): string | null | undefined => action(el, key)?.closest('[part="group"]')?.getAttribute('data-group');

async function move(el: CoordPpcs, key: string, to: string): Promise<void> {
  await click(el, action(el, key)!.querySelector<HTMLButtonElement>(`button.move[data-to="${to}"]`));
}

/** Types a value as a user would (an input event follows). */
function setValue(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function confirmMove(el: CoordPpcs, key: string, fill?: (form: HTMLFormElement) => void): Promise<void> {
  const form = action(el, key)!.querySelector<HTMLFormElement>('form.move-form')!;
  fill?.(form);
  form.requestSubmit();
  await el.updateComplete;
}

describe('<coord-ppcs> workflow', () => {
  it('offers only the valid moves from each state', async () => {
    await serveStore();
    const el = await ppcsIn({ user: COORD });
    await expect(el).shadowDom.to.be.accessible();
    expect(moves(el, 'Task/task-apa')).to.deep.equal(['scheduled', 'in-progress', 'on-hold', 'cancelled']);
    expect(moves(el, 'Task/task-rdv-onco')).to.deep.equal(['in-progress', 'on-hold', 'cancelled']);
    expect(moves(el, 'Task/task-pilulier')).to.deep.equal(['done', 'on-hold', 'cancelled']);
    expect(moves(el, 'Task/task-kine')).to.deep.equal(['in-progress', 'cancelled']);
    expect(text(action(el, 'Task/task-kine')!.querySelector('button.move[data-to="in-progress"]'))).to.equal('Reprendre');
    expect(moves(el, 'Task/task-matelas')).to.deep.equal([]);
    expect(moves(el, 'Task/task-teleassistance')).to.deep.equal([]);
  });

  it('moves a Task forward with If-Match, then fires coord-action-updated once the server confirmed', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: PHARM });
    setTimeout(() => void move(el, 'Task/task-pilulier', 'done'));
    const event = await oneEvent(el, 'coord-action-updated');
    expect(event.detail).to.deep.equal({ reference: 'Task/task-pilulier', status: 'done', change: 'status' });
    const task = store.get('Task/task-pilulier') as Task;
    expect(task.status).to.equal('completed');
    expect(task.meta?.versionId).to.equal('2');
    await waitUntil(() => inGroup(el, 'Task/task-pilulier') === 'done');
    expect(text(q(el, '[role="status"][aria-live]'))).to.contain('Action mise à jour : Réalisée.');
  });

  it('moves an inline activity: the plan is written, the event names the plan and the activity index', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: COORD });
    setTimeout(() => void move(el, 'CarePlan/cp-ppcs#activity-3', 'in-progress'));
    const event = await oneEvent(el, 'coord-action-updated');
    expect(event.detail).to.deep.equal({ reference: 'CarePlan/cp-ppcs', activityIndex: 3, status: 'in-progress', change: 'status' });
    expect((store.get('CarePlan/cp-ppcs') as CarePlan).activity?.[3]?.detail?.status).to.equal('in-progress');
    await waitUntil(() => inGroup(el, 'CarePlan/cp-ppcs#activity-3') === 'in-progress');
  });

  it('scheduling asks for a date ahead; cancelling asks for an optional reason', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: SOCIAL });
    await move(el, 'Task/task-apa', 'scheduled');
    await expect(el).shadowDom.to.be.accessible();
    const past = new Date(clock.now() - 86_400_000).toISOString().slice(0, 16);
    await confirmMove(el, 'Task/task-apa', (f) => setValue(f.querySelector<HTMLInputElement>('input[name="start"]')!, past));
    expect(store.count('PUT Task')).to.equal(0);
    const ahead = new Date(clock.now() + 3 * 86_400_000).toISOString().slice(0, 16);
    setTimeout(() => void confirmMove(el, 'Task/task-apa', (f) => setValue(f.querySelector<HTMLInputElement>('input[name="start"]')!, ahead)));
    const event = await oneEvent(el, 'coord-action-updated');
    expect(event.detail.status).to.equal('scheduled');
    const task = store.get('Task/task-apa') as Task;
    expect(task.status).to.equal('accepted');
    expect(Date.parse(task.executionPeriod!.start!)).to.be.greaterThan(clock.now());
    await waitUntil(() => inGroup(el, 'Task/task-apa') === 'scheduled');

    await move(el, 'Task/task-apa', 'cancelled');
    setTimeout(() => void confirmMove(el, 'Task/task-apa', (f) => (f.querySelector<HTMLInputElement>('input[name="reason"]')!.value = 'Dossier déposé par la famille')));
    await oneEvent(el, 'coord-action-updated');
    expect((store.get('Task/task-apa') as Task).statusReason?.text).to.equal('Dossier déposé par la famille');
  });
});

describe('<coord-ppcs> permissions', () => {
  it('an actor edits their own actions and reads the others', async () => {
    await serveStore();
    const el = await ppcsIn({ user: SOCIAL });
    expect(moves(el, 'Task/task-apa')).to.not.be.empty;
    expect(moves(el, 'Task/task-pilulier')).to.be.empty;
    await click(el, action(el, 'Task/task-pilulier')!.querySelector<HTMLButtonElement>('.action-title'));
    expect(text(action(el, 'Task/task-pilulier')!.querySelector('.read-only'))).to.contain('Lecture seule');
    expect(action(el, 'Task/task-pilulier')!.querySelector('form.comment-form')).to.equal(null);
    expect(q(el, 'button.add')).to.exist; // a member of the care circle adds actions
  });

  it('the lead coordinator edits every action', async () => {
    await serveStore();
    const el = await ppcsIn({ user: COORD });
    for (const key of ['Task/task-apa', 'Task/task-pilulier', 'Task/task-rdv-onco', 'CarePlan/cp-ppcs#activity-0']) {
      expect(moves(el, key), key).to.not.be.empty;
    }
  });

  it('someone outside the care circle only reads', async () => {
    await serveStore();
    const el = await ppcsIn({ user: RADIO });
    await expect(el).shadowDom.to.be.accessible();
    expect(el.shadowRoot!.querySelectorAll('button.move')).to.have.length(0);
    expect(q(el, 'button.add')).to.equal(null);
  });
});

describe('<coord-ppcs> adding and commenting', () => {
  it('adds an action as a Task based on the plan, owned by the viewer by default', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: IDEL });
    await click(el, q(el, 'button.add'));
    await expect(el).shadowDom.to.be.accessible();
    const form = q<HTMLFormElement>(el, 'form.add-form')!;
    expect(form.querySelector<HTMLSelectElement>('select[name="owner"]')!.value).to.equal(IDEL);
    form.querySelector('textarea')!.value = 'Photo de la plaie chaque lundi';
    setTimeout(() => form.requestSubmit());
    const event = await oneEvent(el, 'coord-action-updated');
    expect(event.detail.change).to.equal('created');
    expect(event.detail.status).to.equal('todo');
    const task = store.get(event.detail.reference) as Task;
    expect(task.basedOn?.[0]?.reference).to.equal('CarePlan/cp-ppcs');
    expect(task.owner?.reference).to.equal(IDEL);
    expect(task.for?.reference).to.equal('Patient/pat-martin');
    await waitUntil(() => action(el, event.detail.reference));
  });

  it('lets the owner be anyone in the care circle, and refuses an empty description', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: COORD });
    await click(el, q(el, 'button.add'));
    const form = q<HTMLFormElement>(el, 'form.add-form')!;
    form.querySelector('textarea')!.removeAttribute('required');
    form.querySelector('textarea')!.value = '   ';
    form.requestSubmit();
    await el.updateComplete;
    expect(text(form.querySelector('[role="alert"]'))).to.equal('Décrivez l’action.');
    expect(store.count('POST Task')).to.equal(0);
    form.querySelector('textarea')!.value = 'Réévaluer le plan d’aide APA';
    form.querySelector<HTMLSelectElement>('select')!.value = SOCIAL;
    setTimeout(() => form.requestSubmit());
    const event = await oneEvent(el, 'coord-action-updated');
    expect((store.get(event.detail.reference) as Task).owner?.reference).to.equal(SOCIAL);
    expect((store.get(event.detail.reference) as Task).requester?.reference).to.equal(COORD);
  });

  it('adds a comment with its author and time', async () => {
    const store = await serveStore();
    const el = await ppcsIn({ user: SOCIAL });
    const apa = action(el, 'Task/task-apa')!;
    await click(el, apa.querySelector<HTMLButtonElement>('.action-title'));
    const form = apa.querySelector<HTMLFormElement>('form.comment-form')!;
    form.querySelector('textarea')!.value = 'Avis d’imposition reçu.';
    setTimeout(() => form.requestSubmit());
    const event = await oneEvent(el, 'coord-action-updated');
    expect(event.detail).to.deep.equal({ reference: 'Task/task-apa', status: 'todo', change: 'comment' });
    const notes = (store.get('Task/task-apa') as Task).note ?? [];
    expect(notes.at(-1)).to.include({ text: 'Avis d’imposition reçu.' });
    expect(notes.at(-1)?.authorReference?.reference).to.equal(SOCIAL);
    await waitUntil(() => text(action(el, 'Task/task-apa')!.querySelector('.comments')).includes('Avis d’imposition reçu.'));
  });
});
