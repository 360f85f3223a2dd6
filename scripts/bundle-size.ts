/**
 * Gzip sizes of the built outputs, and of what a page fetches, against
 * packages/components/size-budget.json. Used by test/size.test.ts and `npm run bench` (size).
 *
 * A page's total is found by walking the import graph of the built files as the browser would:
 * `coord-elements.js`, then for each tag the entry's dynamic import of `<tag>.js`, then every
 * static import and every dynamic import of those chunks — except language chunks (`*.en.js`),
 * which count only in that language's variant of the page, and the chunks the budget file lists as
 * `deferred` (for every page, or for one): code an element imports only when something happens
 * that this page does not do on load (the server offers Subscriptions, a first send). A deferred
 * chunk is skipped only where it is reached through a dynamic import — a static import of it
 * anywhere in the page's graph counts it — and its bytes are reported beside the page's
 * (`deferredGzip`). Nothing else is listed by hand.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { init, parse } from 'es-module-lexer';

export const COMPONENTS_DIR = join(import.meta.dirname, '../packages/components');
const DIST = join(COMPONENTS_DIR, 'dist');
/** The one script a host loads; the page graph starts here. */
export const ENTRY = 'dist/coord-elements.js';
export const LANGS = ['fr', 'en'] as const;
export type PageLang = (typeof LANGS)[number];

export interface SizeRow {
  file: string;
  bytes: number;
  gzip: number;
  budget?: number;
}

export interface PageBudget {
  tags: string[];
  /** Enforced. */
  budget: number;
  /** The goal, when it differs from the budget (reported, not enforced). */
  target?: number;
  /** Chunks this page does not fetch on load (file name → when it is fetched), beside the file-wide ones. */
  deferred?: Record<string, string>;
  /** Why the page is above its target (reported beside the table). */
  why?: string;
}

export interface Budgets {
  files: Record<string, number>;
  /** Chunks no page fetches on load (file name → when it is fetched). */
  deferred: Record<string, string>;
  pages: Record<string, PageBudget>;
}

export interface PageRow {
  name: string;
  tags: string[];
  lang: PageLang;
  files: string[];
  gzip: number;
  /** Deferred chunks the page can reach (and what they pull in beyond `files`), fetched later if at all. */
  deferredFiles: string[];
  deferredGzip: number;
  budget: number;
  target?: number;
}

export function budgets(): Budgets {
  const raw = JSON.parse(readFileSync(join(COMPONENTS_DIR, 'size-budget.json'), 'utf8')) as Partial<Budgets>;
  return { files: raw.files ?? {}, deferred: raw.deferred ?? {}, pages: raw.pages ?? {} };
}

const gzipOf = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

/** Every built .js file (types excepted), largest gzip first. */
export function measureDist(): SizeRow[] {
  const limits = budgets().files;
  const rows: SizeRow[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'types' && name !== '.vite') walk(path);
      } else if (name.endsWith('.js')) {
        const file = relative(COMPONENTS_DIR, path);
        rows.push({ file, bytes: statSync(path).size, gzip: gzipOf(path), budget: limits[file] });
      }
    }
  };
  walk(DIST);
  return rows.sort((a, b) => b.gzip - a.gzip);
}

interface Imports {
  static: string[];
  dynamic: string[];
}

const importCache = new Map<string, Imports>();

/** A built file's relative imports, as `dist/…` paths (es-module-lexer, as a browser reads them). */
export async function importsOf(file: string): Promise<Imports> {
  const known = importCache.get(file);
  if (known) return known;
  await init;
  const code = readFileSync(join(COMPONENTS_DIR, file), 'utf8');
  const [found] = parse(code);
  const result: Imports = { static: [], dynamic: [] };
  for (const imp of found) {
    // `n` is undefined for a template-literal specifier (`import(\`./x.js\`)`): read the literal.
    const literal = /^[`'"]([^`'"$]*)[`'"]$/.exec(code.slice(imp.s, imp.e).trim());
    const specifier = imp.n ?? literal?.[1];
    if (!specifier?.startsWith('.')) continue;
    const target = posix.normalize(posix.join(dirname(file), specifier));
    (imp.d === -1 ? result.static : result.dynamic).push(target);
  }
  importCache.set(file, result);
  return result;
}

const langOf = (file: string): string | undefined => /\.([a-z]{2})\.js$/.exec(file)?.[1];

export interface PageGraph {
  /** What the page fetches on load. */
  files: string[];
  /** Deferred chunks it can reach, and what they pull in beyond `files`. */
  deferred: string[];
  /** The deferred chunks it reaches through a dynamic import (and never statically). */
  deferredEntries: string[];
}

/**
 * The files a page with these tags fetches, in this language: on load (`files`), and later through
 * the deferred chunks (`deferred`).
 */
export async function pageGraph(tags: string[], lang: PageLang, deferredNames: readonly string[] = []): Promise<PageGraph> {
  const walk = async (starts: string[], seen: Set<string>, skip: ReadonlySet<string>, skipped: Set<string>): Promise<void> => {
    const visit = async (file: string, followDynamic: boolean): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const { static: statics, dynamic } = await importsOf(file);
      for (const f of statics) await visit(f, true);
      if (!followDynamic) return;
      for (const f of dynamic) {
        const l = langOf(f);
        if (l !== undefined && l !== lang) continue;
        if (skip.has(basename(f))) skipped.add(f);
        else await visit(f, true);
      }
    };
    for (const start of starts) await visit(start, start !== ENTRY);
  };
  const { dynamic } = await importsOf(ENTRY);
  const chunks = tags.map((tag) => {
    const chunk = dynamic.find((f) => basename(f) === `${tag}.js`);
    if (!chunk) throw new Error(`${ENTRY} has no dynamic import of ${tag}.js`);
    return chunk;
  });
  // The entry's own dynamic imports are the other elements: only the page's tags are followed.
  const onLoad = new Set<string>();
  const reached = new Set<string>();
  await walk([ENTRY, ...chunks], onLoad, new Set(deferredNames), reached);
  const later = new Set(onLoad);
  await walk([...reached].filter((f) => !onLoad.has(f)), later, new Set(), new Set());

  const entries = [...reached].filter((f) => !onLoad.has(f));
  return { files: [...onLoad], deferred: [...later].filter((f) => !onLoad.has(f)), deferredEntries: entries };
}

/** The files a page with these tags fetches, in this language (every dynamic import followed). */
export async function pageFiles(tags: string[], lang: PageLang): Promise<string[]> {
  return (await pageGraph(tags, lang)).files;
}

/** The deferred chunk names for a page: the file-wide ones and its own. */
export function deferredFor(page: PageBudget): string[] {
  return [...Object.keys(budgets().deferred), ...Object.keys(page.deferred ?? {})];
}

/** Each page of the budget file, in each language, with its total. */
export async function measurePages(): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  for (const [name, page] of Object.entries(budgets().pages)) {
    for (const lang of LANGS) {
      const { files, deferred } = await pageGraph(page.tags, lang, deferredFor(page));
      const sum = (list: string[]): number => list.reduce((total, f) => total + gzipOf(join(COMPONENTS_DIR, f)), 0);
      rows.push({ name, tags: page.tags, lang, files, gzip: sum(files), deferredFiles: deferred, deferredGzip: sum(deferred), budget: page.budget, target: page.target });
    }
  }
  return rows;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
