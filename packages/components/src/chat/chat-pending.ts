/**
 * What the thread shows of the outbox's entries: each unsent message as a message view with its
 * sending state, its files shown from the bytes kept in the outbox, each failure told once. It
 * comes with the queue (`chat-outbox-queue.ts`): a chat with nothing queued never loads it.
 */
import { clientIdentifierOf, mapCommunication, type OutboxEntry, type ResourceLookup } from '@coord/api-client';
import type { Communication } from '@medplum/fhirtypes';
import { safeBlobType, type BlobCache } from './chat-files.ts';
import type { PendingMessage } from './chat-outbox.ts';
import type { PendingInfo } from './chat-rows.ts';

/** How an entry shows: sending, or not sent (refused, offline, or waiting for an automatic retry). */
export function pendingInfo(entry: OutboxEntry, online: boolean): PendingInfo {
  const base = { entryId: entry.id, errorKind: entry.lastError?.kind, status: entry.lastError?.status };
  if (entry.status === 'failed' || entry.status === 'conflict') return { ...base, state: 'failed', reason: 'refused' };
  if (entry.status === 'sending') return { ...base, state: 'sending' };
  if (!online) return { ...base, state: 'failed', reason: 'offline' };
  if (entry.lastError) return { ...base, state: 'failed', reason: 'auto' };
  return { ...base, state: 'sending' };
}

export class PendingViews {
  private readonly views = new Map<string, { signature: string; view: PendingMessage }>();
  private readonly reported = new Map<string, string>();

  /** `failed`: an entry's new failure, told once per failure. */
  constructor(
    private readonly blobs: BlobCache,
    private readonly failed: (entry: OutboxEntry, error: NonNullable<OutboxEntry['lastError']>) => void,
  ) {}

  /** The messages of the queue's entries, reusing the views of unchanged ones (no flicker, no re-decoding). */
  build(entries: OutboxEntry[], online: boolean, viewer: string | undefined, lookup: ResourceLookup): PendingMessage[] {
    const next: PendingMessage[] = [];
    for (const entry of entries) {
      if (entry.op.kind !== 'create' || entry.op.resource.resourceType !== 'Communication') continue;
      const view = this.viewOf(entry, online, viewer, lookup);
      if (view) next.push(view);
      this.report(entry);
    }
    const alive = new Set(next.map((p) => p.entry.id));
    for (const id of this.views.keys()) if (!alive.has(id)) this.views.delete(id);
    return next;
  }

  /** Forgets the views (a closed queue, or the network changed: every state is worked out again). */
  clear(): void {
    this.views.clear();
  }

  private viewOf(entry: OutboxEntry, online: boolean, viewer: string | undefined, lookup: ResourceLookup): PendingMessage | undefined {
    const signature = `${entry.status}|${entry.attempts}|${entry.lastError?.at ?? ''}|${online}`;
    const known = this.views.get(entry.id);
    if (known?.signature === signature) return known.view;
    const resource = entry.op.resource as Communication;
    const reference = `Communication/pending-${entry.id}`;
    const message = known?.view.message ?? mapCommunication({ ...resource, id: `pending-${entry.id}` }, lookup, [], { viewer });
    if (!message) return undefined;
    if (!known) this.attachLocalFiles(entry, message, reference);
    const view: PendingMessage = { entry, message: { ...message, mine: true }, info: pendingInfo(entry, online), identifier: clientIdentifierOf(resource)?.value };
    this.views.set(entry.id, { signature, view });
    return view;
  }

  /** The files of an unsent message, shown from the bytes kept in the outbox. */
  private attachLocalFiles(entry: OutboxEntry, message: PendingMessage['message'], reference: string): void {
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

  private report(entry: OutboxEntry): void {
    const error = entry.lastError;
    if (!error || this.reported.get(entry.id) === error.at) return;
    this.reported.set(entry.id, error.at);
    this.failed(entry, error);
  }
}
