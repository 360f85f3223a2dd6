/**
 * The request pipeline: the one path every HTTP exchange takes — reads, searches, writes and
 * uploads with progress alike. In order, per attempt:
 *   1. the hooks' `beforeRequest` (the client's, then the scope's), which may add headers;
 *   2. the bearer token, attached only when the URL is on the FHIR base's origin;
 *   3. the wire: `fetch`, or XMLHttpRequest when the caller wants upload progress;
 *   4. a timeout fitting the request's kind (a search is not a ping);
 *   5. the hooks' `afterResponse`;
 *   6. a 401 asks for a fresh token once; a second one fires `auth-required`;
 *   7. transient failures are tried again with backoff (reads; writes only when the server said
 *      it declined them: 429, or 503 with `Retry-After`); a timed-out request at most once.
 * Every failure comes out as one CoordError.
 */
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { authorizationHeader, type GetToken } from './auth.ts';
import { CoordError, kindForStatus, toCoordError } from './errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * What a request is, for its timeout: `read` one resource (or the CapabilityStatement), `search`
 * (type searches, `next` pages, histories, batches of reads), `write` (create, update, delete),
 * `upload` (a Binary with progress).
 */
export type RequestKind = 'read' | 'search' | 'write' | 'upload';

/** Default timeouts per kind, in ms. */
export const DEFAULT_TIMEOUTS: Readonly<Record<RequestKind, number>> = Object.freeze({
  read: 20_000,
  search: 60_000,
  write: 30_000,
  upload: 120_000,
});

/** What a hook sees before a request leaves. `headers` may be changed (not `Authorization`). */
export interface OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly kind: RequestKind;
  headers: Record<string, string>;
  readonly body?: string;
  /** 0 for the first try, then 1, 2… (a token refresh is not an attempt). */
  readonly attempt: number;
  /** Whether the URL is on the FHIR base's origin (only such requests carry the bearer token). */
  readonly sameOrigin: boolean;
}

/** What a hook sees when the answer arrives (before its body is read). */
export interface IncomingResponse {
  readonly request: OutgoingRequest;
  readonly status: number;
  readonly headers: Headers;
}

/**
 * Added with `client.use(hook)` (every request of the client and its scopes) or
 * `scope.use(hook)` (that scope's requests only). A hook that throws fails the request.
 */
export interface RequestHook {
  beforeRequest?(request: OutgoingRequest): void | Promise<void>;
  afterResponse?(response: IncomingResponse): void | Promise<void>;
}

/**
 * What to do with an absolute URL on another origin (a link a server sent, an attachment URL):
 * `without-token` fetches it with no `Authorization` header (and hooks are told `sameOrigin:
 * false`); `refuse` fails with `invalid-request` and sends nothing. `next` links and `Location`
 * headers on another origin are never followed, whichever is set.
 */
export type CrossOriginPolicy = 'without-token' | 'refuse';

export interface PipelineOptions {
  baseUrl: string;
  getToken?: GetToken;
  fetch?: FetchLike;
  createXhr?: (() => XMLHttpRequest) | null;
  timeouts: Record<RequestKind, number>;
  retries: number;
  backoffMs: number;
  crossOrigin: CrossOriginPolicy;
}

/** One exchange, as the client asks for it. */
export interface PipelineCall {
  url: string;
  method: string;
  kind: RequestKind;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  ifNoneMatch?: string;
  timeoutMs?: number;
  /** May be sent again after a transient failure (default: GET only). */
  retry?: boolean;
  onUploadProgress?: (loaded: number, total: number) => void;
  /** XHR factory for this call; `null` forces fetch. */
  createXhr?: (() => XMLHttpRequest) | null;
}

export interface FhirResponse<T> {
  status: number;
  body: T;
  etag?: string;
  location?: string;
}

export interface ExchangeContext {
  hooks: readonly RequestHook[];
  /** A scope's own token source (e.g. an emergency-access token), instead of the client's. */
  getToken?: GetToken;
  /** A fresh token did not fix a 401. */
  onAuthRequired(url: string): void;
}

const FHIR_JSON = 'application/fhir+json';
/** Never wait longer than this on a server's `Retry-After`. */
const MAX_RETRY_AFTER_MS = 30_000;

export class RequestPipeline {
  readonly hooks: RequestHook[] = [];
  private readonly origin: string | undefined;

  constructor(readonly options: PipelineOptions) {
    this.origin = originOf(options.baseUrl);
  }

  /** Adds a hook to every request; returns its removal. */
  use(hook: RequestHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /** Whether `url` (absolute or relative to the base) is on the FHIR base's origin. */
  isSameOrigin(url: string): boolean {
    const target = originOf(url, this.options.baseUrl);
    return target !== undefined && target === this.origin;
  }

  timeoutFor(kind: RequestKind, override?: number): number {
    return Math.max(1, override ?? this.options.timeouts[kind]);
  }

  async exchange<T>(call: PipelineCall, ctx: ExchangeContext): Promise<FhirResponse<T>> {
    const sameOrigin = this.isSameOrigin(call.url);
    if (!sameOrigin && this.options.crossOrigin === 'refuse') {
      throw new CoordError('invalid-request', 'Refused: the URL is not on the FHIR server', { url: call.url });
    }
    const idempotent = call.retry ?? call.method === 'GET';
    const retries = this.options.retries;
    let refreshedToken = false;
    let timeouts = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.attempt(call, ctx, attempt, sameOrigin, refreshedToken);
        if (res.status === 401 && !refreshedToken && (ctx.getToken ?? this.options.getToken) && sameOrigin) {
          refreshedToken = true;
          attempt--; // a token refresh is not a retry
          continue;
        }
        return await parseResponse<T>(res, call.url);
      } catch (raw) {
        const err = toCoordError(raw, call.url);
        if (err.kind === 'auth') ctx.onAuthRequired(call.url);
        if (call.signal?.aborted) throw toCoordError(call.signal.reason ?? raw, call.url);
        if (err.kind === 'timeout') timeouts++;
        const declined = err.kind === 'rate-limited' || (err.status === 503 && retryAfterOf(err) !== undefined);
        const allowed = idempotent ? err.retryable : declined;
        // A timeout says the server is slow, not flaky: asking again at once only adds load.
        const canRetry = allowed && attempt < retries && (err.kind !== 'timeout' || timeouts <= 1);
        if (!canRetry) throw err;
        await sleep(retryDelay(err, attempt, this.options.backoffMs), call.signal);
      }
    }
  }

  private async attempt(
    call: PipelineCall,
    ctx: ExchangeContext,
    attempt: number,
    sameOrigin: boolean,
    forceRefresh: boolean,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: FHIR_JSON, ...call.headers };
    if (call.ifNoneMatch) headers['If-None-Match'] = call.ifNoneMatch;
    if (call.body !== undefined) headers['Content-Type'] ??= FHIR_JSON;
    const request: OutgoingRequest = { url: call.url, method: call.method, kind: call.kind, headers, body: call.body, attempt, sameOrigin };
    for (const hook of ctx.hooks) await runHook(() => hook.beforeRequest?.(request), call.url);
    // The token is the pipeline's alone: never from a hook, never to another origin.
    for (const name of Object.keys(request.headers)) if (name.toLowerCase() === 'authorization') delete request.headers[name];
    if (sameOrigin) {
      const auth = await authorizationHeader(ctx.getToken ?? this.options.getToken, forceRefresh);
      if (auth) request.headers['Authorization'] = auth;
    }
    // Our own timer rather than AbortSignal.timeout(), whose timer does not keep Node alive.
    const timeout = new AbortController();
    const limit = this.timeoutFor(call.kind, call.timeoutMs);
    const timer = setTimeout(() => timeout.abort(new DOMException('Timed out', 'TimeoutError')), limit);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout.signal]) : timeout.signal;
    let res: Response;
    try {
      // Gone before the wire was reached (the caller aborted during auth or hooks): send nothing.
      signal.throwIfAborted();
      const createXhr = call.onUploadProgress ? this.xhrFactory(call) : undefined;
      res = createXhr
        ? await xhrWire(createXhr, request, signal, call.onUploadProgress)
        : await this.fetchWire(request, signal);
    } catch (err) {
      if (timeout.signal.aborted && !call.signal?.aborted) {
        throw new CoordError('timeout', `Request timed out after ${Math.round(limit / 1000)} s`, { url: call.url });
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
    for (const hook of ctx.hooks) await runHook(() => hook.afterResponse?.({ request, status: res.status, headers: res.headers }), call.url);
    return res;
  }

  private xhrFactory(call: PipelineCall): (() => XMLHttpRequest) | undefined {
    if (call.createXhr === null || this.options.createXhr === null) return undefined;
    return call.createXhr ?? this.options.createXhr ?? (typeof XMLHttpRequest === 'function' ? () => new XMLHttpRequest() : undefined);
  }

  private fetchWire(request: OutgoingRequest, signal: AbortSignal): Promise<Response> {
    const doFetch = this.options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
    return doFetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
  }
}

/** A hook that throws fails the request as `invalid-request` (never retried), its message kept. */
async function runHook(run: () => void | Promise<void>, url: string): Promise<void> {
  try {
    await run();
  } catch (cause) {
    if (cause instanceof CoordError) throw cause;
    throw new CoordError('invalid-request', `A request hook failed: ${cause instanceof Error ? cause.message : String(cause)}`, { url, cause });
  }
}

/** XMLHttpRequest as a wire, for upload progress; its answer becomes a `Response` like fetch's. */
function xhrWire(
  createXhr: () => XMLHttpRequest,
  request: OutgoingRequest,
  signal: AbortSignal,
  onProgress?: (loaded: number, total: number) => void,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const xhr = createXhr();
    const size = request.body?.length ?? 0;
    const onAbort = (): void => xhr.abort();
    const finish = (): void => signal.removeEventListener('abort', onAbort);
    xhr.open(request.method, request.url);
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload?.addEventListener('progress', (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : size));
    xhr.addEventListener('load', () => {
      finish();
      if (xhr.status < 200 || xhr.status > 599) return reject(new TypeError('Network error'));
      const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
      resolve(new Response(empty ? null : xhr.responseText, { status: xhr.status, headers: parseHeaders(xhr.getAllResponseHeaders?.() ?? '') }));
    });
    xhr.addEventListener('error', () => {
      finish();
      reject(new TypeError('Network error'));
    });
    xhr.addEventListener('abort', () => {
      finish();
      reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    });
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.send(request.body ?? null);
  });
}

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      // A malformed header line is dropped, not fatal.
    }
  }
  return headers;
}

async function parseResponse<T>(res: Response, url: string): Promise<FhirResponse<T>> {
  const etag = res.headers.get('ETag') ?? undefined;
  const location = res.headers.get('Location') ?? undefined;
  if (res.status === 304) return { status: 304, body: undefined as T, etag };
  const text = await res.text();
  const type = res.headers.get('Content-Type') ?? '';
  let json: unknown;
  if (text.length > 0) {
    if (!/json/i.test(type) && !/^\s*[[{]/.test(text)) {
      if (!res.ok) throw httpError(res.status, undefined, url, res.headers);
      throw new CoordError('invalid-response', 'The server did not answer with FHIR JSON', { status: res.status, url });
    }
    try {
      json = JSON.parse(text);
    } catch (cause) {
      if (!res.ok) throw httpError(res.status, undefined, url, res.headers);
      throw new CoordError('invalid-response', 'The server sent malformed JSON', { status: res.status, url, cause });
    }
  }
  if (!res.ok) {
    const outcome = isOperationOutcome(json) ? json : undefined;
    throw httpError(res.status, outcome, url, res.headers);
  }
  return { status: res.status, body: json as T, etag, location };
}

function httpError(status: number, outcome: OperationOutcome | undefined, url: string, headers: Headers): CoordError {
  const err = new CoordError(kindForStatus(status), `HTTP ${status}`, { status, outcome, url });
  const retryAfter = headers.get('Retry-After');
  if (retryAfter) (err as CoordError & { retryAfterMs?: number }).retryAfterMs = parseRetryAfter(retryAfter);
  return err;
}

function retryAfterOf(err: CoordError): number | undefined {
  return (err as CoordError & { retryAfterMs?: number }).retryAfterMs;
}

function parseRetryAfter(value: string): number | undefined {
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** The server's `Retry-After` when it sent one; else exponential backoff (longer after a timeout). */
function retryDelay(err: CoordError, attempt: number, backoffMs: number): number {
  const hinted = retryAfterOf(err);
  if (hinted !== undefined) return Math.min(hinted, MAX_RETRY_AFTER_MS);
  const base = backoffMs * 2 ** (err.kind === 'timeout' ? attempt + 2 : attempt);
  return base + Math.random() * base * 0.25;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isOperationOutcome(value: unknown): value is OperationOutcome {
  return typeof value === 'object' && value !== null && (value as Resource).resourceType === 'OperationOutcome';
}

/** The origin of `url` (relative ones against `base`, then the page), or undefined when unparsable. */
export function originOf(url: string, base?: string): string | undefined {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    const anchor = base ? new URL(base, page ?? 'http://localhost/').toString() : page ?? 'http://localhost/';
    return new URL(url, anchor).origin;
  } catch {
    return undefined;
  }
}
