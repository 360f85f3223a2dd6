/**
 * A client's shared cache: identical in-flight reads are made once and their result shared by
 * every element using the client; results are kept with their ETag for revalidation. Each scoped
 * client (`client.scope({ patient, viewer })`) has its own, disposed with the scope, so nothing
 * of one patient or viewer can show under another; a read that was in flight when the cache was
 * cleared or disposed never lands in it.
 */
import { trackCache } from './purge-registry.ts';

export interface CacheEntry {
  value: unknown;
  etag?: string;
  storedAt: number;
}

interface Inflight {
  promise: Promise<CacheEntry>;
  controller: AbortController;
  waiters: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Inflight>();
  private scopeKey: string | undefined;
  /** Bumped by every clear: a load started before it does not land after it. */
  private generation = 0;
  private closed = false;
  /** Counts for benchmarks and tests: network loads started vs. reads served. */
  readonly stats = { loads: 0, hits: 0, joined: 0 };

  constructor() {
    trackCache(this);
  }

  get scope(): string | undefined {
    return this.scopeKey;
  }

  /** Switches the patient scope; a different patient empties the cache and cancels loads. */
  setScope(scope: string | undefined): void {
    if (scope === this.scopeKey) return;
    this.scopeKey = scope;
    this.clear();
  }

  /** Whether `dispose()` was called: nothing is kept any more and every load is refused. */
  get disposed(): boolean {
    return this.closed;
  }

  /** Empties the cache for good and cancels its loads (the scope that owned it is gone). */
  dispose(): void {
    this.closed = true;
    this.clear();
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    for (const f of this.inflight.values()) f.controller.abort();
    this.inflight.clear();
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: CacheEntry): void {
    if (this.closed) return;
    this.entries.set(key, entry);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose key satisfies the predicate (e.g. all searches of one type). */
  invalidate(predicate: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (predicate(key)) this.entries.delete(key);
  }

  /**
   * Runs `load` once per key at a time. Each caller may abort its own wait; the shared load is
   * aborted only when every waiter has gone. A clear or scope change while loading discards the result.
   */
  async dedupe(key: string, load: (signal: AbortSignal) => Promise<CacheEntry>, signal?: AbortSignal): Promise<CacheEntry> {
    if (this.closed) throw new DOMException('The scope of this cache was disposed', 'AbortError');
    let flight = this.inflight.get(key);
    if (flight) {
      this.stats.joined++;
    } else {
      this.stats.loads++;
      const controller = new AbortController();
      const generation = this.generation;
      const promise = load(controller.signal).then((entry) => {
        if (this.generation === generation && !this.closed) this.entries.set(key, entry);
        return entry;
      });
      flight = { promise, controller, waiters: 0 };
      this.inflight.set(key, flight);
      const current = flight;
      promise.then(
        () => this.inflight.get(key) === current && this.inflight.delete(key),
        () => this.inflight.get(key) === current && this.inflight.delete(key),
      );
    }
    return this.wait(key, flight, signal);
  }

  private wait(key: string, flight: Inflight, signal?: AbortSignal): Promise<CacheEntry> {
    flight.waiters++;
    if (!signal) return flight.promise;
    if (signal.aborted) {
      this.leave(key, flight);
      return Promise.reject(signal.reason);
    }
    return new Promise<CacheEntry>((resolve, reject) => {
      const onAbort = (): void => {
        this.leave(key, flight);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private leave(key: string, flight: Inflight): void {
    flight.waiters--;
    if (flight.waiters <= 0 && this.inflight.get(key) === flight) {
      flight.controller.abort();
      this.inflight.delete(key);
    }
  }
}

/** Drops cached reads of these resource types (searches, reads and resolved references). */
export function invalidateTypes(client: { cache: Pick<ResponseCache, 'invalidate'> }, types: Iterable<string>): void {
  const patterns = [...new Set(types)].map((t) => new RegExp(`(?:^ref:|/)${t}(?:[/?]|$)`));
  if (patterns.length) client.cache.invalidate((key) => patterns.some((p) => p.test(key)));
}
