/**
 * Whether a viewer has anything in the outbox, without the outbox: a chat that opens with an
 * empty queue (the usual case) learns it from one IndexedDB count and never loads the queue or
 * the write code (`Outbox`, `idb`, the write core) until the first send. Plain IndexedDB, no
 * `idb`: this runs on every chat's load path, so it is kept to a few hundred bytes.
 *
 * It never creates the database (an upgrade it would trigger is aborted) and keeps no connection
 * open (a purge can delete the database at once). When it cannot tell (the database is of a newer
 * version, IndexedDB fails), it answers `true`: the caller then opens the queue as before, so an
 * entry is never left unsent because the probe failed.
 */
import { localKey } from './local-keys.ts';
import type { OutboxStore } from './outbox-store.ts';

/** The IndexedDB database of the default outbox store. */
export const OUTBOX_DATABASE = 'coord-outbox';

/** The scope an earlier version kept entries under (readable references); `Outbox.open` moves them under the hashed one. */
export function legacyOutboxScope(baseUrl: string, patient: string, viewer: string): string {
  return `${baseUrl}|${patient}|${viewer}`;
}

/** The scopes whose entries belong to this server + patient + viewer: the hashed one, then the legacy one. */
export function outboxScopes(baseUrl: string, patient: string, viewer: string): string[] {
  return [localKey(baseUrl, patient, viewer), legacyOutboxScope(baseUrl, patient, viewer)];
}

/** Whether a store (a host's own, or the default IndexedDB database when none is given) holds entries of these scopes. */
export async function hasOutboxEntries(scopes: readonly string[], store?: OutboxStore, name = OUTBOX_DATABASE): Promise<boolean> {
  if (store) {
    for (const scope of scopes) if ((await store.list(scope)).length) return true;
    return false;
  }
  if (typeof indexedDB === 'undefined') return false;
  return new Promise<boolean>((resolve) => {
    let created = false;
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name, 1);
    } catch {
      return resolve(true);
    }
    // No database yet: nothing was ever queued on this device. Abort, so none is created here.
    request.onupgradeneeded = () => {
      created = true;
      request.transaction?.abort();
    };
    request.onerror = (e) => {
      e.preventDefault();
      resolve(!created);
    };
    request.onblocked = () => resolve(true);
    request.onsuccess = () => {
      const db = request.result;
      const done = (found: boolean) => {
        db.close();
        resolve(found);
      };
      try {
        const index = db.transaction('entries', 'readonly').objectStore('entries').index('scope');
        let found = false;
        let left = scopes.length;
        if (!left) return done(false);
        for (const scope of scopes) {
          const count = index.count(IDBKeyRange.only(scope));
          count.onsuccess = () => {
            found ||= count.result > 0;
            if (--left === 0) done(found);
          };
          count.onerror = (e) => {
            e.preventDefault();
            done(true);
          };
        }
      } catch {
        done(true);
      }
    };
  });
}
