/**
 * Live updates: `watch(client, { patient, types }, callback)` tells subscribers what changed.
 * Polling with `_lastUpdated=gt<last seen>` works on every FHIR server: the interval adapts (slower
 * while nothing changes, back to the base after a change), pauses while the tab is hidden and
 * catches up when it shows again. Where the CapabilityStatement offers R4 Subscriptions over a
 * WebSocket, they are used (a `ping` triggers the same catch-up query); any failure falls back to
 * polling, with reconnects and a catch-up after each. Changed types are dropped from the shared
 * cache before callbacks run.
 */
import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from './client.ts';
import { expectBundle } from './expect.ts';
import { toCoordError, type CoordError } from './errors.ts';
import { searchPath } from './search.ts';
import { invalidateTypes } from './cache.ts';
import type { SubscriptionChannel } from './live-socket.ts';

export interface LiveChange {
  type: string;
  /** New or updated resources (latest version each), oldest first. */
  resources: Resource[];
}

export interface LiveUpdate {
  changes: LiveChange[];
  /** `poll`: timer; `subscription`: a server notification; `catch-up`: after a pause or reconnect. */
  source: 'poll' | 'subscription' | 'catch-up';
}

export type WatchCallback = (update: LiveUpdate) => void;

/** Minimal WebSocket surface (the browser's, or an injected one). */
export interface LiveSocket {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown }) => void): void;
}
export type LiveSocketFactory = (url: string) => LiveSocket;

/** Where the page says whether it is visible (`document`, or a stand-in in tests). */
export interface VisibilitySource {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface WatchOptions {
  /** `Patient/…` */
  patient: string;
  /** Resource types to watch, e.g. `['Communication', 'Task']`. */
  types: string[];
  /** Base polling interval (default 10 000 ms); also the interval right after a change. */
  intervalMs?: number;
  /** Longest interval while nothing changes (default 8 × intervalMs, at most 2 min). */
  maxIntervalMs?: number;
  /** Search parameter naming the patient, per type, when the default table does not fit a server. */
  patientParams?: Record<string, string>;
  /** Re-ask this much before the last seen instant, for servers that commit out of order (default 1 000 ms). */
  overlapMs?: number;
  /** Try FHIR Subscriptions over WebSocket when the server offers them (default true). */
  subscriptions?: boolean;
  /** WebSocket factory (default: the global WebSocket, when there is one). */
  webSocket?: LiveSocketFactory;
  /** Visibility source (default `globalThis.document`; `null`: always visible). */
  visibility?: VisibilitySource | null;
  /** Failed polls and subscription errors (the watch keeps going). */
  onError?: (error: CoordError) => void;
}

export interface LiveWatch {
  /** Stops watching (timers, listeners, socket; server subscriptions deleted, best effort). */
  (): void;
  /** Polls now. */
  refresh(): Promise<void>;
  /** Changes the base and longest intervals (a subscriber wanting quicker news joined, or left). */
  retune(intervalMs: number, maxIntervalMs?: number): void;
  readonly stats: { readonly mode: 'starting' | 'polling' | 'websocket'; readonly polls: number; readonly intervalMs: number };
}

const WEBSOCKET_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket';
const PAGE_SIZE = 100;
const MAX_PAGES = 20;

/** Adaptive polling: back to the base after a change, ×1.5 per quiet poll, capped. */
export function nextInterval(current: number, changed: boolean, base: number, max: number): number {
  return changed ? base : Math.min(max, Math.round(current * 1.5));
}

/** The R4 WebSocket URL the server advertises, if it also lets clients create Subscriptions. */
export function subscriptionSocketUrl(capability: CapabilityStatement | undefined): string | undefined {
  for (const rest of capability?.rest ?? []) {
    const url = rest.extension?.find((e) => e.url === WEBSOCKET_EXTENSION)?.valueUri;
    const sub = rest.resource?.find((r) => r.type === 'Subscription');
    const canCreate = !sub?.interaction || sub.interaction.some((i) => i.code === 'create');
    if (url && sub && canCreate) return url;
  }
  return undefined;
}

export function watch(client: CoordClient, options: WatchOptions, callback: WatchCallback): LiveWatch {
  let base = Math.max(50, options.intervalMs ?? 10_000);
  let max = Math.max(base, options.maxIntervalMs ?? Math.min(120_000, base * 8));
  const overlap = options.overlapMs ?? 1_000;
  const visibility = options.visibility === undefined ? (globalThis.document as VisibilitySource | undefined) : options.visibility;
  const socketFactory =
    options.webSocket ??
    (typeof globalThis.WebSocket === 'function' ? (url: string) => new globalThis.WebSocket(url) as unknown as LiveSocket : undefined);
  const stop = new AbortController();
  const cursors = new Map<string, number | undefined>();
  /** `Type/id/version` already reported, for the overlap window. */
  const seen = new Map<string, number>();
  const baselines = new Map<string, number>();
  const state = { mode: 'starting' as LiveWatch['stats']['mode'], polls: 0, intervalMs: base };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polling: Promise<boolean> | undefined;

  const hidden = (): boolean => visibility?.visibilityState === 'hidden';
  const reportError = (err: unknown): void => {
    const e = toCoordError(err);
    if (e.kind !== 'aborted') options.onError?.(e);
  };

  // One table for everyone (search.ts), so the timeline, the chat and the readers ask alike.
  const paramFor = (type: string): string => options.patientParams?.[type] ?? client.patientParam(type);

  /** Signal of the current poll (a child of `stop`, so long watches do not pile listeners on one signal). */
  let pollSignal: AbortSignal = stop.signal;

  async function search(url: string): Promise<Bundle> {
    return expectBundle((await client.request<Resource>(url, { cache: false, kind: 'search', signal: pollSignal })).body, client.url(url));
  }

  /** Baseline: the newest version per type when watching starts (server clock, not ours). */
  async function initCursor(type: string): Promise<void> {
    const bundle = await search(searchPath(type, { [paramFor(type)]: options.patient, _sort: '-_lastUpdated', _count: 1 }));
    const newest = bundle.entry?.[0]?.resource?.meta?.lastUpdated;
    const t = newest ? Date.parse(newest) : NaN;
    cursors.set(type, Number.isFinite(t) ? t : undefined);
    // What existed when watching started is not a change, even inside the overlap window.
    if (Number.isFinite(t)) baselines.set(type, t);
  }

  async function changesOf(type: string): Promise<Resource[]> {
    if (!cursors.has(type)) {
      await initCursor(type); // never "everything changed" because the first look failed
      return [];
    }
    const cursor = cursors.get(type);
    const path = searchPath(type, {
      [paramFor(type)]: options.patient,
      _lastUpdated: cursor === undefined ? undefined : `gt${new Date(cursor - overlap).toISOString()}`,
      _sort: '_lastUpdated',
      _count: PAGE_SIZE,
    });
    const found = new Map<string, Resource>();
    try {
      await collect(type, await search(path), found);
    } catch (err) {
      // Pages come oldest first, so the cursor only moved past what was collected: report that, retry the rest.
      reportError(err);
    }
    const floor = (cursors.get(type) ?? 0) - overlap - 60_000;
    for (const [key, t] of seen) if (t < floor) seen.delete(key);
    return [...found.values()];
  }

  async function collect(type: string, first: Bundle, found: Map<string, Resource>): Promise<void> {
    let bundle: Bundle | undefined = first;
    for (let page = 0; bundle && page < MAX_PAGES; page++) {
      for (const entry of bundle.entry ?? []) {
        const r = entry.resource;
        if (r?.resourceType !== type || !r.id) continue;
        const t = Date.parse(r.meta?.lastUpdated ?? '');
        const key = `${type}/${r.id}/${r.meta?.versionId ?? t}`;
        if (Number.isFinite(t)) cursors.set(type, Math.max(cursors.get(type) ?? 0, t));
        if (seen.has(key) || t <= (baselines.get(type) ?? -Infinity)) continue;
        seen.set(key, Number.isFinite(t) ? t : Date.now());
        found.set(`${type}/${r.id}`, r);
      }
      const next: string | undefined = bundle.link?.find((l) => l.relation === 'next')?.url;
      bundle = next && sameOrigin(client, next) ? await search(next) : undefined;
    }
  }

  /** One query per type; reports what changed. Resolves true when something did. Never rejects. */
  function poll(source: LiveUpdate['source'], types = options.types): Promise<boolean> {
    if (polling) return polling.then(() => poll(source, types));
    const scope = new AbortController();
    const cancel = (): void => scope.abort(stop.signal.reason);
    stop.signal.addEventListener('abort', cancel, { once: true });
    pollSignal = scope.signal;
    const run = (async (): Promise<boolean> => {
      state.polls++;
      const changes: LiveChange[] = [];
      for (const type of types) {
        if (stop.signal.aborted) return false;
        const resources = await changesOf(type).catch((err: unknown) => {
          reportError(err); // one type failing does not hide the others' changes
          return [];
        });
        if (resources.length) changes.push({ type, resources });
      }
      if (!changes.length || stop.signal.aborted) return false;
      invalidateTypes(client, changes.map((c) => c.type));
      try {
        callback({ changes, source });
      } catch (err) {
        (globalThis as { reportError?: (e: unknown) => void }).reportError?.(err);
      }
      return true;
    })().catch((err: unknown) => {
      reportError(err);
      return false;
    });
    polling = run.finally(() => {
      polling = undefined;
      stop.signal.removeEventListener('abort', cancel);
    });
    return polling;
  }

  /** Timer loop: adaptive while polling; a slow safety net while a socket is bound. */
  function schedule(delay: number): void {
    clearTimeout(timer);
    if (stop.signal.aborted || hidden()) return;
    timer = setTimeout(() => void tick('poll'), delay);
  }

  async function tick(source: LiveUpdate['source']): Promise<void> {
    const changed = await poll(source);
    if (stop.signal.aborted) return;
    state.intervalMs = state.mode === 'websocket' ? max : nextInterval(state.intervalMs, changed, base, max);
    schedule(state.intervalMs);
  }

  const onVisibility = (): void => {
    if (hidden()) {
      clearTimeout(timer);
      return;
    }
    state.intervalMs = base;
    void tick('catch-up');
  };

  const onOnline = (): void => void tick('catch-up');

  // --- FHIR Subscriptions over WebSocket: their code (`live-socket.ts`) loads only when the
  // server's CapabilityStatement offers them, so a polling-only page never fetches it. ---

  /** The open subscriptions, once bound (their socket, reconnects and server resources). */
  let channel: SubscriptionChannel | undefined;

  async function subscribe(): Promise<boolean> {
    if (options.subscriptions === false || !socketFactory) return false;
    let url: string | undefined;
    try {
      const cap = (await client.request<Resource>('metadata', { signal: stop.signal })).body;
      url = subscriptionSocketUrl(cap?.resourceType === 'CapabilityStatement' ? (cap as CapabilityStatement) : undefined);
    } catch {
      return false; // no or broken metadata: polling only
    }
    if (!url) return false;
    let socketModule: typeof import('./live-socket.ts');
    try {
      socketModule = await import('./live-socket.ts');
    } catch (err) {
      reportError(err); // the module did not arrive: polling only
      return false;
    }
    if (stop.signal.aborted) return false;
    channel = socketModule.openSubscriptions(
      {
        client,
        patient: options.patient,
        types: options.types,
        paramFor,
        socketFactory,
        signal: stop.signal,
        state,
        base: () => base,
        max: () => max,
        poll: (source, types) => poll(source, [...types]),
        tick,
        schedule,
        reportError,
      },
      url,
    );
    return channel.ready;
  }

  async function start(): Promise<void> {
    await Promise.all(options.types.map((type) => initCursor(type).catch(reportError)));
    if (stop.signal.aborted) return;
    state.mode = (await subscribe()) ? 'websocket' : 'polling';
    if (stop.signal.aborted) return channel?.close();
    // Anything written while we were setting up.
    await tick('catch-up');
  }

  visibility?.addEventListener('visibilitychange', onVisibility);
  globalThis.addEventListener?.('online', onOnline);
  void start();

  const unsubscribe = (() => {
    if (stop.signal.aborted) return;
    stop.abort();
    clearTimeout(timer);
    visibility?.removeEventListener('visibilitychange', onVisibility);
    globalThis.removeEventListener?.('online', onOnline);
    channel?.close();
  }) as LiveWatch;
  Object.defineProperty(unsubscribe, 'stats', { get: () => ({ ...state }) });
  (unsubscribe as { refresh: () => Promise<void> }).refresh = async () => {
    await poll('poll');
  };
  (unsubscribe as { retune: LiveWatch['retune'] }).retune = (intervalMs, maxIntervalMs) => {
    const nextBase = Math.max(50, intervalMs);
    const nextMax = Math.max(nextBase, maxIntervalMs ?? Math.min(120_000, nextBase * 8));
    const sooner = nextBase < base;
    base = nextBase;
    max = nextMax;
    if (state.mode === 'websocket') return;
    state.intervalMs = sooner ? base : Math.min(state.intervalMs, max);
    // Quicker news wanted: the next poll comes at the new base, not after the old, longer wait.
    if (sooner && state.mode === 'polling' && !polling) schedule(base);
  };
  return unsubscribe;
}

function sameOrigin(client: CoordClient, url: string): boolean {
  return client.isSameOrigin(url);
}
