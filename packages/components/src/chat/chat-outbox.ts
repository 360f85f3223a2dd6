/**
 * The chat's side of the API client's outbox: opens it for the patient and viewer, turns its
 * entries into messages shown as "sending" / "not sent", relays confirmations, and holds the
 * attachment content cache (object URLs) — the local files of unsent messages included, so a
 * photo shows at once and does not flicker when the server copy replaces it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  clientIdentifierOf,
  mapCommunication,
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
import { BlobCache, canFetch, fetchAttachment, safeBlobType } from './chat-files.ts';
import { attachmentKey, type AttachmentInfo } from './chat-message.ts';
import { pendingInfo, type PendingInfo } from './chat-rows.ts';

export interface PendingMessage {
  entry: OutboxEntry;
  message: MessageView;
  info: PendingInfo;
  identifier?: string;
}

export interface ChatOutboxOptions {
  store(): OutboxStore | undefined;
  sent(resource: Communication, pendingReference: string): void;
  error(detail: CoordErrorDetail): void;
}

/** The queue's code (outbox, IndexedDB store), fetched when a chat first opens its queue. */
const loadQueue = () => import('./chat-outbox-queue.ts');

/** One IndexedDB connection for every chat of the page. */
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

export class ChatOutbox implements ReactiveController {
  pending: PendingMessage[] = [];
  online = globalThis.navigator?.onLine !== false;
  /** The server refused a message as forbidden: the viewer may read but not write here. */
  forbidden = false;
  readonly blobs: BlobCache;
  private outbox?: Outbox;
  private opening = 0;
  private client?: CoordClient;
  private viewer?: string;
  private readonly views = new Map<string, { signature: string; view: PendingMessage }>();
  private readonly reported = new Map<string, string>();
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

  get isOpen(): boolean {
    return this.outbox !== undefined || this.opening > 0;
  }

  /** Opens the queue of this server + patient + viewer (closing the previous one); it flushes what it holds. */
  open(client: CoordClient | undefined, patient: string | undefined, viewer: string | undefined): void {
    this.close();
    this.client = client;
    this.viewer = viewer;
    this.forbidden = false;
    if (!client || !patient || !viewer) return;
    // A purge drops the queue, its messages and their files (object URLs); the chat then starts
    // an empty queue again for the same viewer.
    this.unpurge = onPurge(() => {
      this.close();
      document.addEventListener(PURGED_EVENT, () => {
        if (this.client === undefined && (this.host as unknown as Element).isConnected) this.open(client, patient, viewer);
      }, { once: true });
    });
    const ticket = ++this.opening;
    void (async () => {
      const store = this.options.store() ?? (await defaultStore());
      const { Outbox } = await loadQueue();
      const outbox = await Outbox.open({ client, patient, viewer, store });
      if (ticket !== this.opening || this.client !== client) return outbox.close();
      this.opening = 0;
      this.outbox = outbox;
      outbox.addEventListener('change', this.onChange);
      outbox.addEventListener('sent', this.onSent);
      outbox.addEventListener('error', this.onError);
      await this.refresh();
    })().catch((raw: unknown) => {
      const error = toCoordError(raw);
      this.options.error({ source: 'chat:outbox', kind: error.kind, message: 'The outbox could not be opened' });
    });
  }

  close(): void {
    this.unpurge?.();
    this.unpurge = undefined;
    this.opening++;
    if (this.outbox) {
      this.outbox.removeEventListener('change', this.onChange);
      this.outbox.removeEventListener('sent', this.onSent);
      this.outbox.removeEventListener('error', this.onError);
      this.outbox.close();
    }
    this.outbox = undefined;
    this.client = undefined;
    this.opening = 0;
    this.pending = [];
    this.views.clear();
    this.blobs.clear();
  }

  /** Keeps a message (IndexedDB) and starts sending it. Resolves once it is kept. */
  async enqueue(op: WriteOp): Promise<void> {
    for (let i = 0; !this.outbox && i < 100; i++) await new Promise((r) => setTimeout(r, 20));
    if (!this.outbox) throw new Error('Outbox not open');
    await this.outbox.enqueue(op);
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
    this.views.clear();
    void this.refresh();
  }

  /** What the thread shows of an attachment; images start loading when first shown. */
  attachmentInfo(client: CoordClient | undefined, m: MessageView, i: number): AttachmentInfo {
    const a = m.attachments[i];
    const key = attachmentKey(m, i);
    const local = this.blobs.state(key);
    if (local) return { state: local, fetchable: true };
    if (!a || a.missing || !client || !canFetch(client, a)) return { fetchable: false };
    const state = a.isImage ? this.blobs.request(key, (signal) => fetchAttachment(client, a, signal)) : undefined;
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
    if (resource.resourceType === 'Communication') this.options.sent(resource as Communication, `Communication/pending-${entry.id}`);
  };

  private readonly onError = (): void => {
    this.options.error({ source: 'chat:outbox', kind: 'invalid-response', message: 'The outbox could not be read or written' });
  };

  private async refresh(): Promise<void> {
    const outbox = this.outbox;
    if (!outbox) return;
    const entries = await outbox.list();
    if (outbox !== this.outbox) return;
    const next: PendingMessage[] = [];
    for (const entry of entries) {
      if (entry.op.kind !== 'create' || entry.op.resource.resourceType !== 'Communication') continue;
      const view = this.viewOf(entry);
      if (view) next.push(view);
      this.report(entry);
    }
    const alive = new Set(next.map((p) => p.entry.id));
    for (const id of this.views.keys()) if (!alive.has(id)) this.views.delete(id);
    this.pending = next;
    this.host.requestUpdate();
  }

  private viewOf(entry: OutboxEntry): PendingMessage | undefined {
    const signature = `${entry.status}|${entry.attempts}|${entry.lastError?.at ?? ''}|${this.online}`;
    const known = this.views.get(entry.id);
    if (known?.signature === signature) return known.view;
    const resource = entry.op.resource as Communication;
    const reference = `Communication/pending-${entry.id}`;
    const message = known?.view.message ?? mapCommunication({ ...resource, id: `pending-${entry.id}` }, this.client?.references.lookup ?? (() => undefined), [], {
      viewer: this.viewer,
    });
    if (!message) return undefined;
    if (!known) this.attachLocalFiles(entry, message, reference);
    const view: PendingMessage = { entry, message: { ...message, mine: true }, info: pendingInfo(entry, this.online), identifier: clientIdentifierOf(resource)?.value };
    this.views.set(entry.id, { signature, view });
    return view;
  }

  /** The files of an unsent message, shown from the bytes kept in the outbox. */
  private attachLocalFiles(entry: OutboxEntry, message: MessageView, reference: string): void {
    if (entry.op.kind !== 'create') return;
    const payload = (entry.op.resource as Communication).payload ?? [];
    for (const upload of entry.op.uploads ?? []) {
      const index = payload.slice(0, upload.payloadIndex).filter((p) => p.contentAttachment).length;
      const attachment = message.attachments[index];
      if (!attachment) continue;
      message.attachments[index] = { ...attachment, missing: false };
      this.blobs.put(`${reference}#${index}`, new Blob([upload.data as BlobPart], { type: safeBlobType(upload.contentType) }));
    }
  }

  /** Each failure is told to the host once; a refusal as forbidden makes the chat read-only. */
  private report(entry: OutboxEntry): void {
    const error = entry.lastError;
    if (!error || this.reported.get(entry.id) === error.at) return;
    this.reported.set(entry.id, error.at);
    if (error.kind === 'forbidden' && entry.status === 'failed') this.forbidden = true;
    this.options.error({ source: 'chat:send', kind: error.kind, status: error.status, message: `Message not sent (${entry.status})` });
  }
}
