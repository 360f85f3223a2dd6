/**
 * Line-based text changes of shared notes: a readable diff between two versions, and the
 * three-way merge that pre-fills the conflict view when two people edited the same note. Pure
 * functions over strings; nothing here decides for the user — the merge is a proposal.
 */

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/** Past this many cells (lines × lines) the middle is shown as replaced whole, not matched line by line. */
const MAX_CELLS = 4_000_000;

/** The lines of `before` kept, removed and added in `after`, in reading order. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  return opsOf(a, b).flatMap((op): DiffLine[] => {
    if (op.kind === 'same') return a.slice(op.a, op.a + op.n).map((text) => ({ kind: 'same', text }));
    return [
      ...a.slice(op.a, op.a + op.removed).map((text): DiffLine => ({ kind: 'removed', text })),
      ...b.slice(op.b, op.b + op.added).map((text): DiffLine => ({ kind: 'added', text })),
    ];
  });
}

type Op = { kind: 'same'; a: number; b: number; n: number } | { kind: 'change'; a: number; b: number; removed: number; added: number };

/** Runs of equal lines and changes between `a` and `b` (longest common subsequence). */
function opsOf(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  const pairs: [number, number][] = [];
  if (n > 0 && m > 0 && n * m <= MAX_CELLS) {
    // LCS table over the middle, then walk it forwards.
    const w = m + 1;
    const t = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        t[i * w + j] = a[pre + i] === b[pre + j] ? t[(i + 1) * w + j + 1]! + 1 : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[pre + i] === b[pre + j]) {
        pairs.push([pre + i, pre + j]);
        i++;
        j++;
      } else if (t[(i + 1) * w + j]! >= t[i * w + j + 1]!) i++;
      else j++;
    }
  }
  const matched: [number, number][] = [];
  for (let k = 0; k < pre; k++) matched.push([k, k]);
  matched.push(...pairs);
  for (let k = 0; k < suf; k++) matched.push([a.length - suf + k, b.length - suf + k]);
  const ops: Op[] = [];
  let ai = 0;
  let bi = 0;
  const push = (op: Op): void => {
    const last = ops.at(-1);
    if (op.kind === 'same' && last?.kind === 'same') last.n += op.n;
    else ops.push(op);
  };
  for (const [x, y] of [...matched, [a.length, b.length] as [number, number]]) {
    if (x > ai || y > bi) push({ kind: 'change', a: ai, b: bi, removed: x - ai, added: y - bi });
    if (x < a.length) push({ kind: 'same', a: x, b: y, n: 1 });
    ai = x + 1;
    bi = y + 1;
  }
  return ops;
}

/** A change of one side: base lines [start, end) became `lines`. */
interface Hunk {
  side: 'mine' | 'theirs';
  start: number;
  end: number;
  lines: string[];
}

function hunksOf(base: string[], side: string[], name: Hunk['side']): Hunk[] {
  return opsOf(base, side)
    .filter((op): op is Extract<Op, { kind: 'change' }> => op.kind === 'change')
    .map((op) => ({ side: name, start: op.a, end: op.a + op.removed, lines: side.slice(op.b, op.b + op.added) }));
}

function touches(x: Hunk, y: Hunk): boolean {
  if (x.start === y.start) return true;
  if (x.start === x.end) return y.start < x.start && x.start < y.end;
  if (y.start === y.end) return x.start < y.start && y.start < x.end;
  return x.start < y.end && y.start < x.end;
}

export interface TextMerge {
  /** The merged text. Where both sides changed the same lines differently, theirs then mine (nothing dropped). */
  text: string;
  /** Places where both sides changed the same lines differently; 0 = a clean merge. */
  conflicts: number;
}

/**
 * Three-way merge by lines of `mine` and `theirs`, both edits of `base`. Changes to different
 * lines are combined; two insertions at the same place are both kept (theirs first: it was saved
 * first). Overlapping different changes count as conflicts and keep both versions, one after the
 * other, for the user to settle.
 */
export function mergeText(base: string, mine: string, theirs: string): TextMerge {
  if (mine === theirs) return { text: mine, conflicts: 0 };
  if (mine === base) return { text: theirs, conflicts: 0 };
  if (theirs === base) return { text: mine, conflicts: 0 };
  const b = base.split('\n');
  const hunks = [...hunksOf(b, theirs.split('\n'), 'theirs'), ...hunksOf(b, mine.split('\n'), 'mine')].sort(
    (x, y) => x.start - y.start || x.end - y.end || (x.side === 'theirs' ? -1 : 1),
  );
  const out: string[] = [];
  let conflicts = 0;
  let at = 0;
  for (let k = 0; k < hunks.length; ) {
    // A group: hunks that touch one another, across both sides.
    const group = [hunks[k]!];
    let lo = group[0]!.start;
    let hi = group[0]!.end;
    k++;
    while (k < hunks.length && group.some((g) => touches(g, hunks[k]!))) {
      const h = hunks[k++]!;
      group.push(h);
      lo = Math.min(lo, h.start);
      hi = Math.max(hi, h.end);
    }
    out.push(...b.slice(at, lo));
    at = hi;
    const sides = new Set(group.map((g) => g.side));
    const text = (side: Hunk['side']): string[] => {
      const result: string[] = [];
      let i = lo;
      for (const h of group.filter((g) => g.side === side)) {
        result.push(...b.slice(i, h.start), ...h.lines);
        i = h.end;
      }
      return [...result, ...b.slice(i, hi)];
    };
    if (sides.size === 1) {
      out.push(...text(group[0]!.side));
      continue;
    }
    const t = text('theirs');
    const m = text('mine');
    if (t.join('\n') === m.join('\n')) out.push(...t);
    else if (lo === hi) out.push(...t, ...m);
    else {
      conflicts++;
      out.push(...t, ...m);
    }
  }
  out.push(...b.slice(at));
  return { text: out.join('\n'), conflicts };
}
