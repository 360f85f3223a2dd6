/**
 * Shared by the browser benches. Every figure is taken on the path a user's page runs: the built
 * elements (`packages/components/dist`, the one-line loader `coord-elements.js`) on a plain host
 * page, served by the real dev server (a FHIR engine on 127.0.0.1), in Debian's Chromium.
 * - `BenchSite`: a temp folder the dev server serves as its root — `demo/` holds the bench host
 *   pages (plain HTML, no inline script, under the demo's strict CSP) and a copy of the demo,
 *   `packages/components/dist` links to the built output.
 * - `startRecordServer`: a dev server holding the seed's people and pathways, plus N generated
 *   timeline items and/or M chat messages for the patient.
 * - `harness(name)`: `scripts/bench/<name>.page.ts` bundled for `addInitScript` — the measuring
 *   code runs outside the elements (DOM, Performance API), injected before the page's scripts.
 */
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Communication, Resource } from '@medplum/fhirtypes';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startDevServer, type DevServer, type DevServerOptions } from '../../packages/dev-server/src/server.ts';
import { actorResources } from '../../packages/dev-server/src/seed/actors.ts';
import { extraResources } from '../../packages/dev-server/src/seed/extra.ts';
import { careTeams, pathways } from '../../packages/dev-server/src/seed/pathways.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'packages/components/dist');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const PATIENT = 'Patient/pat-martin';

export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** `npm run build` when the built loader is missing (a clean clone). */
export function ensureBuilt(): void {
  if (existsSync(join(DIST, 'coord-elements.js'))) return;
  console.error('bench: packages/components/dist is missing, running npm run build first');
  execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** A host page: the integrator's one script line, then `body`. */
export function hostPage(title: string, body: string, lang = 'fr'): string {
  return `<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/dist/coord-elements.js"></script>
  </head>
  <body>
${body}
  </body>
</html>
`;
}

export class BenchSite {
  readonly root = mkdtempSync(join(tmpdir(), 'coord-bench-'));

  constructor() {
    cpSync(join(ROOT, 'demo'), join(this.root, 'demo'), { recursive: true });
    mkdirSync(join(this.root, 'packages/components'), { recursive: true });
    symlinkSync(DIST, join(this.root, 'packages/components/dist'), 'dir');
  }

  /** Writes `demo/<file>`, served at `/<file>`. */
  page(file: string, html: string): string {
    writeFileSync(join(this.root, 'demo', file), html);
    return `/${file}`;
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

const harnesses = new Map<string, string>();

/** `scripts/bench/<name>.page.ts` as one classic script, for `context.addInitScript({ content })`. */
export async function harness(name: string): Promise<string> {
  const known = harnesses.get(name);
  if (known) return known;
  const out = await build({
    entryPoints: [join(import.meta.dirname, `${name}.page.ts`)],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  harnesses.set(name, code);
  return code;
}

/** Generated chat messages, oldest first, one every 10 minutes up to `now` (three senders). */
export function generatedMessages(count: number, now = Date.now(), patient = PATIENT): Communication[] {
  const senders = ['PractitionerRole/role-gp', 'PractitionerRole/role-idel', 'PractitionerRole/role-coord'];
  return Array.from({ length: count }, (_, i) => ({
    resourceType: 'Communication' as const,
    id: `bench-msg-${i}`,
    status: 'completed' as const,
    subject: { reference: patient },
    sender: { reference: senders[i % senders.length]! },
    sent: new Date(now - (count - i) * 600_000).toISOString(),
    payload: [{ contentString: `Message ${i + 1}${i % 7 === 0 ? '\nSur deux lignes.' : ''}` }],
  }));
}

export interface RecordOptions extends DevServerOptions {
  /** Generated timeline items (encounters, documents, messages over five years). */
  items?: number;
  /** Generated chat messages. */
  messages?: number;
}

/**
 * A dev server with the seed's people, organisations, pathways and care teams (no clinical
 * items of the seed), plus `items` generated timeline items and `messages` chat messages, so
 * that "100 items" means 100 items.
 */
export async function startRecordServer(site: BenchSite, options: RecordOptions = {}): Promise<DevServer> {
  const { items = 0, messages = 0, ...rest } = options;
  const server = await startDevServer({ port: 0, demo: true, rootDir: site.root, maxPageSize: 10_000, ...rest, empty: true, warmUp: false });
  const now = new Date();
  const resources: Resource[] = [...actorResources(), ...careTeams(now), ...pathways(now), ...extraResources(items, now), ...generatedMessages(messages, now.getTime())];
  for (const r of resources) await server.engine.repo.updateResource(structuredClone(r) as Resource & { id: string });
  backdate(server);
  return server;
}

/**
 * Gives each generated item the `meta.lastUpdated` of its own date, as a record written over
 * years has: written in one burst at start, thousands would share the last second, and every
 * live poll (`_lastUpdated=gt` the newest seen minus its overlap) would read them all again.
 * Done before any search (the engine's search memo is keyed by stored object).
 */
export function backdate(server: DevServer): void {
  const stores = (server.engine.repo as unknown as { resources?: Map<string, Map<string, Resource>> }).resources;
  if (!(stores instanceof Map)) throw new Error('bench: the dev server repository does not expose its store; cannot backdate the generated record');
  for (const store of stores.values()) {
    for (const r of store.values()) {
      const x = r as Resource & { sent?: string; date?: string; period?: { start?: string } };
      const at = x.sent ?? x.period?.start ?? x.date;
      if (at && r.meta && Date.parse(at) < Date.now()) r.meta.lastUpdated = new Date(at).toISOString();
    }
  }
}

/** `inner` inside the host's `<coord-provider>` for the seed's patient, as `user` (a PractitionerRole id). */
export function inProvider(inner: string, user = 'role-gp', profession = '10'): string {
  return `    <coord-provider base-url="/fhir/R4" patient="${PATIENT}" user="PractitionerRole/${user}" profession="${profession}" lang="fr">\n      ${inner}\n    </coord-provider>`;
}

/** One side of a large-vs-small bench: its own record server and a desktop browser context with the harness. */
export interface Side {
  n: number;
  context: BrowserContext;
  origin: string;
  baseUrl: string;
  close(): Promise<void>;
}

export async function openSide(browser: Browser, site: BenchSite, n: number, record: RecordOptions, harnessName: string): Promise<Side> {
  const server = await startRecordServer(site, record);
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  await context.addInitScript({ content: await harness(harnessName) });
  return {
    n,
    context,
    origin: server.origin,
    baseUrl: server.baseUrl,
    close: async () => {
      await context.close().catch(() => undefined);
      await server.close();
    },
  };
}
