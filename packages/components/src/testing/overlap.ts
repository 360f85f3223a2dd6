/**
 * Geometry checks for component tests: do rendered text boxes overlap? A label drawn over
 * another ("Aujourd'hui" over a year tick, a day pill over a message) is caught by comparing the
 * boxes of what is actually painted — the line boxes of the text, not the elements' padding.
 * Reusable by any element's test: collect boxes with `textBoxes`/`elementBoxes`, then
 * `expectNoOverlap` (within one group) or `expectApart` (between two groups).
 */

export interface Box {
  /** What the box is, for the failure message ("day strip", "message 3: 'Bonjour…'"). */
  label: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const toBox = (label: string, r: DOMRect | DOMRectReadOnly): Box => ({ label, left: r.left, top: r.top, right: r.right, bottom: r.bottom });

function visible(el: Element): boolean {
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
}

/** Whether an element (or any ancestor up to its root) is painted: not `display: none`, hidden or transparent. */
function painted(el: Element | null): boolean {
  for (let e = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
    if (!visible(e)) return false;
  }
  return true;
}

function describe(el: Element, text: string): string {
  const name = el.getAttribute('part') ?? el.getAttribute('class') ?? '';
  const t = text.replace(/\s+/g, ' ').trim();
  return `${el.tagName.toLowerCase()}${name ? `.${String(name).split(' ')[0]}` : ''} "${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`;
}

/**
 * One box per rendered line of text under `root` (element or shadow root), optionally only
 * inside elements matching `within`. Empty text, and text in an element that is not painted,
 * are skipped; boxes are clipped to `clip` (e.g. a scroller) when given, and dropped when fully
 * outside it.
 */
export function textBoxes(root: Element | ShadowRoot, options: { within?: string; label?: string; clip?: Element } = {}): Box[] {
  const boxes: Box[] = [];
  const containers = options.within ? [...root.querySelectorAll(options.within)] : [root];
  const clip = options.clip?.getBoundingClientRect();
  for (const container of containers) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (!node.data.trim() || !node.parentElement || !painted(node.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width < 0.5 || r.height < 0.5) continue;
        let box = toBox(options.label ? `${options.label} ${describe(node.parentElement, node.data)}` : describe(node.parentElement, node.data), r);
        if (clip) {
          box = { ...box, left: Math.max(box.left, clip.left), top: Math.max(box.top, clip.top), right: Math.min(box.right, clip.right), bottom: Math.min(box.bottom, clip.bottom) };
          if (box.right - box.left < 0.5 || box.bottom - box.top < 0.5) continue;
        }
        boxes.push(box);
      }
    }
  }
  return boxes;
}

/** One box per painted element matching `selector` under `root` (e.g. message bubbles). */
export function elementBoxes(root: Element | ShadowRoot, selector: string, label?: string): Box[] {
  return [...root.querySelectorAll(selector)]
    .filter((el) => painted(el))
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && r.height > 0)
    .map(({ el, r }) => toBox(label ? `${label} ${describe(el, el.textContent ?? '')}` : describe(el, el.textContent ?? ''), r));
}

/** Two boxes share more than `tolerance` px in both directions (touching edges is not overlapping). */
export function overlapping(a: Box, b: Box, tolerance = 0.5): boolean {
  return Math.min(a.right, b.right) - Math.max(a.left, b.left) > tolerance && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > tolerance;
}

/** Every pair of boxes that overlap, within one group (`others` absent) or between two groups. */
export function findOverlaps(boxes: Box[], others?: Box[], tolerance = 0.5): [Box, Box][] {
  const pairs: [Box, Box][] = [];
  if (others) {
    for (const a of boxes) for (const b of others) if (overlapping(a, b, tolerance)) pairs.push([a, b]);
  } else {
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlapping(boxes[i]!, boxes[j]!, tolerance)) pairs.push([boxes[i]!, boxes[j]!]);
  }
  return pairs;
}

function report(what: string, pairs: [Box, Box][]): string {
  const fmt = (b: Box) => `${b.label} [${Math.round(b.left)},${Math.round(b.top)} → ${Math.round(b.right)},${Math.round(b.bottom)}]`;
  return `${what}: ${pairs.length} overlapping pair(s)\n${pairs.slice(0, 10).map(([a, b]) => `  ${fmt(a)}\n    × ${fmt(b)}`).join('\n')}`;
}

/** Throws (naming the boxes) when any two boxes of the group overlap. */
export function expectNoOverlap(what: string, boxes: Box[], tolerance?: number): void {
  const pairs = findOverlaps(boxes, undefined, tolerance);
  if (pairs.length) throw new Error(report(what, pairs));
}

/** Throws (naming the boxes) when a box of one group overlaps a box of the other. */
export function expectApart(what: string, a: Box[], b: Box[], tolerance?: number): void {
  const pairs = findOverlaps(a, b, tolerance);
  if (pairs.length) throw new Error(report(what, pairs));
}
