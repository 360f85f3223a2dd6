/**
 * The one request pipeline: hooks, the bearer token kept on the FHIR base's origin, timeouts that
 * fit the request, a timed-out search tried again once (after a backoff), aborts that reach the
 * wire, and uploads with progress under the same rules (401 refresh, Retry-After, timeout).
 *   node --import tsx --test packages/api-client/test/pipeline.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CoordClient, CoordError, kindOf, uploadBinary, createIdempotent, type OutgoingRequest } from '../src/index.ts';
import { fhir, scriptedFetch, scriptedXhr } from './fake-fetch.ts';

const BASE = 'https://hub.example/fhir/R4';
const patient = { resourceType: 'Patient', id: 'p1' };
const bundle = (entry: unknown[] = [], link: unknown[] = []) => ({ resourceType: 'Bundle', type: 'searchset', entry, link });

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<CoordError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof CoordError, `expected a CoordError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

/** A fetch that never answers until aborted, recording each call's signal. */
function hangingFetch() {
  const calls: { url: string; at: number; signal?: AbortSignal }[] = [];
  const fetch = (url: string, init?: RequestInit) => {
    calls.push({ url, at: Date.now(), signal: init?.signal ?? undefined });
    return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
  };
  return { fetch, calls };
}

describe('hooks', () => {
  test('a hook adds a header to every request; afterResponse sees the answer; removing it stops it', async () => {
    const fetch = scriptedFetch([fhir(patient)]);
    const c = new CoordClient({ baseUrl: BASE, fetch, getToken: () => 'tok' });
    const seen: { status: number; kind: string; sameOrigin: boolean }[] = [];
    const remove = c.use({
      beforeRequest(req) {
        req.headers['X-Purpose-Of-Use'] = 'urn:oid:2.16.840.1.113883.5.8|ETREAT';
      },
      afterResponse(res) {
        seen.push({ status: res.status, kind: res.request.kind, sameOrigin: res.request.sameOrigin });
      },
    });
    await c.read('Patient', 'p1');
    assert.equal(fetch.calls[0]?.headers['X-Purpose-Of-Use'], 'urn:oid:2.16.840.1.113883.5.8|ETREAT');
    assert.equal(fetch.calls[0]?.headers['Authorization'], 'Bearer tok');
    assert.deepEqual(seen, [{ status: 200, kind: 'read', sameOrigin: true }]);
    remove();
    await c.request('Patient/p1', { cache: false });
    assert.equal(fetch.calls[1]?.headers['X-Purpose-Of-Use'], undefined);
  });

  test('a hook cannot set the token, nor send one elsewhere; a hook that throws fails the request', async () => {
    const fetch = scriptedFetch([fhir(patient)]);
    const c = new CoordClient({ baseUrl: BASE, fetch, hooks: [{ beforeRequest: (r) => void (r.headers['authorization'] = 'Bearer forged') }] });
    await c.read('Patient', 'p1');
    assert.equal(fetch.calls[0]?.headers['authorization'], undefined);
    assert.equal(fetch.calls[0]?.headers['Authorization'], undefined);
    c.use({ beforeRequest: () => { throw new Error('no purpose of use'); } });
    await assert.rejects(c.request('Patient/p2'), (err: unknown) => err instanceof CoordError && err.kind === 'invalid-request' && /no purpose of use/.test(err.message));
    assert.equal(fetch.calls.length, 1);
  });
});

describe('the bearer token stays on the FHIR base origin', () => {
  test('an absolute URL on another origin is fetched without the token (hooks are told)', async () => {
    const fetch = scriptedFetch([fhir(patient)]);
    const c = new CoordClient({ baseUrl: BASE, fetch, getToken: () => 'secret' });
    const told: OutgoingRequest[] = [];
    c.use({ beforeRequest: (r) => void told.push({ ...r }) });
    await c.request('https://cdn.other.example/Binary/1', { cache: false });
    await c.request(`${BASE}/Patient/p1`, { cache: false });
    assert.equal(fetch.calls[0]?.headers['Authorization'], undefined);
    assert.equal(fetch.calls[1]?.headers['Authorization'], 'Bearer secret');
    assert.deepEqual(told.map((r) => r.sameOrigin), [false, true]);
    assert.ok(c.isSameOrigin('Patient/1') && !c.isSameOrigin('https://hub.example.evil/fhir'));
  });

  test('with crossOrigin: refuse, nothing is sent there at all', async () => {
    const fetch = scriptedFetch([fhir(patient)]);
    const c = new CoordClient({ baseUrl: BASE, fetch, getToken: () => 'secret', crossOrigin: 'refuse' });
    await rejectsWith(c.request('https://evil.example/x'), 'invalid-request');
    assert.equal(fetch.calls.length, 0);
  });

  test('a 401 from another origin does not trigger a token refresh', async () => {
    const asked: boolean[] = [];
    const fetch = scriptedFetch([fhir({ resourceType: 'OperationOutcome', issue: [] }, 401)]);
    const c = new CoordClient({ baseUrl: BASE, fetch, getToken: ({ forceRefresh }) => (asked.push(forceRefresh), 'tok') });
    await rejectsWith(c.request('https://other.example/Patient/1'), 'auth');
    assert.deepEqual(asked, []);
    assert.equal(fetch.calls.length, 1);
  });

  test('a next link on another origin is refused: no request, no token', async () => {
    const fetch = scriptedFetch([fhir(bundle([], [{ relation: 'next', url: 'https://evil.example/fhir/Encounter?page=2' }]))]);
    const c = new CoordClient({ baseUrl: BASE, fetch, getToken: () => 'secret' });
    const first = await c.search('Encounter', { patient: 'Patient/p1' });
    await rejectsWith(c.nextPage(first), 'invalid-response');
    assert.deepEqual(fetch.calls.map((r) => new URL(r.url).host), ['hub.example']);
  });

  test('createIdempotent does not follow a Location on another origin; it finds the resource on our server', async () => {
    const created = { resourceType: 'Communication', id: 'c1', status: 'completed', identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:11111111-1111-4111-8111-111111111111' }] };
    const fetch = scriptedFetch([
      new Response(null, { status: 201, headers: { Location: 'https://evil.example/fhir/Communication/c1' } }),
      fhir(bundle([{ resource: created }])),
    ]);
    const c = new CoordClient({ baseUrl: BASE, fetch, getToken: () => 'secret' });
    const r = await createIdempotent(c, { ...created, id: undefined } as import('@medplum/fhirtypes').Communication);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.resource.id, 'c1');
    assert.ok(fetch.calls.every((call) => new URL(call.url).host === 'hub.example'), 'nothing sent to the other origin');
    assert.match(fetch.calls[1]!.url, /Communication\?identifier=/);
  });
});

describe('timeouts fit the request', () => {
  test('defaults: a read 20 s, a search 60 s, a write 30 s, an upload 120 s; per-kind options win', () => {
    const c = new CoordClient({ baseUrl: BASE });
    assert.deepEqual(['read', 'search', 'write', 'upload'].map((k) => c.timeoutFor(k as never)), [20_000, 60_000, 30_000, 120_000]);
    const tuned = new CoordClient({ baseUrl: BASE, timeouts: { search: 90_000 } });
    assert.equal(tuned.timeoutFor('search'), 90_000);
    assert.equal(tuned.timeoutFor('read'), 20_000);
    assert.equal(new CoordClient({ baseUrl: BASE, timeoutMs: 5 }).timeoutFor('search'), 5);
  });

  test('the kind comes from the URL', () => {
    assert.equal(kindOf('GET', `${BASE}/Patient/p1`, BASE), 'read');
    assert.equal(kindOf('GET', `${BASE}/Patient/p1/_history/2`, BASE), 'read');
    assert.equal(kindOf('GET', `${BASE}/metadata`, BASE), 'read');
    assert.equal(kindOf('GET', `${BASE}/Encounter?patient=Patient/p1`, BASE), 'search');
    assert.equal(kindOf('GET', `${BASE}/DocumentReference/d1/_history`, BASE), 'search');
    assert.equal(kindOf('POST', `${BASE}/Communication`, BASE), 'write');
    assert.equal(kindOf('POST', `${BASE}/Binary`, BASE, true), 'upload');
  });

  test('a timed-out search is tried again once, after a backoff — not three times', async () => {
    const { fetch, calls } = hangingFetch();
    const c = new CoordClient({ baseUrl: BASE, fetch, retries: 2, backoffMs: 10, timeouts: { search: 30 } });
    await rejectsWith(c.search('Encounter', { patient: 'Patient/p1' }), 'timeout');
    assert.equal(calls.length, 2, 'one retry only');
    const gap = calls[1]!.at - calls[0]!.at;
    assert.ok(gap >= 30 + 40 - 5, `waited ${gap} ms between attempts (timeout + backoff)`);
  });

  test('a slow search within its timeout arrives (a read with the same delay would have timed out)', async () => {
    const slow = (ms: number) => (url: string, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        const timer = setTimeout(() => resolve(fhir(url.includes('?') ? bundle() : patient)), ms);
        init?.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(init.signal!.reason)));
      });
    const c = new CoordClient({ baseUrl: BASE, fetch: slow(60), retries: 0, timeouts: { read: 20, search: 120 } });
    const found = await c.search('Encounter', { patient: 'Patient/p1' });
    assert.equal(found.resourceType, 'Bundle');
    await rejectsWith(c.read('Patient', 'p1'), 'timeout');
  });

  test('a superseded query is really aborted: the fetch signal fires', async () => {
    const { fetch, calls } = hangingFetch();
    const c = new CoordClient({ baseUrl: BASE, fetch });
    const controller = new AbortController();
    const pending = c.search('Encounter', { patient: 'Patient/p1' }, controller.signal);
    await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    await rejectsWith(pending, 'aborted');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.signal?.aborted, true, 'the request on the wire was cancelled');
  });
});

describe('uploads go through the same pipeline', () => {
  const file = { data: new Uint8Array(2048), contentType: 'image/png' };

  test('a 401 during an upload: the token is refreshed and the upload sent again, with progress', async () => {
    const xhr = scriptedXhr([{ status: 401, body: { resourceType: 'OperationOutcome', issue: [] } }, { status: 201, body: { resourceType: 'Binary', id: 'b1', contentType: 'image/png' } }]);
    const asked: boolean[] = [];
    const c = new CoordClient({ baseUrl: BASE, createXhr: xhr, getToken: ({ forceRefresh }) => (asked.push(forceRefresh), forceRefresh ? 'fresh' : 'stale') });
    c.use({ beforeRequest: (r) => void (r.headers['X-Trace'] = `upload-${r.attempt}`) });
    const progress: number[] = [];
    const binary = await uploadBinary(c, file, { onProgress: (p) => progress.push(p.loaded) });
    assert.equal(binary.id, 'b1');
    assert.deepEqual(asked, [false, true]);
    assert.deepEqual(xhr.made.map((x) => x.headers['Authorization']), ['Bearer stale', 'Bearer fresh']);
    assert.equal(xhr.made[1]?.headers['X-Trace'], 'upload-0', 'hooks run on the upload too');
    assert.ok(progress.length >= 3 && progress[0] === 0 && progress.at(-1)! > 2048, `progress ${progress}`);
  });

  test('a second 401 fires auth-required', async () => {
    const xhr = scriptedXhr([{ status: 401, body: { resourceType: 'OperationOutcome', issue: [] } }]);
    const c = new CoordClient({ baseUrl: BASE, createXhr: xhr, getToken: () => 'nope' });
    let fired = 0;
    c.addEventListener('auth-required', () => fired++);
    await rejectsWith(uploadBinary(c, file), 'auth');
    assert.equal(xhr.made.length, 2);
    assert.equal(fired, 1);
  });

  test('429 with Retry-After is honoured for an upload; a hanging upload times out', async () => {
    const busy = scriptedXhr([{ status: 429, headers: { 'Retry-After': '0' }, body: { resourceType: 'OperationOutcome', issue: [] } }, { status: 201, body: { resourceType: 'Binary', id: 'b2' } }]);
    const c = new CoordClient({ baseUrl: BASE, createXhr: busy, backoffMs: 1 });
    assert.equal((await uploadBinary(c, file)).id, 'b2');
    assert.equal(busy.made.length, 2);

    const hang = scriptedXhr(['hang']);
    const slow = new CoordClient({ baseUrl: BASE, createXhr: hang, retries: 0, timeouts: { upload: 20 } });
    await rejectsWith(uploadBinary(slow, file), 'timeout');
  });

  test('an upload is not sent again after a network error (it may have landed)', async () => {
    const fetch = scriptedFetch([new TypeError('fetch failed')]);
    const c = new CoordClient({ baseUrl: BASE, fetch, createXhr: null, backoffMs: 1 });
    await rejectsWith(uploadBinary(c, file), 'network');
    assert.equal(fetch.calls.length, 1);
  });
});
