import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, Communication, Resource } from '@medplum/fhirtypes';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { CoordClient, type FetchLike } from '../src/client.ts';
import { nextInterval, watch, type LiveSocket, type LiveUpdate } from '../src/live.ts';
import { RecordWriter } from '../src/writes/index.ts';
import { fhir } from './fake-fetch.ts';

const PATIENT = 'Patient/pat-martin';
const BASE = 'https://hub.example/fhir/R4';
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await tick(5);
  }
}

describe('watch against the dev server', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer({ port: 0 });
  });
  after(() => server.close());

  test('a message written by one client is seen by another within two polls, with a fresh cache', async () => {
    const reader = new CoordClient({ baseUrl: server.baseUrl });
    const writer = new RecordWriter(new CoordClient({ baseUrl: server.baseUrl }));
    const query = { subject: PATIENT, _count: 500 };
    const before = (await reader.search<Communication>('Communication', query)).total ?? 0;
    const updates: LiveUpdate[] = [];
    let freshTotal = -1;
    const stop = watch(reader, { patient: PATIENT, types: ['Communication', 'Task'], intervalMs: 100, visibility: null }, (u) => {
      updates.push(u);
      void reader.search<Communication>('Communication', query).then((b) => (freshTotal = b.total ?? 0));
    });
    await until(() => stop.stats.polls >= 1, 'the first poll');
    const sent = await writer.sendMessage({ patient: PATIENT, sender: 'PractitionerRole/role-gp', text: 'Vu ?' });
    assert.ok(sent.ok);
    const pollsAtWrite = stop.stats.polls;
    await until(() => updates.length > 0, 'the change');
    assert.ok(stop.stats.polls - pollsAtWrite <= 2, `seen after ${stop.stats.polls - pollsAtWrite} polls`);
    assert.deepEqual(updates[0]?.changes.map((c) => [c.type, c.resources.map((r) => r.id)]), [['Communication', [sent.resource.id]]]);
    await until(() => freshTotal >= 0, 'the re-read');
    assert.equal(freshTotal, before + 1, 'the cached search was dropped before the callback');
    stop();
  });
});

/** A tiny FHIR server in a fetch: Communication search with _lastUpdated/_sort, metadata, Subscription. */
function fakeServer(options: { capability?: object; refuseSubscriptions?: boolean } = {}) {
  const resources: Communication[] = [];
  const calls: string[] = [];
  let clock = Date.parse('2026-11-20T10:00:00Z');
  let subs = 0;
  const fetchFn: FetchLike = async (url, init) => {
    const u = new URL(url);
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${u.pathname.replace('/fhir/R4', '')}${u.search}`);
    if (u.pathname.endsWith('/metadata')) {
      return options.capability ? fhir(options.capability) : fhir({ resourceType: 'OperationOutcome', issue: [] }, 404);
    }
    if (u.pathname.endsWith('/Subscription')) {
      if (options.refuseSubscriptions) return fhir({ resourceType: 'OperationOutcome', issue: [] }, 403);
      return fhir({ ...JSON.parse(String(init?.body)), id: `sub-${++subs}` }, 201);
    }
    if (method === 'DELETE') return new Response(null, { status: 204 });
    const gt = u.searchParams.get('_lastUpdated')?.replace(/^gt/, '');
    const desc = u.searchParams.get('_sort') === '-_lastUpdated';
    const count = Number(u.searchParams.get('_count') ?? 50);
    const list = resources
      .filter((r) => !gt || Date.parse(r.meta!.lastUpdated!) > Date.parse(gt))
      .sort((a, b) => (desc ? -1 : 1) * (Date.parse(a.meta!.lastUpdated!) - Date.parse(b.meta!.lastUpdated!)));
    const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', total: list.length, entry: list.slice(0, count).map((resource) => ({ resource })) };
    return fhir(bundle);
  };
  const add = (id: string): Communication => {
    clock += 1000;
    const c: Communication = { resourceType: 'Communication', id, status: 'completed', subject: { reference: PATIENT }, meta: { versionId: '1', lastUpdated: new Date(clock).toISOString() } };
    resources.push(c);
    return c;
  };
  add('old');
  return { fetch: fetchFn, calls, add, client: new CoordClient({ baseUrl: BASE, fetch: fetchFn, retries: 0 }) };
}

describe('polling', () => {
  test('a failed poll is reported and the change arrives with the next one', async () => {
    const fake = fakeServer();
    let failNext = false;
    const flaky: FetchLike = async (url, init) => {
      if (failNext && url.includes('_lastUpdated=gt')) {
        failNext = false;
        return fhir({ resourceType: 'OperationOutcome', issue: [] }, 503);
      }
      return fake.fetch(url, init);
    };
    const errors: string[] = [];
    const updates: LiveUpdate[] = [];
    const client = new CoordClient({ baseUrl: BASE, fetch: flaky, retries: 0 });
    const stop = watch(client, { patient: PATIENT, types: ['Communication'], intervalMs: 50, visibility: null, onError: (e) => errors.push(e.kind) }, (u) => updates.push(u));
    await until(() => stop.stats.polls >= 1, 'the first poll');
    failNext = true;
    fake.add('after-outage');
    await until(() => updates.length === 1, 'the change');
    assert.deepEqual(errors, ['server']);
    assert.equal(updates[0]?.changes[0]?.resources[0]?.id, 'after-outage');
    stop();
  });

  test('the interval grows while nothing changes and returns to the base after a change', async () => {
    assert.equal(nextInterval(100, false, 100, 800), 150);
    assert.equal(nextInterval(700, false, 100, 800), 800);
    assert.equal(nextInterval(800, true, 100, 800), 100);
    const fake = fakeServer();
    const updates: LiveUpdate[] = [];
    const stop = watch(fake.client, { patient: PATIENT, types: ['Communication'], intervalMs: 50, maxIntervalMs: 150, visibility: null }, (u) => updates.push(u));
    await until(() => stop.stats.intervalMs === 150, 'the slowest interval');
    assert.deepEqual(updates, [], 'the baseline is not reported as a change');
    fake.add('new-1');
    await until(() => updates.length === 1, 'the change');
    await tick(1);
    assert.equal(stop.stats.intervalMs, 50);
    assert.ok(fake.calls.some((c) => c.includes('_lastUpdated=gt')), 'asks only for what changed');
    stop();
  });

  test('pauses while the tab is hidden, and catches up when it shows again', async () => {
    const fake = fakeServer();
    const page = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const show = (state: string) => {
      page.visibilityState = state;
      page.dispatchEvent(new Event('visibilitychange'));
    };
    const updates: LiveUpdate[] = [];
    const stop = watch(fake.client, { patient: PATIENT, types: ['Communication'], intervalMs: 50, visibility: page }, (u) => updates.push(u));
    await until(() => stop.stats.polls >= 2, 'polling');
    show('hidden');
    await tick(15);
    const pollsHidden = stop.stats.polls;
    fake.add('while-hidden');
    await tick(200); // four base intervals
    assert.equal(stop.stats.polls, pollsHidden, 'no request while hidden');
    show('visible');
    await until(() => updates.length === 1, 'the catch-up');
    assert.equal(updates[0]?.source, 'catch-up');
    assert.equal(updates[0]?.changes[0]?.resources[0]?.id, 'while-hidden');
    stop();
    const callsAfterStop = fake.calls.length;
    await tick(50);
    assert.equal(fake.calls.length, callsAfterStop, 'nothing after unsubscribe');
  });
});

/** A WebSocket speaking the R4 subscription protocol (`bind` → `bound`, then `ping`). */
class FakeSocket implements LiveSocket {
  sent: string[] = [];
  private readonly listeners = new Map<string, ((event: { data?: unknown }) => void)[]>();
  constructor(readonly url: string) {
    setTimeout(() => this.emit('open', {}), 1);
  }
  send(data: string): void {
    this.sent.push(data);
    const [verb, id] = data.split(' ');
    if (verb === 'bind') setTimeout(() => this.message(`bound ${id}`), 1);
  }
  message(data: string): void {
    this.emit('message', { data });
  }
  close(): void {
    this.emit('close', {});
  }
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  private emit(type: string, event: { data?: unknown }): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

const capability = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  date: '2026-11-01',
  rest: [
    {
      mode: 'server',
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket', valueUri: 'wss://hub.example/ws' }],
      resource: [{ type: 'Subscription', interaction: [{ code: 'create' }, { code: 'delete' }] }],
    },
  ],
};

describe('FHIR Subscriptions over WebSocket', () => {
  test('used when offered: a ping fetches the change; a lost socket falls back to polling and catches up on reconnect', async () => {
    const fake = fakeServer({ capability });
    const sockets: FakeSocket[] = [];
    const updates: LiveUpdate[] = [];
    const stop = watch(
      fake.client,
      { patient: PATIENT, types: ['Communication'], intervalMs: 50, visibility: null, webSocket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; } },
      (u) => updates.push(u),
    );
    await until(() => stop.stats.mode === 'websocket' && stop.stats.polls >= 1, 'the socket and the first catch-up');
    await tick(5);
    assert.equal(sockets[0]?.url, 'wss://hub.example/ws');
    assert.deepEqual(sockets[0]?.sent, ['bind sub-1']);
    assert.ok(fake.calls.includes('POST /Subscription'));

    fake.add('pinged');
    sockets[0]!.message('ping sub-1');
    await until(() => updates.length === 1, 'the notified change');
    assert.equal(updates[0]?.source, 'subscription');
    assert.equal(updates[0]?.changes[0]?.resources[0]?.id, 'pinged');

    sockets[0]!.close();
    assert.equal(stop.stats.mode, 'polling');
    fake.add('during-outage');
    await until(() => stop.stats.mode === 'websocket' && updates.length >= 2, 'reconnect and catch-up');
    assert.equal(sockets.length, 2);
    assert.deepEqual(updates.flatMap((u) => u.changes.flatMap((c) => c.resources.map((r: Resource) => r.id))), ['pinged', 'during-outage']);
    stop();
    await tick(1);
    assert.ok(fake.calls.includes('DELETE /Subscription/sub-1'), 'the server subscription is removed');
  });

  test('a server that refuses the Subscription is polled instead', async () => {
    const fake = fakeServer({ capability, refuseSubscriptions: true });
    const updates: LiveUpdate[] = [];
    const errors: string[] = [];
    const stop = watch(
      fake.client,
      { patient: PATIENT, types: ['Communication'], intervalMs: 50, visibility: null, webSocket: (url) => new FakeSocket(url), onError: (e) => errors.push(e.kind) },
      (u) => updates.push(u),
    );
    await until(() => stop.stats.mode === 'polling', 'polling mode');
    fake.add('polled');
    await until(() => updates.length === 1, 'the change by polling');
    assert.deepEqual(errors, ['forbidden']);
    stop();
  });
});
