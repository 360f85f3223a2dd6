/**
 * The thread's scrolling, as functions over the virtualised list: keeping the message being read
 * in place when older ones are added above, bringing a row into view to focus it, the keyboard
 * moves between messages, the floating day label. The virtualiser only renders what is near the
 * viewport, so every lookup goes by row key and waits a few frames for the row to exist.
 */
import type { Row } from './chat-rows.ts';

/** Brings row `index` into view, rendered or not (`LazyList.scrollToIndex`: the thread scrolls, not the page). */
export type ScrollToRow = (index: number, block?: ScrollLogicalPosition) => void;

/** A message on screen and its distance from the top of the thread. */
export interface Anchor {
  key: string;
  offset: number;
}

/** How close to the end (px) still counts as "at the bottom". */
const BOTTOM_SLACK = 48;

const nextFrame = (): Promise<unknown> => new Promise((r) => requestAnimationFrame(r));
const articleOf = (thread: HTMLElement, key: string) => thread.querySelector<HTMLElement>(`article[data-key="${CSS.escape(key)}"]`);

export function isAtBottom(thread: HTMLElement): boolean {
  return thread.scrollHeight - thread.scrollTop - thread.clientHeight < BOTTOM_SLACK;
}

/** The first message on screen (the one the user reads from). */
export function captureAnchor(thread: HTMLElement | undefined): Anchor | undefined {
  if (!thread) return undefined;
  const top = thread.getBoundingClientRect().top;
  const articles = [...thread.querySelectorAll<HTMLElement>('article[data-key]')];
  const first = articles.find((a) => a.getBoundingClientRect().bottom > top + 1) ?? articles[0];
  return first ? { key: first.dataset.key!, offset: first.getBoundingClientRect().top - top } : undefined;
}

/** After rows were added above: the anchor goes back where it was (rows measured meanwhile move it; correct until it stays put). */
export async function restoreAnchor(thread: HTMLElement, anchor: Anchor, index: number, scrollTo: ScrollToRow): Promise<void> {
  scrollTo(index, 'start');
  let steady = 0;
  for (let frame = 0; frame < 60 && steady < 3; frame++) {
    await nextFrame();
    const el = articleOf(thread, anchor.key);
    if (!el) {
      // The virtualiser may not have taken the new rows yet when asked: ask again until the
      // anchor is rendered (it then stays, and is corrected below).
      scrollTo(index, 'start');
      continue;
    }
    const delta = el.getBoundingClientRect().top - thread.getBoundingClientRect().top - anchor.offset;
    if (Math.abs(delta) < 1) steady++;
    else {
      steady = 0;
      thread.scrollTop += delta;
    }
  }
}

/** Scrolls a row into view (it may not be rendered yet) and focuses it. */
export async function focusRow(thread: HTMLElement | undefined, index: number, key: string, scrollTo: ScrollToRow): Promise<void> {
  for (let frame = 0; frame < 120 && thread; frame++) {
    const el = articleOf(thread, key);
    if (el) {
      el.focus({ preventScroll: frame > 0 });
      return;
    }
    // Asked again now and then: the virtualiser may not have taken the rows yet.
    if (frame % 5 === 0) scrollTo(index, 'nearest');
    await nextFrame();
  }
}

const STEPS: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5, Home: -Infinity, End: Infinity };

/**
 * Where a key press on a message moves focus: the row index of the target message, and whether
 * the user went past the first one loaded (time to load earlier messages). Undefined: not a move.
 */
export function keyMove(rows: Row[], from: number, key: string): { index: number; pastStart: boolean } | undefined {
  const delta = STEPS[key];
  if (delta === undefined) return undefined;
  const messages: number[] = [];
  rows.forEach((r, i) => r.type === 'message' && messages.push(i));
  const at = messages.indexOf(from);
  const index = messages[Math.max(0, Math.min(messages.length - 1, at + delta))];
  return index === undefined ? undefined : { index, pastStart: at + delta < 0 };
}

/**
 * The day header of the topmost message on screen (at least partly visible below the thread's
 * top edge), by geometry of the rendered rows — what the reader sees, whatever the virtualiser's
 * estimate of its first row says. Undefined when no message is rendered in view.
 */
export function topDayRow(thread: HTMLElement, rows: Row[], indexOf: (key: string) => number): Extract<Row, { type: 'day' }> | undefined {
  const box = thread.getBoundingClientRect();
  let best: { top: number; index: number } | undefined;
  for (const article of thread.querySelectorAll<HTMLElement>('article[data-key]')) {
    const r = article.getBoundingClientRect();
    // A sliver of a message cut by the top edge (under 8 px) is not what the reader reads.
    if (r.bottom <= box.top + 8 || r.top >= box.bottom) continue;
    if (best && r.top >= best.top) continue;
    const index = indexOf(article.dataset.key!);
    if (index >= 0) best = { top: r.top, index };
  }
  for (let i = best?.index ?? -1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.type === 'day') return row;
  }
  return undefined;
}
