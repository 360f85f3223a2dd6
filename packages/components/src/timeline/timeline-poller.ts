import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The shortest interval between checks, whatever the host asks (seconds). */
export const MIN_POLL_SECONDS = 5;

/**
 * Calls `check` every `seconds` while the host is connected and the page is visible, and once
 * more when the page becomes visible again. `check` gets a signal aborted when polling stops.
 */
export class Poller implements ReactiveController {
  private timer?: ReturnType<typeof setInterval>;
  private inflight?: AbortController;
  private seconds = 0;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly check: (signal: AbortSignal) => Promise<void>,
  ) {
    host.addController(this);
  }

  /** (Re)starts polling every `seconds`; 0, negative or not a number stops it. */
  start(seconds: number): void {
    this.seconds = Number.isFinite(seconds) && seconds > 0 ? Math.max(MIN_POLL_SECONDS, seconds) : 0;
    this.arm();
  }

  stop(): void {
    this.seconds = 0;
    this.arm();
  }

  /** Checks now, unless a check is already running. */
  async now(): Promise<void> {
    if (this.inflight) return;
    const controller = new AbortController();
    this.inflight = controller;
    try {
      await this.check(controller.signal);
    } finally {
      if (this.inflight === controller) this.inflight = undefined;
    }
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    this.arm();
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.arm();
  }

  private arm(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.inflight?.abort();
    this.inflight = undefined;
    if (!this.connected || this.seconds <= 0) return;
    this.timer = setInterval(() => {
      if (!document.hidden) void this.now();
    }, this.seconds * 1000);
  }

  private readonly onVisibility = (): void => {
    if (!document.hidden && this.timer !== undefined) void this.now();
  };
}
