/**
 * The one set of MSW handlers shared by component tests, stories and the demo's offline mode.
 * They serve FHIR fixtures (by default the dev server's seed) with just enough of FHIR search to
 * reproduce every state: ready, empty, loading (delayed), errors by status, HTML instead of JSON,
 * network failure. End-to-end tests use the real dev server, not these.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { seedResources } from '../seed/record.ts';

export const MOCK_BASE_URL = 'https://fhir.test/R4';

export interface MockRecordOptions {
  baseUrl?: string;
  /** Resources served; defaults to the seed (latest version of each id). */
  resources?: Resource[];
  /** Delay every answer by this many ms, or 'infinite' to stay loading. */
  latency?: number | 'infinite';
}

/** The latest version of each `Type/id`, as a server would hold them. */
export function latestVersions(resources: Resource[]): Resource[] {
  const byKey = new Map<string, Resource>();
  for (const r of resources) byKey.set(`${r.resourceType}/${r.id}`, r);
  return [...byKey.values()];
}

const PATIENT_PARAMS = ['patient', 'subject', 'for'];

function matches(resource: Resource, params: URLSearchParams): boolean {
  for (const [key, raw] of params) {
    if (key.startsWith('_')) continue;
    const r = resource as unknown as Record<string, unknown>;
    if (key === 'identifier') {
      const [system, value] = raw.includes('|') ? raw.split('|') : [undefined, raw];
      const ids = (r.identifier as { system?: string; value?: string }[] | undefined) ?? [];
      if (!ids.some((i) => i.value === value && (!system || i.system === system))) return false;
    } else if (PATIENT_PARAMS.includes(key)) {
      const fields = ['patient', 'subject', 'for', 'beneficiary'];
      const refs = fields.map((f) => (r[f] as { reference?: string } | undefined)?.reference).filter(Boolean);
      if (resource.resourceType === 'Patient') refs.push(`Patient/${resource.id}`);
      // AuditEvent.patient searches the entities (FHIR R4 search parameter `patient`).
      for (const e of (r.entity as { what?: { reference?: string } }[] | undefined) ?? []) refs.push(e.what?.reference);
      if (!refs.includes(raw) && !refs.includes(`Patient/${raw}`)) return false;
    } else if (key === '_id') {
      if (!raw.split(',').includes(resource.id ?? '')) return false;
    } else if (key === 'date' || key === 'sent') {
      if (!compareDate(sortValue(resource, key), raw)) return false;
    }
  }
  const updated = params.get('_lastUpdated');
  if (updated && !compareDate(resource.meta?.lastUpdated, updated)) return false;
  return true;
}

/** The value `_sort`/`date` use for a resource: its main date, as FHIR's `date` parameters define it. */
function sortValue(resource: Resource, key: string): string | undefined {
  const r = resource as unknown as Record<string, any>;
  if (key === '_lastUpdated') return resource.meta?.lastUpdated;
  if (key === 'sent') return r.sent;
  return (
    r.date ?? r.sent ?? r.recorded ?? r.authoredOn ?? r.effectiveDateTime ?? r.issued ?? r.started ??
    r.period?.start ?? r.executionPeriod?.start ?? r.recordedDate ?? r.onsetDateTime
  );
}

/** FHIR date prefixes: ge, gt, le, lt, eq (default). Missing values never match a comparison. */
function compareDate(value: string | undefined, raw: string): boolean {
  if (!value) return false;
  const prefix = /^(ge|gt|le|lt|eq)/.exec(raw)?.[1] ?? 'eq';
  const target = Date.parse(raw.replace(/^(ge|gt|le|lt|eq)/, ''));
  const t = Date.parse(value);
  if (!Number.isFinite(target) || !Number.isFinite(t)) return false;
  switch (prefix) {
    case 'ge': return t >= target;
    case 'gt': return t > target;
    case 'le': return t <= target;
    case 'lt': return t < target;
    default: return value.startsWith(raw.replace(/^eq/, ''));
  }
}

function sortResources(list: Resource[], sort: string | null): Resource[] {
  if (!sort) return list;
  const keys = sort.split(',').map((k) => ({ desc: k.startsWith('-'), key: k.replace(/^-/, '') }));
  return [...list].sort((a, b) => {
    for (const { desc, key } of keys) {
      const va = sortValue(a, key) ?? '';
      const vb = sortValue(b, key) ?? '';
      if (va !== vb) return (va < vb ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
}

function fhirJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new HttpResponse(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
  });
}

/** A page of a searchset Bundle (`_count`/`_offset`) with its `next` link, as a FHIR server sends it. */
export function searchsetResponse(all: Resource[], url: URL, base: string): Response {
  const count = Number(url.searchParams.get('_count') ?? 50);
  const offset = Number(url.searchParams.get('_offset') ?? 0);
  const link: Bundle['link'] = [{ relation: 'self', url: url.toString() }];
  if (offset + count < all.length) {
    const next = new URL(url);
    next.searchParams.set('_offset', String(offset + count));
    link.push({ relation: 'next', url: next.toString() });
  }
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: all.length,
    link,
    entry: all.slice(offset, offset + count).map((resource) => ({ resource, fullUrl: `${base}/${resource.resourceType}/${resource.id}` })),
  };
  return fhirJson(bundle);
}

export function outcome(status: number, text: string): Response {
  return fhirJson({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', details: { text } }] }, status);
}

/** A small in-memory FHIR read API over the given resources. */
export function fhirRecordHandlers(options: MockRecordOptions = {}): HttpHandler[] {
  const base = options.baseUrl ?? MOCK_BASE_URL;
  const resources = latestVersions(options.resources ?? seedResources());
  const wait = async (): Promise<void> => {
    if (options.latency === 'infinite') await delay('infinite');
    else if (options.latency) await delay(options.latency);
  };
  return [
    // Batch reads (`POST [base]` with a batch Bundle of GETs), as the reference resolver sends.
    http.post(base, async ({ request }) => {
      await wait();
      const body = (await request.json().catch(() => undefined)) as Bundle | undefined;
      if (body?.resourceType !== 'Bundle' || body.type !== 'batch') return outcome(400, 'Only batch Bundles are supported');
      const entry = (body.entry ?? []).map((e) => {
        const [type, id] = (e.request?.url ?? '').split('/');
        const found = resources.find((r) => r.resourceType === type && r.id === id);
        return found
          ? { resource: found, response: { status: '200' } }
          : { response: { status: '404', outcome: { resourceType: 'OperationOutcome' as const, issue: [{ severity: 'error' as const, code: 'not-found' as const }] } } };
      });
      return fhirJson({ resourceType: 'Bundle', type: 'batch-response', entry });
    }),
    http.get(`${base}/:type/:id`, async ({ params }) => {
      await wait();
      const found = resources.find((r) => r.resourceType === params.type && r.id === params.id);
      if (!found) return outcome(404, `${String(params.type)}/${String(params.id)} not found`);
      return fhirJson(found, 200, { ETag: `W/"${found.meta?.versionId ?? '1'}"` });
    }),
    http.get(`${base}/:type`, async ({ request, params }) => {
      await wait();
      const url = new URL(request.url);
      const all = sortResources(
        resources.filter((r) => r.resourceType === params.type && matches(r, url.searchParams)),
        url.searchParams.get('_sort'),
      );
      return searchsetResponse(all, url, base);
    }),
  ];
}

/** Every request to the base answers with this status (and an OperationOutcome). */
export function fhirErrorHandlers(status: number, baseUrl = MOCK_BASE_URL): HttpHandler[] {
  return [http.all(`${baseUrl}/*`, () => outcome(status, `Mocked ${status}`))];
}

/** Every request fails at the network level. */
export function fhirNetworkErrorHandlers(baseUrl = MOCK_BASE_URL): HttpHandler[] {
  return [http.all(`${baseUrl}/*`, () => HttpResponse.error())];
}

/** A misconfigured proxy answering an HTML page instead of FHIR JSON. */
export function fhirHtmlHandlers(baseUrl = MOCK_BASE_URL): HttpHandler[] {
  return [
    http.all(`${baseUrl}/*`, () =>
      new HttpResponse('<!doctype html><html><body><h1>Portail</h1></body></html>', {
        status: 200,
        headers: { 'Content-Type': 'text/html' },
      }),
    ),
  ];
}

export interface EmergencyGateOptions {
  baseUrl?: string;
  /** The request header that opens the record (default `X-Purpose-Of-Use`), and its value (default `BTG`). */
  header?: string;
  value?: string;
  /** A bearer token that opens the record too (what a host handler may return instead). */
  token?: string;
  /** Refuse the Patient resource as well (default: the identity is readable, the record is not). */
  refusePatient?: boolean;
}

/**
 * The dev server's emergency rule, for MSW: every request of the record answers 403 unless it
 * carries the emergency header (or token). The Patient (unless `refusePatient`), the directory
 * (Practitioner, PractitionerRole, Organization) and AuditEvent creates pass to the next
 * handlers, as do opened requests: put these before the record's handlers.
 */
export function fhirEmergencyGateHandlers(options: EmergencyGateOptions = {}): HttpHandler[] {
  const base = options.baseUrl ?? MOCK_BASE_URL;
  const header = options.header ?? 'X-Purpose-Of-Use';
  const value = options.value ?? 'BTG';
  const open = new Set(['metadata', 'Practitioner', 'PractitionerRole', 'Organization', ...(options.refusePatient ? [] : ['Patient'])]);
  return [
    http.all(`${base}*`, ({ request }) => {
      if (request.headers.get(header) === value) return undefined;
      if (options.token && request.headers.get('Authorization') === `Bearer ${options.token}`) return undefined;
      const type = new URL(request.url).pathname.slice(new URL(base).pathname.length).split('/').filter(Boolean)[0];
      if (type && open.has(type) && request.method === 'GET') return undefined;
      if (type === 'AuditEvent' && request.method === 'POST') return undefined;
      return outcome(403, 'Not in the care circle of this patient: emergency access only');
    }),
  ];
}

// A writable in-memory server (create, If-None-Exist, _sort, _lastUpdated, failure injection).
export { fhirStoreHandlers, MockFhirStore } from './writable.ts';
export type { MockFailure, MockFailureRule, MockStoreOptions } from './writable.ts';
