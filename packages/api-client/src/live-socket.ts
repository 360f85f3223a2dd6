/**
 * The FHIR Subscriptions half of `watch` (`live.ts`): R4 Subscriptions over a WebSocket
 * (`bind <id>` → `bound <id>`, then `ping <id>`), reconnects with backoff, a catch-up after each.
 * `watch` imports this module only once the server's CapabilityStatement offers a WebSocket
 * (`subscriptionSocketUrl`), so a page against a polling-only server never loads it.
 */
import type { Resource, Subscription } from '@medplum/fhirtypes';
import type { CoordClient } from './client.ts';
import { expectResource } from './expect.ts';
import type { LiveSocket, LiveSocketFactory, LiveUpdate, LiveWatch } from './live.ts';
import { sleep } from './pipeline.ts';

/** What a watch lends its subscriptions: its client, its scope, its timers and its poll. */
export interface SubscriptionHost {
  client: CoordClient;
  /** `Patient/…` */
  patient: string;
  types: readonly string[];
  /** The search parameter naming the patient for a type. */
  paramFor(type: string): string;
  socketFactory: LiveSocketFactory;
  /** The watch's stop signal. */
  signal: AbortSignal;
  /** The watch's stats, whose mode this module switches on a lost or regained socket. */
  state: { mode: LiveWatch['stats']['mode']; intervalMs: number };
  /** Current base and longest poll intervals (they change on `retune`). */
  base(): number;
  max(): number;
  poll(source: LiveUpdate['source'], types: readonly string[]): Promise<boolean>;
  tick(source: LiveUpdate['source']): Promise<void>;
  schedule(delay: number): void;
  reportError(err: unknown): void;
}

export interface SubscriptionChannel {
  /** Resolves true once every type's Subscription is created and bound on the socket. */
  readonly ready: Promise<boolean>;
  /** Closes the socket and deletes the server's Subscriptions (best effort). */
  close(): void;
}

export function openSubscriptions(host: SubscriptionHost, url: string): SubscriptionChannel {
  const { client, signal } = host;
  /** Server Subscription id → the type it watches. */
  const subscriptions = new Map<string, string>();
  let socket: LiveSocket | undefined;
  let reconnectMs = host.base();

  async function create(): Promise<boolean> {
    try {
      for (const type of host.types) {
        const body: Subscription = {
          resourceType: 'Subscription',
          status: 'requested',
          reason: 'coord-elements live updates',
          criteria: `${type}?${host.paramFor(type)}=${host.patient}`,
          channel: { type: 'websocket' },
        };
        const res = await client.request<Resource>('Subscription', { method: 'POST', body, signal });
        const created = expectResource<Subscription>(res.body, 'Subscription');
        if (created.id) subscriptions.set(created.id, type);
      }
    } catch (err) {
      host.reportError(err);
      return false;
    }
    return connect();
  }

  function connect(): Promise<boolean> {
    return new Promise((resolve) => {
      let ws: LiveSocket;
      try {
        ws = host.socketFactory(url);
      } catch {
        return resolve(false);
      }
      const pending = new Set(subscriptions.keys());
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(bindTimer);
        resolve(ok);
      };
      const bindTimer = setTimeout(() => {
        ws.close();
        settle(false);
      }, Math.max(5_000, host.base()));
      signal.addEventListener('abort', () => settle(false), { once: true });
      ws.addEventListener('open', () => {
        for (const id of subscriptions.keys()) ws.send(`bind ${id}`);
      });
      ws.addEventListener('message', (event) => {
        const [verb, id] = String(event.data ?? '').trim().split(/\s+/);
        const type = id ? subscriptions.get(id) : undefined;
        if (!id || !type) return;
        if (verb === 'bound') {
          pending.delete(id);
          if (pending.size === 0) {
            socket = ws;
            settle(true);
          }
        } else if (verb === 'ping') {
          void host.poll('subscription', [type]);
        } else if (verb === 'error') {
          ws.close();
        }
      });
      const lost = (): void => {
        if (!settled) return settle(false);
        if (socket !== ws || signal.aborted) return;
        socket = undefined;
        void fallBack();
      };
      ws.addEventListener('close', lost);
      ws.addEventListener('error', lost);
    });
  }

  /** Socket lost: poll meanwhile, reconnect with backoff, catch up once bound again. */
  async function fallBack(): Promise<void> {
    host.state.mode = 'polling';
    host.state.intervalMs = host.base();
    host.schedule(host.base());
    while (!signal.aborted) {
      try {
        await sleep(reconnectMs, signal);
      } catch {
        return;
      }
      reconnectMs = Math.min(host.max() * 4, reconnectMs * 2);
      if (await connect()) {
        reconnectMs = host.base();
        host.state.mode = 'websocket';
        await host.tick('catch-up');
        return;
      }
    }
  }

  return {
    ready: create(),
    close() {
      socket?.close();
      for (const id of subscriptions.keys()) {
        client.request(`Subscription/${id}`, { method: 'DELETE' }).catch(() => undefined);
      }
    },
  };
}
