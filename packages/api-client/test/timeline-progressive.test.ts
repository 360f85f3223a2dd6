/**
 * Progressive timeline against a slow server, in virtual time (Node's mocked timers, the client's
 * real default timeouts): each source is announced as it arrives, the pathway lanes right after
 * the pathways answer while Encounter takes 25 s; a 30 s answer still arrives (searches get 60 s);
 * a search slower than its timeout is asked twice at most; a superseded feed aborts its requests;
 * the live hub's changes feed it without searches of its own.
 *   node --import tsx --test packages/api-client/test/timeline-progressive.test.ts
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { Resource } from '@medplum/fhirtypes';
import { CoordClient, TimelineFeed, TimelineFeedChangeEvent, type FetchLike, type TimelineItem } from '../src/index.ts';
import { fhir } from './fake-fetch.ts';

const BASE = 'https://hub.example/fhir/R4';
const PATIENT = 'Patient/pat-1';
const subject = { reference: PATIENT };
const T0 = Date.parse('2026-11-20T12:00:00Z');

const RECORD: Resource[] = [
  { resourceType: 'EpisodeOfCare', id: 'eoc-dac', status: 'active', patient: subject, type: [{ text: 'Coordination DAC' }], period: { start: '2026-01-10' } },
  { resourceType: 'EpisodeOfCare', id: 'eoc-plaies', status: 'active', patient: subject, type: [{ text: 'Plaies complexes' }], period: { start: '2026-03-02' } },
  ...Array.from({ length: 5 }, (_, i): Resource => ({
    resourceType: 'Encounter', id: `enc-${i}`, status: 'finished', class: { code: 'AMB' }, subject, type: [{ text: `Consultation ${i}` }],
    period: { start: `2026-10-0${i + 1}T09:00:00Z` }, episodeOfCare: [{ reference: 'EpisodeOfCare/eoc-dac' }],
  })),
  ...Array.from({ length: 3 }, (_, i): Resource => ({
    resourceType: 'DocumentReference', id: `doc-${i}`, status: 'current', subject, date: `2026-09-1${i}T10:00:00Z`,
    description: `Compte rendu ${i}`, content: [{ attachment: { title: `CR ${i}` } }],
  })),
];

/** Virtual milliseconds each type takes to answer. */
type Delays = Partial<Record<string, number>>;

/** A FHIR server in a fetch whose answers take virtual time per type; it honours aborts. */
function slowServer(delays: Delays) {
  const requests: { type: string; at: number; signal?: AbortSignal }[] = [];
  const answered: Record<string, number> = {};
  const fetch: FetchLike = (url, init) => {
    const u = new URL(url);
    const type = u.pathname.split('/').pop() || 'batch';
    requests.push({ type, at: Date.now(), signal: init?.signal ?? undefined });
    return new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(() => {
        answered[type] ??= Date.now();
        if (type === 'batch' || type === 'R4') return resolve(fhir({ resourceType: 'Bundle', type: 'batch-response', entry: [] }));
        const matches = RECORD.filter((r) => r.resourceType === type);
        resolve(fhir({ resourceType: 'Bundle', type: 'searchset', entry: matches.map((resource) => ({ resource })) }));
      }, delays[type] ?? 50);
      init?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(init.signal!.reason);
      });
    });
  };
  return { fetch, requests, answered };
}

/** Moves virtual time on in small steps, letting promises settle in between. */
async function advance(ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(step);
    for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
  }
}

function feedOn(server: ReturnType<typeof slowServer>, options: Partial<ConstructorParameters<typeof TimelineFeed>[0]> = {}) {
  const client = new CoordClient({ baseUrl: BASE, fetch: server.fetch, backoffMs: 300 }).scope({ patient: PATIENT });
  return new TimelineFeed({ client, patient: PATIENT, pageSize: 20, now: () => T0, ...options });
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: T0 }));
afterEach(() => mock.timers.reset());

describe('progressive loading', () => {
  test('pathway lanes come right after the pathways answer, while Encounter takes 25 s', async () => {
    const server = slowServer({ EpisodeOfCare: 300, Task: 200, CarePlan: 200, DocumentReference: 500, DiagnosticReport: 400, ImagingStudy: 400, Encounter: 25_000 });
    const feed = feedOn(server);
    const seen: { source: string; at: number; lanes: number; preview: TimelineItem[]; pending: string[] }[] = [];
    feed.addEventListener('change', (e) => {
      const { source, pending } = (e as TimelineFeedChangeEvent).detail;
      seen.push({ source, at: Date.now() - T0, lanes: feed.pathways.length, preview: feed.preview(), pending });
    });
    let loadedAt = -1;
    const loading = feed.loadMore(20).then((items) => ((loadedAt = Date.now() - T0), items));
    await advance(1_000);
    const pathways = seen.find((s) => s.source === 'pathways')!;
    const lanesAfter = pathways.at - (server.answered['EpisodeOfCare']! - T0);
    assert.equal(pathways.lanes, 2, 'both lanes are there with the event');
    assert.ok(lanesAfter < 1_000, `lanes ${lanesAfter} ms after the pathways answered`);
    assert.deepEqual([...feed.pending], ['encounters'], 'only Encounter is still loading');
    const documents = seen.find((s) => s.source === 'documents')!;
    assert.ok(documents.preview.some((i) => i.kind === 'document'), 'documents show as soon as they arrive');
    assert.ok(documents.preview.some((i) => i.kind === 'pathway-start'));
    assert.equal(loadedAt, -1, 'the definitive page waits for Encounter');

    await advance(25_000);
    const items = await loading;
    assert.ok(loadedAt >= 25_000 && loadedAt < 26_000, `loaded at ${loadedAt} ms`);
    assert.equal(items.filter((i) => i.kind === 'encounter').length, 5, 'the slow source arrived');
    assert.deepEqual(feed.failures, []);
    assert.equal(server.requests.filter((r) => r.type === 'Encounter').length, 1, 'asked once');
    assert.equal(feed.pending.size, 0);
    console.log(`# time to first pathway lane after the pathways answer: ${lanesAfter} ms (pathways at ${pathways.at} ms, Encounter at ${loadedAt} ms)`);
  });

  test('a server answering Encounter in 30 s: the others arrive first, and the slow one arrives too', async () => {
    const server = slowServer({ Encounter: 30_000 });
    const feed = feedOn(server);
    const order: string[] = [];
    feed.addEventListener('change', (e) => order.push((e as TimelineFeedChangeEvent).detail.source));
    const loading = feed.loadMore(20);
    await advance(31_000);
    const items = await loading;
    assert.equal(order.at(-1), 'encounters');
    assert.equal(order.length, feed.sourceIds.length);
    assert.equal(items.filter((i) => i.kind === 'encounter').length, 5);
    assert.deepEqual(feed.failures, [], 'no timeout: a search gets 60 s');
    assert.equal(server.requests.filter((r) => r.type === 'Encounter').length, 1);
  });

  test('a search slower than its timeout is asked twice at most (once more, after a backoff), then reported; the rest is shown', async () => {
    const server = slowServer({ Encounter: 10 * 60_000 });
    const feed = feedOn(server);
    const loading = feed.loadMore(20);
    await advance(125_000, 250);
    const items = await loading;
    const tries = server.requests.filter((r) => r.type === 'Encounter');
    assert.equal(tries.length, 2, `${tries.length} Encounter searches`);
    assert.ok(tries[1]!.at - tries[0]!.at >= 60_000 + 1_200, 'the second try waited for the timeout and a backoff');
    assert.deepEqual(feed.failures.map((f) => [f.source, f.error.kind]), [['encounters', 'timeout']]);
    assert.ok(items.some((i) => i.kind === 'document'), 'a partial timeline, not an error');
  });

  test('a superseded feed aborts its requests on the wire', async () => {
    const server = slowServer({ Encounter: 25_000 });
    const feed = feedOn(server);
    const loading = feed.loadMore(20);
    const outcome = loading.then(() => 'loaded', (err: { kind?: string }) => err.kind);
    await advance(1_000);
    feed.close();
    await advance(100);
    assert.equal(await outcome, 'aborted');
    const encounter = server.requests.find((r) => r.type === 'Encounter')!;
    assert.equal(encounter.signal?.aborted, true, 'the Encounter search was cancelled, not just ignored');
    assert.equal(server.requests.filter((r) => r.type === 'Encounter').length, 1);
  });
});

describe('fed by the live hub', () => {
  test('applyChanges sorts the hub changes into added and updated, with no search of its own', async () => {
    const server = slowServer({});
    const feed = feedOn(server, { kinds: ['encounter', 'document'] });
    const loading = feed.loadMore(50);
    await advance(500);
    const shown = await loading;
    assert.deepEqual(feed.liveTypes.sort(), ['DocumentReference', 'Encounter', 'EpisodeOfCare']);
    const searches = server.requests.filter((r) => r.type !== 'batch' && r.type !== 'R4').length;
    const fresh: Resource = {
      resourceType: 'Encounter', id: 'enc-new', status: 'in-progress', class: { code: 'HH' }, subject, type: [{ text: 'Visite imprévue' }],
      period: { start: '2026-11-20T11:00:00Z' }, meta: { versionId: '1', lastUpdated: '2026-11-20T11:00:01Z' },
    };
    const edited = { ...(RECORD.find((r) => r.id === 'doc-0') as object), description: 'Compte rendu corrigé', meta: { versionId: '2', lastUpdated: '2026-11-20T11:00:02Z' } } as Resource;
    const foreign = { resourceType: 'Observation', id: 'o1' } as Resource;
    const applying = feed.applyChanges([
      { type: 'Encounter', resources: [fresh] },
      { type: 'DocumentReference', resources: [edited, foreign] },
    ]);
    await advance(200);
    const { added, updated } = await applying;
    assert.deepEqual(added.map((i) => i.reference), ['Encounter/enc-new']);
    assert.deepEqual(updated.filter((i) => !i.parent).map((i) => i.reference), ['DocumentReference/doc-0']);
    assert.equal(server.requests.filter((r) => r.type !== 'batch' && r.type !== 'R4').length, searches, 'no search for the changes');
    assert.ok(shown.length > 0);
    const again = feed.applyChanges([{ type: 'Encounter', resources: [fresh] }]);
    await advance(100);
    assert.deepEqual((await again).added, [], 'the same version twice is not news');
  });
});
