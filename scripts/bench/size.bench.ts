import { measureDist } from '../bundle-size.ts';
import type { BenchResult } from './types.ts';

/** Bundle sizes (gzip), against the budget where one is set. Needs `npm run build` first. */
export default async function (): Promise<BenchResult[]> {
  return measureDist().map((row) => ({
    name: `${row.file} (gzip)`,
    value: row.gzip,
    unit: 'B',
    target: row.budget ? `≤ ${row.budget} B (${((row.gzip / row.budget) * 100).toFixed(0)} % used)` : undefined,
    ok: row.budget ? row.gzip <= row.budget : undefined,
  }));
}
