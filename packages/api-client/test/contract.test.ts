/**
 * Contract tests over real HTTP against the dev FHIR server (Medplum's engine): what the client
 * relies on from any FHIR R4 server, and how it copes where servers differ (no `_include`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, Communication, Resource } from '@medplum/fhirtypes';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { CoordClient, CoordError } from '../src/index.ts';

let server: DevServer;
let requests: string[] = [];
const countingFetch = (input: string, init?: RequestInit) => {
  requests.push(`${init?.method ?? 'GET'} ${new URL(input).pathname}${new URL(input).search}`);
  return fetch(input, init);
};

before(async () => {
  server = await startDevServer({ port: 0 });
});
after(async () => {
  await server.close();
});

function newClient(): CoordClient {
  requests = [];
  return new CoordClient({ baseUrl: server.baseUrl, fetch: countingFetch, backoffMs: 1 });
}

describe('client against the dev FHIR server', () => {
  test('pages through Bundle next links on demand, newest first', async () => {
    const c = newClient();
    const first = await c.search<Communication>('Communication', { subject: 'Patient/pat-martin', _sort: '-sent', _count: 5 });
    assert.equal(first.entry?.length, 5);
    const second = await c.nextPage(first);
    assert.ok(second, 'a next page');
    assert.equal(second.entry?.length, 5);
    const sent = [...(first.entry ?? []), ...(second.entry ?? [])].map((e) => e.resource?.sent ?? '');
    assert.deepEqual(sent, [...sent].sort().reverse(), 'newest first across pages');
    assert.equal(requests.length, 2, 'one request per page, nothing fetched ahead');
  });

  test('the server ignores _include; the resolver reads the missing references in one batch', async () => {
    const c = newClient();
    const bundle = await c.search<Communication>('Communication', {
      subject: 'Patient/pat-martin',
      _count: 10,
      _include: 'Communication:sender',
    });
    const included = (bundle.entry ?? []).filter((e) => e.search?.mode === 'include');
    assert.equal(included.length, 0, 'this server does not honour _include');
    c.references.rememberBundle(bundle);
    const senders = (bundle.entry ?? []).map((e) => e.resource?.sender?.reference);
    const before = requests.length;
    const lookup = await c.references.resolve(senders);
    const distinct = new Set(senders.filter(Boolean));
    for (const ref of distinct) assert.ok(lookup(ref), `${ref} resolved`);
    // One batch for the senders, at most one more for the roles' practitioners/organisations.
    assert.ok(requests.length - before <= 2, `${requests.length - before} requests`);
    assert.ok(requests.slice(before).every((r) => r.startsWith('POST /fhir/R4')), 'batch POSTs');
    // Asking again costs nothing.
    const again = requests.length;
    await c.references.resolve(senders);
    assert.equal(requests.length, again);
  });

  test('a dangling reference stays unresolved without failing the others', async () => {
    const c = newClient();
    const lookup = await c.references.resolve(['Practitioner/prac-gp', 'Practitioner/does-not-exist']);
    assert.ok(lookup('Practitioner/prac-gp'));
    assert.equal(lookup('Practitioner/does-not-exist'), undefined);
  });

  test('404 for an unknown resource, 410 for a deleted one', async () => {
    const c = newClient();
    await assert.rejects(c.read('Patient', 'nobody'), (e: CoordError) => e.kind === 'not-found' && e.status === 404);
    const created = await c.request<Resource>('Communication', {
      method: 'POST',
      body: { resourceType: 'Communication', status: 'completed', subject: { reference: 'Patient/pat-dubois' } },
    });
    const id = (created.body as Resource).id!;
    await c.request(`Communication/${id}`, { method: 'DELETE' });
    await assert.rejects(
      c.read('Communication', id),
      (e: CoordError) => e.kind === 'gone' && e.status === 410,
    );
  });

  test('an update with a stale If-Match is refused with 412 (precondition-failed)', async () => {
    const c = newClient();
    const created = await c.request<Communication>('Communication', {
      method: 'POST',
      body: { resourceType: 'Communication', status: 'in-progress', subject: { reference: 'Patient/pat-dubois' } },
    });
    const v1 = created.body;
    const v2 = await c.request<Communication>(`Communication/${v1.id}`, {
      method: 'PUT',
      headers: { 'If-Match': `W/"${v1.meta?.versionId}"` },
      body: { ...v1, status: 'completed' },
    });
    assert.notEqual(v2.body.meta?.versionId, v1.meta?.versionId);
    await assert.rejects(
      c.request(`Communication/${v1.id}`, {
        method: 'PUT',
        headers: { 'If-Match': `W/"${v1.meta?.versionId}"` },
        body: { ...v1, status: 'stopped' },
      }),
      (e: CoordError) => e.kind === 'precondition-failed' && e.status === 412,
    );
  });

  test('If-None-Exist makes a retried create return the first one, not a twin', async () => {
    const c = newClient();
    const identifier = { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` };
    const body = { resourceType: 'Communication', status: 'completed', subject: { reference: 'Patient/pat-dubois' }, identifier: [identifier] };
    const headers = { 'If-None-Exist': `identifier=${identifier.system}|${identifier.value}` };
    const a = await c.request<Resource>('Communication', { method: 'POST', body, headers });
    const b = await c.request<Resource>('Communication', { method: 'POST', body, headers });
    assert.equal(a.body.id, b.body.id);
    const found = await c.search<Communication>('Communication', { identifier: `${identifier.system}|${identifier.value}` });
    assert.equal(found.total ?? found.entry?.length, 1);
  });

  test('patient switch: resolution by INS, and the cache never serves one patient under another', async () => {
    const c = newClient();
    const martin = await c.resolvePatient({ identifier: 'urn:oid:1.2.250.1.213.1.4.8|2850675123456' });
    assert.equal(martin.id, 'pat-martin');
    c.setPatientScope('Patient/pat-martin');
    await c.search('Communication', { subject: 'Patient/pat-martin', _count: 1 });
    const n = requests.length;
    c.setPatientScope('Patient/pat-dubois');
    const dubois = await c.search<Communication>('Communication', { subject: 'Patient/pat-dubois' });
    assert.ok((dubois.entry ?? []).every((e) => e.resource?.subject?.reference === 'Patient/pat-dubois'));
    assert.equal(requests.length, n + 1);
    await assert.rejects(
      c.resolvePatient({ identifier: 'urn:oid:1.2.250.1.213.1.4.9|7000000000001' }),
      (e: CoordError) => e.kind === 'ambiguous' && e.matches === 2,
    );
  });

  test('a next link to another host is refused (the token never leaves the FHIR base)', async () => {
    const c = newClient();
    const forged: Bundle = { resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: 'https://evil.example/fhir/R4/Patient?page=2' }] };
    await assert.rejects(c.nextPage(forged), (e: CoordError) => e.kind === 'invalid-response');
    assert.equal(requests.length, 0);
  });
});
