/**
 * The outbox: messages, notes and action updates that could not reach the server (offline, 5xx,
 * timeout, network) wait here — in IndexedDB, per server, patient and viewer — and are replayed
 * in enqueue order when the network comes back, exactly once: creates are idempotent (client
 * identifier + If-None-Exist), updates conditional (If-Match); a 412 that cannot be merged makes
 * the entry a `conflict`, kept with the server's version for the user, never overwritten.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { CoordClient } from './client.ts';
import type { CoordError } from './errors.ts';
import { newUuid } from './ids.ts';
import { localKey } from './local-keys.ts';
import { legacyOutboxScope } from './outbox-probe.ts';
import { openOutboxStore, type OutboxEntry, type OutboxStore } from './outbox-store.ts';
import type { WriteOp } from './writes/build.ts';
import { isTransient } from './writes/core.ts';
import { mergeThreeWay, sameContent } from './writes/merge.ts';
import { executeOp } from './writes/writer.ts';

export type { OutboxEntry, OutboxStatus, OutboxStore } from './outbox-store.ts';

export interface OutboxOptions {
  client: CoordClient;
  /** `Patient/…` the entries belong to. */
  patient: string;
  /** The viewer writing (`PractitionerRole/…`): one user's queue is never replayed as another's. */
  viewer: string;
  /** Defaults to IndexedDB when available, memory otherwise. */
  store?: OutboxStore;
  /** First retry delay after a failure, doubled per attempt (default 1 000 ms). */
  backoffMs?: number;
  /** Longest wait between retries (default 60 000 ms). */
  maxBackoffMs?: number;
  /** Flush on enqueue, on `online` and on the backoff timer (default true). */
  autoFlush?: boolean;
  /** Where `online` events come from (default `globalThis`; `null`: none). */
  events?: EventTarget | null;
}

/** `sent`: the server confirmed an entry; `detail.resource` is what it stored. */
export class OutboxSentEvent extends Event {
  constructor(readonly detail: { entry: OutboxEntry; resource: Resource }) {
    super('sent');
  }
}

/** `change`: the list changed (`detail.entry` is the entry concerned, when there is one). */
export class OutboxChangeEvent extends Event {
  constructor(readonly detail: { entry?: OutboxEntry } = {}) {
    super('change');
  }
}

/** `error`: the queue itself could not be read or written (e.g. storage full); entries are untouched. */
export class OutboxErrorEvent extends Event {
  constructor(readonly detail: { error: unknown }) {
    super('error');
  }
}

/** Errors after which the entry stays pending and is tried again later (the network may come back). */
function worthRetrying(error: CoordError): boolean {
  return isTransient(error) || error.kind === 'auth' || error.kind === 'aborted';
}

export class Outbox extends EventTarget {
  readonly scope: string;
  private readonly client: CoordClient;
  private readonly opts: Required<Pick<OutboxOptions, 'backoffMs' | 'maxBackoffMs' | 'autoFlush'>>;
  private readonly events: EventTarget | null;
  private readonly closing = new AbortController();
  /** The last version the server confirmed per `Type/id`, so queued updates chain without a 412. */
  private readonly latest = new Map<string, Resource>();
  private running: Promise<void> | undefined;
  private again = false;
  private ignoreBackoff = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSeq = 0;
  private ownsStore = false;

  private constructor(
    options: OutboxOptions,
    private readonly store: OutboxStore,
  ) {
    super();
    this.client = options.client;
    // A hash: what is on the device never spells out who wrote about which patient.
    this.scope = localKey(options.client.baseUrl, options.patient, options.viewer);
    this.opts = { backoffMs: 1_000, maxBackoffMs: 60_000, autoFlush: true, ...stripUndefined(options) };
    this.events = options.events === undefined ? (typeof globalThis.addEventListener === 'function' ? globalThis : null) : options.events;
  }

  /** Opens the queue; entries left `sending` by a closed page go back to `pending` (replay is safe). */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const outbox = new Outbox(options, options.store ?? (await openOutboxStore()));
    outbox.ownsStore = !options.store;
    // Entries kept by an earlier version under the readable scope move under the hashed one.
    for (const entry of await outbox.store.list(legacyOutboxScope(options.client.baseUrl, options.patient, options.viewer))) {
      await outbox.store.put({ ...entry, scope: outbox.scope });
    }
    for (const entry of await outbox.store.list(outbox.scope)) {
      outbox.lastSeq = Math.max(outbox.lastSeq, entry.seq);
      if (entry.status === 'sending') await outbox.store.put({ ...entry, status: 'pending' });
    }
    outbox.events?.addEventListener('online', outbox.onOnline);
    if (outbox.opts.autoFlush) void outbox.flush();
    return outbox;
  }

  /** Keeps a write and (with autoFlush) starts sending it. Updates of a queued target chain on the queued version. */
  async enqueue(op: WriteOp): Promise<OutboxEntry> {
    const target = op.kind === 'update' ? `${op.resource.resourceType}/${op.resource.id}` : op.resource.resourceType;
    let queued = structuredClone(op);
    if (queued.kind === 'update') {
      const previous = (await this.store.list(this.scope)).filter((e) => e.target === target && e.op.kind === 'update').pop();
      if (previous && previous.op.kind === 'update') {
        // The same user's later edit wins over their own earlier one.
        const merged = mergeThreeWay(queued.base, queued.resource, previous.op.resource, { prefer: 'mine' });
        if (merged.ok) queued = { kind: 'update', base: previous.op.resource, resource: merged.merged };
      }
    }
    this.lastSeq = Math.max(this.lastSeq + 1, Date.now() * 1000);
    const entry: OutboxEntry = {
      id: newUuid(),
      scope: this.scope,
      seq: this.lastSeq,
      createdAt: new Date().toISOString(),
      target,
      op: queued,
      status: 'pending',
      attempts: 0,
    };
    await this.store.put(entry);
    this.emitChange(entry);
    if (this.opts.autoFlush) void this.flush();
    return entry;
  }

  /** Everything waiting, failed or in conflict, in send order. */
  list(): Promise<OutboxEntry[]> {
    return this.store.list(this.scope);
  }

  /** Sends a failed (or waiting) entry again now. */
  async retry(id: string): Promise<void> {
    const entry = await this.own(id);
    if (!entry) return;
    await this.store.put({ ...entry, status: 'pending', nextAttemptAt: undefined });
    this.emitChange(entry);
    this.ignoreBackoff = true;
    await this.flush();
  }

  /** Drops an entry (the user gave it up). */
  async discard(id: string): Promise<void> {
    const entry = await this.own(id);
    if (!entry) return;
    await this.store.delete(id);
    this.emitChange(entry);
  }

  /** After a conflict: `resolved` (the user's merge, made from `entry.conflict.current`) is sent with If-Match on that version. */
  async resolveConflict(id: string, resolved: Resource): Promise<void> {
    const entry = await this.own(id);
    if (!entry?.conflict || entry.op.kind !== 'update') return;
    const current = entry.conflict.current;
    await this.store.put({
      ...entry,
      op: { kind: 'update', base: current, resource: { ...resolved, meta: current.meta } },
      status: 'pending',
      conflict: undefined,
      nextAttemptAt: undefined,
    });
    this.emitChange(entry);
    await this.flush();
  }

  /**
   * Sends pending entries in order. Stops at the first one that meets a transient failure (so
   * order holds) and schedules a retry with backoff. Resolves when this pass is over.
   */
  flush(): Promise<void> {
    if (this.closing.signal.aborted) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.exclusively(() => this.pass());
        } catch (error) {
          if (!this.closing.signal.aborted) this.dispatchEvent(new OutboxErrorEvent({ error }));
          return;
        }
      } while (this.again && !this.closing.signal.aborted);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops timers and listeners; an entry being sent goes back to pending. */
  close(): void {
    this.closing.abort();
    clearTimeout(this.timer);
    this.events?.removeEventListener('online', this.onOnline);
    if (this.ownsStore) void (this.running ?? Promise.resolve()).then(() => this.store.close?.());
  }

  private readonly onOnline = (): void => {
    this.ignoreBackoff = true;
    void this.flush();
  };

  private async pass(): Promise<void> {
    const ignoreBackoff = this.ignoreBackoff;
    this.ignoreBackoff = false;
    for (const listed of await this.store.list(this.scope)) {
      if (this.closing.signal.aborted) return;
      // Another tab (or a discard) may have changed it since the list was read.
      const entry = await this.store.get(listed.id);
      if (!entry || entry.status === 'failed' || entry.status === 'conflict') continue;
      const wait = (entry.nextAttemptAt ?? 0) - Date.now();
      if (wait > 0 && !ignoreBackoff) {
        this.schedule(wait);
        return;
      }
      if (globalThis.navigator?.onLine === false) return; // the `online` event flushes again
      if (!(await this.send(entry))) return;
    }
  }

  /** Sends one entry; false when the queue must stop here (transient failure). */
  private async send(entry: OutboxEntry): Promise<boolean> {
    entry.status = 'sending';
    entry.attempts++;
    await this.store.put(entry);
    this.emitChange(entry);
    const op = this.rebased(entry.op);
    const result = await executeOp(this.client, op, {
      signal: this.closing.signal,
      retries: 1,
      backoffMs: Math.min(this.opts.backoffMs, 300),
      mayExist: entry.attempts > 1,
      onUploaded: () => this.store.put(entry),
    });
    if (result.ok) {
      const resource = result.resource;
      if (op.kind === 'update') this.latest.set(entry.target, resource);
      await this.store.delete(entry.id);
      this.dispatchEvent(new OutboxSentEvent({ entry, resource }));
      this.emitChange(entry);
      return true;
    }
    if ('conflict' in result) {
      entry.status = 'conflict';
      entry.conflict = { current: result.conflict.current, fields: result.conflict.fields };
      entry.lastError = { kind: 'precondition-failed', status: 412, at: new Date().toISOString() };
      await this.store.put(entry);
      this.emitChange(entry);
      return true;
    }
    const error = result.error;
    entry.lastError = { kind: error.kind, status: error.status, at: new Date().toISOString() };
    if (worthRetrying(error)) {
      entry.status = 'pending';
      if (error.kind === 'aborted') entry.attempts--; // closed, not failed
      else entry.nextAttemptAt = Date.now() + this.backoff(entry.attempts);
      await this.store.put(entry);
      this.emitChange(entry);
      if (error.kind !== 'aborted') this.schedule(entry.nextAttemptAt! - Date.now());
      return false;
    }
    entry.status = 'failed';
    await this.store.put(entry);
    this.emitChange(entry);
    return true;
  }

  /** A queued update made from an older version than the one this outbox just wrote: move it onto that version. */
  private rebased(op: WriteOp): WriteOp {
    if (op.kind !== 'update') return op;
    const known = this.latest.get(`${op.resource.resourceType}/${op.resource.id}`);
    if (!known || known.meta?.versionId === op.base.meta?.versionId) return op;
    if (sameContent(known, op.base)) return { kind: 'update', base: known, resource: { ...op.resource, meta: known.meta } };
    const merged = mergeThreeWay(op.base, op.resource, known);
    return merged.ok ? { kind: 'update', base: known, resource: { ...merged.merged, meta: known.meta } } : op;
  }

  private backoff(attempts: number): number {
    const base = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** Math.max(0, attempts - 1));
    return base * (0.8 + Math.random() * 0.4);
  }

  private schedule(ms: number): void {
    if (!this.opts.autoFlush || this.closing.signal.aborted) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), Math.max(0, ms));
  }

  /** One tab at a time replays a queue (Web Locks where available; same-tab passes never overlap). */
  private async exclusively(run: () => Promise<void>): Promise<void> {
    const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
    if (!locks) return run();
    await locks.request(`coord-outbox:${this.scope}`, run);
  }

  private async own(id: string): Promise<OutboxEntry | undefined> {
    const entry = await this.store.get(id);
    return entry?.scope === this.scope ? entry : undefined;
  }

  private emitChange(entry?: OutboxEntry): void {
    this.dispatchEvent(new OutboxChangeEvent({ entry: entry && structuredClone(entry) }));
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
