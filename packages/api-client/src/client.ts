import type { Bundle, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { authorizationHeader, type GetToken } from './auth.ts';
import { ResponseCache, type CacheEntry } from './cache.ts';
import { CoordError, kindForStatus, toCoordError } from './errors.ts';
import { parsePatientIdentifier, parsePatientReference } from './references.ts';
import { ReferenceResolver } from './resolve.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface CoordClientOptions {
  /** FHIR R4 base, e.g. `https://hub.example/fhir/R4`. */
  baseUrl: string;
  getToken?: GetToken;
  /** Injectable fetch (tests, interceptors); defaults to the global one, looked up per call. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 20 000). */
  timeoutMs?: number;
  /** Extra attempts for idempotent reads on network errors, 5xx and 429 (default 2). */
  retries?: number;
  /** Base backoff in ms, doubled per attempt (default 300). */
  backoffMs?: number;
  /** How long a cached read is served without asking the server again (default 15 000 ms). */
  freshForMs?: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Reads only: share and keep the result in the patient-scoped cache (default true for GET). */
  cache?: boolean;
}

export interface FhirResponse<T> {
  status: number;
  body: T;
  etag?: string;
  location?: string;
}

/** Fired (as an `auth-required` event on the client) when a fresh token did not fix a 401. */
export class AuthRequiredEvent extends Event {
  constructor(readonly url: string) {
    super('auth-required');
  }
}

const FHIR_JSON = 'application/fhir+json';

/**
 * The one place that talks to the FHIR server. Framework-free; runs in browsers and Node.
 * Every call takes an AbortSignal; every failure is a CoordError with a `kind`.
 */
export class CoordClient extends EventTarget {
  readonly baseUrl: string;
  readonly cache = new ResponseCache();
  /** Resolves references missing from search results (`_include` first, then one batch). */
  readonly references: ReferenceResolver = new ReferenceResolver(this);
  private readonly options: Required<Omit<CoordClientOptions, 'getToken' | 'fetch'>> &
    Pick<CoordClientOptions, 'getToken' | 'fetch'>;

  constructor(options: CoordClientOptions) {
    super();
    if (!options.baseUrl) throw new CoordError('invalid-request', 'A FHIR base URL is required');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.options = { timeoutMs: 20_000, retries: 2, backoffMs: 300, freshForMs: 15_000, ...options };
  }

  set getToken(fn: GetToken | undefined) {
    this.options.getToken = fn;
  }

  get getToken(): GetToken | undefined {
    return this.options.getToken;
  }

  /** Absolute URL for a path relative to the base (or the URL itself when already absolute). */
  url(path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    if (!path) return this.baseUrl;
    return `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
  }

  /** Scopes the cache to a patient; switching patient drops everything cached. */
  setPatientScope(patientReference: string | undefined): void {
    this.cache.setScope(patientReference);
  }

  async read<T extends Resource>(resourceType: T['resourceType'], id: string, signal?: AbortSignal): Promise<T> {
    const { body } = await this.request<Resource>(`${resourceType}/${encodeURIComponent(id)}`, { signal });
    return expectResource<T>(body, resourceType, this.url(`${resourceType}/${id}`));
  }

  async search<T extends Resource>(
    resourceType: T['resourceType'],
    params: Record<string, string | number | string[] | undefined>,
    signal?: AbortSignal,
  ): Promise<Bundle<T>> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
    }
    const path = `${resourceType}?${query.toString()}`;
    const { body } = await this.request<Resource>(path, { signal });
    return expectBundle<T>(body, this.url(path));
  }

  /**
   * Follows a Bundle's `next` link. The link must stay on the FHIR base's origin: a bearer token
   * is never sent to another host a server (or an attacker) names.
   */
  async nextPage<T extends Resource>(bundle: Bundle<T>, signal?: AbortSignal): Promise<Bundle<T> | undefined> {
    const next = bundle.link?.find((l) => l?.relation === 'next')?.url;
    if (!next) return undefined;
    let url: URL;
    try {
      url = new URL(next, this.baseUrl.startsWith('http') ? this.baseUrl : globalThis.location?.href);
    } catch {
      throw new CoordError('invalid-response', 'Malformed next link');
    }
    const base = new URL(this.baseUrl, globalThis.location?.href ?? 'http://localhost');
    if (url.origin !== base.origin) throw new CoordError('invalid-response', 'Next link points to another server');
    const { body } = await this.request<Resource>(url.toString(), { signal });
    return expectBundle<T>(body, url.toString());
  }

  /**
   * Resolves the patient from a reference (`Patient/abc`) or an INS identifier (`system|value`).
   * 0 matches → `not-found`; 2+ → `ambiguous` (never picks one silently).
   */
  async resolvePatient(
    spec: { reference?: string; identifier?: string },
    signal?: AbortSignal,
  ): Promise<Patient> {
    if (spec.reference) {
      const id = parsePatientReference(spec.reference);
      return this.read<Patient>('Patient', id, signal);
    }
    if (spec.identifier) {
      const { system, value } = parsePatientIdentifier(spec.identifier);
      const bundle = await this.search<Patient>(
        'Patient',
        { identifier: system ? `${system}|${value}` : value, _count: 2 },
        signal,
      );
      const patients = (bundle.entry ?? [])
        .map((e) => e.resource)
        .filter((r): r is Patient => r?.resourceType === 'Patient');
      const total = Math.max(bundle.total ?? 0, patients.length);
      if (patients.length === 0) {
        throw new CoordError('not-found', 'No patient matches this identifier', { status: 404 });
      }
      if (total > 1) {
        throw new CoordError('ambiguous', 'Several patients match this identifier', { matches: total });
      }
      return patients[0] as Patient;
    }
    throw new CoordError('invalid-request', 'A patient reference or identifier is required');
  }

  /**
   * One HTTP exchange with auth, timeout, retries (idempotent reads only) and typed errors.
   * GETs are shared and cached per patient scope unless `cache: false`.
   */
  async request<T>(path: string, options: RequestOptions = {}): Promise<FhirResponse<T>> {
    const method = options.method ?? 'GET';
    const url = this.url(path);
    if (method === 'GET' && options.cache !== false) {
      const key = `GET ${url}`;
      const cached = this.cache.get(key);
      if (cached && Date.now() - cached.storedAt < this.options.freshForMs) {
        this.cache.stats.hits++;
        return { status: 200, body: cached.value as T, etag: cached.etag };
      }
      const load = async (sharedSignal: AbortSignal): Promise<CacheEntry> => {
        const res = await this.exchange<T>(url, method, options, sharedSignal, cached?.etag);
        if (res.status === 304 && cached) return { ...cached, storedAt: Date.now() };
        return { value: res.body, etag: res.etag, storedAt: Date.now() };
      };
      const entry = await this.cache.dedupe(key, load, options.signal).catch((err: unknown) => {
        throw toCoordError(err, url);
      });
      return { status: 200, body: entry.value as T, etag: entry.etag };
    }
    return this.exchange<T>(url, method, options, options.signal);
  }

  private async exchange<T>(
    url: string,
    method: string,
    options: RequestOptions,
    signal: AbortSignal | undefined,
    ifNoneMatch?: string,
  ): Promise<FhirResponse<T>> {
    const idempotent = method === 'GET';
    const attempts = idempotent ? this.options.retries + 1 : 1;
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.send(url, method, options, signal, refreshedToken, ifNoneMatch);
        if (res.status === 401 && !refreshedToken && this.options.getToken) {
          refreshedToken = true;
          attempt--; // a token refresh is not a retry
          continue;
        }
        return await this.parse<T>(res, url);
      } catch (raw) {
        const err = toCoordError(raw, url);
        if (err.kind === 'auth') this.dispatchEvent(new AuthRequiredEvent(url));
        if (signal?.aborted) throw toCoordError(signal.reason ?? raw, url);
        const canRetry = idempotent && err.retryable && attempt + 1 < attempts;
        if (!canRetry) throw err;
        await sleep(retryDelay(err, attempt, this.options.backoffMs), signal);
      }
    }
  }

  private async send(
    url: string,
    method: string,
    options: RequestOptions,
    signal: AbortSignal | undefined,
    forceRefresh: boolean,
    ifNoneMatch?: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: FHIR_JSON, ...options.headers };
    const auth = await authorizationHeader(this.options.getToken, forceRefresh);
    if (auth) headers['Authorization'] = auth;
    if (ifNoneMatch) headers['If-None-Match'] = ifNoneMatch;
    let body: BodyInit | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] ??= FHIR_JSON;
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    // Our own timer rather than AbortSignal.timeout(), whose timer does not keep Node alive.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException('Timed out', 'TimeoutError')), this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    const doFetch = this.options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
    try {
      return await doFetch(url, { method, headers, body, signal: combined });
    } catch (err) {
      if (timeout.signal.aborted && !signal?.aborted) throw new CoordError('timeout', 'Request timed out', { url });
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async parse<T>(res: Response, url: string): Promise<FhirResponse<T>> {
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
}

function httpError(status: number, outcome: OperationOutcome | undefined, url: string, headers: Headers): CoordError {
  const err = new CoordError(kindForStatus(status), `HTTP ${status}`, { status, outcome, url });
  const retryAfter = headers.get('Retry-After');
  if (retryAfter) (err as CoordError & { retryAfterMs?: number }).retryAfterMs = parseRetryAfter(retryAfter);
  return err;
}

function parseRetryAfter(value: string): number | undefined {
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function retryDelay(err: CoordError, attempt: number, backoffMs: number): number {
  const hinted = (err as CoordError & { retryAfterMs?: number }).retryAfterMs;
  if (hinted !== undefined) return Math.min(hinted, 30_000);
  const base = backoffMs * 2 ** attempt;
  return base + Math.random() * base * 0.25;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function isOperationOutcome(value: unknown): value is OperationOutcome {
  return typeof value === 'object' && value !== null && (value as Resource).resourceType === 'OperationOutcome';
}

/** Never assume the server returned what was asked for. */
export function expectResource<T extends Resource>(value: unknown, resourceType: string, url?: string): T {
  if (typeof value !== 'object' || value === null || (value as Resource).resourceType !== resourceType) {
    throw new CoordError('invalid-response', `Expected a ${resourceType}`, { url });
  }
  return value as T;
}

export function expectBundle<T extends Resource>(value: unknown, url?: string): Bundle<T> {
  if (typeof value !== 'object' || value === null || (value as Resource).resourceType !== 'Bundle') {
    throw new CoordError('invalid-response', 'Expected a Bundle', { url });
  }
  return value as Bundle<T>;
}
