export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≤ 2×". */
  target?: string;
  /** Whether the target is met (undefined when there is no target). */
  ok?: boolean;
}

export type Bench = () => Promise<BenchResult[]>;
