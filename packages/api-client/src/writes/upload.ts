/**
 * Binary upload with progress and cancel, through the client's one request pipeline: the same
 * hooks, bearer token (base origin only), upload timeout, 401 refresh, `Retry-After` and
 * `auth-required` as every other request. `fetch` cannot report upload progress, so where there
 * is an XMLHttpRequest the pipeline sends the Binary with it; elsewhere (Node) with fetch,
 * reporting start and end only.
 */
import type { Binary, Reference, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { expectResource } from '../expect.ts';
import { bytesToBase64 } from './build.ts';

export interface UploadProgress {
  /** Bytes of the request sent so far, of `total`. */
  loaded: number;
  total: number;
  phase: 'binary' | 'document' | 'done';
}

export interface BinaryUploadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /** XMLHttpRequest factory; defaults to the client's (the global one when there is one). `null` forces fetch. */
  createXhr?: (() => XMLHttpRequest) | null;
}

/** Creates a Binary from bytes; throws a CoordError. A lost answer leaves an unreferenced Binary, never a visible twin. */
export async function uploadBinary(
  client: CoordClient,
  file: { data: Uint8Array; contentType: string; securityContext?: Reference },
  options: BinaryUploadOptions = {},
): Promise<Binary> {
  const binary: Binary = { resourceType: 'Binary', contentType: file.contentType, data: bytesToBase64(file.data) };
  if (file.securityContext) binary.securityContext = file.securityContext;
  const body = JSON.stringify(binary);
  const report = (loaded: number, total: number): void => options.onProgress?.({ loaded, total, phase: 'binary' });
  report(0, body.length);
  const { body: created } = await client.request<Resource>('Binary', {
    method: 'POST',
    body,
    kind: 'upload',
    signal: options.signal,
    onUploadProgress: report,
    createXhr: options.createXhr,
  });
  report(body.length, body.length);
  return expectResource<Binary>(created, 'Binary', client.url('Binary'));
}
