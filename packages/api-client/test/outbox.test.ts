import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, Communication, Task } from '@medplum/fhirtypes';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { CoordClient, type FetchLike } from '../src/client.ts';
import { clientIdentifierOf } from '../src/ids.ts';
import { Outbox, OutboxSentEvent, type OutboxEntry } from '../src/outbox.ts';
import { IdbOutboxStore, MemoryOutboxStore } from '../src/outbox-store.ts';
import { actionCommentOp, actionStatusOp, messageOp, noteOp } from '../src/writes/index.ts';

const PATIENT = 'Patient/pat-dubois';
const ME = 'PractitionerRole/role-idel';
let server: DevServer;

before(async () => {
  server = await startDevServer({ port: 0 });
});
after(() => server.close());

/** A network that can be switched off (fetch rejects like a browser offline) or answer 5xx. */
function network() {
  const state = { mode: 'up' as 'up' | 'down' | '503', requests: 0 };
  const fetchFn: FetchLike = async (url, init) => {
    state.requests++;
    if (state.mode === 'down') throw new TypeError('Failed to fetch');
    if (state.mode === '503') return new Response('{"resourceType":"OperationOutcome","issue":[]}', { status: 503, headers: { 'Content-Type': 'application/fhir+json' } });
    return fetch(url, init);
  };
  return { state, fetch: fetchFn };
}

async function open(fetchFn: FetchLike, extra: Partial<Parameters<typeof Outbox.open>[0]> = {}) {
  const client = new CoordClient({ baseUrl: server.baseUrl, fetch: fetchFn, retries: 0, backoffMs: 1 });
  const events = new EventTarget();
  const outbox = await Outbox.open({ client, patient: PATIENT, viewer: ME, events, backoffMs: 60_000, store: new MemoryOutboxStore(), ...extra });
  return { client, outbox, events };
}

async function serverMessages(text: string): Promise<Communication[]> {
  const res = await fetch(`${server.baseUrl}/Communication?subject=${PATIENT}&_count=1000&_sort=_lastUpdated`);
  const bundle = (await res.json()) as Bundle<Communication>;
  return (bundle.entry ?? []).map((e) => e.resource!).filter((c) => c.payload?.[0]?.contentString?.startsWith(text));
}

const settled = (outbox: Outbox) =>
  new Promise<void>((resolve) => {
    const check = async () => {
      const list = await outbox.list();
      if (list.every((e) => e.status === 'failed' || e.status === 'conflict')) {
        outbox.removeEventListener('change', check);
        resolve();
      }
    };
    outbox.addEventListener('change', check);
    void check();
  });

describe('outbox', () => {
  test('offline messages wait in IndexedDB, survive a reload and go out in order, once, when online', async () => {
    const net = network();
    net.state.mode = 'down';
    const dbName = `outbox-${Date.now()}`;
    const first = await open(net.fetch, { store: await IdbOutboxStore.open(dbName) });
    for (const n of [1, 2, 3]) await first.outbox.enqueue(await messageOp({ patient: PATIENT, sender: ME, text: `hors-ligne ${n}` }));
    await first.outbox.flush();
    const waiting = await first.outbox.list();
    assert.deepEqual(waiting.map((e) => e.status), ['pending', 'pending', 'pending']);
    assert.equal(waiting[0]?.attempts, 1, 'the queue stops at the first failure, keeping order');
    assert.equal(waiting[0]?.lastError?.kind, 'network');
    assert.equal(waiting[1]?.attempts, 0);
    // The page is closed and opened again.
    first.outbox.close();
    net.state.mode = 'up';
    const again = await open(net.fetch, { store: await IdbOutboxStore.open(dbName), autoFlush: false });
    assert.equal((await again.outbox.list()).length, 3);
    const sent: string[] = [];
    again.outbox.addEventListener('sent', (e) => sent.push((e as OutboxSentEvent).detail.resource.id!));
    await again.outbox.retry(waiting[0]!.id);
    assert.equal(sent.length, 3);
    assert.deepEqual(await again.outbox.list(), []);
    const onServer = await serverMessages('hors-ligne');
    assert.deepEqual(onServer.map((c) => c.payload?.[0]?.contentString), ['hors-ligne 1', 'hors-ligne 2', 'hors-ligne 3']);
    assert.deepEqual(onServer.map((c) => c.id), sent);
    again.outbox.close();
  });

  test('an `online` event flushes; a 5xx keeps the entry pending with its error kind', async () => {
    const net = network();
    net.state.mode = '503';
    const { outbox, events } = await open(net.fetch);
    await outbox.enqueue(await messageOp({ patient: PATIENT, sender: ME, text: 'après 503' }));
    await outbox.flush();
    const [entry] = await outbox.list();
    assert.equal(entry?.status, 'pending');
    assert.deepEqual({ kind: entry?.lastError?.kind, status: entry?.lastError?.status }, { kind: 'server', status: 503 });
    net.state.mode = 'up';
    const sent = new Promise((r) => outbox.addEventListener('sent', r, { once: true }));
    events.dispatchEvent(new Event('online'));
    await sent;
    assert.equal((await serverMessages('après 503')).length, 1);
    outbox.close();
  });

  test('an entry left "sending" by a closed page is replayed without a twin', async () => {
    const store = new MemoryOutboxStore();
    const net = network();
    const { client } = await open(net.fetch);
    const op = await messageOp({ patient: PATIENT, sender: ME, text: 'coupé en plein envoi' });
    // The first page sent it (the server has it) but closed before hearing back.
    await client.request('Communication', { method: 'POST', body: op.resource });
    const scope = `${server.baseUrl}|${PATIENT}|${ME}`;
    const orphan: OutboxEntry = { id: 'e1', scope, seq: 1, createdAt: '', target: 'Communication', op, status: 'sending', attempts: 1 };
    await store.put(orphan);
    const { outbox } = await open(net.fetch, { store });
    await settled(outbox);
    assert.equal((await serverMessages('coupé en plein envoi')).length, 1);
    outbox.close();
  });

  test('a queued update that meets another user\'s change becomes a conflict, never an overwrite', async () => {
    const net = network();
    const { client, outbox } = await open(net.fetch, { autoFlush: false });
    const task = await client.read<Task>('Task', 'task-apa');
    await outbox.enqueue(actionStatusOp(task, 'completed'));
    // Meanwhile someone else cancels it.
    const other = await fetch(`${server.baseUrl}/Task/task-apa`, {
      method: 'PUT', headers: { 'Content-Type': 'application/fhir+json', 'If-Match': `W/"${task.meta?.versionId}"` },
      body: JSON.stringify({ ...task, status: 'cancelled' }),
    });
    assert.equal(other.status, 200);
    await outbox.flush();
    const [entry] = await outbox.list();
    assert.equal(entry?.status, 'conflict');
    assert.equal((entry?.conflict?.current as Task).status, 'cancelled');
    assert.equal((entry?.op.resource as Task).status, 'completed', 'the user\'s change is kept');
    assert.equal((await client.read<Task>('Task', 'task-apa')).status, 'cancelled');
    // The user decides: both views merged by hand, sent on the current version.
    await outbox.resolveConflict(entry!.id, { ...(entry!.conflict!.current as Task), status: 'completed' });
    assert.deepEqual(await outbox.list(), []);
    const final = await (await fetch(`${server.baseUrl}/Task/task-apa`)).json();
    assert.equal(final.status, 'completed');
    outbox.close();
  });

  test('queued edits of one action chain: every comment and the last status arrive', async () => {
    const net = network();
    net.state.mode = 'down';
    const { client, outbox } = await open(net.fetch, { autoFlush: false });
    net.state.mode = 'up';
    let known = await client.read<Task>('Task', 'task-rdv-onco');
    net.state.mode = 'down';
    // Each edit is made from the version the user last saw (their optimistic view).
    for (const [i, status] of (['in-progress', 'on-hold', 'in-progress'] as const).entries()) {
      const op = actionCommentOp(actionStatusOp(known, status).resource, `étape ${i}`, ME);
      await outbox.enqueue({ ...op, base: known });
      known = op.resource;
    }
    net.state.mode = 'up';
    await outbox.flush();
    assert.deepEqual(await outbox.list(), []);
    const final = await client.request<Task>('Task/task-rdv-onco', { cache: false });
    assert.equal(final.body.status, 'in-progress');
    assert.deepEqual(final.body.note?.map((n) => n.text).filter((t) => t?.startsWith('étape')), ['étape 0', 'étape 1', 'étape 2']);
    outbox.close();
  });

  test('a refused write fails (retry or discard), the rest of the queue goes on', async () => {
    const net = network();
    // The server refuses this one message (e.g. the viewer may not write to this record).
    const refusing: FetchLike = async (url, init) =>
      typeof init?.body === 'string' && init.body.includes('"refusé"')
        ? new Response('{"resourceType":"OperationOutcome","issue":[]}', { status: 403, headers: { 'Content-Type': 'application/fhir+json' } })
        : net.fetch(url, init);
    const { outbox } = await open(refusing, { autoFlush: false });
    const badEntry = await outbox.enqueue(await messageOp({ patient: PATIENT, sender: ME, text: 'refusé' }));
    await outbox.enqueue(await messageOp({ patient: PATIENT, sender: ME, text: 'accepté après un refus' }));
    await outbox.flush();
    const list = await outbox.list();
    assert.deepEqual(list.map((e) => [e.id, e.status, e.lastError?.kind]), [[badEntry.id, 'failed', 'forbidden']]);
    assert.equal((await serverMessages('accepté après un refus')).length, 1);
    await outbox.retry(badEntry.id);
    assert.equal((await outbox.list())[0]?.attempts, 2);
    await outbox.discard(badEntry.id);
    assert.deepEqual(await outbox.list(), []);
    outbox.close();
  });

  test('attachments are uploaded once even when the message create fails after it', async () => {
    const net = network();
    let failCreate = true;
    const flaky: FetchLike = async (url, init) => {
      if (init?.method === 'POST' && url.endsWith('/Communication') && failCreate) {
        failCreate = false;
        throw new TypeError('Failed to fetch');
      }
      return net.fetch(url, init);
    };
    let binaries = 0;
    const counting: FetchLike = (url, init) => {
      if (init?.method === 'POST' && url.endsWith('/Binary')) binaries++;
      return flaky(url, init);
    };
    const { outbox } = await open(counting, { backoffMs: 1 });
    await outbox.enqueue(await messageOp({ patient: PATIENT, sender: ME, text: 'avec photo', attachments: [{ data: new Uint8Array([1, 2, 3]), contentType: 'image/png', title: 'plaie.png' }] }));
    await settled(outbox);
    assert.equal(binaries, 1);
    const [msg] = await serverMessages('avec photo');
    assert.match(msg?.payload?.[1]?.contentAttachment?.url ?? '', /^Binary\//);
    outbox.close();
  });

  test('each viewer and patient has their own queue', async () => {
    const net = network();
    const store = new MemoryOutboxStore();
    const a = await open(net.fetch, { store, autoFlush: false });
    const b = await open(net.fetch, { store, autoFlush: false, viewer: 'PractitionerRole/role-gp' });
    const entry = await a.outbox.enqueue(noteOp({ patient: PATIENT, author: ME, text: 'note à moi' }));
    assert.equal((await a.outbox.list()).length, 1);
    assert.deepEqual(await b.outbox.list(), []);
    await b.outbox.discard(entry.id);
    assert.equal((await a.outbox.list()).length, 1, 'another viewer cannot discard it');
    assert.ok(clientIdentifierOf(entry.op.resource), 'the identifier is fixed when queued');
    a.outbox.close();
    b.outbox.close();
  });
});
