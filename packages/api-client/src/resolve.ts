/**
 * Resolves references that a search did not bring back. Some servers honour `_include`, some
 * ignore it: take what was included, then read the rest with one batch request (or, where the
 * server refuses batches, a few parallel reads). Directory resources (practitioners, roles,
 * organisations, locations) are kept for the root client's lifetime and shared by its scopes —
 * they are not patient data; anything else is kept in the (scoped) client's cache and dropped
 * with it.
 */
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from './client.ts';
import { CoordError, isCoordError } from './errors.ts';
import { referenceKey } from './references.ts';
import type { ResourceLookup } from './model/common.ts';

const DIRECTORY_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'HealthcareService']);
const BATCH_LIMIT = 50;
const PARALLEL_READS = 6;

/** What one server's resolvers share: its directory and whether it refuses batches. */
interface ServerKnowledge {
  directory: Map<string, Resource>;
  batchRefused: boolean;
}

export class ReferenceResolver {
  private readonly server: ServerKnowledge;
  /** Requests made by the resolver (batches + single reads), for benchmarks and tests. */
  readonly stats = { batches: 0, reads: 0 };

  /** `shareWith`: the root client's resolver, whose directory a scope's resolver shares. */
  constructor(
    private readonly client: CoordClient,
    shareWith?: ReferenceResolver,
  ) {
    this.server = shareWith?.server ?? { directory: new Map(), batchRefused: false };
  }

  private get directory(): Map<string, Resource> {
    return this.server.directory;
  }

  /** Remembers resources already at hand (search matches and `_include`d entries). */
  remember(resources: Iterable<Resource | undefined>): void {
    for (const r of resources) {
      if (!r?.id || !r.resourceType) continue;
      const key = `${r.resourceType}/${r.id}`;
      if (DIRECTORY_TYPES.has(r.resourceType)) this.directory.set(key, r);
      else this.client.cache.set(`ref:${key}`, { value: r, storedAt: Date.now() });
    }
  }

  rememberBundle(bundle: Bundle | undefined): void {
    this.remember((bundle?.entry ?? []).map((e: BundleEntry) => e.resource));
  }

  get(reference: string | undefined): Resource | undefined {
    const key = referenceKey(reference);
    if (!key) return undefined;
    return this.directory.get(key) ?? (this.client.cache.get(`ref:${key}`)?.value as Resource | undefined);
  }

  readonly lookup: ResourceLookup = (reference) => this.get(reference);

  /**
   * Makes sure every reference is at hand; unknown ones are read. References that cannot be read
   * (404, 403, malformed) stay unresolved: mappers then fall back to the reference's display.
   * Resolves PractitionerRole → its Practitioner and Organization in a second round.
   * Calls made in the same event-loop turn (several elements loading at once) share one batch,
   * and a reference already being read is waited for, not read again.
   */
  async resolve(references: Iterable<string | undefined>, signal?: AbortSignal): Promise<ResourceLookup> {
    let keys = this.missing(references);
    for (let round = 0; round < 2 && keys.length > 0; round++) {
      await abortable(Promise.all(keys.map((key) => this.load(key))), signal);
      const secondary: string[] = [];
      for (const key of keys) {
        const r = this.get(key);
        if (r?.resourceType === 'PractitionerRole') {
          const role = r as { practitioner?: { reference?: string }; organization?: { reference?: string } };
          secondary.push(role.practitioner?.reference ?? '', role.organization?.reference ?? '');
        }
      }
      keys = this.missing(secondary);
    }
    return this.lookup;
  }

  private readonly inflight = new Map<string, Promise<void>>();
  private readonly queue = new Set<string>();
  private flushing?: Promise<void>;

  private load(key: string): Promise<void> {
    const running = this.inflight.get(key);
    if (running) return running;
    this.queue.add(key);
    this.flushing ??= new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      const batch = [...this.queue];
      this.queue.clear();
      this.flushing = undefined;
      const done = this.fetchAll(batch).then((found) => this.remember(found));
      for (const k of batch) this.inflight.set(k, done);
      void done.finally(() => {
        for (const k of batch) if (this.inflight.get(k) === done) this.inflight.delete(k);
      }).catch(() => undefined);
      return done;
    });
    const flushing = this.flushing;
    return flushing;
  }

  private missing(references: Iterable<string | undefined>): string[] {
    const keys = new Set<string>();
    for (const ref of references) {
      const key = referenceKey(ref);
      if (key && !this.get(key) && !this.client.cache.get(`missing:${key}`)) keys.add(key);
    }
    return [...keys];
  }

  private async fetchAll(keys: string[], signal?: AbortSignal): Promise<Resource[]> {
    // The shared batch runs without any one caller's signal: a caller that leaves only stops waiting.
    const out: Resource[] = [];
    for (let i = 0; i < keys.length; i += BATCH_LIMIT) {
      const chunk = keys.slice(i, i + BATCH_LIMIT);
      out.push(...(await this.fetchChunk(chunk, signal)));
    }
    return out;
  }

  private async fetchChunk(keys: string[], signal?: AbortSignal): Promise<Resource[]> {
    if (keys.length > 1 && !this.server.batchRefused) {
      try {
        this.stats.batches++;
        const { body } = await this.client.request<Bundle>('', {
          method: 'POST',
          // A batch of reads: read-only, so safe to send again, with a search's timeout.
          kind: 'search',
          retry: true,
          signal,
          body: {
            resourceType: 'Bundle',
            type: 'batch',
            entry: keys.map((k) => ({ request: { method: 'GET', url: k } })),
          },
        });
        if (body?.resourceType !== 'Bundle' || !Array.isArray(body.entry)) {
          throw new CoordError('invalid-response', 'Batch answer is not a Bundle');
        }
        const found: Resource[] = [];
        body.entry.forEach((entry, i) => {
          const expected = keys[i];
          const r = entry?.resource;
          if (r && expected && `${r.resourceType}/${r.id}` === expected) found.push(r);
          else if (expected) this.markMissing(expected);
        });
        return found;
      } catch (err) {
        if (signal?.aborted) throw err;
        // Servers that refuse batches (405/501/400…) get single reads from now on.
        if (isCoordError(err) && ['invalid-request', 'invalid-response', 'forbidden', 'server', 'not-found'].includes(err.kind)) {
          this.server.batchRefused = true;
        } else {
          throw err;
        }
      }
    }
    return this.readEach(keys, signal);
  }

  private async readEach(keys: string[], signal?: AbortSignal): Promise<Resource[]> {
    const found: Resource[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        const [type, id] = key.split('/') as [string, string];
        try {
          this.stats.reads++;
          found.push(await this.client.read(type as Resource['resourceType'], id, signal));
        } catch (err) {
          if (signal?.aborted) throw err;
          if (isCoordError(err) && (err.kind === 'network' || err.kind === 'timeout' || err.kind === 'auth')) throw err;
          this.markMissing(key);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, keys.length) }, worker));
    return found;
  }

  private markMissing(key: string): void {
    this.client.cache.set(`missing:${key}`, { value: true, storedAt: Date.now() });
  }
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
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
