/**
 * Scoped clients: one shared client, several patients and viewers, no cross-talk. A switch
 * drops one scope (its cache, its in-flight reads) and nothing else.
 *   node --import tsx --test packages/api-client/test/scope.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CoordClient, CoordError, type FetchLike } from '../src/index.ts';
import { fhir } from './fake-fetch.ts';

const BASE = 'https://hub.example/fhir/R4';
const bundleOf = (resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

/** A FHIR server in a fetch whose answers wait for `release()`; it ignores aborts unless told. */
function gatedServer(options: { honourAbort?: boolean } = {}) {
  const calls: { url: string; signal?: AbortSignal; headers: Record<string, string> }[] = [];
  const gates: (() => void)[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, signal: init?.signal ?? undefined, headers: { ...(init?.headers as Record<string, string>) } });
    return new Promise<Response>((resolve, reject) => {
      const answer = (): void => {
        const u = new URL(url);
        const who = u.searchParams.get('patient') ?? '';
        const type = u.pathname.split('/').pop();
        resolve(fhir(bundleOf([{ resourceType: type, id: `of-${who.replace('Patient/', '')}`, subject: { reference: who } }])));
      };
      gates.push(answer);
      if (options.honourAbort) init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
    });
  };
  const release = (): void => {
    for (const g of gates.splice(0)) g();
  };
  return { fetch, calls, release };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => err instanceof CoordError && err.kind === kind);
}

describe('two scopes of one client', () => {
  test('two patients load side by side; switching one cancels only its own reads', async () => {
    const server = gatedServer({ honourAbort: true });
    const client = new CoordClient({ baseUrl: BASE, fetch: server.fetch });
    const a = client.scope({ patient: 'Patient/a', viewer: { user: 'Practitioner/1' } });
    const b = client.scope({ patient: 'Patient/b', viewer: { user: 'Practitioner/1' } });
    const readA = a.search('Encounter', a.forPatient('Encounter', a.patient!));
    const outcomeA = rejectsWith(readA, 'aborted');
    const readB = b.search('Encounter', b.forPatient('Encounter', b.patient!));
    await settle();
    // Provider A switches patient: its scope goes, B's load goes on.
    a.dispose();
    const a2 = client.scope({ patient: 'Patient/c', viewer: { user: 'Practitioner/1' } });
    const readC = a2.search('Encounter', a2.forPatient('Encounter', a2.patient!));
    await settle();
    server.release();
    await outcomeA;
    const [fromB, fromC] = await Promise.all([readB, readC]);
    assert.equal(fromB.entry?.[0]?.resource?.id, 'of-b');
    assert.equal(fromC.entry?.[0]?.resource?.id, 'of-c');
    const call = (who: string) => server.calls.find((c) => c.url.includes(`Patient%2F${who}`));
    assert.equal(call('a')?.signal?.aborted, true, "A's request was cancelled on the wire");
    assert.equal(call('b')?.signal?.aborted, false, "B's request was not");
  });

  test('the same URL in two scopes is two cache entries: nothing of one patient is served to the other', async () => {
    let n = 0;
    const fetch: FetchLike = async () => fhir({ resourceType: 'Practitioner', id: 'x', name: [{ text: `answer ${++n}` }] });
    const client = new CoordClient({ baseUrl: BASE, fetch });
    const a = client.scope({ patient: 'Patient/a' });
    const b = client.scope({ patient: 'Patient/b' });
    await a.request('Observation/x');
    await a.request('Observation/x');
    await b.request('Observation/x');
    assert.equal(n, 2, 'one load per scope, the second read of A from its cache');
    assert.equal(a.cache.stats.hits, 1);
    assert.equal(b.cache.stats.hits, 0);
  });

  test('a disposed scope refuses reads; its writes still go', async () => {
    const calls: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
      return fhir({ resourceType: 'Communication', id: 'c1', status: 'completed' }, init?.method === 'POST' ? 201 : 200);
    };
    const client = new CoordClient({ baseUrl: BASE, fetch });
    const scope = client.scope({ patient: 'Patient/a' });
    scope.dispose();
    await rejectsWith(scope.read('Communication', 'c1'), 'aborted');
    const written = await scope.request('Communication', { method: 'POST', body: { resourceType: 'Communication', status: 'completed' } });
    assert.equal(written.status, 201);
    assert.deepEqual(calls, ['POST /fhir/R4/Communication']);
  });

  test('the directory (practitioners, organisations) is shared by scopes; patient data is not', async () => {
    const client = new CoordClient({ baseUrl: BASE, fetch: async () => fhir({}) });
    const a = client.scope({ patient: 'Patient/a' });
    const b = client.scope({ patient: 'Patient/b' });
    a.references.remember([{ resourceType: 'Practitioner', id: 'gp' }, { resourceType: 'Encounter', id: 'e1', status: 'finished', class: {} } as never]);
    assert.equal(b.references.get('Practitioner/gp')?.id, 'gp');
    assert.equal(b.references.get('Encounter/e1'), undefined);
    assert.equal(a.references.get('Encounter/e1')?.id, 'e1');
  });

  test('a scope hook applies to that scope only; a client hook to every scope', async () => {
    const server = gatedServer();
    const client = new CoordClient({ baseUrl: BASE, fetch: server.fetch });
    client.use({ beforeRequest: (r) => void (r.headers['X-App'] = 'demo') });
    const a = client.scope({ patient: 'Patient/a' });
    const b = client.scope({ patient: 'Patient/b' });
    a.use({ beforeRequest: (r) => void (r.headers['X-Purpose-Of-Use'] = 'ETREAT') });
    void a.search('Encounter', { patient: 'Patient/a' });
    void b.search('Encounter', { patient: 'Patient/b' });
    await settle();
    server.release();
    const headers = (who: string) => server.calls.filter((c) => c.url.includes(`Patient%2F${who}`)).map((c) => [c.headers['X-App'], c.headers['X-Purpose-Of-Use']]);
    assert.deepEqual(headers('a'), [['demo', 'ETREAT']]);
    assert.deepEqual(headers('b'), [['demo', undefined]]);
  });

  test('auth-required from a scope is announced on the scope and on the shared client', async () => {
    const client = new CoordClient({ baseUrl: BASE, fetch: async () => fhir({ resourceType: 'OperationOutcome', issue: [] }, 401), getToken: () => 't' });
    const scope = client.scope({ patient: 'Patient/a' });
    const heard: string[] = [];
    client.addEventListener('auth-required', () => heard.push('client'));
    scope.addEventListener('auth-required', () => heard.push('scope'));
    await rejectsWith(scope.read('Patient', 'a'), 'auth');
    assert.deepEqual(heard.sort(), ['client', 'scope']);
  });
});

describe('a viewer switch mid-load', () => {
  test("the old viewer's read is cancelled, and even if the server answers anyway it never lands in the new scope", async () => {
    const server = gatedServer(); // a server (or proxy) that answers whatever the abort
    const client = new CoordClient({ baseUrl: BASE, fetch: server.fetch });
    const asNurse = client.scope({ patient: 'Patient/a', viewer: { user: 'PractitionerRole/idel', profession: '60' } });
    const pending = asNurse.search('DocumentReference', { patient: 'Patient/a' });
    const outcome = rejectsWith(pending, 'aborted');
    await settle();
    asNurse.dispose();
    const asSocial = client.scope({ patient: 'Patient/a', viewer: { user: 'PractitionerRole/social' } });
    assert.ok(!asSocial.matches({ patient: 'Patient/a', viewer: { user: 'PractitionerRole/idel', profession: '60' } }));
    server.release(); // the old answer arrives after the switch
    await outcome;
    assert.equal(asNurse.cache.get(`GET ${BASE}/DocumentReference?patient=Patient%2Fa`), undefined);
    const again = asSocial.search('DocumentReference', { patient: 'Patient/a' });
    await settle();
    assert.equal(server.calls.length, 2, 'the new scope asks the server itself');
    server.release();
    await again;
  });

  test('a bad patient reference is an invalid request, at scope creation', () => {
    const client = new CoordClient({ baseUrl: BASE, fetch: async () => fhir({}) });
    assert.throws(() => client.scope({ patient: 'Practitioner/1' }), (err: unknown) => err instanceof CoordError && err.kind === 'invalid-request');
  });
});
