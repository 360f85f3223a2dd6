/**
 * `RecordWriter`: the write path of the coordination record, for the elements. Every method
 * returns a typed `WriteResult` (saved resource, conflict with the server's version and the
 * user's change, or a CoordError) and drops the cached reads it makes stale.
 */
import type { Binary, CarePlan, CodeableConcept, Communication, DocumentReference, Resource, Task } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { CoordError, toCoordError } from '../errors.ts';
import {
  actionCommentOp,
  actionOp,
  ppcsPlanOp,
  actionStatusOp,
  bytesOf,
  documentMaskOp,
  messageOp,
  noteOp,
  uploadedDocument,
  type ActionInput,
  type PpcsPlanInput,
  type MessageInput,
  type NoteInput,
  type PendingUpload,
  type WriteOp,
} from './build.ts';
import { createIdempotent, updateIfMatch, withRetries, type WriteOptions, type WriteResult } from './core.ts';
import { uploadBinary, type UploadProgress } from './upload.ts';

export interface DocumentInput {
  patient: string;
  file: Blob | ArrayBuffer | Uint8Array;
  contentType?: string;
  /** LOINC code or a full concept. */
  type: string | CodeableConcept;
  category?: string | CodeableConcept;
  title: string;
  description?: string;
  author: string;
  /** `Encounter/…` or `EpisodeOfCare/…`. */
  context?: string;
  /** The version this document replaces: linked with `relatesTo`, and marked superseded (If-Match). */
  replaces?: DocumentReference;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
}

export type UploadResult = WriteResult<DocumentReference> & {
  binary?: Binary;
  /** Outcome of marking the replaced version superseded (a conflict there is surfaced, not hidden). */
  superseded?: WriteResult<DocumentReference>;
};

export interface ExecuteOptions extends WriteOptions {
  /** A create that may already have reached the server (an earlier attempt failed): look it up first. */
  mayExist?: boolean;
  /** Called once each attachment is stored, so a replay does not upload it again. */
  onUploaded?: (upload: PendingUpload) => void | Promise<void>;
}

/** Sends one operation (attachments first, then the idempotent create or the conditional update). */
export async function executeOp<T extends Resource>(
  client: CoordClient,
  op: WriteOp<T>,
  options: ExecuteOptions = {},
): Promise<WriteResult<T>> {
  if (op.kind === 'update') return updateIfMatch(client, op.base, op.resource, options);
  let resource = op.resource;
  for (const upload of op.uploads ?? []) {
    if (!upload.binaryId) {
      const stored = await withRetries<Binary>(options, async () => ({
        ok: true,
        resource: await uploadBinary(client, upload, { signal: options.signal, createXhr: null }),
      }));
      if (!stored.ok) return stored as WriteResult<T>;
      upload.binaryId = stored.resource.id;
      await options.onUploaded?.(upload);
    }
    resource = withAttachmentUrl(resource, upload.payloadIndex, `Binary/${upload.binaryId}`);
  }
  return createIdempotent(client, resource, options);
}

function withAttachmentUrl<T extends Resource>(resource: T, index: number, url: string): T {
  const payload = (resource as { payload?: Communication['payload'] }).payload;
  const item = payload?.[index];
  if (!payload || !item?.contentAttachment) return resource;
  const next = payload.slice();
  next[index] = { ...item, contentAttachment: { ...item.contentAttachment, url } };
  return { ...resource, payload: next };
}

export class RecordWriter {
  constructor(
    readonly client: CoordClient,
    private readonly defaults: Omit<WriteOptions, 'signal'> & { createXhr?: (() => XMLHttpRequest) | null } = {},
  ) {}

  /** Sends any operation built with the `*Op` builders (what the outbox replays). */
  execute<T extends Resource>(op: WriteOp<T>, signal?: AbortSignal): Promise<WriteResult<T>> {
    return executeOp(this.client, op, { ...this.defaults, signal });
  }

  async sendMessage(input: MessageInput, signal?: AbortSignal): Promise<WriteResult<Communication>> {
    return this.run(() => messageOp(input), signal);
  }

  async saveNote(input: NoteInput, signal?: AbortSignal): Promise<WriteResult<DocumentReference>> {
    return this.run(() => noteOp(input), signal);
  }

  async createPpcsAction(input: ActionInput, signal?: AbortSignal): Promise<WriteResult<Task>> {
    return this.run(() => actionOp(input), signal);
  }

  /** Creates the PPCS from the DAC pathway (the referent's first step when the patient has none). */
  async createPpcsPlan(input: PpcsPlanInput, signal?: AbortSignal): Promise<WriteResult<CarePlan>> {
    return this.run(() => ppcsPlanOp(input), signal);
  }

  async setActionStatus(task: Task, status: Task['status'], options: { reason?: string; signal?: AbortSignal } = {}): Promise<WriteResult<Task>> {
    return this.run(() => actionStatusOp(task, status, options), options.signal);
  }

  async addActionComment(task: Task, text: string, author: string, signal?: AbortSignal): Promise<WriteResult<Task>> {
    return this.run(() => actionCommentOp(task, text, author), signal);
  }

  async setDocumentMasked(doc: DocumentReference, masked: boolean, signal?: AbortSignal): Promise<WriteResult<DocumentReference>> {
    return this.run(() => documentMaskOp(doc, masked), signal);
  }

  /**
   * Binary (with progress; cancel with `signal`) then the DocumentReference; with `replaces`, the
   * new one `relatesTo` the old, which is then marked `superseded` with If-Match.
   */
  async uploadDocument(input: DocumentInput): Promise<UploadResult> {
    const { signal, onProgress } = input;
    let binary: Binary;
    let size: number;
    let contentType: string;
    try {
      const data = await bytesOf(input.file);
      size = data.byteLength;
      contentType = input.contentType || (input.file as Blob).type || 'application/octet-stream';
      binary = await uploadBinary(this.client, { data, contentType }, { signal, onProgress, createXhr: this.defaults.createXhr });
    } catch (err) {
      return { ok: false, error: toCoordError(err) };
    }
    onProgress?.({ loaded: 0, total: 1, phase: 'document' });
    const doc = uploadedDocument({ ...input, binary: { id: binary.id, contentType, size } });
    const created = await createIdempotent(this.client, doc, { ...this.defaults, signal });
    if (!created.ok) return { ...created, binary };
    let superseded: WriteResult<DocumentReference> | undefined;
    if (input.replaces) {
      const old = input.replaces;
      superseded = await updateIfMatch(this.client, old, { ...old, status: 'superseded' }, { ...this.defaults, signal });
    }
    onProgress?.({ loaded: 1, total: 1, phase: 'done' });
    return { ...created, binary, superseded };
  }

  private async run<T extends Resource>(build: () => WriteOp<T> | Promise<WriteOp<T>>, signal?: AbortSignal): Promise<WriteResult<T>> {
    let op: WriteOp<T>;
    try {
      op = await build();
    } catch (err) {
      return { ok: false, error: err instanceof CoordError ? err : toCoordError(err) };
    }
    return this.execute(op, signal);
  }
}
