/**
 * The chat's side of the API client's outbox: opens it for the patient and viewer, turns its
 * entries into messages shown as "sending" / "not sent", relays confirmations, and holds the
 * attachment content cache (object URLs) — the local files of unsent messages included, so a
 * photo shows at once and does not flicker when the server copy replaces it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  hasOutboxEntries,
  outboxScopes,
  onPurge,
  PURGED_EVENT,
  toCoordError,
  type CoordClient,
  type Outbox,
  type MessageView,
  type OutboxEntry,
  type OutboxSentEvent,
  type OutboxStore,
  type WriteOp,
} from '@coord/api-client';
import type { Communication } from '@medplum/fhirtypes';
import type { CoordErrorDetail } from '../events/coord-error.ts';
import { BlobCache, canFetch, fetchAttachment } from './chat-files.ts';
import { attachmentKey, type AttachmentInfo } from './chat-message.ts';
import type { PendingViews } from './chat-pending.ts';
import type { PendingInfo } from './chat-rows.ts';

export interface PendingMessage {
  entry: OutboxEntry;
  message: MessageView;
  info: PendingInfo;
  identifier?: string;
}

export interface ChatOutboxOptions {
  store(): OutboxStore | undefined;
  /** The server confirmed one of ours: what it stored, the pending row it replaces, its client identifier. */
  sent(resource: Communication, pendingReference: string, identifier: string | undefined): void;
  error(detail: CoordErrorDetail): void;
}

/**
 * The queue's code (outbox, IndexedDB store, and the write core it sends with), fetched when a
 * chat has entries to show or resend, or on its first send (issue #11): opening a chat only asks
 * IndexedDB whether anything is waiting (`hasOutboxEntries`).
 */
const loadQueue = () => import('./chat-outbox-queue.ts');

/** One IndexedDB connection for every chat of the page (once the queue's code is here). */
let sharedStore: Promise<OutboxStore> | undefined;

// A purge (sign-out) lets go of the connection, so the database can be deleted at once.
onPurge(async () => {
  const store = sharedStore;
  sharedStore = undefined;
  (await store?.catch(() => undefined))?.close?.();
});
function defaultStore(): Promise<OutboxStore> {
  sharedStore ??= loadQueue().then(
    ({ openOutboxStore, MemoryOutboxStore }) => openOutboxStore().catch(() => new MemoryOutboxStore()),
    (err: unknown) => {
      sharedStore = undefined; // the code did not arrive: the next open tries again
      throw err;
    },
  );
  return sharedStore;
}

/** What the chat's queue belongs to. */
interface QueueScope {
  client: CoordClient;
  patient: string;
  viewer: string;
}

export class ChatOutbox implements ReactiveController {
  pending: PendingMessage[] = [];
  online = globalThis.navigator?.onLine !== false;
  /** The server refused a message as forbidden: the viewer may read but not write here. */
  forbidden = false;
  readonly blobs: BlobCache;
  private outbox?: Outbox;
  private queue?: Awaited<ReturnType<typeof loadQueue>>;
  /** The queue being opened (or open) for `scope`; undefined until there is something to send or show. */
  private starting?: Promise<Outbox | undefined>;
  /** Bumped on every open and close: work begun for an earlier scope drops its result. */
  private generation = 0;
  private scope?: QueueScope;
  private client?: CoordClient;
  private viewer?: string;
  /** The thread's views of the queue's entries (with the queue's code). */
  private views?: PendingViews;
  private unpurge?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ChatOutboxOptions,
  ) {
    host.addController(this);
    this.blobs = new BlobCache(() => host.requestUpdate());
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }

  /** Open for a scope (its queue may not be loaded yet: it loads when there is something in it, or on the first send). */
  get isOpen(): boolean {
    return this.scope !== undefined;
  }

  /**
   * Opens the chat's side of the queue for this server + patient + viewer (closing the previous
   * one). The queue itself (and its code) opens only if it holds entries — shown and resent as
   * soon as they are read — or on the first `enqueue`.
   */
  open(client: CoordClient | undefined, patient: string | undefined, viewer: string | undefined): void {
    this.close();
    this.client = client;
    this.viewer = viewer;
    this.forbidden = false;
    if (!client || !patient || !viewer) return;
    this.scope = { client, patient, viewer };
    // A purge drops the queue, its messages and their files (object URLs); the chat then starts
    // an empty queue again for the same viewer.
    this.unpurge = onPurge(() => {
      this.close();
      document.addEventListener(PURGED_EVENT, () => {
        if (this.client === undefined && (this.host as unknown as Element).isConnected) this.open(client, patient, viewer);
      }, { once: true });
    });
    void this.startIfWaiting();
  }

  /** Fetches the queue's code ahead of a send (the viewer started writing), so a send made offline is still kept. */
  warmUp(): void {
    if (this.scope && !this.outbox) void loadQueue().catch(() => undefined);
  }

  /** Opens the queue now (the first send); rejects when its code or store cannot be had. */
  async ready(): Promise<void> {
    if (!this.outbox && !(await this.start())) throw new Error('Outbox not open');
  }

  /** Opens the queue if it holds entries of this scope (another chat of the page may have it open already). */
  private async startIfWaiting(): Promise<void> {
    const scope = this.scope;
    const generation = this.generation;
    if (!scope || this.starting) return;
    try {
      const store = this.options.store();
      // Once the queue's code is on the page (another chat opened it), a probe saves nothing.
      const waiting = sharedStore !== undefined || (await hasOutboxEntries(outboxScopes(scope.client.baseUrl, scope.patient, scope.viewer), store));
      if (waiting && generation === this.generation) await this.start();
    } catch (raw) {
      if (generation !== this.generation) return;
      const error = toCoordError(raw);
      this.options.error({ source: 'chat:outbox', kind: error.kind, message: 'The outbox could not be opened' });
    }
  }

  /** Opens the queue of the current scope (once); it flushes what it holds. A failed load can be tried again. */
  private start(): Promise<Outbox | undefined> {
    const scope = this.scope;
    if (!scope) return Promise.resolve(undefined);
    if (this.starting) return this.starting;
    const generation = this.generation;
    const starting = (async () => {
      const store = this.options.store() ?? (await defaultStore());
      const queue = await loadQueue();
      const outbox = await queue.Outbox.open({ ...scope, store });
      if (generation !== this.generation) {
        outbox.close();
        return undefined;
      }
      this.queue = queue;
      this.views ??= new queue.PendingViews(this.blobs, this.failed);
      this.outbox = outbox;
      outbox.addEventListener('change', this.onChange);
      outbox.addEventListener('sent', this.onSent);
      outbox.addEventListener('error', this.onError);
      await this.refresh();
      return outbox;
    })();
    this.starting = starting;
    // The code did not arrive (offline, a refused chunk): the next send or open tries again.
    starting.catch(() => {
      if (this.starting === starting) this.starting = undefined;
    });
    return starting;
  }

  close(): void {
    this.unpurge?.();
    this.unpurge = undefined;
    this.generation++;
    if (this.outbox) {
      this.outbox.removeEventListener('change', this.onChange);
      this.outbox.removeEventListener('sent', this.onSent);
      this.outbox.removeEventListener('error', this.onError);
      this.outbox.close();
    }
    this.outbox = undefined;
    this.starting = undefined;
    this.scope = undefined;
    this.client = undefined;
    // A chat still on the page drops what it showed of the closed queue (after a purge, nothing
    // reopens it); a removed one is not re-rendered (its virtualiser is gone).
    if (this.pending.length && (this.host as unknown as Element).isConnected) this.host.requestUpdate();
    this.pending = [];
    this.views?.clear();
    this.blobs.clear();
  }

  /** Keeps a message (IndexedDB) and starts sending it; opens the queue first if need be. Resolves once it is kept. */
  async enqueue(op: WriteOp): Promise<void> {
    await this.ready();
    await this.outbox!.enqueue(op);
    await this.refresh();
  }

  retry(id: string): Promise<void> | undefined {
    return this.outbox?.retry(id);
  }

  discard(id: string): Promise<void> | undefined {
    return this.outbox?.discard(id);
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.views?.clear();
    void this.refresh();
    // Back online: entries another tab left meanwhile are sent from here too (as an open queue would).
    if (online && !this.starting) void this.startIfWaiting();
  }

  /** What the thread shows of an attachment; images start loading when first shown. */
  /** A file's state; a photo not loaded yet starts loading unless `load` is false (its row is far from the view). */
  attachmentInfo(client: CoordClient | undefined, m: MessageView, i: number, load = true): AttachmentInfo {
    const a = m.attachments[i];
    const key = attachmentKey(m, i);
    const local = this.blobs.state(key);
    if (local) return { state: local, fetchable: true };
    if (!a || a.missing || !client || !canFetch(client, a)) return { fetchable: false };
    const state = a.isImage && load ? this.blobs.request(key, (signal) => fetchAttachment(client, a, signal)) : undefined;
    return { state, fetchable: true };
  }

  /** The server copy of a message we sent reuses the local files (no second download). */
  adoptBlobs(pendingReference: string, message: MessageView): void {
    message.attachments.forEach((_, i) => {
      const state = this.blobs.state(`${pendingReference}#${i}`);
      if (state?.status === 'ready') this.blobs.put(attachmentKey(message, i), state.blob);
    });
  }

  private readonly onChange = (_e: Event): void => {
    void this.refresh();
  };

  private readonly onSent = (e: Event): void => {
    const { entry, resource } = (e as OutboxSentEvent).detail;
    if (resource.resourceType === 'Communication') this.options.sent(resource as Communication, `Communication/pending-${entry.id}`, this.queue?.clientIdentifierOf(resource)?.value);
  };

  private readonly onError = (): void => {
    this.options.error({ source: 'chat:outbox', kind: 'invalid-response', message: 'The outbox could not be read or written' });
  };

  private async refresh(): Promise<void> {
    const outbox = this.outbox;
    if (!outbox || !this.views) return;
    const entries = await outbox.list();
    if (outbox !== this.outbox) return;
    this.pending = this.views.build(entries, this.online, this.viewer, this.client?.references.lookup ?? (() => undefined));
    this.host.requestUpdate();
  }

  /** A failure is told to the host (once, by `PendingViews`); a refusal as forbidden makes the chat read-only. */
  private readonly failed = (entry: OutboxEntry, error: NonNullable<OutboxEntry['lastError']>): void => {
    if (error.kind === 'forbidden' && entry.status === 'failed') this.forbidden = true;
    this.options.error({ source: 'chat:send', kind: error.kind, status: error.status, message: `Message not sent (${entry.status})` });
  };
}
