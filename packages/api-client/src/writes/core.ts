/**
 * The two safe write primitives every write goes through:
 * - an idempotent create (client identifier + `If-None-Exist`), safe to send again after a lost
 *   answer;
 * - a conditional update (`If-Match` with the version read): a 412 is re-read and merged
 *   three-way, or surfaced as a conflict carrying the server's version and the user's change.
 * Both return a typed result; neither throws for an HTTP failure.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { expectBundle, expectResource } from '../expect.ts';
import { CoordError, toCoordError } from '../errors.ts';
import { clientIdentifierOf, ifMatchFor, ifNoneExistFor, newIdentifier } from '../ids.ts';
import { invalidateTypes } from '../cache.ts';
import { sleep } from '../pipeline.ts';
import { searchPath } from '../search.ts';
import { mergeThreeWay, sameContent } from './merge.ts';

export { sleep };

export interface WriteConflict<T extends Resource = Resource> {
  /** The server's version now (re-read after the 412). */
  current: T;
  /** The user's change, kept whole so nothing typed is lost. */
  mine: T;
  /** The version the change was made from. */
  base: T;
  /** Top-level fields both sides changed differently. */
  fields: string[];
}

export type WriteResult<T extends Resource = Resource> =
  | { ok: true; resource: T }
  | { ok: false; conflict: WriteConflict<T> }
  | { ok: false; error: CoordError };

export interface WriteOptions {
  signal?: AbortSignal;
  /** Extra attempts after a network error, timeout, 5xx or 429 (default 2). Safe: every write here is idempotent. */
  retries?: number;
  /** Base backoff in ms, doubled per attempt (default 300). */
  backoffMs?: number;
}

/** Error kinds after which sending the same idempotent write again may succeed. */
export function isTransient(error: CoordError): boolean {
  return error.retryable || error.kind === 'invalid-response';
}

// Lives with the cache: reads (the live hub) need it without the write path.
export { invalidateTypes };

/** A copy carrying a client identifier (the same one on every retry of this copy). */
export function withClientIdentifier<T extends Resource>(resource: T): T {
  if (clientIdentifierOf(resource)) return resource;
  const existing = (resource as { identifier?: unknown }).identifier;
  const list = Array.isArray(existing) ? existing : [];
  return { ...resource, identifier: [...list, newIdentifier()] } as T;
}

/** POST with `If-None-Exist` on the resource's client identifier; retried on transient failures. */
export async function createIdempotent<T extends Resource>(
  client: CoordClient,
  resource: T,
  options: WriteOptions & { mayExist?: boolean } = {},
): Promise<WriteResult<T>> {
  const identifier = clientIdentifierOf(resource);
  if (!identifier) {
    return fail(new CoordError('invalid-request', 'A retried create needs a client identifier'));
  }
  const type = resource.resourceType;
  let tries = 0;
  return withRetries(options, async () => {
    // After a failure the first copy may exist: look for it, for servers that ignore If-None-Exist.
    if (tries++ > 0 || options.mayExist) {
      const found = await findByIdentifier<T>(client, type, identifier, options.signal);
      if (found) {
        invalidateTypes(client, [type]);
        return { ok: true, resource: found };
      }
    }
    const res = await client.request<Resource>(type, {
      method: 'POST',
      body: resource,
      headers: { 'If-None-Exist': ifNoneExistFor(identifier), Prefer: 'return=representation' },
      signal: options.signal,
    });
    let created = res.body as Resource | undefined;
    if (!created && res.location) {
      // A `Location` on another origin is never followed (the token and the patient stay home):
      // the resource is looked up on our server by its identifier instead.
      created = client.isSameOrigin(res.location)
        ? (await client.request<Resource>(res.location, { cache: false, kind: 'read', signal: options.signal })).body
        : await findByIdentifier<T>(client, type, identifier, options.signal);
    }
    const checked = expectResource<T>(created, type, client.url(type));
    invalidateTypes(client, [type]);
    return { ok: true, resource: checked };
  });
}

async function findByIdentifier<T extends Resource>(
  client: CoordClient,
  type: string,
  identifier: { system: string; value: string },
  signal?: AbortSignal,
): Promise<T | undefined> {
  const path = searchPath(type, { identifier: `${identifier.system}|${identifier.value}`, _count: 2 });
  const res = await client.request<Resource>(path, { cache: false, kind: 'search', signal });
  const bundle = expectBundle<T>(res.body, client.url(type));
  const match = (bundle.entry ?? []).map((e) => e.resource).find((r) => r?.resourceType === type && clientIdentifierOf(r)?.value === identifier.value);
  return match as T | undefined;
}

/**
 * PUT with `If-Match` on the version `base` was read at. On 412 (or 409): re-read; if the server
 * already holds `mine` (our earlier attempt landed), that is a success; if the edits touch
 * different fields they are merged and sent again; otherwise a conflict result.
 */
export async function updateIfMatch<T extends Resource>(
  client: CoordClient,
  base: T,
  mine: T,
  options: WriteOptions & { maxRebases?: number } = {},
): Promise<WriteResult<T>> {
  const type = mine.resourceType;
  const id = mine.id ?? base.id;
  if (!id || base.id !== id) {
    return fail(new CoordError('invalid-request', 'An update needs the id of the resource it changes'));
  }
  const path = `${type}/${encodeURIComponent(id)}`;
  const maxRebases = options.maxRebases ?? 3;
  let from = base;
  let edit = mine;
  let rebases = 0;

  const reconcile = async (): Promise<WriteResult<T> | 'again'> => {
    const current = expectResource<T>(
      (await client.request<Resource>(path, { cache: false, signal: options.signal })).body,
      type,
      client.url(path),
    );
    if (sameContent(current, edit)) return done(current);
    // The server moved on: cached reads of this type are stale whatever happens next.
    invalidateTypes(client, [type]);
    const merged = mergeThreeWay(from, edit, current);
    if (!merged.ok) return { ok: false, conflict: { current, mine, base, fields: merged.fields } };
    if (sameContent(merged.merged, current)) return done(current);
    if (++rebases > maxRebases) return { ok: false, conflict: { current, mine, base, fields: [] } };
    from = current;
    edit = { ...merged.merged, meta: current.meta };
    return 'again';
  };

  const done = (resource: T): WriteResult<T> => {
    invalidateTypes(client, [type]);
    return { ok: true, resource };
  };

  return withRetries(options, async () => {
    for (;;) {
      const version = from.meta?.versionId;
      if (!version) {
        // Read without a version: compare with the server's current one before writing anything.
        const step = await reconcile();
        if (step !== 'again') return step;
        continue;
      }
      try {
        const res = await client.request<Resource>(path, {
          method: 'PUT',
          body: bodyOf(edit),
          headers: { 'If-Match': ifMatchFor(version), Prefer: 'return=representation' },
          signal: options.signal,
        });
        const saved = res.body
          ? expectResource<T>(res.body, type, client.url(path))
          : expectResource<T>((await client.request<Resource>(path, { cache: false, signal: options.signal })).body, type);
        return done(saved);
      } catch (raw) {
        const err = toCoordError(raw);
        if (err.kind !== 'precondition-failed' && err.kind !== 'conflict') throw err;
        const step = await reconcile();
        if (step !== 'again') return step;
      }
    }
  });
}

/** The body of a PUT: the resource without server-assigned version fields. */
function bodyOf<T extends Resource>(resource: T): T {
  if (!resource.meta) return resource;
  const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta;
  const copy = { ...resource, meta } as T;
  if (Object.keys(meta).length === 0) delete (copy as { meta?: unknown }).meta;
  return copy;
}

function fail<T extends Resource>(error: CoordError): WriteResult<T> {
  return { ok: false, error };
}

/** Runs an idempotent write, trying again after transient failures with backoff. */
export async function withRetries<T extends Resource>(
  options: WriteOptions,
  attempt: () => Promise<WriteResult<T>>,
): Promise<WriteResult<T>> {
  const retries = options.retries ?? 2;
  const backoff = options.backoffMs ?? 300;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (raw) {
      const err = toCoordError(options.signal?.aborted ? (options.signal.reason ?? raw) : raw);
      if (options.signal?.aborted || !isTransient(err) || n >= retries) return fail(err);
      const delay = backoff * 2 ** n;
      try {
        await sleep(delay + Math.random() * delay * 0.25, options.signal);
      } catch (abort) {
        return fail(toCoordError(abort));
      }
    }
  }
}

