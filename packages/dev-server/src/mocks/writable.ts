/**
 * A writable in-memory FHIR server for MSW (component tests and stories of elements that write):
 * search with `_sort`, `_lastUpdated=gt…`, `_count`/`_offset` paging and `next` links; read;
 * create with `If-None-Exist` (so idempotent sends can be checked); update with `If-Match` (412 on a
 * stale version); history (`Type/id/_history`, `Type/id/_history/vid`); batch reads; and failure
 * injection (a status or a network error, for the next N matching requests or until cleared).
 * `store.add()` writes as "someone else" would, for live-update tests.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { seedResources } from '../seed/record.ts';
import { MOCK_BASE_URL, searchsetResponse } from './index.ts';

/** A status, a network error, or `lost`: the request is carried out but its answer never arrives. */
export type MockFailure = number | 'network' | 'lost';

export interface MockFailureRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Resource type to match, e.g. `Communication` (any when absent). */
  type?: string;
  failure: MockFailure;
  /** How many matching requests fail; `Infinity` until `clearFailures()`. */
  times: number;
}

export interface MockStoreOptions {
  baseUrl?: string;
  /** Initial resources (default: the seed). */
  resources?: Resource[];
  /** Delay every answer by this many ms, or 'infinite'. */
  latency?: number | 'infinite';
}

const PATIENT_FIELDS = ['patient', 'subject', 'for', 'beneficiary'];

export class MockFhirStore {
  readonly baseUrl: string;
  latency: number | 'infinite' | undefined;
  /** Every request seen: `METHOD Type[/id]` (no bodies). */
  readonly requests: string[] = [];
  private readonly byKey = new Map<string, Resource>();
  /** Every version of each `Type/id`, oldest first (a seed resource listed twice is two versions). */
  private readonly versions = new Map<string, Resource[]>();
  private rules: MockFailureRule[] = [];
  private seq = 0;
  // The server's own clock (wall time), like a real server's `meta.lastUpdated` — not the
  // library's calendar clock, which tests fix.
  private lastStamp = Date.now() - 1000;

  constructor(options: MockStoreOptions = {}) {
    this.baseUrl = options.baseUrl ?? MOCK_BASE_URL;
    this.latency = options.latency;
    // Initial resources were "written" a minute ago, as a server would have stamped them.
    const loaded = new Date(Date.now() - 60_000).toISOString();
    for (const r of options.resources ?? seedResources()) {
      if (!r.id) continue;
      const key = `${r.resourceType}/${r.id}`;
      const list = this.versions.get(key) ?? [];
      const meta = { ...r.meta, versionId: r.meta?.versionId ?? String(list.length + 1), lastUpdated: r.meta?.lastUpdated ?? loaded };
      const stored = { ...r, meta } as Resource;
      this.byKey.set(key, stored);
      this.versions.set(key, [...list, stored]);
    }
  }

  /** Stores a resource as the server would (id, versionId, lastUpdated from the server clock). */
  add<T extends Resource>(resource: T): T {
    const id = resource.id ?? `mock-${++this.seq}`;
    const key = `${resource.resourceType}/${id}`;
    const previous = this.byKey.get(key);
    const version = Number(previous?.meta?.versionId ?? 0) + 1;
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    const stored = { ...resource, id, meta: { ...resource.meta, versionId: String(version), lastUpdated: new Date(this.lastStamp).toISOString() } } as T;
    this.byKey.set(key, stored);
    this.versions.set(key, [...(this.versions.get(key) ?? []), stored]);
    return stored;
  }

  /** Every version of `Type/id`, oldest first. */
  history(key: string): Resource[] {
    return this.versions.get(key) ?? [];
  }

  get(key: string): Resource | undefined {
    return this.byKey.get(key);
  }

  /** Resources of a type, in insertion order. */
  all(type: string): Resource[] {
    return [...this.byKey.values()].filter((r) => r.resourceType === type);
  }

  /** Requests seen matching `METHOD Type` (e.g. `POST Communication`). */
  count(prefix: string): number {
    return this.requests.filter((r) => r === prefix || r.startsWith(`${prefix}/`) || r.startsWith(`${prefix}?`)).length;
  }

  fail(rule: Omit<MockFailureRule, 'times'> & { times?: number }): void {
    this.rules.push({ times: 1, ...rule });
  }

  clearFailures(): void {
    this.rules = [];
  }

  /** The failure for this request, if a rule matches (and uses it up). */
  takeFailure(method: string, type: string | undefined): MockFailure | undefined {
    const rule = this.rules.find((r) => r.times > 0 && (!r.method || r.method === method) && (!r.type || r.type === type));
    if (!rule) return undefined;
    rule.times--;
    return rule.failure;
  }

  search(type: string, params: URLSearchParams): Resource[] {
    let found = this.all(type).filter((r) => matches(r, params));
    const sort = params.get('_sort');
    if (sort) {
      const keys = sort.split(',').map((k) => (k.startsWith('-') ? { field: k.slice(1), dir: -1 } : { field: k, dir: 1 }));
      found = found
        .map((r, i) => ({ r, i }))
        .sort((a, b) => {
          for (const { field, dir } of keys) {
            const x = sortValue(a.r, field);
            const y = sortValue(b.r, field);
            if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : x < y ? -dir : dir;
          }
          return a.i - b.i;
        })
        .map(({ r }) => r);
    }
    return found;
  }
}

function sortValue(r: Resource, field: string): string | undefined {
  const v = field === '_lastUpdated' ? r.meta?.lastUpdated : (r as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : undefined;
}

function matches(resource: Resource, params: URLSearchParams): boolean {
  const r = resource as unknown as Record<string, unknown>;
  for (const [key, raw] of params) {
    if (key === '_lastUpdated') {
      const m = /^(gt|ge|lt|le)?(.+)$/.exec(raw);
      const t = Date.parse(resource.meta?.lastUpdated ?? '');
      const at = Date.parse(m?.[2] ?? '');
      if (!Number.isFinite(t) || !Number.isFinite(at)) return false;
      const op = m?.[1] ?? 'eq';
      if ((op === 'gt' && !(t > at)) || (op === 'ge' && !(t >= at)) || (op === 'lt' && !(t < at)) || (op === 'le' && !(t <= at))) return false;
    } else if (key === '_id') {
      if (!raw.split(',').includes(resource.id ?? '')) return false;
    } else if (key.startsWith('_')) {
      continue;
    } else if (key === 'identifier') {
      const [system, value] = raw.includes('|') ? raw.split('|') : [undefined, raw];
      const ids = (r.identifier as { system?: string; value?: string }[] | undefined) ?? [];
      if (!ids.some((i) => i.value === value && (!system || i.system === system))) return false;
    } else if (PATIENT_FIELDS.includes(key)) {
      const refs = PATIENT_FIELDS.map((f) => (r[f] as { reference?: string } | undefined)?.reference).filter(Boolean);
      // AuditEvent.patient searches the entities (FHIR R4 search parameter `patient`).
      if (resource.resourceType === 'AuditEvent') for (const e of (r.entity as { what?: { reference?: string } }[] | undefined) ?? []) refs.push(e.what?.reference);
      if (!refs.includes(raw) && !refs.includes(`Patient/${raw}`)) return false;
    } else if (key === 'based-on') {
      const refs = ((r.basedOn as { reference?: string }[] | undefined) ?? []).map((b) => b.reference);
      if (!refs.includes(raw)) return false;
    }
  }
  return true;
}

function fhirJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new HttpResponse(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json', ...headers } });
}

function outcome(status: number, text: string): Response {
  return fhirJson({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', details: { text } }] }, status);
}

function failureResponse(failure: Exclude<MockFailure, 'lost'>): Response {
  return failure === 'network' ? HttpResponse.error() : outcome(failure, `Mocked ${failure}`);
}

/** MSW handlers over a MockFhirStore. */
export function fhirStoreHandlers(store: MockFhirStore): HttpHandler[] {
  const base = store.baseUrl;
  const wait = async (): Promise<void> => {
    if (store.latency === 'infinite') await delay('infinite');
    else if (store.latency) await delay(store.latency);
  };
  const typeAndId = (url: string): [string | undefined, string | undefined] => {
    const path = new URL(url).pathname.slice(new URL(base).pathname.length).replace(/^\/+/, '');
    const [type, id] = path.split('/');
    return [type || undefined, id || undefined];
  };
  /** `[_history, vid]` after `Type/id`, when asked. */
  const historyPart = (url: string): [boolean, string | undefined] => {
    const rest = new URL(url).pathname.slice(new URL(base).pathname.length).replace(/^\/+/, '').split('/').slice(2);
    return [rest[0] === '_history', rest[1] || undefined];
  };
  return [
    http.all(`${base}*`, async ({ request }) => {
      await wait();
      const [type, id] = typeAndId(request.url);
      const url = new URL(request.url);
      store.requests.push(`${request.method} ${type ?? ''}${id ? `/${id}` : ''}${url.search ? '?' : ''}`);
      const failure = store.takeFailure(request.method, type);
      if (failure !== undefined && failure !== 'lost') return failureResponse(failure);
      const response = await answer(request, type, id, url);
      return failure === 'lost' ? HttpResponse.error() : response;
    }),
  ];

  async function answer(request: Request, type: string | undefined, id: string | undefined, url: URL): Promise<Response> {
    if (type === 'metadata') return fhirJson({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', rest: [{ mode: 'server' }] });
    if (request.method === 'POST' && !type) return batch(store, (await request.json().catch(() => undefined)) as Bundle | undefined);
    if (request.method === 'POST' && type && !id) return create(store, type, request);
    if (request.method === 'PUT' && type && id) return update(store, type, id, request);
    const [history, vid] = historyPart(request.url);
    if (request.method === 'GET' && type && id && history) {
      const all = store.history(`${type}/${id}`);
      if (!all.length) return outcome(404, `${type}/${id} not found`);
      if (vid) {
        const version = all.find((r) => r.meta?.versionId === vid);
        return version ? fhirJson(version, 200, { ETag: `W/"${vid}"` }) : outcome(404, `${type}/${id}/_history/${vid} not found`);
      }
      const entry = [...all].reverse().map((resource) => ({ resource, fullUrl: `${base}/${type}/${id}`, request: { method: 'PUT' as const, url: `${type}/${id}` } }));
      return fhirJson({ resourceType: 'Bundle', type: 'history', total: entry.length, entry });
    }
    if (request.method === 'GET' && type && id) {
      const found = store.get(`${type}/${id}`);
      return found ? fhirJson(found, 200, { ETag: `W/"${found.meta?.versionId ?? '1'}"` }) : outcome(404, `${type}/${id} not found`);
    }
    if (request.method === 'GET' && type) return search(store, type, url);
    return outcome(405, 'Not supported by the mock');
  }
}

async function create(store: MockFhirStore, type: string, request: Request): Promise<Response> {
  const body = (await request.json().catch(() => undefined)) as Resource | undefined;
  if (body?.resourceType !== type) return outcome(400, `Expected a ${type}`);
  const ifNoneExist = request.headers.get('If-None-Exist');
  if (ifNoneExist) {
    const existing = store.search(type, new URLSearchParams(ifNoneExist));
    if (existing.length === 1) return fhirJson(existing[0], 200);
    if (existing.length > 1) return outcome(412, 'Several matches for If-None-Exist');
  }
  const { id: _ignored, ...rest } = body;
  const stored = store.add(rest as Resource);
  return fhirJson(stored, 201, { Location: `${store.baseUrl}/${type}/${stored.id}/_history/${stored.meta?.versionId}`, ETag: `W/"${stored.meta?.versionId}"` });
}

/** PUT with `If-Match`: a stale version is refused with 412, as a FHIR server does. */
async function update(store: MockFhirStore, type: string, id: string, request: Request): Promise<Response> {
  const body = (await request.json().catch(() => undefined)) as Resource | undefined;
  if (body?.resourceType !== type || (body.id && body.id !== id)) return outcome(400, `Expected ${type}/${id}`);
  const current = store.get(`${type}/${id}`);
  const ifMatch = request.headers.get('If-Match');
  const wanted = ifMatch ? /^(?:W\/)?"?([^"]*)"?$/.exec(ifMatch.trim())?.[1] : undefined;
  if (ifMatch && wanted !== (current?.meta?.versionId ?? '')) return outcome(412, `${type}/${id} has changed (version ${current?.meta?.versionId ?? 'none'})`);
  const stored = store.add({ ...body, id } as Resource);
  return fhirJson(stored, current ? 200 : 201, { ETag: `W/"${stored.meta?.versionId}"` });
}

function search(store: MockFhirStore, type: string, url: URL): Response {
  return searchsetResponse(store.search(type, url.searchParams), url, store.baseUrl);
}

function batch(store: MockFhirStore, body: Bundle | undefined): Response {
  if (body?.resourceType !== 'Bundle' || body.type !== 'batch') return outcome(400, 'Only batch Bundles are supported');
  const entry = (body.entry ?? []).map((e) => {
    const found = store.get((e.request?.url ?? '').split('?')[0] ?? '');
    return found
      ? { resource: found, response: { status: '200' } }
      : { response: { status: '404', outcome: { resourceType: 'OperationOutcome' as const, issue: [{ severity: 'error' as const, code: 'not-found' as const }] } } };
  });
  return fhirJson({ resourceType: 'Bundle', type: 'batch-response', entry });
}
