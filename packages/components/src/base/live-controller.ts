import type { ReactiveController } from 'lit';
import type { LiveSubscription, LiveUpdate, ScopedClient } from '@coord/api-client';
import type { CoordElement } from './coord-element.ts';

/** The shortest interval between checks, whatever the host asks (seconds). */
export const MIN_POLL_SECONDS = 5;

export interface LiveOptions {
  /** Resource types to watch (e.g. `['Communication']`); may change over time. */
  types: () => readonly string[];
  /** Seconds between checks; 0, negative or not a number: off. Raised to `minSeconds`. */
  seconds: () => number;
  /** The shortest interval allowed (default `MIN_POLL_SECONDS`; a chat may poll faster). */
  minSeconds?: number;
  /** How far polling may slow down while nothing changes, as a multiple (default: the hub's, 8×). */
  idleFactor?: number;
  /** Whether the element is ready to receive updates (e.g. its first load is done). */
  enabled?: () => boolean;
  /** Called with what changed, for the scope the subscription was made on. */
  onUpdate: (update: LiveUpdate, client: ScopedClient) => void;
}

/**
 * Live updates for an element through its scope's one live hub: the hub runs one watcher per
 * resource type whatever the number of elements subscribed, so a page with five elements polls
 * each type once. The subscription follows the element: made when connected and ready, moved to
 * the new scope on a patient or viewer switch, dropped when disconnected.
 */
export class LiveController implements ReactiveController {
  private subscription?: LiveSubscription;
  private key?: string;
  private client?: ScopedClient;
  private connected = false;

  constructor(
    private readonly host: CoordElement,
    private readonly options: LiveOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  hostUpdated(): void {
    this.sync();
  }

  /** Whether a subscription is running (connected, enabled, interval above 0). */
  get active(): boolean {
    return this.subscription !== undefined;
  }

  /** Checks now (a "check for new items" action, or right after a write). */
  async refresh(): Promise<void> {
    await this.subscription?.refresh();
  }

  /** Effective interval in seconds (0 = off). */
  get seconds(): number {
    const s = this.options.seconds();
    return Number.isFinite(s) && s > 0 ? Math.max(this.options.minSeconds ?? MIN_POLL_SECONDS, s) : 0;
  }

  private sync(): void {
    const client = this.host.session?.client;
    const seconds = this.seconds;
    const types = [...this.options.types()].sort();
    const on = this.connected && client !== undefined && client.patient !== undefined && !client.disposed && seconds > 0 && types.length > 0 && (this.options.enabled?.() ?? true);
    const key = on ? `${types.join(',')}|${seconds}` : undefined;
    if (key === this.key && client === this.client) return;
    this.stop();
    if (!on || !client) return;
    this.key = key;
    this.client = client;
    this.subscription = client.live.subscribe(types, (update) => {
      if (client === this.host.session?.client) this.options.onUpdate(update, client);
    }, { intervalMs: seconds * 1000, maxIntervalMs: this.options.idleFactor ? seconds * 1000 * this.options.idleFactor : undefined });
  }

  private stop(): void {
    this.subscription?.();
    this.subscription = undefined;
    this.key = undefined;
    this.client = undefined;
  }
}
