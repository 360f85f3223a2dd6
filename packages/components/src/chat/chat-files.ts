/**
 * Files in the chat: checks on what the user attaches, and attachment content fetched with the
 * client's token as a Blob (object URLs, revoked when the element lets go of them). A file is
 * never opened in a tab under a type that could run script: only images and PDF open, anything
 * else downloads.
 */
import {
  CoordError,
  expectResource,
  type CoordClient,
  type MessageAttachmentView,
} from '@coord/api-client';
import type { Binary } from '@medplum/fhirtypes';
import { base64ToBlob, formatBytes } from '../base/bytes.ts';

// One byte formatter and one base64 decoder for the chat and the documents (base/bytes.ts).
export { formatBytes };

/** Types the composer accepts. */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'];
export const ACCEPT_ATTRIBUTE = ACCEPTED_TYPES.join(',');
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

/** Types that may open in a new tab (they cannot run script there). */
const OPENABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']);

const BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' };

/** The file's type, from the browser or, when it gives none, from the extension. */
export function fileType(file: File): string {
  if (file.type) return file.type.toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? '';
}

export type FileProblem = { kind: 'type'; name: string } | { kind: 'size'; name: string; size: number } | { kind: 'count' };

/** Splits files into accepted ones and problems to tell the user. */
export function checkFiles(files: File[], already: number, maxBytes: number): { accepted: File[]; problems: FileProblem[] } {
  const accepted: File[] = [];
  const problems: FileProblem[] = [];
  for (const file of files) {
    if (!ACCEPTED_TYPES.includes(fileType(file))) problems.push({ kind: 'type', name: file.name });
    else if (file.size > maxBytes) problems.push({ kind: 'size', name: file.name, size: file.size });
    else if (already + accepted.length >= MAX_FILES) {
      if (!problems.some((p) => p.kind === 'count')) problems.push({ kind: 'count' });
    } else accepted.push(file);
  }
  return { accepted, problems };
}

/** The declared type when it is safe to keep, else a neutral one (the file downloads). */
export function safeBlobType(type: string | undefined): string {
  const t = (type ?? '').split(';')[0]!.trim().toLowerCase();
  return OPENABLE.has(t) ? t : 'application/octet-stream';
}

export function isOpenable(type: string | undefined): boolean {
  return OPENABLE.has((type ?? '').toLowerCase());
}

/** The attachment's Binary on the client's own server, if it is one (never another server's). */
export function serverBinary(client: CoordClient, attachment: MessageAttachmentView): string | undefined {
  if (!attachment.binary || !attachment.url) return undefined;
  if (!/^https?:\/\//i.test(attachment.url)) return attachment.binary;
  return attachment.url.startsWith(`${client.baseUrl}/`) ? attachment.binary : undefined;
}

/** Whether the chat can fetch this attachment's bytes (inline, or a Binary of its server). */
export function canFetch(client: CoordClient | undefined, attachment: MessageAttachmentView): boolean {
  return Boolean(attachment.inline || (client && serverBinary(client, attachment)));
}

/** The attachment's bytes as a Blob, read with the client's auth (a Binary as FHIR JSON). */
export async function fetchAttachment(client: CoordClient, attachment: MessageAttachmentView, signal?: AbortSignal): Promise<Blob> {
  const type = safeBlobType(attachment.contentType);
  if (attachment.inline && attachment.data) return base64ToBlob(attachment.data, type);
  const binary = serverBinary(client, attachment);
  if (!binary) throw new CoordError('not-found', 'Attachment content unavailable');
  const { body } = await client.request<Binary>(binary, { cache: false, signal });
  const resource = expectResource<Binary>(body, 'Binary', client.url(binary));
  if (typeof resource.data !== 'string') throw new CoordError('invalid-response', 'Binary without content');
  return base64ToBlob(resource.data, attachment.contentType ? type : safeBlobType(resource.contentType));
}

export type BlobState = { status: 'loading' } | { status: 'ready'; url: string; blob: Blob } | { status: 'error' };

/**
 * Object URLs of attachment content, fetched on demand (a few at a time), kept while the element
 * shows the patient and revoked all at once when it lets go.
 */
export class BlobCache {
  private readonly states = new Map<string, BlobState>();
  private readonly inflight = new Map<string, Promise<Blob>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private controller = new AbortController();

  constructor(
    private readonly onChange: () => void,
    private readonly parallel = 4,
  ) {}

  state(key: string): BlobState | undefined {
    return this.states.get(key);
  }

  /** Starts loading once; later calls only read the state. */
  request(key: string, load: (signal: AbortSignal) => Promise<Blob>): BlobState {
    const known = this.states.get(key);
    if (known) return known;
    this.states.set(key, { status: 'loading' });
    void this.get(key, load).catch(() => undefined);
    return { status: 'loading' };
  }

  /** The Blob (loading it if needed; one load per key at a time). */
  get(key: string, load: (signal: AbortSignal) => Promise<Blob>): Promise<Blob> {
    const known = this.states.get(key);
    if (known?.status === 'ready') return Promise.resolve(known.blob);
    const running = this.inflight.get(key);
    if (running) return running;
    const signal = this.controller.signal;
    this.states.set(key, { status: 'loading' });
    const run = (async () => {
      await this.slot();
      try {
        const blob = await load(signal);
        if (signal.aborted) throw signal.reason;
        this.states.set(key, { status: 'ready', url: URL.createObjectURL(blob), blob });
        return blob;
      } catch (err) {
        if (!signal.aborted) this.states.set(key, { status: 'error' });
        throw err;
      } finally {
        this.release();
        if (!signal.aborted) this.onChange();
      }
    })().finally(() => {
      if (this.inflight.get(key) === run) this.inflight.delete(key);
    });
    this.inflight.set(key, run);
    return run;
  }

  /** Keeps a Blob already at hand (a file of an unsent message). */
  put(key: string, blob: Blob): void {
    const known = this.states.get(key);
    if (known?.status === 'ready') URL.revokeObjectURL(known.url);
    this.states.set(key, { status: 'ready', url: URL.createObjectURL(blob), blob });
  }

  /** Revokes every object URL and cancels loads in flight. */
  clear(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.inflight.clear();
    for (const s of this.states.values()) if (s.status === 'ready') URL.revokeObjectURL(s.url);
    this.states.clear();
  }

  private slot(): Promise<void> {
    if (this.active < this.parallel) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => (this.active++, resolve())));
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

/** Saves a Blob under a file name (a temporary link with `download`). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
