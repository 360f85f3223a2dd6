import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CoordClient, CoordError } from '../src/index.ts';
import { fhir, scriptedFetch } from './fake-fetch.ts';

const BASE = 'https://hub.example/fhir/R4';
const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Martin', given: ['Jeanne'] }] };
const outcome = (text: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'x', details: { text } }] });

function client(answers: Parameters<typeof scriptedFetch>[0], extra: Partial<ConstructorParameters<typeof CoordClient>[0]> = {}) {
  const fetch = scriptedFetch(answers);
  return { fetch, client: new CoordClient({ baseUrl: BASE + '/', fetch, backoffMs: 1, ...extra }) };
}

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<CoordError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof CoordError, `expected a CoordError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('CoordClient requests', () => {
  test('reads with the FHIR Accept header and the bearer token', async () => {
    const { fetch, client: c } = client([fhir(patient)], { getToken: () => 'tok-1' });
    const p = await c.read('Patient', 'p1');
    assert.equal(p.id, 'p1');
    assert.equal(fetch.calls[0]?.url, `${BASE}/Patient/p1`);
    assert.equal(fetch.calls[0]?.headers['Accept'], 'application/fhir+json');
    assert.equal(fetch.calls[0]?.headers['Authorization'], 'Bearer tok-1');
  });

  test('maps each HTTP status to its error kind with the OperationOutcome text', async () => {
    const cases: [number, string][] = [
      [400, 'invalid-request'], [401, 'auth'], [403, 'forbidden'], [404, 'not-found'], [409, 'conflict'],
      [410, 'gone'], [412, 'precondition-failed'], [500, 'server'],
    ];
    for (const [status, kind] of cases) {
      const { client: c } = client([fhir(outcome(`status ${status}`), status)], { retries: 0 });
      const err = await rejectsWith(c.read('Patient', 'p1'), kind);
      assert.equal(err.status, status);
      assert.equal(err.outcomeText, `status ${status}`);
    }
  });

  test('an HTML page instead of FHIR JSON is an invalid-response, not a crash', async () => {
    const html = new Response('<html><body>Portail captif</body></html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const { client: c } = client([html]);
    await rejectsWith(c.read('Patient', 'p1'), 'invalid-response');
  });

  test('truncated JSON is an invalid-response', async () => {
    const cut = new Response('{"resourceType":"Patient","id":"p', { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
    const { client: c } = client([cut]);
    await rejectsWith(c.read('Patient', 'p1'), 'invalid-response');
  });

  test('a resource of the wrong type is rejected', async () => {
    const { client: c } = client([fhir({ resourceType: 'Practitioner', id: 'p1' })]);
    await rejectsWith(c.read('Patient', 'p1'), 'invalid-response');
  });

  test('network errors are retried for reads, then reported as network', async () => {
    const { fetch, client: c } = client([new TypeError('fetch failed')], { retries: 2 });
    await rejectsWith(c.read('Patient', 'p1'), 'network');
    assert.equal(fetch.calls.length, 3);
  });

  test('a 503 then a 200 succeeds after a retry', async () => {
    const { fetch, client: c } = client([fhir(outcome('busy'), 503), fhir(patient)]);
    assert.equal((await c.read('Patient', 'p1')).id, 'p1');
    assert.equal(fetch.calls.length, 2);
  });

  test('429 honours Retry-After', async () => {
    const { fetch, client: c } = client([fhir(outcome('slow down'), 429, { 'Retry-After': '0' }), fhir(patient)]);
    await c.read('Patient', 'p1');
    assert.equal(fetch.calls.length, 2);
  });

  test('writes are never retried blindly', async () => {
    const { fetch, client: c } = client([new TypeError('fetch failed')]);
    await rejectsWith(c.request('Communication', { method: 'POST', body: { resourceType: 'Communication' } }), 'network');
    assert.equal(fetch.calls.length, 1);
  });

  test('a 401 asks for a fresh token once and retries; a second 401 fires auth-required', async () => {
    const asked: boolean[] = [];
    const getToken = ({ forceRefresh }: { forceRefresh: boolean }) => {
      asked.push(forceRefresh);
      return forceRefresh ? 'fresh' : 'stale';
    };
    const ok = client([fhir(outcome('expired'), 401), fhir(patient)], { getToken });
    assert.equal((await ok.client.read('Patient', 'p1')).id, 'p1');
    assert.deepEqual(asked, [false, true]);
    assert.equal(ok.fetch.calls[1]?.headers['Authorization'], 'Bearer fresh');

    const bad = client([fhir(outcome('expired'), 401)], { getToken: () => 'nope' });
    let fired = 0;
    bad.client.addEventListener('auth-required', () => fired++);
    await rejectsWith(bad.client.read('Patient', 'p1'), 'auth');
    assert.equal(bad.fetch.calls.length, 2);
    assert.equal(fired, 1);
  });

  test('a timeout is reported as timeout', async () => {
    const never = () => new Promise<Response>(() => undefined);
    const fetch = async (_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const c = new CoordClient({ baseUrl: BASE, fetch, timeoutMs: 20, retries: 0 });
    void never;
    await rejectsWith(c.read('Patient', 'p1'), 'timeout');
  });

  test('a caller abort is reported as aborted, not retried', async () => {
    const fetch = async (_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const c = new CoordClient({ baseUrl: BASE, fetch, retries: 3 });
    const controller = new AbortController();
    const pending = c.read('Patient', 'p1', controller.signal);
    controller.abort();
    await rejectsWith(pending, 'aborted');
  });

  test('errors never carry the token', async () => {
    const { client: c } = client([fhir(outcome('no'), 403)], { getToken: () => 'secret-token-123' });
    const err = await rejectsWith(c.read('Patient', 'p1'), 'forbidden');
    assert.doesNotMatch(JSON.stringify({ ...err, message: err.message }), /secret-token-123/);
  });
});

describe('patient resolution', () => {
  const bundle = (n: number, total = n) => ({
    resourceType: 'Bundle', type: 'searchset', total,
    entry: Array.from({ length: n }, (_, i) => ({ resource: { ...patient, id: `p${i}` } })),
  });

  test('by reference reads Patient/<id>', async () => {
    const { fetch, client: c } = client([fhir(patient)]);
    await c.resolvePatient({ reference: 'Patient/p1' });
    assert.equal(fetch.calls[0]?.url, `${BASE}/Patient/p1`);
  });

  test('by INS identifier searches system|value', async () => {
    const { fetch, client: c } = client([fhir(bundle(1))]);
    const p = await c.resolvePatient({ identifier: 'urn:oid:1.2.250.1.213.1.4.8|2850675123456' });
    assert.equal(p.id, 'p0');
    const url = new URL(fetch.calls[0]!.url);
    assert.equal(url.pathname, '/fhir/R4/Patient');
    assert.equal(url.searchParams.get('identifier'), 'urn:oid:1.2.250.1.213.1.4.8|2850675123456');
  });

  test('0 matches is not-found, 2+ is ambiguous and never picks one', async () => {
    await rejectsWith(client([fhir(bundle(0))]).client.resolvePatient({ identifier: 's|v' }), 'not-found');
    const err = await rejectsWith(client([fhir(bundle(2, 3))]).client.resolvePatient({ identifier: 's|v' }), 'ambiguous');
    assert.equal(err.matches, 3);
  });

  test('a Bundle of the wrong resource types matches nobody', async () => {
    const wrong = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Practitioner', id: 'x' } }] };
    await rejectsWith(client([fhir(wrong)]).client.resolvePatient({ identifier: 's|v' }), 'not-found');
  });

  test('malformed references and identifiers are invalid requests, with no request sent', async () => {
    const { fetch, client: c } = client([fhir(patient)]);
    await rejectsWith(c.resolvePatient({ reference: 'Practitioner/1' }), 'invalid-request');
    await rejectsWith(c.resolvePatient({ reference: 'Patient/../../etc' }), 'invalid-request');
    await rejectsWith(c.resolvePatient({ identifier: 'system|' }), 'invalid-request');
    assert.equal(fetch.calls.length, 0);
  });
});

describe('shared cache', () => {
  test('identical in-flight reads are made once and shared', async () => {
    const { fetch, client: c } = client([fhir(patient)]);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => c.read('Patient', 'p1')));
    assert.equal(fetch.calls.length, 1);
    assert.ok(results.every((r) => r.id === 'p1'));
  });

  test('a fresh cached read makes no request; a stale one revalidates with the ETag (304)', async () => {
    const { fetch, client: c } = client(
      [fhir(patient, 200, { ETag: 'W/"1"' }), new Response(null, { status: 304 })],
      { freshForMs: 0 },
    );
    await c.read('Patient', 'p1');
    const again = await c.read('Patient', 'p1');
    assert.equal(again.id, 'p1');
    assert.equal(fetch.calls.length, 2);
    assert.equal(fetch.calls[1]?.headers['If-None-Match'], 'W/"1"');
  });

  test('switching patient drops what was cached', async () => {
    const { fetch, client: c } = client([fhir(patient)]);
    c.setPatientScope('Patient/p1');
    await c.read('Patient', 'p1');
    await c.read('Patient', 'p1');
    assert.equal(fetch.calls.length, 1);
    c.setPatientScope('Patient/p2');
    await c.read('Patient', 'p1');
    assert.equal(fetch.calls.length, 2);
  });

  test('one waiter aborting does not cancel the shared load for the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = scriptedFetch([async () => { await gate; return fhir(patient); }]);
    const c = new CoordClient({ baseUrl: BASE, fetch });
    const leaving = new AbortController();
    const a = c.read('Patient', 'p1', leaving.signal);
    const b = c.read('Patient', 'p1');
    leaving.abort();
    release();
    await rejectsWith(a, 'aborted');
    assert.equal((await b).id, 'p1');
    assert.equal(fetch.calls.length, 1);
  });
});
