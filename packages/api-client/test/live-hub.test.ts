/**
 * The live hub: one watcher per resource type per scope, whoever subscribes; fanned out; the
 * shortest interval wins; the last one leaving stops it; a disposed scope stops everything.
 * Ends with the idle request rate of a page (timeline + two chat-like subscribers), measured in
 * one virtual minute with Node's mocked timers:
 *   node --import tsx --test packages/api-client/test/live-hub.test.ts
 */
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { CoordClient, type FetchLike, type LiveUpdate } from '../src/index.ts';
import { fhir } from './fake-fetch.ts';

const BASE = 'https://hub.example/fhir/R4';
const PATIENT = 'Patient/pat-1';
const TIMELINE_TYPES = ['EpisodeOfCare', 'Task', 'CarePlan', 'Encounter', 'DocumentReference', 'DiagnosticReport', 'ImagingStudy'];
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await tick(2);
  }
}

/** A FHIR server in a fetch: `_lastUpdated=gt` and `_sort` on any type; records every GET. */
function fakeServer(now = () => Date.now()) {
  const resources: Resource[] = [];
  const gets: URL[] = [];
  let clock = Date.parse('2026-11-20T10:00:00Z');
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    if ((init?.method ?? 'GET') !== 'GET') return new Response(null, { status: 204 });
    if (u.pathname.endsWith('/metadata')) return fhir({ resourceType: 'OperationOutcome', issue: [] }, 404);
    gets.push(u);
    const type = u.pathname.split('/').pop();
    const gt = u.searchParams.get('_lastUpdated')?.replace(/^gt/, '');
    const desc = u.searchParams.get('_sort') === '-_lastUpdated';
    const list = resources
      .filter((r) => r.resourceType === type && (!gt || Date.parse(r.meta!.lastUpdated!) > Date.parse(gt)))
      .sort((a, b) => (desc ? -1 : 1) * (Date.parse(a.meta!.lastUpdated!) - Date.parse(b.meta!.lastUpdated!)));
    const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: list.map((resource) => ({ resource })) };
    return fhir(bundle);
  };
  const add = (type: string, id: string): void => {
    clock = Math.max(clock + 1000, now());
    resources.push({ resourceType: type, id, meta: { versionId: '1', lastUpdated: new Date(clock).toISOString() } } as Resource);
  };
  return { fetch, gets, add };
}

const scopeOn = (server: ReturnType<typeof fakeServer>) =>
  new CoordClient({ baseUrl: BASE, fetch: server.fetch, retries: 0, live: { visibility: null } }).scope({ patient: PATIENT });

describe('one live hub per scope', () => {
  test('two subscribers to Communication run one poll; both hear the change; the last one leaving stops it', async () => {
    const server = fakeServer();
    const scope = scopeOn(server);
    const a: LiveUpdate[] = [];
    const b: LiveUpdate[] = [];
    const subA = scope.live.subscribe(['Communication'], (u) => a.push(u), { intervalMs: 60 });
    const subB = scope.live.subscribe(['Communication'], (u) => b.push(u), { intervalMs: 60 });
    assert.deepEqual(scope.live.stats.map((s) => [s.type, s.subscribers]), [['Communication', 2]]);
    await until(() => scope.live.stats[0]!.polls >= 2, 'polling');
    server.add('Communication', 'm1');
    await until(() => a.length === 1 && b.length === 1, 'both subscribers told');
    assert.equal(a[0]?.changes[0]?.resources[0]?.id, 'm1');
    const polls = scope.live.stats[0]!.polls;
    const gets = server.gets.filter((u) => u.searchParams.has('_lastUpdated')).length;
    assert.ok(gets <= polls, `${gets} change queries for ${polls} polls: one per tick, not one per subscriber`);
    subA();
    assert.equal(scope.live.stats[0]?.subscribers, 1);
    subB();
    assert.deepEqual(scope.live.stats, []);
    const after = server.gets.length;
    await tick(150);
    assert.equal(server.gets.length, after, 'nothing polled once nobody listens');
  });

  test('a type polls at the shortest interval asked; it slows again when that subscriber leaves', async () => {
    const server = fakeServer();
    const scope = scopeOn(server);
    const slow = scope.live.subscribe(['Task'], () => undefined, { intervalMs: 5_000 });
    await until(() => scope.live.stats[0]!.polls >= 1, 'the first poll');
    const quick = scope.live.subscribe(['Task'], () => undefined, { intervalMs: 50, maxIntervalMs: 50 });
    await until(() => scope.live.stats[0]!.intervalMs === 50, 'the quick interval');
    const polls = scope.live.stats[0]!.polls;
    await until(() => scope.live.stats[0]!.polls >= polls + 2, 'quick polls');
    quick();
    assert.ok(scope.live.stats[0]!.intervalMs >= 50);
    slow();
  });

  test('every type is asked with the one patient parameter of search.ts', async () => {
    const server = fakeServer();
    const scope = scopeOn(server);
    const stop = scope.live.subscribe([...TIMELINE_TYPES, 'Communication'], () => undefined, { intervalMs: 50 });
    await until(() => scope.live.stats.every((s) => s.polls >= 1), 'every type polled');
    stop();
    for (const u of server.gets) assert.equal(u.searchParams.get('patient'), PATIENT, u.toString());
    assert.ok(!server.gets.some((u) => u.searchParams.has('subject')));
  });

  test('disposing the scope stops its watchers; another scope of the same client goes on', async () => {
    const server = fakeServer();
    const client = new CoordClient({ baseUrl: BASE, fetch: server.fetch, retries: 0, live: { visibility: null } });
    const gone = client.scope({ patient: PATIENT });
    const stays = client.scope({ patient: 'Patient/pat-2' });
    gone.live.subscribe(['Communication'], () => undefined, { intervalMs: 50 });
    stays.live.subscribe(['Communication'], () => undefined, { intervalMs: 50 });
    await until(() => gone.live.stats[0]!.polls >= 1 && stays.live.stats[0]!.polls >= 1, 'both polling');
    gone.dispose();
    const count = (p: string) => server.gets.filter((u) => u.searchParams.get('patient') === p).length;
    const before = count(PATIENT);
    const other = count('Patient/pat-2');
    await tick(200);
    assert.equal(count(PATIENT), before, 'the disposed scope polls no more');
    assert.ok(count('Patient/pat-2') > other, 'the other scope still does');
    assert.throws(() => gone.live.subscribe(['Task'], () => undefined));
    stays.dispose();
  });

  test('a scope without a patient refuses live subscriptions', () => {
    const client = new CoordClient({ baseUrl: BASE, fetch: async () => fhir({}) });
    assert.throws(() => client.scope({}).live.subscribe(['Communication'], () => undefined));
  });
});

describe('idle requests per minute (virtual time)', () => {
  test('timeline (7 types, 30 s) + chat and a second chat-like element (Communication, 5 s): one poll per type per tick', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.parse('2026-11-20T12:00:00Z') });
    try {
      const server = fakeServer();
      const scope = scopeOn(server);
      const subs = [
        scope.live.subscribe(TIMELINE_TYPES, () => undefined, { intervalMs: 30_000 }),
        scope.live.subscribe(['Communication'], () => undefined, { intervalMs: 5_000, maxIntervalMs: 10_000 }),
        scope.live.subscribe(['Communication'], () => undefined, { intervalMs: 5_000, maxIntervalMs: 10_000 }),
      ];
      const advance = async (ms: number): Promise<void> => {
        for (let t = 0; t < ms; t += 250) {
          mock.timers.tick(250);
          for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
        }
      };
      await advance(10 * 60_000); // settle: every interval has grown to its longest while nothing changes
      const before = server.gets.length;
      const minutes = 4;
      await advance(minutes * 60_000);
      const idle = server.gets.slice(before);
      const perMinute = (type?: string) => idle.filter((u) => !type || u.pathname.endsWith(`/${type}`)).length / minutes;
      // Communication at its subscribers' longest interval (10 s): 6 a minute, however many listen;
      // each timeline type at 2 min: 0.5 a minute. Before the hub: 14 (7 GETs / 30 s) + 6 per chat.
      assert.ok(perMinute('Communication') <= 6.5, `${perMinute('Communication')} Communication polls a minute for two subscribers`);
      for (const type of TIMELINE_TYPES) assert.ok(perMinute(type) <= 0.75, `${type}: ${perMinute(type)} a minute`);
      assert.ok(perMinute() <= 10, `${perMinute()} idle requests a minute`);
      console.log(`# idle requests per minute (timeline + 2 chat subscribers, one scope): ${perMinute()} — Communication ${perMinute('Communication')}, each timeline type ${perMinute('Encounter')}`);
      for (const s of subs) s();
    } finally {
      mock.timers.reset();
    }
  });
});
