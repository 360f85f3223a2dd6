import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import type { Viewer } from './access.ts';
import type { GetToken } from './auth.ts';
import { ResponseCache, type CacheEntry } from './cache.ts';
import { LiveHub, type LiveHubOptions } from './live-hub.ts';
import { CoordError, toCoordError } from './errors.ts';
import { expectBundle, expectResource } from './expect.ts';
import {
  DEFAULT_TIMEOUTS,
  RequestPipeline,
  type CrossOriginPolicy,
  type FetchLike,
  type FhirResponse,
  type RequestHook,
  type RequestKind,
} from './pipeline.ts';
import { parsePatientIdentifier, parsePatientReference } from './references.ts';
import { ReferenceResolver } from './resolve.ts';
import { patientParam, patientSearch, searchPath, type SearchParams } from './search.ts';

export { expectBundle, expectResource } from './expect.ts';
export type { FetchLike, FhirResponse } from './pipeline.ts';

export interface CoordClientOptions {
  /** FHIR R4 base, e.g. `https://hub.example/fhir/R4`. */
  baseUrl: string;
  getToken?: GetToken;
  /** Injectable fetch (tests, interceptors); defaults to the global one, looked up per call. */
  fetch?: FetchLike;
  /** XMLHttpRequest factory for uploads with progress (default: the global one; `null`: fetch only). */
  createXhr?: (() => XMLHttpRequest) | null;
  /** One timeout in ms for every kind of request (overrides the per-kind defaults). */
  timeoutMs?: number;
  /** Timeouts per kind of request, in ms (default read 20 s, search 60 s, write 30 s, upload 120 s). */
  timeouts?: Partial<Record<RequestKind, number>>;
  /** Extra attempts after network errors, 5xx and 429 (default 2; a timeout is tried again once at most). */
  retries?: number;
  /** Base backoff in ms, doubled per attempt (default 300). */
  backoffMs?: number;
  /** How long a cached read is served without asking the server again (default 15 000 ms). */
  freshForMs?: number;
  /** Absolute URLs on another origin: fetched without the token (default) or refused. */
  crossOrigin?: CrossOriginPolicy;
  /** Search parameter naming the patient, per type, where a server differs from R4's `patient`. */
  patientParams?: Record<string, string>;
  /** Hooks on every request, as with `use()`. */
  hooks?: RequestHook[];
  /** Settings of the scopes' live hubs (WebSocket factory, visibility source…). */
  live?: LiveHubOptions;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Reads only: share and keep the result in the client's cache (default true for GET). */
  cache?: boolean;
  /** What the request is, for its timeout (default: from the method and the URL). */
  kind?: RequestKind;
  /** This request's timeout in ms (default: the client's for its kind). */
  timeoutMs?: number;
  /** Whether it may be sent again after a transient failure (default: GETs only). */
  retry?: boolean;
  /** Upload progress (bytes of the request sent); uses XMLHttpRequest where there is one. */
  onUploadProgress?: (loaded: number, total: number) => void;
  /** XMLHttpRequest factory for this request; `null` forces fetch. */
  createXhr?: (() => XMLHttpRequest) | null;
}

/** Fired (as an `auth-required` event on the client) when a fresh token did not fix a 401. */
export class AuthRequiredEvent extends Event {
  constructor(readonly url: string) {
    super('auth-required');
  }
}

/**
 * The one place that talks to the FHIR server. Framework-free; runs in browsers and Node.
 * Every call takes an AbortSignal; every failure is a CoordError with a `kind`; every exchange
 * goes through one request pipeline (`pipeline.ts`).
 */
export class CoordClient extends EventTarget {
  readonly baseUrl: string;
  readonly cache = new ResponseCache();
  /** Resolves references missing from search results (`_include` first, then one batch). */
  readonly references: ReferenceResolver;
  protected readonly pipeline: RequestPipeline;
  protected readonly liveOptions: LiveHubOptions;
  private readonly freshForMs: number;
  private readonly patientParams?: Record<string, string>;

  /**
   * @param root internal: the client a scope shares its pipeline with (use `client.scope()`).
   */
  constructor(options: CoordClientOptions, root?: CoordClient) {
    super();
    if (root) {
      this.baseUrl = root.baseUrl;
      this.pipeline = root.pipeline;
      this.freshForMs = root.freshForMs;
      this.patientParams = root.patientParams;
      this.liveOptions = root.liveOptions;
      this.references = new ReferenceResolver(this, root.references);
      return;
    }
    if (!options.baseUrl) throw new CoordError('invalid-request', 'A FHIR base URL is required');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const timeouts = { ...DEFAULT_TIMEOUTS };
    if (options.timeoutMs !== undefined) for (const k of Object.keys(timeouts) as RequestKind[]) timeouts[k] = options.timeoutMs;
    Object.assign(timeouts, options.timeouts);
    this.pipeline = new RequestPipeline({
      baseUrl: this.baseUrl,
      getToken: options.getToken,
      fetch: options.fetch,
      createXhr: options.createXhr,
      timeouts,
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 300,
      crossOrigin: options.crossOrigin ?? 'without-token',
    });
    for (const hook of options.hooks ?? []) this.pipeline.use(hook);
    this.freshForMs = options.freshForMs ?? 15_000;
    this.patientParams = options.patientParams;
    this.liveOptions = { ...options.live };
    this.references = new ReferenceResolver(this);
  }

  set getToken(fn: GetToken | undefined) {
    this.pipeline.options.getToken = fn;
  }

  get getToken(): GetToken | undefined {
    return this.pipeline.options.getToken;
  }

  /**
   * Adds a hook to every request this client and all its scopes send; returns a function that
   * removes it. (A scope's `use()` adds one for that scope only, e.g. emergency access to one
   * patient.)
   */
  use(hook: RequestHook): () => void {
    return this.pipeline.use(hook);
  }

  /** The client scopes are made from (itself, unless this is a scope). */
  get root(): CoordClient {
    return this;
  }

  /**
   * A view of this client for one patient and viewer: its own cache, in-flight reads, reference
   * resolver and live hub, sharing this client's transport, token, hooks and directory. Switching
   * patient or viewer means a new scope and `dispose()` of the old one — which cancels the old
   * scope's reads and touches nothing else, so one client is safe to share between providers.
   */
  scope(spec: ClientScope = {}): ScopedClient {
    return new ScopedClient(this.root, spec);
  }

  /** Absolute URL for a path relative to the base (or the URL itself when already absolute). */
  url(path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    if (!path) return this.baseUrl;
    return `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
  }

  /** Whether a URL is on the FHIR base's origin (the only one that gets the bearer token). */
  isSameOrigin(url: string): boolean {
    return this.pipeline.isSameOrigin(this.url(url));
  }

  /** The timeout in ms of one kind of request. */
  timeoutFor(kind: RequestKind): number {
    return this.pipeline.timeoutFor(kind);
  }

  /** The search parameter naming the patient for `type` (R4's `patient` unless configured otherwise). */
  patientParam(type: string): string {
    return patientParam(type, this.patientParams);
  }

  /** The parameters of a search of `type` for one patient, e.g. `{ patient: 'Patient/1', ...extra }`. */
  forPatient(type: string, patient: string, extra: SearchParams = {}): SearchParams {
    return patientSearch(type, patient, extra, this.patientParams);
  }

  /**
   * Scopes the cache to a patient; switching patient drops everything cached.
   * @deprecated Use `client.scope({ patient, viewer })`: a switch there drops that scope only,
   * where this empties the cache of everyone sharing the client.
   */
  setPatientScope(patientReference: string | undefined): void {
    this.cache.setScope(patientReference);
  }

  async read<T extends Resource>(resourceType: T['resourceType'], id: string, signal?: AbortSignal): Promise<T> {
    const path = `${resourceType}/${encodeURIComponent(id)}`;
    const { body } = await this.request<Resource>(path, { signal, kind: 'read' });
    return expectResource<T>(body, resourceType, this.url(path));
  }

  async search<T extends Resource>(resourceType: T['resourceType'], params: SearchParams, signal?: AbortSignal): Promise<Bundle<T>> {
    const path = searchPath(resourceType, params);
    const { body } = await this.request<Resource>(path, { signal, kind: 'search' });
    return expectBundle<T>(body, this.url(path));
  }

  /**
   * Follows a Bundle's `next` link. The link must stay on the FHIR base's origin: a bearer token
   * is never sent to another host a server (or an attacker) names, and neither is the query.
   */
  async nextPage<T extends Resource>(bundle: Bundle<T>, signal?: AbortSignal): Promise<Bundle<T> | undefined> {
    const next = bundle.link?.find((l) => l?.relation === 'next')?.url;
    if (!next) return undefined;
    let url: string;
    try {
      url = new URL(next, this.baseUrl.startsWith('http') ? `${this.baseUrl}/` : globalThis.location?.href).toString();
    } catch {
      throw new CoordError('invalid-response', 'Malformed next link');
    }
    if (!this.isSameOrigin(url)) throw new CoordError('invalid-response', 'Next link points to another server');
    const { body } = await this.request<Resource>(url, { signal, kind: 'search' });
    return expectBundle<T>(body, url);
  }

  /**
   * Resolves the patient from a reference (`Patient/abc`) or an INS identifier (`system|value`).
   * 0 matches → `not-found`; 2+ → `ambiguous` (never picks one silently).
   */
  async resolvePatient(spec: { reference?: string; identifier?: string }, signal?: AbortSignal): Promise<Patient> {
    if (spec.reference) {
      const id = parsePatientReference(spec.reference);
      return this.read<Patient>('Patient', id, signal);
    }
    if (spec.identifier) {
      const { system, value } = parsePatientIdentifier(spec.identifier);
      const bundle = await this.search<Patient>('Patient', { identifier: system ? `${system}|${value}` : value, _count: 2 }, signal);
      const patients = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Patient => r?.resourceType === 'Patient');
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
   * One HTTP exchange through the pipeline (hooks, token, timeout, retries, typed errors).
   * GETs are shared and cached unless `cache: false`.
   */
  async request<T>(path: string, options: RequestOptions = {}): Promise<FhirResponse<T>> {
    const method = options.method ?? 'GET';
    const url = this.url(path);
    const reading = method === 'GET' || options.kind === 'search' || options.kind === 'read';
    // Reads end with the scope that made them; a write goes on (the user asked for it).
    const signal = reading ? this.readSignal(options.signal) : options.signal;
    if (signal?.aborted) throw toCoordError(signal.reason, url);
    if (method === 'GET' && options.cache !== false) {
      const key = `GET ${url}`;
      const cached = this.cache.get(key);
      if (cached && Date.now() - cached.storedAt < this.freshForMs) {
        this.cache.stats.hits++;
        return { status: 200, body: cached.value as T, etag: cached.etag };
      }
      const load = async (sharedSignal: AbortSignal): Promise<CacheEntry> => {
        const res = await this.exchange<T>(url, method, options, sharedSignal, cached?.etag);
        if (res.status === 304 && cached) return { ...cached, storedAt: Date.now() };
        return { value: res.body, etag: res.etag, storedAt: Date.now() };
      };
      const entry = await this.cache.dedupe(key, load, signal).catch((err: unknown) => {
        throw toCoordError(err, url);
      });
      return { status: 200, body: entry.value as T, etag: entry.etag };
    }
    return this.exchange<T>(url, method, options, signal);
  }

  /** The signal of a read: the caller's (scopes add their own lifetime to it). */
  protected readSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
    return signal;
  }

  /** Hooks for this client's requests: the pipeline's (scopes add theirs). */
  protected requestHooks(): readonly RequestHook[] {
    return this.pipeline.hooks;
  }

  /** The token source of this client's requests when it is not the client's own (a scope's). */
  protected scopeToken(): GetToken | undefined {
    return undefined;
  }

  /** Where `auth-required` is announced: this client (scopes announce on their root too). */
  protected announceAuthRequired(url: string): void {
    this.dispatchEvent(new AuthRequiredEvent(url));
  }

  private exchange<T>(url: string, method: string, options: RequestOptions, signal: AbortSignal | undefined, ifNoneMatch?: string): Promise<FhirResponse<T>> {
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    return this.pipeline.exchange<T>(
      {
        url,
        method,
        kind: options.kind ?? kindOf(method, url, this.baseUrl, Boolean(options.onUploadProgress)),
        headers: options.headers,
        body,
        signal,
        ifNoneMatch,
        timeoutMs: options.timeoutMs,
        retry: options.retry,
        onUploadProgress: options.onUploadProgress,
        createXhr: options.createXhr,
      },
      { hooks: this.requestHooks(), getToken: this.scopeToken(), onAuthRequired: (u) => this.announceAuthRequired(u) },
    );
  }
}

/** Who a scoped client reads for. */
export interface ClientScope {
  /** `Patient/<id>` (absent while the patient is being resolved from an identifier). */
  patient?: string;
  /** The user looking: what they may see depends on it, so it is part of the scope. */
  viewer?: Viewer;
}

/**
 * A patient- and viewer-scoped view of a CoordClient (from `client.scope()`). Every reader,
 * feed and writer that takes a CoordClient takes one. Reads made through it are cancelled by
 * `dispose()` and never land anywhere else; writes are not cancelled.
 */
export class ScopedClient extends CoordClient {
  readonly patient?: string;
  readonly viewer: Readonly<Viewer>;
  /** The scope's live hub: one watcher per resource type, fanned out to every subscriber. */
  readonly live: LiveHub;
  private readonly parent: CoordClient;
  private readonly lifetime = new AbortController();
  private readonly scopeHooks: RequestHook[] = [];
  private ownToken?: GetToken;

  constructor(root: CoordClient, spec: ClientScope) {
    super({ baseUrl: root.baseUrl }, root);
    this.parent = root;
    this.patient = spec.patient ? `Patient/${parsePatientReference(spec.patient)}` : undefined;
    this.viewer = Object.freeze({ ...spec.viewer });
    this.cache.setScope(scopeKey(this.patient, this.viewer));
    this.live = new LiveHub(this, this.patient, this.liveOptions);
  }

  override get root(): CoordClient {
    return this.parent;
  }

  /** Aborted when the scope is disposed: tie work that belongs to this patient and viewer to it. */
  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  get disposed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Whether this scope reads for that patient and viewer. */
  matches(spec: ClientScope): boolean {
    const patient = spec.patient ? `Patient/${parsePatientReference(spec.patient)}` : undefined;
    return scopeKey(patient, spec.viewer ?? {}) === scopeKey(this.patient, this.viewer);
  }

  /** Ends the scope: its reads are cancelled, its cache emptied; later reads fail as `aborted`. */
  dispose(): void {
    if (this.disposed) return;
    this.lifetime.abort(new DOMException('The patient or viewer changed', 'AbortError'));
    this.live.close();
    this.cache.dispose();
  }

  /** Adds a hook to this scope's requests only; returns its removal. */
  override use(hook: RequestHook): () => void {
    this.scopeHooks.push(hook);
    return () => {
      const i = this.scopeHooks.indexOf(hook);
      if (i >= 0) this.scopeHooks.splice(i, 1);
    };
  }

  /**
   * Sends this scope's requests with another bearer token than the client's (e.g. the token an
   * emergency access returned, for this patient only); still only to the FHIR base's origin.
   * Returns its removal.
   */
  useToken(getToken: GetToken): () => void {
    this.ownToken = getToken;
    return () => {
      if (this.ownToken === getToken) this.ownToken = undefined;
    };
  }

  protected override scopeToken(): GetToken | undefined {
    return this.ownToken;
  }

  protected override readSignal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
  }

  protected override requestHooks(): readonly RequestHook[] {
    return this.scopeHooks.length ? [...super.requestHooks(), ...this.scopeHooks] : super.requestHooks();
  }

  protected override announceAuthRequired(url: string): void {
    super.announceAuthRequired(url);
    this.parent.dispatchEvent(new AuthRequiredEvent(url));
  }
}

function scopeKey(patient: string | undefined, viewer: Viewer): string {
  return JSON.stringify([patient ?? null, viewer.user || null, viewer.profession || null]);
}

/** A request's kind from its method and URL: `Type/id` is a read, `Type?…` a search. */
export function kindOf(method: string, url: string, baseUrl: string, upload = false): RequestKind {
  if (upload) return 'upload';
  if (method !== 'GET') return 'write';
  let rest: string;
  if (url.startsWith(`${baseUrl}/`) || url === baseUrl) rest = url.slice(baseUrl.length);
  else {
    try {
      const parsed = new URL(url);
      rest = parsed.pathname + parsed.search;
    } catch {
      rest = url;
    }
  }
  if (rest.includes('?')) return 'search';
  const parts = rest.split('/').filter(Boolean);
  if (parts[0] === 'metadata') return 'read';
  if (parts.length === 2) return parts[1]!.startsWith('_') ? 'search' : 'read';
  if (parts.length === 4 && parts[2] === '_history') return 'read';
  return 'search';
}
