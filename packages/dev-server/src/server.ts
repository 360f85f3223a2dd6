/**
 * The dev server: a small node:http front on 127.0.0.1 over a real FHIR engine (Medplum's
 * FhirRouter + MemoryRepository), with CORS, ETag/Location headers, Bundle paging links,
 * raw Binary content, write persistence to a data file, and (optionally) the demo host page
 * served under a strict Content-Security-Policy, as a hospital host would serve it.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { getStatus, isOk } from '@medplum/core';
import type { Binary, Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { HttpMethod } from '@medplum/fhir-router';
import { createFhirEngine, type FhirEngine } from './fhir-engine.ts';
import { WriteStore } from './persistence.ts';
import { loadSeed, type SeedOptions } from './seed/index.ts';

export const FHIR_PATH = '/fhir/R4';
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface DevServerOptions extends SeedOptions {
  port?: number;
  host?: string;
  /** JSON file where written resources are kept across restarts; none when absent. */
  dataFile?: string;
  /** Serve the demo host page (and the built bundle) beside the FHIR API. */
  demo?: boolean;
  /** Folder holding `demo/` and `packages/components/dist`; defaults to the repo root. */
  rootDir?: string;
  /** Log one line per request to stdout (method, path, status — never bodies or tokens). */
  log?: boolean;
  /** Run the usual per-patient searches once at start so the first real ones are fast (default: with --extra). */
  warmUp?: boolean;
  /**
   * Viewers refused the patient record unless in emergency (default: the seed's emergency
   * physician, `PractitionerRole/role-urg`, who is in no care circle); `[]` turns the rule off.
   */
  emergencyOnly?: string[];
  /** Hold every search of these resource types this long before answering, e.g. `{ Encounter: 25_000 }` (a slow source). */
  searchDelayMs?: Record<string, number>;
  /** Gzip static files and FHIR JSON for clients that accept it, as a production host does (default off). */
  compress?: boolean;
  /** Largest `_count` a search honours (default 1000). */
  maxPageSize?: number;
}

/**
 * Who is asking. The dev server has no sign-in: a bearer token `demo:<reference>` (what the demo
 * host's `getToken` returns) names the viewer; a request without one is anonymous and unrestricted.
 */
export const DEMO_TOKEN_PREFIX = 'demo:';
/** The header (and value) that opens the record to an emergency-only viewer: what the demo host's handler returns. */
export const EMERGENCY_HEADER = 'X-Purpose-Of-Use';
export const EMERGENCY_PURPOSE = 'BTG';
export const DEFAULT_EMERGENCY_ONLY = ['PractitionerRole/role-urg'];
/** What an emergency-only viewer may still do without the header: know who the patient is, read the directory, write a trace. */
const OPEN_WITHOUT_EMERGENCY = new Set(['Patient', 'Practitioner', 'PractitionerRole', 'Organization']);

/**
 * The emergency rule, in the node:http front (the FHIR engine knows nothing of viewers): a
 * viewer named in `emergencyOnly` gets 403 for the patient's record — every read, search, batch
 * and write but the Patient itself, the directory and AuditEvent creates — unless the request
 * carries `X-Purpose-Of-Use: BTG`. Exported for its test.
 */
export function refusedWithoutEmergency(
  req: Pick<IncomingMessage, 'method' | 'headers'>,
  path: string,
  emergencyOnly: readonly string[],
): boolean {
  const auth = req.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() ?? '';
  if (!token.startsWith(DEMO_TOKEN_PREFIX) || !emergencyOnly.includes(token.slice(DEMO_TOKEN_PREFIX.length))) return false;
  if (req.headers[EMERGENCY_HEADER.toLowerCase()] === EMERGENCY_PURPOSE) return false;
  const type = path.split('/').filter(Boolean)[0] ?? '';
  if (type === 'metadata') return false;
  if (type === 'AuditEvent' && req.method === 'POST') return false;
  return !(OPEN_WITHOUT_EMERGENCY.has(type) && (req.method === 'GET' || req.method === 'HEAD'));
}

export interface DevServer {
  server: Server;
  engine: FhirEngine;
  origin: string;
  baseUrl: string;
  /** CSP violation reports the strict page sent (`report-uri /csp-report`), as received. */
  cspReports: unknown[];
  close(): Promise<void>;
}

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/** Responses to gzip (`compress` on and the client accepts gzip). */
const gzipped = new WeakSet<ServerResponse>();

/** The strict policy the contract promises hosts can use; the demo is served under it. */
export function demoCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

/**
 * The Trusted Types policy names the library creates (docs/security.md): `coord-elements`
 * (DOMPurify's parsing, base/sanitize.ts) and `lit-html` (Lit's templates).
 */
export const TRUSTED_TYPES_NAMES = ['coord-elements', 'lit-html'];

/**
 * The strictest policy a host may serve us under (`demo/strict.html`): the demo's, plus the
 * Trusted Types names allowed one by one — no `'allow-duplicates'` — and violations reported to
 * `/csp-report` (kept in `DevServer.cspReports`).
 */
export function strictCsp(): string {
  return [demoCsp(), `trusted-types ${TRUSTED_TYPES_NAMES.join(' ')}`, 'report-uri /csp-report'].join('; ');
}

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'Authorization, Content-Type, Accept, If-Match, If-None-Match, If-None-Exist, If-Modified-Since, Prefer, X-Request-Id, X-Purpose-Of-Use',
  'Access-Control-Expose-Headers': 'ETag, Location, Content-Location, Last-Modified, Retry-After',
  'Access-Control-Max-Age': '600',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.pdf': 'application/pdf',
};

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const engine = createFhirEngine();
  const store = options.dataFile ? new WriteStore(options.dataFile) : undefined;
  await loadSeed(engine.repo, options);
  if (store) await store.replayInto(engine.repo);

  // Medplum's in-memory repository forgets deleted resources (a read gives 404); FHIR says a read
  // of a deleted resource is 410 Gone, as HAPI answers, so the front remembers deletions.
  const deleted = new Set<string>(store?.deletedKeys() ?? []);
  const rootDir = options.rootDir ?? REPO_ROOT;
  const cspReports: unknown[] = [];
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('dev-server: unexpected error', err instanceof Error ? err.message : err);
      if (!res.headersSent) sendJson(res, 500, outcome('exception', 'Internal error'));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.compress && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) gzipped.add(res);
    if (url.pathname === FHIR_PATH || url.pathname.startsWith(FHIR_PATH + '/')) {
      await handleFhir(req, res, url);
      if (options.log) console.log(`${req.method} ${url.pathname} ${res.statusCode}`);
      return;
    }
    if (options.demo && req.method === 'POST' && url.pathname === '/csp-report') {
      try {
        cspReports.push(await readJsonBody(req));
      } catch {
        cspReports.push({ unreadable: true });
      }
      res.writeHead(204).end();
      return;
    }
    if (options.demo && (req.method === 'GET' || req.method === 'HEAD')) {
      serveStatic(res, url.pathname);
      return;
    }
    sendJson(res, 404, outcome('not-found', `No route for ${url.pathname}`));
  }

  async function handleFhir(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const method = (req.method ?? 'GET') as HttpMethod;
    const path = url.pathname.slice(FHIR_PATH.length) || '/';
    if (refusedWithoutEmergency(req, path, options.emergencyOnly ?? DEFAULT_EMERGENCY_ONLY)) {
      sendJson(res, 403, outcome('forbidden', 'Not in the care circle of this patient: emergency access only (X-Purpose-Of-Use: BTG)'));
      return;
    }
    if (path === '/metadata') {
      sendJson(res, 200, capabilityStatement());
      return;
    }

    let body: unknown;
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      try {
        body = await readJsonBody(req);
      } catch (err) {
        sendJson(res, 400, outcome('invalid', err instanceof Error ? err.message : 'Invalid body'));
        return;
      }
    }

    // Search: page with _count/_offset so the Bundle can carry next/previous links.
    const isSearch = method === 'GET' && /^\/[A-Z][A-Za-z]+\/?$/.test(path);
    const delay = isSearch ? options.searchDelayMs?.[path.replace(/\//g, '')] : undefined;
    if (delay && !(await held(res, delay))) return;
    let count = 0;
    let offset = 0;
    if (isSearch) {
      count = clampInt(url.searchParams.get('_count'), DEFAULT_PAGE_SIZE, 0, options.maxPageSize ?? MAX_PAGE_SIZE);
      offset = clampInt(url.searchParams.get('_offset'), 0, 0, Number.MAX_SAFE_INTEGER);
      url.searchParams.set('_count', String(count));
      url.searchParams.set('_offset', String(offset));
      url.searchParams.set('_total', 'accurate');
    }

    const headers: Record<string, string> = {};
    for (const name of ['if-match', 'if-none-exist', 'if-none-match']) {
      const v = req.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    const [result, resource] = await engine.router.handleRequest(
      {
        method,
        url: path + (url.search || ''),
        pathname: '',
        body,
        params: {},
        query: {},
        headers,
      },
      engine.repo,
    );
    const status = getStatus(result);
    const instanceKey = /^\/([A-Z][A-Za-z]+\/[^/?]+)$/.exec(path)?.[1];
    if (!isOk(result)) {
      if (status === 404 && method === 'GET' && instanceKey && deleted.has(instanceKey)) {
        sendJson(res, 410, outcome('deleted', `${instanceKey} has been deleted`));
        return;
      }
      sendJson(res, status, result);
      return;
    }
    if (instanceKey && method === 'DELETE') deleted.add(instanceKey);
    if (instanceKey && method === 'PUT') deleted.delete(instanceKey);
    if (method !== 'GET' && store) store.record(method, path, resource);

    if (!resource) {
      res.writeHead(status === 200 && method === 'DELETE' ? 204 : status).end();
      return;
    }
    if (isSearch && resource.resourceType === 'Bundle') {
      addPagingLinks(resource, baseUrl(req), path, url, count, offset);
    }
    const meta = resource.meta;
    if (meta?.versionId) res.setHeader('ETag', `W/"${meta.versionId}"`);
    if (meta?.lastUpdated) res.setHeader('Last-Modified', new Date(meta.lastUpdated).toUTCString());
    if (status === 201 && resource.id) {
      res.setHeader(
        'Location',
        `${baseUrl(req)}/${resource.resourceType}/${resource.id}/_history/${meta?.versionId ?? '1'}`,
      );
    }
    // Binary read without a FHIR Accept header: the raw bytes, as the FHIR spec says.
    if (resource.resourceType === 'Binary' && method === 'GET' && !wantsFhirJson(req)) {
      sendBinary(res, resource);
      return;
    }
    // If-None-Match on a read: 304 when the client already has this version.
    const inm = req.headers['if-none-match'];
    if (method === 'GET' && inm && meta?.versionId && inm.includes(`"${meta.versionId}"`)) {
      res.writeHead(304).end();
      return;
    }
    sendJson(res, status, resource);
  }

  function serveStatic(res: ServerResponse, pathname: string): void {
    const mounts: [string, string][] = [
      ['/dist/', join(rootDir, 'packages/components/dist')],
      ['/', join(rootDir, 'demo')],
    ];
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      let rel = decodeURIComponent(pathname.slice(prefix.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = normalize(join(dir, rel));
      if (!file.startsWith(dir + sep)) break;
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      const gzip = gzipped.has(res);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': file.endsWith(`${sep}strict.html`) ? strictCsp() : demoCsp(),
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
      });
      (gzip ? createReadStream(file).pipe(createGzip()) : createReadStream(file)).pipe(res);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8787, host, () => ok());
  });
  if (options.warmUp ?? (options.extra ?? 0) > 0) void warmUpSearches(engine);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${host}:${port}`;
  return {
    server,
    engine,
    origin,
    baseUrl: origin + FHIR_PATH,
    cspReports,
    close: () =>
      new Promise<void>((ok) => {
        store?.flush();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function baseUrl(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}${FHIR_PATH}`;
}

function wantsFhirJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('fhir+json') || accept.includes('application/json');
}

function addPagingLinks(bundle: Bundle, base: string, path: string, url: URL, count: number, offset: number): void {
  const link: NonNullable<Bundle['link']> = [];
  const at = (o: number): string => {
    const u = new URL(url.toString());
    u.searchParams.set('_offset', String(o));
    u.searchParams.delete('_total');
    return `${base}${path}?${u.searchParams.toString()}`;
  };
  link.push({ relation: 'self', url: at(offset) });
  const total = bundle.total ?? 0;
  if (count > 0 && offset + count < total) link.push({ relation: 'next', url: at(offset + count) });
  if (offset > 0) link.push({ relation: 'previous', url: at(Math.max(0, offset - count)) });
  bundle.link = link;
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.id) entry.fullUrl = `${base}/${entry.resource.resourceType}/${entry.resource.id}`;
    entry.search ??= { mode: 'match' };
  }
}

function sendBinary(res: ServerResponse, binary: Binary): void {
  const bytes = Buffer.from(binary.data ?? '', 'base64');
  res.writeHead(200, {
    'Content-Type': binary.contentType ?? 'application/octet-stream',
    'Content-Length': bytes.length,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
  });
  res.end(bytes);
}

function sendJson(res: ServerResponse, status: number, body: Resource | OperationOutcome): void {
  const text = JSON.stringify(body);
  const bytes = gzipped.has(res) ? gzipSync(text) : Buffer.from(text);
  res.writeHead(status, {
    'Content-Type': 'application/fhir+json; charset=utf-8',
    'Content-Length': bytes.length,
    ...(gzipped.has(res) ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
  });
  res.end(bytes);
}

/** Waits `ms` before a search is answered; false when the client went away meanwhile. */
function held(res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((done) => {
    const timer = setTimeout(() => {
      res.off('close', gone);
      done(true);
    }, ms);
    const gone = (): void => {
      clearTimeout(timer);
      done(false);
    };
    res.once('close', gone);
  });
}

function outcome(code: string, text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'invalid', details: { text } }] };
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  return JSON.parse(text);
}

function capabilityStatement(): Resource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-26',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    software: { name: 'coord-elements dev server (Medplum FHIR engine, in memory)' },
    rest: [{ mode: 'server' }],
  } as Resource;
}

/** The searches elements make first, run once in the background to fill the search memo. */
async function warmUpSearches(engine: FhirEngine): Promise<void> {
  const queries = [
    'Encounter?patient=Patient/{p}&_sort=-date',
    'DocumentReference?patient=Patient/{p}&_sort=-date',
    'DiagnosticReport?patient=Patient/{p}&_sort=-date',
    'ImagingStudy?patient=Patient/{p}&_sort=-started',
    'Communication?patient=Patient/{p}&_sort=-sent',
    'Task?patient=Patient/{p}',
    'CarePlan?patient=Patient/{p}',
    'CareTeam?patient=Patient/{p}',
    'EpisodeOfCare?patient=Patient/{p}',
  ];
  for (const patient of ['pat-martin', 'pat-dubois']) {
    for (const q of queries) {
      await engine.router
        .handleRequest({ method: 'GET', url: `/${q.replace('{p}', patient)}&_count=1`, pathname: '', body: undefined, params: {}, query: {} }, engine.repo)
        .catch(() => undefined);
      await new Promise((r) => setImmediate(r));
    }
  }
}
