import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { CoordClient, type FetchLike } from '../src/client.ts';
import { purgeLocalData } from '../src/local-data.ts';
import { localKey, sha256Hex } from '../src/local-keys.ts';
import { Outbox } from '../src/outbox.ts';
import { IdbOutboxStore, MemoryOutboxStore, type OutboxEntry } from '../src/outbox-store.ts';
import { messageOp } from '../src/writes/index.ts';

const PATIENT = 'Patient/pat-dubois';
const ME = 'PractitionerRole/role-idel';
const TOKEN = 'tok-SECRET-7f3a9c';
let server: DevServer;

before(async () => {
  server = await startDevServer({ port: 0 });
});
after(() => server.close());

describe('storage keys that never spell out who viewed which patient', () => {
  test('sha256Hex is SHA-256 (checked against node:crypto, padding edge lengths and UTF-8 included)', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'é𝄞 Mme Martin', 'x'.repeat(1000)]) {
      assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), `length ${text.length}`);
    }
  });

  test('localKey differs per server, patient and viewer, and contains none of them', () => {
    const k = localKey('https://fhir.example/R4', PATIENT, ME);
    assert.match(k, /^[0-9a-f]{64}$/);
    assert.notEqual(k, localKey('https://fhir.example/R4', 'Patient/pat-martin', ME));
    assert.notEqual(k, localKey('https://fhir.example/R4', PATIENT, 'PractitionerRole/role-gp'));
    assert.notEqual(k, localKey('https://other.example/R4', PATIENT, ME));
  });
});

describe('the outbox keeps content only while needed, under a hashed scope, and never the token', () => {
  test('an entry is stored under a hash, deleted once the server has it; the token is in no URL and nowhere stored', async () => {
    const urls: string[] = [];
    let authorized = 0;
    const fetchFn: FetchLike = async (url, init) => {
      urls.push(String(url));
      if (new Headers(init?.headers).get('Authorization') === `Bearer ${TOKEN}`) authorized++;
      return fetch(url, init);
    };
    const client = new CoordClient({ baseUrl: server.baseUrl, fetch: fetchFn, retries: 0, getToken: async () => TOKEN });
    const store = await IdbOutboxStore.open('coord-outbox');
    const outbox = await Outbox.open({ client, patient: PATIENT, viewer: ME, store, autoFlush: false, events: null });
    const entry = await outbox.enqueue(await messageOp({ patient: PATIENT, sender: ME, text: 'gardé le temps de l’envoi' }));
    assert.equal(entry.scope, localKey(server.baseUrl, PATIENT, ME));
    const stored = JSON.stringify(await store.get(entry.id));
    assert.ok(!stored.includes(TOKEN), 'the token is not in the stored entry');
    assert.ok(!entry.scope.includes('pat-dubois') && !entry.scope.includes('role-idel'));
    await outbox.flush();
    assert.ok(authorized > 0, 'the token was sent, in the Authorization header');
    assert.equal(await store.get(entry.id), undefined, 'deleted once the server confirmed it');
    assert.deepEqual(urls.filter((u) => u.includes(TOKEN)), [], 'the token never appears in a URL');
    outbox.close();
    store.close();
  });

  test('entries kept under the readable scope of an earlier version move under the hash, and are still sent', async () => {
    const store = new MemoryOutboxStore();
    const client = new CoordClient({ baseUrl: server.baseUrl, retries: 0 });
    const op = await messageOp({ patient: PATIENT, sender: ME, text: 'ancien format de clé' });
    const legacy: OutboxEntry = { id: 'old', scope: `${server.baseUrl}|${PATIENT}|${ME}`, seq: 1, createdAt: '', target: 'Communication', op, status: 'pending', attempts: 0 };
    await store.put(legacy);
    const outbox = await Outbox.open({ client, patient: PATIENT, viewer: ME, store, autoFlush: false, events: null });
    assert.equal((await outbox.list()).length, 1);
    assert.deepEqual(await store.list(legacy.scope), [], 'nothing left under the readable scope');
    await outbox.flush();
    assert.deepEqual(await outbox.list(), []);
    outbox.close();
  });

  test('purgeLocalData deletes the outbox database even while a connection is open, and empties memory stores and caches', async () => {
    const store = await IdbOutboxStore.open('coord-outbox');
    const client = new CoordClient({ baseUrl: server.baseUrl, retries: 0 });
    const outbox = await Outbox.open({ client, patient: PATIENT, viewer: ME, store, autoFlush: false, events: null });
    await outbox.enqueue(await messageOp({ patient: PATIENT, sender: ME, text: 'jamais envoyé' }));
    const memory = new MemoryOutboxStore();
    await memory.put({ ...(await outbox.list())[0]!, id: 'mem' });
    await client.read('Patient', 'pat-dubois');
    const before = client.cache.stats.loads;
    await purgeLocalData();
    const names = (await indexedDB.databases()).map((d) => d.name);
    assert.ok(!names.includes('coord-outbox'), `the outbox database is gone (${names.join(', ')})`);
    assert.equal(await memory.get('mem'), undefined, 'memory store emptied');
    await client.read('Patient', 'pat-dubois');
    assert.equal(client.cache.stats.loads, before + 1, 'the cache was emptied: the read went to the server again');
    outbox.close();
  });
});
