/**
 * The pieces of `npm run bench` with logic: the spread of a set of samples (min / median / max,
 * at least 7 of them), ratios of medians, and the exit code (1 when a target is missed).
 * Pure; tested in stats.test.ts.
 */
import type { BenchResult } from './types.ts';

/** Fewer samples than this and a median says little: a bench asking for fewer is a bug. */
export const MIN_SAMPLES = 7;

export interface Stats {
  n: number;
  min: number;
  median: number;
  max: number;
}

export function summarize(samples: readonly number[], minSamples = MIN_SAMPLES): Stats {
  if (samples.length < minSamples) throw new Error(`${samples.length} samples, at least ${minSamples} needed`);
  if (samples.some((v) => !Number.isFinite(v))) throw new Error(`a sample is not a number: ${samples.join(', ')}`);
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, min: s[0]!, median, max: s[s.length - 1]! };
}

/** A number as the tables show it: integers as they are, else 3 significant digits (at most 2 decimals). */
export function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  return n.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

/** "min 12.0 · max 15.1 ms (n = 9)". */
export function spread(s: Stats, unit = 'ms'): string {
  return `min ${fmt(s.min)} · max ${fmt(s.max)} ${unit} (n = ${s.n})`;
}

/** "12.4 ms (min 12.0 · max 15.1, n = 9)": one side of a ratio. */
export function side(label: string, s: Stats, unit = 'ms'): string {
  return `${label}: ${fmt(s.median)} ${unit} (min ${fmt(s.min)} · max ${fmt(s.max)}, n = ${s.n})`;
}

/** The row for `large` against `small` (ratio of medians), checked against `at most` ×. */
export function ratioRow(
  name: string,
  large: { label: string; stats: Stats },
  small: { label: string; stats: Stats },
  options: { atMost?: number; sample: string; unit?: string; headline?: boolean },
): BenchResult {
  const value = large.stats.median / small.stats.median;
  return {
    name,
    value,
    unit: '×',
    sample: options.sample,
    spread: `${side(large.label, large.stats, options.unit)}; ${side(small.label, small.stats, options.unit)}`,
    ...(options.atMost === undefined ? {} : { target: `≤ ${options.atMost}×`, ok: value <= options.atMost }),
    ...(options.headline ? { headline: true } : {}),
  };
}

/** The row for a median checked against `≤ budget` (in `unit`). */
export function budgetRow(name: string, s: Stats, options: { budget?: number; unit?: string; sample: string; headline?: boolean; note?: string }): BenchResult {
  const unit = options.unit ?? 'ms';
  return {
    name,
    value: s.median,
    unit: options.note ? `${unit} ${options.note}` : unit,
    sample: options.sample,
    spread: spread(s, unit),
    ...(options.budget === undefined ? {} : { target: `≤ ${fmt(options.budget)} ${unit}`, ok: s.median <= options.budget }),
    ...(options.headline ? { headline: true } : {}),
  };
}

/** The process exit code: 1 when any target is missed (a crashed bench is a missed target), or nothing ran. */
export function exitCode(rows: readonly Pick<BenchResult, 'ok'>[]): 0 | 1 {
  if (rows.length === 0) return 1;
  return rows.some((r) => r.ok === false) ? 1 : 0;
}

/** The names of the rows that missed their target. */
export function missed(rows: readonly BenchResult[]): string[] {
  return rows.filter((r) => r.ok === false).map((r) => r.name);
}

/** Scroll samples the list took back (its offset returned to where it was, no row moved): each one a scroll the user would see refused. */
export function takenBackRow(name: string, samples: readonly { takenBack?: boolean }[]): BenchResult {
  const n = samples.filter((x) => x.takenBack).length;
  return {
    name: `${name} scrolls taken back by the list`,
    value: n,
    unit: `of ${samples.length} scroll samples (left out of the scroll timings)`,
    target: '0',
    ok: n === 0,
    sample: "a scroll sample after which the list's offset is back where it was (within a tenth of the distance) and the rows on screen are the same",
  };
}

/** Stats of timed samples; the scrolls a list took back carry no timing and are counted apart (`takenBackRow`). */
export function sampleStats(samples: readonly { ms: number; takenBack?: boolean }[]): Stats {
  return summarize(samples.filter((x) => !x.takenBack).map((x) => x.ms));
}

/** What every scroll sample checked, for the rows' "one sample" text. */
export const CHANGED_ON_SCREEN = '; every sample changed the rows on screen, with no blank';
