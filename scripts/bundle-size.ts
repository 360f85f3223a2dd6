/** Gzip sizes of the built outputs against packages/components/size-budget.json. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const COMPONENTS_DIR = join(import.meta.dirname, '../packages/components');

export interface SizeRow {
  file: string;
  bytes: number;
  gzip: number;
  budget?: number;
}

export function budgets(): Record<string, number> {
  const raw = JSON.parse(readFileSync(join(COMPONENTS_DIR, 'size-budget.json'), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

export function measureDist(): SizeRow[] {
  const dist = join(COMPONENTS_DIR, 'dist');
  const limits = budgets();
  const rows: SizeRow[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'types') walk(path);
      } else if (name.endsWith('.js')) {
        const content = readFileSync(path);
        const file = relative(COMPONENTS_DIR, path);
        rows.push({ file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length, budget: limits[file] });
      }
    }
  };
  walk(dist);
  return rows.sort((a, b) => b.gzip - a.gzip);
}
