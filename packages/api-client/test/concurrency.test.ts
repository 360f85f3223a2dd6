/**
 * Two professionals edit the same note and the same PPCS action at the same time, each from the
 * version they read. Whatever the order, both edits survive: merged when they touch different
 * things, surfaced as a conflict (with both versions) when they do — never silently lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentReference, Task } from '@medplum/fhirtypes';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { CoordClient } from '../src/client.ts';
import { MemoryOutboxStore } from '../src/outbox-store.ts';
import { Outbox } from '../src/outbox.ts';
import { actionCommentOp, RecordWriter } from '../src/writes/index.ts';

const PATIENT = 'Patient/pat-martin';
const NURSE = 'PractitionerRole/role-idel';
const GP = 'PractitionerRole/role-gp';
let server: DevServer;

before(async () => {
  server = await startDevServer({ port: 0 });
});
after(() => server.close());

function professional() {
  const client = new CoordClient({ baseUrl: server.baseUrl, backoffMs: 1 });
  return { client, writer: new RecordWriter(client, { backoffMs: 1 }) };
}

const noteText = (doc: DocumentReference): string => {
  const data = doc.content?.[0]?.attachment?.data ?? '';
  return new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
};

describe('two professionals, one record', () => {
  test('the same note: the second save is a conflict carrying both texts; the merge keeps both', async () => {
    const nurse = professional();
    const gp = professional();
    const readByNurse = await nurse.client.read<DocumentReference>('DocumentReference', 'note-suivi-domicile');
    const readByGp = await gp.client.read<DocumentReference>('DocumentReference', 'note-suivi-domicile');
    const original = noteText(readByNurse);

    const [a, b] = await Promise.all([
      nurse.writer.saveNote({ patient: PATIENT, author: NURSE, existing: readByNurse, text: `${original}\nIDEL : pansement refait.` }),
      gp.writer.saveNote({ patient: PATIENT, author: GP, existing: readByGp, text: `${original}\nMT : antibiotique arrêté.` }),
    ]);
    const winner = a.ok ? a : b;
    const loser = a.ok ? b : a;
    assert.ok(winner.ok, 'one save goes through');
    assert.ok(!loser.ok && 'conflict' in loser, 'the other is surfaced as a conflict, not overwritten');
    const { current, mine } = loser.conflict;
    assert.equal(noteText(current), noteText(winner.resource), 'the conflict shows what is on the server now');
    assert.notEqual(noteText(mine), noteText(current), 'and keeps what the user typed');
    assert.ok(loser.conflict.fields.includes('content'));

    // The user merges (here: keeps both additions) and saves on the current version.
    const merged = `${noteText(current)}\n${noteText(mine).slice(original.length + 1)}`;
    const retried = await (a.ok ? gp : nurse).writer.saveNote({
      patient: PATIENT, author: a.ok ? GP : NURSE, existing: current, text: merged,
    });
    assert.ok(retried.ok);
    const final = noteText(await professional().client.read<DocumentReference>('DocumentReference', 'note-suivi-domicile'));
    assert.ok(final.includes('IDEL : pansement refait.'));
    assert.ok(final.includes('MT : antibiotique arrêté.'));
  });

  test('the same action: a status change and a comment made concurrently are merged', async () => {
    const nurse = professional();
    const gp = professional();
    const readByNurse = await nurse.client.read<Task>('Task', 'task-matelas');
    const readByGp = await gp.client.read<Task>('Task', 'task-matelas');
    const [a, b] = await Promise.all([
      nurse.writer.setActionStatus(readByNurse, 'in-progress'),
      gp.writer.addActionComment(readByGp, 'Vérifier le gonflage', GP),
    ]);
    assert.ok(a.ok && b.ok, 'different fields: no conflict to show');
    const final = await professional().client.read<Task>('Task', 'task-matelas');
    assert.equal(final.status, 'in-progress');
    assert.equal(final.note?.filter((n) => n.text === 'Vérifier le gonflage').length, 1);
    assert.equal(final.note?.length, (readByNurse.note?.length ?? 0) + 1);
  });

  test('the same action: two comments at once both survive', async () => {
    const nurse = professional();
    const gp = professional();
    const task = await nurse.client.read<Task>('Task', 'task-teleassistance');
    const [a, b] = await Promise.all([
      nurse.writer.addActionComment(task, 'Commentaire IDEL', NURSE),
      gp.writer.addActionComment(structuredClone(task), 'Commentaire MT', GP),
    ]);
    assert.ok(a.ok && b.ok);
    const texts = (await professional().client.read<Task>('Task', 'task-teleassistance')).note?.map((n) => n.text);
    assert.ok(texts?.includes('Commentaire IDEL') && texts.includes('Commentaire MT'));
  });

  test('the same action: two different statuses — the second is a conflict, the first stays', async () => {
    const nurse = professional();
    const gp = professional();
    const task = await nurse.client.read<Task>('Task', 'task-bilan-geriatrique');
    const first = await nurse.writer.setActionStatus(task, 'completed');
    const second = await gp.writer.setActionStatus(task, 'cancelled');
    assert.ok(first.ok);
    assert.ok(!second.ok && 'conflict' in second);
    assert.equal(second.conflict.current.status, 'completed');
    assert.equal(second.conflict.mine.status, 'cancelled');
    assert.equal((await professional().client.read<Task>('Task', 'task-bilan-geriatrique')).status, 'completed');
  });

  test('an offline comment queued on an old version merges with the change made meanwhile', async () => {
    const nurse = professional();
    const gp = professional();
    const stale = await nurse.client.read<Task>('Task', 'task-apa');
    const outbox = await Outbox.open({
      client: nurse.client, patient: PATIENT, viewer: NURSE, store: new MemoryOutboxStore(), autoFlush: false, events: null,
    });
    await outbox.enqueue(actionCommentOp(stale, 'Dossier APA envoyé', NURSE));
    const changed = await gp.writer.setActionStatus(stale, 'in-progress');
    assert.ok(changed.ok);
    await outbox.flush();
    assert.deepEqual(await outbox.list(), []);
    const final = await professional().client.read<Task>('Task', 'task-apa');
    assert.equal(final.status, 'in-progress');
    assert.equal(final.note?.filter((n) => n.text === 'Dossier APA envoyé').length, 1);
    outbox.close();
  });
});
