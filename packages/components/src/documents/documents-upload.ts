/**
 * Uploads of `<coord-documents>`: checks before sending, and a queue of jobs each with progress,
 * cancel and retry. A retry never asks for the file again and never stores a document twice:
 * the Binary, once stored, is not sent again, and the DocumentReference is built once with its
 * client identifier, so every later send is the same idempotent create (`If-None-Exist`, and a
 * look-up by identifier after a lost answer) through `RecordWriter`.
 */
import {
  CONFIDENTIALITY_SYSTEM,
  CoordError,
  toCoordError,
  type CoordClient,
} from '@coord/api-client';
import type { DocumentReference } from '@medplum/fhirtypes';
import { baseType } from '../base/binary.ts';

/** Document types offered on upload: LOINC code, French and English labels. */
export const UPLOAD_TYPES = [
  { code: '11488-4', fr: 'Compte rendu de consultation', en: 'Consultation report' },
  { code: '18842-5', fr: 'Compte rendu d’hospitalisation', en: 'Discharge report' },
  { code: '11490-0', fr: 'Lettre de liaison à la sortie', en: 'Discharge letter' },
  { code: '34746-8', fr: 'Compte rendu de soins infirmiers', en: 'Nursing report' },
  { code: '11502-2', fr: 'Compte rendu de biologie', en: 'Lab report' },
  { code: '18748-4', fr: 'Compte rendu d’imagerie', en: 'Imaging report' },
  { code: '57833-6', fr: 'Prescription de médicaments', en: 'Medication prescription' },
  { code: '57832-8', fr: 'Prescription d’examens ou de soins', en: 'Prescription of tests or care' },
  { code: '72170-4', fr: 'Photographie', en: 'Photograph' },
  { code: '51848-0', fr: 'Évaluation (coordination)', en: 'Assessment (coordination)' },
  { code: '28653-4', fr: 'Évaluation sociale', en: 'Social assessment' },
  { code: '57133-1', fr: 'Courrier d’adressage', en: 'Referral letter' },
  { code: '34133-9', fr: 'Synthèse', en: 'Summary' },
  { code: '51851-4', fr: 'Document administratif', en: 'Administrative document' },
] as const;

export const DEFAULT_ACCEPT = 'application/pdf,image/jpeg,image/png,image/webp,text/plain';
export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;
export const MAX_TITLE = 200;

export type Confidentiality = 'N' | 'R' | 'V';

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', txt: 'text/plain',
};

/** The file's type, from the browser or, when it gives none, from its extension. */
export function fileType(file: File): string {
  if (file.type) return baseType(file.type);
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? '';
}

/** Whether `type` (and `name`) match an `accept` list (`image/*`, `.pdf`, `application/pdf`). */
export function accepted(file: File, accept: string): boolean {
  const type = fileType(file);
  const name = file.name.toLowerCase();
  return accept.split(',').map((a) => a.trim().toLowerCase()).filter(Boolean).some((a) =>
    a.startsWith('.') ? name.endsWith(a) : a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : type === a,
  );
}

export type FileProblem = { kind: 'type' | 'empty'; name: string } | { kind: 'size'; name: string; size: number };

export function checkFiles(files: File[], accept: string, maxBytes: number): { ok: File[]; problems: FileProblem[] } {
  const ok: File[] = [];
  const problems: FileProblem[] = [];
  for (const file of files) {
    if (!accepted(file, accept)) problems.push({ kind: 'type', name: file.name });
    else if (file.size > maxBytes) problems.push({ kind: 'size', name: file.name, size: file.size });
    else if (file.size === 0) problems.push({ kind: 'empty', name: file.name });
    else ok.push(file);
  }
  return { ok, problems };
}

/** A title from a file name: no extension, separators as spaces, clipped. */
export function titleFromName(name: string): string {
  return name.replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[_]+/g, ' ').trim().slice(0, MAX_TITLE);
}

export interface UploadRequest {
  file: File;
  title: string;
  type: string;
  typeLabel: string;
  /** `EpisodeOfCare/…`, or none. */
  pathway?: string;
  confidentiality: Confidentiality;
  replaces?: DocumentReference;
}

export type UploadStatus = 'sending' | 'saving' | 'failed' | 'cancelled' | 'done';

export interface UploadJob extends UploadRequest {
  id: string;
  status: UploadStatus;
  loaded: number;
  total: number;
  error?: CoordError;
  /** Set once the Binary is stored: a retry does not send the bytes again. */
  binaryId?: string;
  /** Built once (with its client identifier): every retry sends this same create. */
  resource?: DocumentReference;
  saved?: DocumentReference;
  /** The old version could not be marked superseded (someone changed it): said, not hidden. */
  supersedeConflict?: boolean;
  controller?: AbortController;
}

let seq = 0;

export function newJob(request: UploadRequest): UploadJob {
  return { ...request, id: `upload-${++seq}`, status: 'sending', loaded: 0, total: request.file.size || 1 };
}

export interface UploadTarget {
  client: CoordClient;
  patient: string;
  author: string;
}

/**
 * Runs one job to its end (done, failed or cancelled), calling `changed` as it moves. Cancel
 * (`job.controller.abort()`) is honoured while the bytes are sent; once the document is being
 * created it is let finish, so a cancel never leaves a half-known state.
 */
export async function runUpload(job: UploadJob, target: UploadTarget, changed: () => void): Promise<void> {
  const controller = (job.controller = new AbortController());
  job.error = undefined;
  job.status = 'sending';
  changed();
  try {
    // The write path arrives with the first upload (`documents-writes.ts`); if it cannot, the job fails and can be retried.
    const writes = await import('./documents-writes.ts');
    const writer = new writes.RecordWriter(target.client);
    if (!job.binaryId) {
      const data = new Uint8Array(await job.file.arrayBuffer());
      const binary = await writes.uploadBinary(target.client, { data, contentType: fileType(job.file) || 'application/octet-stream' }, {
        signal: controller.signal,
        onProgress: (p) => {
          // The request body is base64 JSON (~4/3 of the file): report it as a share of the file.
          job.loaded = p.total ? Math.round((p.loaded / p.total) * job.total) : 0;
          changed();
        },
      });
      if (!binary.id) throw new CoordError('invalid-response', 'Binary stored without id');
      job.binaryId = binary.id;
    }
    job.loaded = job.total;
    job.status = 'saving';
    changed();
    job.resource ??= buildDocument(job, target, writes.uploadedDocument);
    const result = await writer.execute<DocumentReference>({ kind: 'create', resource: job.resource });
    if (!result.ok) throw 'error' in result ? result.error : new CoordError('conflict', 'Conflict');
    job.saved = result.resource;
    if (job.replaces) {
      const old = job.replaces;
      const superseded = await writer.execute<DocumentReference>({ kind: 'update', base: old, resource: { ...old, status: 'superseded' } });
      job.supersedeConflict = !superseded.ok;
    }
    job.status = 'done';
  } catch (err) {
    const error = toCoordError(err);
    job.status = controller.signal.aborted ? 'cancelled' : 'failed';
    job.error = error;
  } finally {
    job.controller = undefined;
    changed();
  }
}

function buildDocument(job: UploadJob, target: UploadTarget, uploadedDocument: typeof import('./documents-writes.ts').uploadedDocument): DocumentReference {
  const type = UPLOAD_TYPES.find((t) => t.code === job.type);
  const doc = uploadedDocument({
    patient: target.patient,
    type: { coding: [{ system: 'http://loinc.org', code: job.type, display: type?.en }], text: job.typeLabel },
    title: job.title,
    author: target.author,
    context: job.pathway,
    replaces: job.replaces,
    binary: { id: job.binaryId, contentType: fileType(job.file) || 'application/octet-stream', size: job.file.size },
  });
  if (job.confidentiality !== 'N') {
    doc.securityLabel = [{ coding: [{ system: CONFIDENTIALITY_SYSTEM, code: job.confidentiality }] }];
  }
  return doc;
}
