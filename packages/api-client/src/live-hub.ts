/**
 * One live hub per scoped client (`scope.live`): every element that wants to hear of changes
 * subscribes here, and each resource type is watched once, whoever asks — one `_lastUpdated`
 * poll per watched type per tick (adaptive, paused while the page is hidden; a FHIR
 * Subscription over WebSocket where the server offers one, see `live.ts`), fanned out to every
 * subscriber of that type. A type polls at the shortest interval its subscribers ask for; the
 * last subscriber leaving stops it. Every type is scoped to the patient with the client's one
 * patient-parameter table, the same the readers and the timeline feed use.
 */
import type { CoordClient } from './client.ts';
import { CoordError } from './errors.ts';
import { watch, type LiveSocketFactory, type LiveUpdate, type LiveWatch, type VisibilitySource, type WatchCallback } from './live.ts';

/** Hub-wide settings (from `CoordClientOptions.live`). */
export interface LiveHubOptions {
  /** WebSocket factory (default: the global WebSocket, when there is one). */
  webSocket?: LiveSocketFactory;
  /** Visibility source (default `globalThis.document`; `null`: always visible). */
  visibility?: VisibilitySource | null;
  /** Try FHIR Subscriptions over WebSocket when offered (default true). */
  subscriptions?: boolean;
  /** Re-ask this much before the last seen instant (default 1 000 ms). */
  overlapMs?: number;
}

export interface LiveSubscribeOptions {
  /** How soon this subscriber wants news, in ms (default 10 000); a type polls at its subscribers' shortest. */
  intervalMs?: number;
  /** Longest wait while nothing changes (default 8 × intervalMs, at most 2 min). */
  maxIntervalMs?: number;
  /** Failed polls of the subscribed types (the watch keeps going). */
  onError?: (error: CoordError) => void;
}

/** What `subscribe` returns: call it to unsubscribe. */
export interface LiveSubscription {
  (): void;
  /** Polls this subscription's types now (for a "check now" button, or after sending). */
  refresh(): Promise<void>;
  readonly types: readonly string[];
}

export interface LiveWatcherStats {
  type: string;
  subscribers: number;
  mode: LiveWatch['stats']['mode'];
  polls: number;
  intervalMs: number;
}

interface Subscriber {
  types: readonly string[];
  callback: WatchCallback;
  intervalMs: number;
  maxIntervalMs: number;
  onError?: (error: CoordError) => void;
}

interface Watcher {
  watch: LiveWatch;
  subscribers: Set<Subscriber>;
}

const DEFAULT_INTERVAL_MS = 10_000;

export class LiveHub {
  private readonly watchers = new Map<string, Watcher>();
  private closed = false;

  /** `patient`: `Patient/<id>`; a hub without a patient refuses subscriptions. */
  constructor(
    private readonly client: CoordClient,
    readonly patient: string | undefined,
    private readonly options: LiveHubOptions = {},
  ) {}

  /**
   * Calls `callback` with the changes of these resource types (one update per type and poll),
   * from now on. Subscribing twice to a type runs one poll; a type's cached reads are dropped
   * before any callback runs, so a re-read there is fresh.
   */
  subscribe(types: readonly string[], callback: WatchCallback, options: LiveSubscribeOptions = {}): LiveSubscription {
    if (!this.patient) throw new CoordError('invalid-request', 'Live updates need a patient scope');
    if (this.closed) throw new CoordError('aborted', 'This scope was disposed');
    const intervalMs = Math.max(50, options.intervalMs ?? DEFAULT_INTERVAL_MS);
    const subscriber: Subscriber = {
      types: [...new Set(types)],
      callback,
      intervalMs,
      maxIntervalMs: Math.max(intervalMs, options.maxIntervalMs ?? Math.min(120_000, intervalMs * 8)),
      onError: options.onError,
    };
    for (const type of subscriber.types) this.join(type, subscriber);
    let active = true;
    const unsubscribe = (() => {
      if (!active) return;
      active = false;
      for (const type of subscriber.types) this.leave(type, subscriber);
    }) as LiveSubscription;
    Object.defineProperty(unsubscribe, 'types', { value: subscriber.types });
    (unsubscribe as { refresh: LiveSubscription['refresh'] }).refresh = async () => {
      if (!active) return;
      await Promise.all(subscriber.types.map((t) => this.watchers.get(t)?.watch.refresh()));
    };
    return unsubscribe;
  }

  /** One line per watched type: who listens, how often it polls, and how many polls so far. */
  get stats(): LiveWatcherStats[] {
    return [...this.watchers].map(([type, w]) => ({ type, subscribers: w.subscribers.size, ...w.watch.stats }));
  }

  /** Stops every watcher (the scope is gone). */
  close(): void {
    this.closed = true;
    for (const w of this.watchers.values()) w.watch();
    this.watchers.clear();
  }

  private join(type: string, subscriber: Subscriber): void {
    const existing = this.watchers.get(type);
    if (existing) {
      existing.subscribers.add(subscriber);
      this.retune(existing);
      return;
    }
    const subscribers = new Set([subscriber]);
    const stop = watch(
      this.client,
      {
        patient: this.patient!,
        types: [type],
        intervalMs: subscriber.intervalMs,
        maxIntervalMs: subscriber.maxIntervalMs,
        webSocket: this.options.webSocket,
        visibility: this.options.visibility,
        subscriptions: this.options.subscriptions,
        overlapMs: this.options.overlapMs,
        onError: (error) => {
          for (const s of subscribers) s.onError?.(error);
        },
      },
      (update) => this.fanOut(subscribers, update),
    );
    this.watchers.set(type, { watch: stop, subscribers });
  }

  private leave(type: string, subscriber: Subscriber): void {
    const w = this.watchers.get(type);
    if (!w) return;
    w.subscribers.delete(subscriber);
    if (w.subscribers.size > 0) return this.retune(w);
    w.watch();
    this.watchers.delete(type);
  }

  private retune(w: Watcher): void {
    const list = [...w.subscribers];
    w.watch.retune(Math.min(...list.map((s) => s.intervalMs)), Math.min(...list.map((s) => s.maxIntervalMs)));
  }

  private fanOut(subscribers: Set<Subscriber>, update: LiveUpdate): void {
    for (const s of [...subscribers]) {
      try {
        s.callback(update);
      } catch (err) {
        // One subscriber failing does not keep the news from the others.
        (globalThis as { reportError?: (e: unknown) => void }).reportError?.(err);
      }
    }
  }
}
