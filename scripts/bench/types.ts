export interface BenchResult {
  name: string;
  /** The figure: the median of the samples, a ratio of medians, or a count. */
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≤ 2×". */
  target?: string;
  /** Whether the target is met (undefined when there is no target). */
  ok?: boolean;
  /** What one sample does, in one line. */
  sample?: string;
  /** The samples' spread: "min 12.0 · max 15.1 ms (n = 9)", or each side's for a ratio. */
  spread?: string;
  /** A figure that matters to a clinician: listed again in the summary at the top of docs/benchmarks.md. */
  headline?: boolean;
}

export type Bench = () => Promise<BenchResult[]>;
