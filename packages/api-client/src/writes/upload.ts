/**
 * Binary upload with progress and cancel. `fetch` cannot report upload progress, so in browsers
 * the Binary goes up with XMLHttpRequest (same headers, bearer token and typed errors as the
 * client); elsewhere (Node) through `client.request`, reporting start and end only.
 */
import type { Binary, OperationOutcome, Reference, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { expectResource } from '../client.ts';
import { authorizationHeader } from '../auth.ts';
import { CoordError, kindForStatus } from '../errors.ts';
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
  /** XMLHttpRequest factory; defaults to the global one when there is one. `null` forces fetch. */
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
  const createXhr =
    options.createXhr === null
      ? undefined
      : (options.createXhr ?? (typeof XMLHttpRequest === 'function' ? () => new XMLHttpRequest() : undefined));
  report(0, body.length);
  let created: Resource | undefined;
  if (createXhr) {
    created = await xhrCreate(client, 'Binary', body, createXhr, options.signal, report);
  } else {
    created = (await client.request<Resource>('Binary', { method: 'POST', body, signal: options.signal })).body;
  }
  report(body.length, body.length);
  return expectResource<Binary>(created, 'Binary', client.url('Binary'));
}

async function xhrCreate(
  client: CoordClient,
  path: string,
  body: string,
  createXhr: () => XMLHttpRequest,
  signal: AbortSignal | undefined,
  report: (loaded: number, total: number) => void,
): Promise<Resource | undefined> {
  const url = client.url(path);
  for (let refreshed = false; ; refreshed = true) {
    const auth = await authorizationHeader(client.getToken, refreshed);
    const res = await xhrSend(createXhr, url, body, auth, signal, report);
    if (res.status === 401 && !refreshed && client.getToken) continue;
    let json: unknown;
    try {
      json = res.text ? JSON.parse(res.text) : undefined;
    } catch (cause) {
      if (res.status < 300) throw new CoordError('invalid-response', 'The server sent malformed JSON', { status: res.status, url, cause });
    }
    if (res.status >= 200 && res.status < 300) return json as Resource | undefined;
    const outcome = (json as Resource | undefined)?.resourceType === 'OperationOutcome' ? (json as OperationOutcome) : undefined;
    throw new CoordError(kindForStatus(res.status), `HTTP ${res.status}`, { status: res.status, outcome, url });
  }
}

function xhrSend(
  createXhr: () => XMLHttpRequest,
  url: string,
  body: string,
  auth: string | undefined,
  signal: AbortSignal | undefined,
  report: (loaded: number, total: number) => void,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CoordError('aborted', 'Upload cancelled', { url }));
    const xhr = createXhr();
    const onAbort = (): void => xhr.abort();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/fhir+json');
    xhr.setRequestHeader('Content-Type', 'application/fhir+json');
    if (auth) xhr.setRequestHeader('Authorization', auth);
    xhr.upload.addEventListener('progress', (e) => report(e.loaded, e.lengthComputable ? e.total : body.length));
    const finish = (): void => signal?.removeEventListener('abort', onAbort);
    xhr.addEventListener('load', () => {
      finish();
      resolve({ status: xhr.status, text: xhr.responseText });
    });
    xhr.addEventListener('error', () => {
      finish();
      reject(new CoordError('network', 'Network error', { url }));
    });
    xhr.addEventListener('abort', () => {
      finish();
      reject(new CoordError('aborted', 'Upload cancelled', { url }));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.send(body);
  });
}
