import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localKey } from '../src/local-keys.ts';
import { hasOutboxEntries, legacyOutboxScope, outboxScopes } from '../src/outbox-probe.ts';
import { IdbOutboxStore, MemoryOutboxStore, type OutboxEntry } from '../src/outbox-store.ts';
import { messageOp } from '../src/writes/index.ts';

const BASE = 'https://fhir.example.org/R4';
const PATIENT = 'Patient/pat-dubois';
const ME = 'PractitionerRole/role-idel';
const OTHER = 'PractitionerRole/role-gp';

let names = 0;
const freshName = () => `coord-outbox-probe-${++names}`;

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

async function entry(scope: string, id = 'e1'): Promise<OutboxEntry> {
  const op = await messageOp({ patient: PATIENT, sender: ME, text: 'en attente' });
  return { id, scope, seq: 1, createdAt: '', target: 'Communication', op, status: 'pending', attempts: 0 };
}

describe('hasOutboxEntries (what a chat asks on load instead of opening the outbox)', () => {
  test('the scopes are the hashed key of server + patient + viewer, then the readable one of earlier versions', () => {
    assert.deepEqual(outboxScopes(BASE, PATIENT, ME), [localKey(BASE, PATIENT, ME), legacyOutboxScope(BASE, PATIENT, ME)]);
    assert.doesNotMatch(outboxScopes(BASE, PATIENT, ME)[0]!, /pat-dubois|role-idel/);
  });

  test('no database on this device: nothing waits, and the probe creates none', async () => {
    const name = freshName();
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, name), false);
    assert.ok(!(await databaseNames()).includes(name), 'no database left behind');
    // The outbox then creates it as usual on the first send.
    const store = await IdbOutboxStore.open(name);
    await store.put(await entry(localKey(BASE, PATIENT, ME)));
    store.close();
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, name), true);
  });

  test('finds this viewer’s entries only, under the hashed or the legacy scope', async () => {
    const name = freshName();
    const store = await IdbOutboxStore.open(name);
    await store.put(await entry(localKey(BASE, PATIENT, OTHER), 'other'));
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, name), false, 'another viewer’s entry is not mine');
    await store.put(await entry(legacyOutboxScope(BASE, PATIENT, ME), 'legacy'));
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, name), true, 'an entry kept by an earlier version');
    await store.delete('legacy');
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, name), false, 'sent and deleted: nothing waits');
    store.close();
  });

  test('keeps no connection open: the database can be deleted right after (a purge is never blocked)', async () => {
    const name = freshName();
    (await IdbOutboxStore.open(name)).close();
    await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, name);
    const blocked = await new Promise<boolean>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onblocked = () => resolve(true);
      request.onsuccess = () => resolve(false);
    });
    assert.equal(blocked, false);
  });

  test('when it cannot tell (a database of a newer version, or one without the store), it says entries may wait', async () => {
    const newer = freshName();
    await new Promise<void>((resolve) => {
      const request = indexedDB.open(newer, 2);
      request.onsuccess = () => (request.result.close(), resolve());
    });
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, newer), true);
    const odd = freshName();
    await new Promise<void>((resolve) => {
      const request = indexedDB.open(odd, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('other');
      request.onsuccess = () => (request.result.close(), resolve());
    });
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), undefined, odd), true);
  });

  test('a host’s own store is asked through its list()', async () => {
    const store = new MemoryOutboxStore();
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), store), false);
    await store.put(await entry(localKey(BASE, PATIENT, ME)));
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, ME), store), true);
    assert.equal(await hasOutboxEntries(outboxScopes(BASE, PATIENT, OTHER), store), false);
  });
});
