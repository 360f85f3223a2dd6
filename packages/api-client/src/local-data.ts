/**
 * What the library keeps on the device, and how a host clears it at sign-out.
 *
 * - Storage keys never spell out who viewed which patient (`localKey()`, local-keys.ts).
 * - `purgeLocalData()` clears everything the library wrote: the outbox (IndexedDB), notes and
 *   chat drafts and "last read" markers (localStorage / sessionStorage keys under our prefixes
 *   only — a host's own keys stay), every client's in-memory cache, and what live components
 *   hold (object URLs, open outbox connections) through `onPurge()` registrations. The host may
 *   also dispatch `coord-purge-local-data` on `document` (docs/security.md); the library answers
 *   with `coord-local-data-purged` once done.
 */
import { runPurgeHooks } from './purge-registry.ts';

import { PURGE_EVENT, PURGED_EVENT } from './purge-registry.ts';

export { onPurge, PURGE_EVENT, PURGED_EVENT, trackCache } from './purge-registry.ts';
export { localKey, sha256Hex } from './local-keys.ts';

/** IndexedDB databases the library creates. */
export const LOCAL_DATABASES = ['coord-outbox'];

function storages(): Storage[] {
  const out: Storage[] = [];
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    try {
      const s = (globalThis as unknown as Record<string, Storage | undefined>)[name];
      if (s) out.push(s);
    } catch {
      // Storage refused (privacy settings): nothing of ours is there either.
    }
  }
  return out;
}

/** Whether a storage key is one the library wrote. */
export function isLocalKey(key: string): boolean {
  return /^coord-(notes|chat|outbox|elements|record)[:-]/.test(key);
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = () => resolve();
      // Another tab still has it open: it is deleted as soon as that tab lets go.
      request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}

/**
 * Clears everything the library keeps on this device and in memory (call it at sign-out).
 * Resolves once the storage is cleared; never throws.
 */
export async function purgeLocalData(): Promise<void> {
  await runPurgeHooks();
  for (const store of storages()) {
    try {
      const ours: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key !== null && isLocalKey(key)) ours.push(key);
      }
      for (const key of ours) store.removeItem(key);
    } catch {
      // Refused: nothing to clear.
    }
  }
  if (typeof indexedDB !== 'undefined') await Promise.all(LOCAL_DATABASES.map(deleteDatabase));
  globalThis.document?.dispatchEvent(new Event(PURGED_EVENT));
}

let listening = false;

/** Answers `coord-purge-local-data` dispatched on `document` (installed once by the entries). */
export function listenForPurge(run: () => Promise<void> = purgeLocalData): void {
  if (listening || !globalThis.document) return;
  listening = true;
  document.addEventListener(PURGE_EVENT, () => void run());
}
