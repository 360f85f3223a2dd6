/**
 * Gzip sizes of the built outputs, and of what a page fetches, against
 * packages/components/size-budget.json. Used by test/size.test.ts and `npm run bench` (size).
 *
 * A page's total is found by walking the import graph of the built files as the browser would:
 * `coord-elements.js`, then for each tag the entry's dynamic import of `<tag>.js`, then every
 * static import and every dynamic import of those chunks — except language chunks (`*.en.js`),
 * which count only in that language's variant of the page. Nothing is listed by hand.
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
}

export interface Budgets {
  files: Record<string, number>;
  pages: Record<string, PageBudget>;
}

export interface PageRow {
  name: string;
  tags: string[];
  lang: PageLang;
  files: string[];
  gzip: number;
  budget: number;
  target?: number;
}

export function budgets(): Budgets {
  const raw = JSON.parse(readFileSync(join(COMPONENTS_DIR, 'size-budget.json'), 'utf8')) as Partial<Budgets>;
  return { files: raw.files ?? {}, pages: raw.pages ?? {} };
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
/**
 * Chunks fetched only on a user's or server's rare move, not by a page showing its record: the
 * emergency-access UI (on a 403) and the texts of the hiding rules (when a "Pourquoi ?" is opened).
 */
const ON_DEMAND = /[\\/](emergency-ui|why-hidden-rules)(\.[a-z]{2})?\.js$/;

/** The files a page with these tags fetches, in this language. */
export async function pageFiles(tags: string[], lang: PageLang): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (file: string, followDynamic: boolean): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const { static: statics, dynamic } = await importsOf(file);
    for (const f of statics) await visit(f, true);
    if (!followDynamic) return;
    for (const f of dynamic) {
      const l = langOf(f);
      if ((l === undefined || l === lang) && !ON_DEMAND.test(f)) await visit(f, true);
    }
  };
  // The entry's own dynamic imports are the other elements: only the page's tags are followed.
  await visit(ENTRY, false);
  const { dynamic } = await importsOf(ENTRY);
  for (const tag of tags) {
    const chunk = dynamic.find((f) => basename(f) === `${tag}.js`);
    if (!chunk) throw new Error(`${ENTRY} has no dynamic import of ${tag}.js`);
    await visit(chunk, true);
  }
  return [...seen];
}

/** Each page of the budget file, in each language, with its total. */
export async function measurePages(): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  for (const [name, page] of Object.entries(budgets().pages)) {
    for (const lang of LANGS) {
      const files = await pageFiles(page.tags, lang);
      const gzip = files.reduce((sum, f) => sum + gzipOf(join(COMPONENTS_DIR, f)), 0);
      rows.push({ name, tags: page.tags, lang, files, gzip, budget: page.budget, target: page.target });
    }
  }
  return rows;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
