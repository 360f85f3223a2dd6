/**
 * `npm run bench`: runs every scripts/bench/*.bench.ts and prints one table. Figures are
 * ratios and counts (render cost at 10 000 vs 100 items, requests per page load, bundle bytes),
 * reported in issue notes — not wall-clock assertions in tests. Exit code 1 when a target is missed.
 * `npm run bench -- timeline` runs only the files whose name contains "timeline".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './bench/types.ts';

const dir = join(import.meta.dirname, 'bench');
const filter = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
const rows: (BenchResult & { file: string })[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
  const started = Date.now();
  try {
    for (const r of await mod.default()) rows.push({ ...r, file });
  } catch (err) {
    rows.push({ file, name: 'crashed', value: NaN, unit: String(err instanceof Error ? err.message : err), ok: false });
  }
  console.error(`${file}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
console.log('\n| bench | measure | value | target | ok |\n|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.file.replace('.bench.ts', '')} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.target ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'} |`);
}
process.exit(rows.some((r) => r.ok === false) ? 1 : 0);
