/**
 * The digest reader over real HTTP against the dev FHIR server (Medplum's engine, seeded): the
 * `_lastUpdated=gt…` searches it sends, what others changed since the visit (and not what the
 * viewer did), a source the server refuses, and the overdue count behind the PPCS badge.
 *   TZ=Europe/Paris node --import tsx --import ./packages/api-client/test/fixed-clock.ts --test packages/api-client/test/digest-reader.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Communication, Resource, Task } from '@medplum/fhirtypes';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { IDS } from '../../dev-server/src/seed/ids.ts';
import { CoordClient, type FetchLike } from '../src/client.ts';
import { countOverdueActions, readDigest } from '../src/readers/digest.ts';
import { readPpcs } from '../src/readers/ppcs.ts';

const PATIENT = `Patient/${IDS.patientMain}`;
const VIEWER = { user: `PractitionerRole/${IDS.roleGp}`, profession: '10' };
let server: DevServer;

function client(refuse?: RegExp): { client: CoordClient; requests: string[] } {
  const requests: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push(`${init?.method ?? 'GET'} ${decodeURIComponent(url)}`);
    if (refuse?.test(url)) {
      return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] }), { status: 403, headers: { 'Content-Type': 'application/fhir+json' } });
    }
    return globalThis.fetch(url, init);
  };
  return { client: new CoordClient({ baseUrl: server.baseUrl, fetch, retries: 0 }), requests };
}

async function write<T extends Resource>(method: 'POST' | 'PUT', resource: T): Promise<T> {
  const url = method === 'POST' ? `${server.baseUrl}/${resource.resourceType}` : `${server.baseUrl}/${resource.resourceType}/${resource.id}`;
  const res = await fetch(url, { method, headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(resource) });
  assert.ok(res.ok, `${method} ${resource.resourceType}: ${res.status}`);
  return (await res.json()) as T;
}

let lastVisit = 0;
before(async () => {
  server = await startDevServer({ port: 0 });
  // The "visit": the server's own stamp on a write, so the test never compares two clocks.
  const marker = await write('POST', { resourceType: 'Basic', code: { text: 'visit marker' } } as Resource);
  lastVisit = Date.parse(marker.meta!.lastUpdated!);
  // After the visit: the home nurse writes; the GP (the viewer) writes too; an action moves.
  await write<Communication>('POST', {
    resourceType: 'Communication', status: 'completed', subject: { reference: PATIENT }, sender: { reference: `PractitionerRole/${IDS.roleIdel}` },
    sent: new Date(lastVisit + 1000).toISOString(), payload: [{ contentString: 'Plaie en voie de cicatrisation' }],
  });
  await write<Communication>('POST', {
    resourceType: 'Communication', status: 'completed', subject: { reference: PATIENT }, sender: { reference: VIEWER.user },
    sent: new Date(lastVisit + 2000).toISOString(), payload: [{ contentString: 'Message du médecin lui-même' }],
  });
  const task = (await (await fetch(`${server.baseUrl}/Task/${IDS.taskKine}`)).json()) as Task;
  await write<Task>('PUT', { ...task, status: 'in-progress' });
});
after(async () => {
  await server?.close();
});

describe('readDigest', () => {
  test('one _lastUpdated=gt search per source; what others changed since the visit, newest first', async () => {
    const { client: c, requests } = client();
    const digest = await readDigest(c, PATIENT, { lastVisit, viewer: VIEWER });
    const since = new Date(lastVisit).toISOString();
    for (const type of ['DocumentReference', 'Communication', 'Task', 'CarePlan', 'Encounter', 'DiagnosticReport']) {
      assert.ok(requests.some((r) => r.startsWith(`GET ${server.baseUrl}/${type}?`) && r.includes(`_lastUpdated=gt${since}`)), `${type} searched since the visit`);
    }
    assert.equal(digest.firstVisit, false);
    assert.deepEqual(digest.failed, []);
    assert.deepEqual(
      digest.items.map((i) => [i.kind, i.section, i.title]),
      [
        ['ppcs-action', 'ppcs', digest.items[0]?.title],
        ['message', 'chat', 'Plaie en voie de cicatrisation'],
      ],
    );
    assert.equal(digest.items[0]?.reference, `Task/${IDS.taskKine}`);
    assert.equal(digest.items[0]?.status, 'in-progress');
    assert.equal(digest.items[0]?.change, 'updated');
    assert.equal(digest.counts.chat, 1, 'the viewer’s own message is not news to them');
    assert.ok(!digest.items.some((i) => i.title === 'Message du médecin lui-même'));
  });

  test('a source the server refuses is left out and named; the rest still shows', async () => {
    const { client: c } = client(/\/Task\?/);
    const digest = await readDigest(c, PATIENT, { lastVisit, viewer: VIEWER });
    assert.deepEqual(digest.failed, ['Task']);
    assert.deepEqual(digest.items.map((i) => i.kind), ['message']);
  });

  test('every source refused: the read fails with the server’s error (forbidden)', async () => {
    const { client: c } = client(/\?/);
    await assert.rejects(readDigest(c, PATIENT, { lastVisit, viewer: VIEWER }), (err: { kind?: string }) => err.kind === 'forbidden');
  });

  test('more changes than asked for: the source is marked truncated', async () => {
    const { client: c } = client();
    const digest = await readDigest(c, PATIENT, { lastVisit: lastVisit - 1, viewer: VIEWER, count: 1 });
    assert.ok(digest.truncated.includes('Communication'));
  });
});

describe('countOverdueActions', () => {
  test('agrees with the PPCS reader, without resolving anyone', async () => {
    const { client: c, requests } = client();
    const count = await countOverdueActions(c, PATIENT);
    assert.ok(requests.every((r) => /\/(CarePlan|Task)\?/.test(r)), requests.join('\n'));
    const { ppcs } = await readPpcs(client().client, PATIENT);
    assert.ok(count > 0);
    assert.equal(count, ppcs?.overdueCount);
  });
});
