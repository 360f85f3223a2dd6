/**
 * The timeline feed against the real dev FHIR server (seed + 300 generated items): global
 * order across sources, on-demand paging (request counts and sizes), partial results, live
 * refresh, and abort. The dev server's in-memory engine sorts slowly (about 25 s per sorted
 * Encounter page at 2 000 generated items), so the 10 000-item request-size check runs on a
 * small fake FHIR search instead.
 *   node --import tsx --test packages/api-client/test/timeline-feed.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoordClient, CoordError, type FetchLike } from '../src/index.ts';
import { TimelineFeed } from '../src/feeds/timeline-feed.ts';
import type { TimelineItem } from '../src/model/timeline.ts';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { extraResources } from '../../dev-server/src/seed/extra.ts';
import type { Resource } from '@medplum/fhirtypes';
import { fhir, scriptedFetch } from './fake-fetch.ts';

const PATIENT = 'Patient/pat-martin';
let server: DevServer;

before(async () => {
  server = await startDevServer({ port: 0, extra: 300 });
});
after(async () => {
  await server?.close();
});

/** A client on the dev server whose requests are recorded, and optionally broken by a rule. */
function recordingClient(fail?: (url: string) => number | undefined) {
  const requests: { method: string; url: URL }[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    requests.push({ method: init?.method ?? 'GET', url });
    const status = fail?.(input);
    if (status) {
      return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }), {
        status,
        headers: { 'Content-Type': 'application/fhir+json' },
      });
    }
    return globalThis.fetch(input, init);
  };
  const client = new CoordClient({ baseUrl: server.baseUrl, fetch, retries: 0, timeoutMs: 120_000 });
  client.setPatientScope(PATIENT);
  return { client, requests };
}

const searchesOf = (requests: { method: string; url: URL }[], type: string) =>
  requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith(`/${type}`));

function assertNewestFirst(items: TimelineItem[]): void {
  const times = items.filter((i) => !i.parent && i.time !== undefined).map((i) => i.time!);
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! <= times[i - 1]!, `item ${i} is newer than the one before it`);
}

describe('TimelineFeed paging', () => {
  test('the first screen costs one small page per source, not the record', async () => {
    const { client, requests } = recordingClient();
    const feed = new TimelineFeed({ client, patient: PATIENT, pageSize: 30 });
    const items = await feed.loadMore(30);
    assert.equal(items.filter((i) => !i.parent).length, 30);
    assertNewestFirst(items);
    const gets = requests.filter((r) => r.method === 'GET');
    // EpisodeOfCare, Task, CarePlan (whole, small) + one page of each paged source.
    assert.deepEqual(gets.map((r) => r.url.pathname.split('/').pop()).sort(), [
      'CarePlan', 'DiagnosticReport', 'DocumentReference', 'Encounter', 'EpisodeOfCare', 'ImagingStudy', 'Task',
    ]);
    for (const type of ['Encounter', 'DocumentReference', 'DiagnosticReport', 'ImagingStudy']) {
      const [req] = searchesOf(requests, type);
      assert.equal(req?.url.searchParams.get('_count'), '30', `${type} asks for one page`);
      assert.match(req?.url.searchParams.get('_sort') ?? '', /^-(date|started)$/);
      assert.equal(req?.url.searchParams.get('patient'), PATIENT);
    }
    assert.ok(feed.stats.resources < 200, `fetched ${feed.stats.resources} resources for 30 items (the server holds > 300)`);
    assert.ok(requests.filter((r) => r.method === 'POST').length <= 2, 'references resolved in one batch (two rounds at most)');
    assert.equal(searchesOf(requests, 'Communication').length, 0, 'messages only when asked');
    assert.ok(feed.pathways.length >= 5 && feed.pathways.every((p) => p.label && p.colorIndex >= 0));
  });

  test('later pages read only the sources that ran out, and keep one global order', async () => {
    const { client, requests } = recordingClient();
    const feed = new TimelineFeed({ client, patient: PATIENT, pageSize: 40 });
    const first = await feed.loadMore(20);
    const gets = () => requests.filter((r) => r.method === 'GET' && r.url.search !== '').length;
    const before = gets();
    const second = await feed.loadMore(5);
    assert.equal(gets(), before, 'buffered items served without a search (only their authors may be resolved)');
    const rest: TimelineItem[] = [];
    for (let i = 0; i < 6; i++) rest.push(...(await feed.loadMore(50)));
    const all = [...first, ...second, ...rest];
    assertNewestFirst(all);
    const ids = all.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, 'no item twice');
    const encounterPages = searchesOf(requests, 'Encounter').length;
    const encounters = all.filter((i) => i.kind === 'encounter').length;
    assert.ok(encounterPages <= Math.ceil(encounters / 40) + 1, `${encounterPages} Encounter pages for ${encounters} encounters`);
  });

  test('everything comes out once, in order, with undated items last', async () => {
    const { client } = recordingClient();
    const feed = new TimelineFeed({ client, patient: PATIENT, pageSize: 500, kinds: ['encounter', 'pathway-start', 'pathway-end', 'ppcs-action'] });
    const all: TimelineItem[] = [];
    while (!feed.done) all.push(...(await feed.loadMore(400)));
    assertNewestFirst(all);
    const encounters = all.filter((i) => i.kind === 'encounter');
    const expected = (await client.search('Encounter', { patient: PATIENT, _count: 1 })).total;
    assert.equal(encounters.length, expected);
    assert.ok(all.some((i) => i.kind === 'movement' && i.title === 'UF Néphrologie'));
    assert.ok(all.some((i) => i.id === 'EpisodeOfCare/eoc-plaies-jambe#end'));
    assert.deepEqual(await feed.loadMore(10), [], 'nothing after the end');
  });

  test('since and kinds go to the server; other sources are not asked', async () => {
    const { client, requests } = recordingClient();
    const since = '2026-01-01';
    const feed = new TimelineFeed({ client, patient: PATIENT, kinds: ['document'], since, pageSize: 20 });
    const items = await feed.loadMore(20);
    assert.ok(items.length > 0 && items.every((i) => i.kind === 'document'));
    assert.ok(items.every((i) => i.time! >= Date.parse(since)));
    const types = new Set(requests.filter((r) => r.method === 'GET').map((r) => r.url.pathname.split('/').pop()));
    assert.deepEqual([...types].sort(), ['DocumentReference', 'EpisodeOfCare']);
    assert.equal(searchesOf(requests, 'DocumentReference')[0]?.url.searchParams.get('date'), `ge${since}`);
  });

  test('messages come when asked for', async () => {
    const { client } = recordingClient();
    const feed = new TimelineFeed({ client, patient: PATIENT, kinds: ['message'], pageSize: 10 });
    const items = await feed.loadMore(10);
    assert.equal(items.length, 10);
    assert.ok(items.every((i) => i.kind === 'message' && i.reference.startsWith('Communication/')));
  });
});

/** Just enough FHIR search over a list: patient filter, `_sort=-<date>`, `_count`/`_offset` paging. */
function fakeSearch(resources: Resource[]) {
  const dateOf: Record<string, (r: Record<string, any>) => string | undefined> = {
    Encounter: (r) => r.period?.start,
    DocumentReference: (r) => r.date,
    Communication: (r) => r.sent,
  };
  const served = { requests: 0, entries: 0 };
  const fetch: FetchLike = async (input) => {
    served.requests++;
    const url = new URL(input);
    const type = url.pathname.split('/').pop()!;
    let matches = resources.filter((r) => r.resourceType === type);
    if (url.searchParams.get('_sort')?.startsWith('-')) {
      const get = dateOf[type] ?? (() => undefined);
      matches = [...matches].sort((a, b) => (get(b) ?? '').localeCompare(get(a) ?? ''));
    }
    const count = Number(url.searchParams.get('_count') ?? 50);
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    const page = matches.slice(offset, offset + count);
    served.entries += page.length;
    const next = new URL(url);
    next.searchParams.set('_offset', String(offset + count));
    return fhir({
      resourceType: 'Bundle', type: 'searchset', total: matches.length,
      link: offset + count < matches.length ? [{ relation: 'next', url: next.toString() }] : [],
      entry: page.map((resource) => ({ resource })),
    });
  };
  return { fetch, served };
}

describe('TimelineFeed on 10 000 items', () => {
  test('showing 30 items reads one page of 30 per source, never the 10 000', async () => {
    const huge = extraResources(10_000, new Date('2026-03-15T10:00:00Z'));
    const { fetch, served } = fakeSearch(huge);
    const client = new CoordClient({ baseUrl: 'https://hub.example/fhir/R4', fetch, retries: 0 });
    const feed = new TimelineFeed({ client, patient: PATIENT, pageSize: 30, kinds: ['encounter', 'document', 'message'] });
    const items = await feed.loadMore(30);
    assert.equal(items.length, 30);
    assertNewestFirst(items);
    // EpisodeOfCare + Encounter, DocumentReference, Communication; references: batch refused → none here.
    assert.ok(served.requests <= 6, `${served.requests} requests`);
    assert.ok(served.entries <= 90, `${served.entries} resources served for 30 items`);
    const newest = huge.filter((r) => ['Encounter', 'DocumentReference', 'Communication'].includes(r.resourceType))
      .map((r) => (r as any).period?.start ?? (r as any).date ?? (r as any).sent)
      .sort().reverse()[0];
    assert.equal(items[0]?.date, newest, 'starts with the newest of all sources');
  });
});

describe('TimelineFeed failures, live updates and abort', () => {
  test('a failing source gives a partial result that names it', async () => {
    const { client } = recordingClient((url) => (url.includes('/DocumentReference?') ? 500 : undefined));
    const feed = new TimelineFeed({ client, patient: PATIENT, pageSize: 20 });
    const items = await feed.loadMore(20);
    assert.equal(items.length > 0, true);
    assert.ok(!items.some((i) => i.kind === 'document'));
    assert.deepEqual(feed.failures.map((f) => [f.source, f.error.kind]), [['documents', 'server']]);
  });

  test('when every source is forbidden, loading fails as forbidden', async () => {
    const { client } = recordingClient((url) => (url.includes('?') ? 403 : undefined));
    const feed = new TimelineFeed({ client, patient: PATIENT });
    await assert.rejects(feed.loadMore(10), (err: unknown) => err instanceof CoordError && err.kind === 'forbidden');
  });

  test('refresh returns new items once, and changed ones as updates', async () => {
    const { client } = recordingClient();
    const feed = new TimelineFeed({ client, patient: PATIENT, kinds: ['encounter'], pageSize: 20 });
    const shown = await feed.loadMore(20);
    assert.deepEqual(await feed.refresh(), { added: [], updated: [] });
    const created = await client.request<{ id: string }>('Encounter', {
      method: 'POST',
      body: { resourceType: 'Encounter', status: 'finished', class: { code: 'HH' }, type: [{ text: 'Visite imprévue' }], subject: { reference: PATIENT }, period: { start: new Date().toISOString() } },
    });
    const first = await feed.refresh();
    assert.deepEqual(first.added.map((i) => i.title), ['Visite imprévue']);
    assert.equal(first.added[0]?.reference, `Encounter/${created.body.id}`);
    assert.deepEqual((await feed.refresh()).added, [], 'not twice');
    const known = shown.find((i) => i.kind === 'encounter')!;
    const id = known.reference.split('/')[1]!;
    const current = await client.read<import('@medplum/fhirtypes').Encounter>('Encounter', id);
    await client.request(`Encounter/${id}`, { method: 'PUT', body: { ...current, type: [{ text: 'Intitulé corrigé' }] } });
    const second = await feed.refresh();
    assert.deepEqual(second.added, []);
    assert.deepEqual(second.updated.filter((i) => !i.parent).map((i) => [i.id, i.title]), [[known.id, 'Intitulé corrigé']]);
    assert.equal(second.updated.length >= 1, true);
    const more = await feed.loadMore(1000);
    assert.ok(!more.some((i) => i.id === first.added[0]!.id), 'paging does not bring a refreshed item again');
  });

  test('fed by the scope live hub: a new encounter comes through applyChanges, one poll per type', async () => {
    const scope = new CoordClient({ baseUrl: server.baseUrl, retries: 0, timeoutMs: 120_000, live: { visibility: null } }).scope({ patient: PATIENT });
    const feed = new TimelineFeed({ client: scope, patient: PATIENT, kinds: ['encounter'], pageSize: 20 });
    await feed.loadMore(20);
    const added: TimelineItem[] = [];
    const stop = scope.live.subscribe(feed.liveTypes, (u) => void feed.applyChanges(u.changes).then((r) => added.push(...r.added)), { intervalMs: 100 });
    assert.deepEqual(scope.live.stats.map((s) => s.type).sort(), ['Encounter', 'EpisodeOfCare']);
    while (!scope.live.stats.every((s) => s.polls >= 1)) await new Promise((r) => setTimeout(r, 20));
    await scope.request('Encounter', {
      method: 'POST',
      body: { resourceType: 'Encounter', status: 'finished', class: { code: 'HH' }, type: [{ text: 'Visite du hub' }], subject: { reference: PATIENT }, period: { start: new Date().toISOString() } },
    });
    const end = Date.now() + 10_000;
    while (!added.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    stop();
    assert.deepEqual(added.map((i) => i.title), ['Visite du hub']);
  });

  test('an aborted load loses nothing: the next call returns the same items', async () => {
    const { client } = recordingClient();
    const feed = new TimelineFeed({ client, patient: PATIENT, pageSize: 10 });
    const controller = new AbortController();
    const pending = feed.loadMore(10, controller.signal);
    controller.abort();
    await assert.rejects(pending, (err: unknown) => err instanceof CoordError && err.kind === 'aborted');
    const again = await feed.loadMore(10);
    const fresh = await new TimelineFeed({ client: recordingClient().client, patient: PATIENT, pageSize: 10 }).loadMore(10);
    assert.deepEqual(again.map((i) => i.id), fresh.map((i) => i.id));
  });

  test('resources of the wrong type in a search are skipped into issues', async () => {
    const bundle = (type: string, resources: unknown[]) => fhir({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });
    const fetch = scriptedFetch([
      (req) => {
        const type = new URL(req.url).pathname.split('/').pop();
        if (type === 'DocumentReference') {
          return bundle(type, [
            { resourceType: 'Observation', id: 'o1', status: 'final', code: {} },
            { resourceType: 'DocumentReference', id: 'd1', status: 'current', date: '2026-01-01', content: [{ attachment: { title: 'Vrai document' } }] },
          ]);
        }
        return bundle(type ?? '', []);
      },
    ]);
    const client = new CoordClient({ baseUrl: 'https://hub.example/fhir/R4', fetch, retries: 0 });
    const feed = new TimelineFeed({ client, patient: PATIENT, kinds: ['document'] });
    const items = await feed.loadMore(10);
    assert.deepEqual(items.map((i) => i.title), ['Vrai document']);
    assert.deepEqual(feed.issues, [{ resource: 'Observation/o1', problem: 'unexpected Observation in a DocumentReference search' }]);
    assert.equal(feed.done, true);
  });
});
