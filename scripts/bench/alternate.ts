/**
 * Samples of two sides taken in turn (small, large, small, …), so that a busy machine's drift
 * weighs on both alike; the first round is a warm-up (JIT, the server's search memo, lazy chunks).
 */
export async function alternate<S, T>(rounds: number, sides: readonly [S, S], take: (side: S) => Promise<T>): Promise<[T[], T[]]> {
  const out: [T[], T[]] = [[], []];
  for (let i = 0; i <= rounds; i++) {
    for (const k of [0, 1] as const) {
      const v = await take(sides[k]);
      if (i > 0) out[k].push(v);
    }
  }
  return out;
}
