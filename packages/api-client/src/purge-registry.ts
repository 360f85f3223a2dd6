/**
 * What live objects drop at a purge (`purgeLocalData()`, local-data.ts): callbacks and in-memory
 * caches, held here — in the shared core, as the client's cache registers itself — while the
 * purge itself lives with the API entry.
 */

type PurgeFn = () => void | Promise<void>;

/**
 * The event a host dispatches on `document` to purge, and the one the library answers with once
 * done. Here rather than with the purge, so that an element re-opening after a purge (the chat)
 * does not load the purge's code to know the name.
 */
export const PURGE_EVENT = 'coord-purge-local-data';
export const PURGED_EVENT = 'coord-local-data-purged';

const callbacks = new Set<PurgeFn>();
const caches = new Set<WeakRef<{ clear(): void }>>();

/** Registers what a live object must drop at a purge; returns its removal. */
export function onPurge(fn: PurgeFn): () => void {
  callbacks.add(fn);
  return () => callbacks.delete(fn);
}

/** An in-memory cache emptied at a purge (held weakly: registering never keeps it alive). */
export function trackCache(cache: { clear(): void }): void {
  if (typeof WeakRef === 'undefined') return;
  if (caches.size > 256) for (const ref of caches) if (!ref.deref()) caches.delete(ref);
  caches.add(new WeakRef(cache));
}

/** Runs every registered callback (one failing never keeps the rest), then empties every live cache. */
export async function runPurgeHooks(): Promise<void> {
  for (const fn of [...callbacks]) {
    try {
      await fn();
    } catch {
      // One holder failing must not keep the rest.
    }
  }
  for (const ref of caches) ref.deref()?.clear();
  caches.clear();
}
