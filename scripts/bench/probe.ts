/**
 * Browser side of the benches, shared by the harnesses (`*.page.ts`, injected with
 * `addInitScript` before the page's own scripts): measures the built elements from outside —
 * through the DOM (every shadow root is observed as it is attached), the Performance API and
 * the event loop. Never imports element code.
 */

type Listener = () => void;
const listeners = new Set<Listener>();
const notify = (): void => {
  for (const l of listeners) l();
};
const observer = new MutationObserver(notify);
let watching = false;

/** Observes the document and every shadow root attached from now on (call before elements load). */
export function watchShadowRoots(): void {
  if (watching) return;
  watching = true;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attach.call(this, init);
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
    return root;
  };
  const start = (): void => observer.observe(document, { childList: true, subtree: true });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

/** The first instant (performance.now()) `test` holds, checked on every DOM change and every 50 ms. */
export function until(test: () => boolean, timeoutMs = 60_000, what = 'a condition'): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      let ok = false;
      try {
        ok = test();
      } catch {
        ok = false;
      }
      if (!ok) return false;
      done(performance.now());
      return true;
    };
    const timer = setInterval(check, 50);
    const limit = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const cleanup = (): void => {
      listeners.delete(listener);
      clearInterval(timer);
      clearTimeout(limit);
    };
    const done = (t: number): void => {
      cleanup();
      resolve(t);
    };
    const listener = (): void => void check();
    listeners.add(listener);
    check();
  });
}

/** Lets pending microtasks (Lit updates, the virtualiser's scheduled layout) run. */
export async function drain(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

/**
 * The main-thread work of the next frame: from its animation-frame callbacks to the task after
 * it (style, layout, resize observers, paint). The idle time before that frame is not counted.
 */
export function frameWork(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const start = performance.now();
      setTimeout(() => resolve(performance.now() - start), 0);
    }),
  );
}

/** Counts DOM mutations (childList, text, attributes) under `root` between `take()` calls. */
export function mutationCounter(root: Node): { take(): number; stop(): void } {
  let count = 0;
  const mo = new MutationObserver((records) => (count += records.length));
  mo.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  return {
    take() {
      count += mo.takeRecords().length;
      const n = count;
      count = 0;
      return n;
    },
    stop: () => mo.disconnect(),
  };
}

/** The element's shadow root, or throws. */
export function shadow(selector: string): ShadowRoot {
  const root = document.querySelector(selector)?.shadowRoot;
  if (!root) throw new Error(`no ${selector} with a shadow root on the page`);
  return root;
}

/** A count in a localised text ("10 000 éléments affichés" → 10000). */
export function countIn(text: string | null | undefined): number {
  const digits = /\d[\d\s\u00a0\u202f]*/.exec(text ?? '')?.[0] ?? '';
  return Number(digits.replace(/\D/g, '') || 0);
}

/** The rows of `list` (its children matching `selector`) drawn inside its visible box. */
export function onScreen(list: HTMLElement, selector = ':scope > *'): Element[] {
  const box = list.getBoundingClientRect();
  return [...list.querySelectorAll(selector)].filter((n) => {
    const r = n.getBoundingClientRect();
    return r.height > 0 && r.bottom > box.top && r.top < box.bottom;
  });
}

/**
 * Fingerprint of what a list shows: the text of the rows on screen. Rows rendered off screen do
 * not count: a short list renders all its rows plainly, so "the rendered rows changed" would say
 * nothing of what the user sees (and a scroll of a plain list changes no rendered row at all).
 */
export function fingerprint(list: HTMLElement, selector = ':scope > *'): string {
  return onScreen(list, selector)
    .map((n) => (n.textContent ?? '').replace(/\s+/g, ' ').trim())
    .join(' | ');
}

/**
 * Whether rows cover the list's visible box (no blank shown): the rows on screen, clipped to the
 * box, fill at least half its height. Gaps between chat bubbles or day headers leave far more
 * than that; a virtualiser that has not placed its new rows yet leaves next to nothing.
 */
export function covered(list: HTMLElement, selector = ':scope > *'): boolean {
  const box = list.getBoundingClientRect();
  const bottom = Math.min(box.bottom, box.top + list.scrollHeight);
  const spans = onScreen(list, selector)
    .map((n) => n.getBoundingClientRect())
    .map((r) => [Math.max(r.top, box.top), Math.min(r.bottom, bottom)] as const)
    .sort((a, b) => a[0] - b[0]);
  let filled = 0;
  let reach = box.top;
  for (const [top, end] of spans) {
    if (end > reach) filled += end - Math.max(top, reach);
    reach = Math.max(reach, end);
  }
  return filled >= (bottom - box.top) / 2;
}

/** First instants (performance.now(), i.e. since navigation start) at which tracked conditions held. */
export const firstSeen: Record<string, number> = {};

/** Records in `firstSeen[name]` the first instant `test` holds, checked on every DOM change. */
export function track(name: string, test: () => boolean): void {
  const check = (): void => {
    let ok = false;
    try {
      ok = test();
    } catch {
      ok = false;
    }
    if (!ok) return;
    firstSeen[name] = performance.now();
    listeners.delete(check);
  };
  listeners.add(check);
}

/** Records every change of a number read from the page, with its instant: `[[t, value], …]`. */
export function trackValue(read: () => number): Array<[number, number]> {
  const seen: Array<[number, number]> = [];
  listeners.add(() => {
    let v: number;
    try {
      v = read();
    } catch {
      return;
    }
    if (seen.length === 0 || seen[seen.length - 1]![1] !== v) seen.push([performance.now(), v]);
  });
  return seen;
}

export interface Sample {
  ms: number;
  mutations: number;
  /** A scroll sample whose scroll the list took back (the offset went back to where it was): no timing. */
  takenBack?: boolean;
}

/** Next state to apply, per list of states: alternation goes on across calls (one sample per call). */
const nextState = new WeakMap<readonly object[], number>();

/**
 * Re-render samples: each applies the next of `states` to `el` (alternating), and times the
 * synchronous part (Lit update, a forced style + layout) plus the main-thread work of each frame
 * until other rows cover the screen (the virtualiser's layout comes in a frame of its own) — never
 * the idle waits before those frames. A sample after which the rows on screen are the same for 60
 * frames, or that mutates nothing under `root`, throws.
 */
export async function rerenderSamples(
  root: ShadowRoot,
  list: () => HTMLElement,
  el: HTMLElement & { updateComplete: Promise<boolean> },
  states: readonly object[],
  samples: number,
  warmUp: number,
): Promise<Sample[]> {
  const counter = mutationCounter(root);
  const out: Sample[] = [];
  try {
    for (let i = 0; i < samples + warmUp; i++) {
      const before = fingerprint(list());
      counter.take();
      const t0 = performance.now();
      const k = nextState.get(states) ?? 0;
      nextState.set(states, (k + 1) % states.length);
      Object.assign(el, states[k]);
      await el.updateComplete;
      await drain();
      void list().getBoundingClientRect().height;
      const sync = performance.now() - t0;
      // The work of each frame until the new rows are on screen (a virtualiser lays them out in
      // a frame of its own, after the element's update): summed, without the idle waits between.
      let frames = 0;
      let shown = false;
      for (let f = 0; f < 60 && !shown; f++) {
        frames += await frameWork();
        await drain();
        shown = covered(list()) && fingerprint(list()) !== before;
      }
      const mutations = counter.take();
      if (!shown || mutations === 0) throw new Error(`re-render sample ${i}: the rows on screen did not change (${mutations} mutations; ${covered(list()) ? 'covered' : 'a blank'}; ${list().children.length} rows rendered; on screen: ${fingerprint(list()).slice(0, 200)})`);
      if (i >= warmUp) out.push({ ms: sync + frames, mutations });
    }
  } finally {
    counter.stop();
  }
  return out;
}

/** Screens per scroll sample: beyond the rows the virtualiser keeps rendered past the viewport. */
export const SCROLL_SCREENS = 3;

/**
 * Scroll samples: `list` scrolled by SCROLL_SCREENS viewports, alternately down and back, around
 * its middle (so a short and a long list do the same work); timed from the scroll event, before
 * the virtualiser hears it, to the end of the first frame in which other rows cover the screen. A
 * sample after which the rows on screen are the same, or leave a blank for 60 frames, throws.
 */
export async function scrollSamples(root: ShadowRoot, l: HTMLElement, samples: number, warmUp: number): Promise<Sample[]> {
  const room = l.scrollHeight - l.clientHeight;
  const distance = Math.min(SCROLL_SCREENS * l.clientHeight, Math.floor(room * 0.9));
  const middle = Math.max(0, Math.floor(room / 2 - distance / 2));
  // Away from both ends of the back-and-forth (the virtualiser may have nudged it): start again at its middle.
  if (Math.abs(l.scrollTop - middle) > distance / 4 && Math.abs(l.scrollTop - middle - distance) > distance / 4) {
    // Settle there, untimed: rows first measured after a long jump make the virtualiser correct
    // its offset, and that correction took back the next scroll (seen on the chat after new
    // messages at its end: +1 374 px asked, +20 px kept). Once both ends are measured, no more.
    for (const at of [middle, middle + distance, middle]) {
      l.scrollTop = at;
      await until(() => Math.abs(l.scrollTop - at) < 2, 5_000, `the list at ${at}`);
      for (let i = 0; i < 10; i++) await frameWork();
    }
  }
  const counter = mutationCounter(root);
  const out: Sample[] = [];
  try {
    for (let i = 0; i < samples + warmUp; i++) {
      const before = fingerprint(l);
      counter.take();
      let t0 = NaN;
      const scrolled = new Promise<void>((resolve) => {
        const onScroll = (e: Event): void => {
          if (e.target !== l) return;
          root.removeEventListener('scroll', onScroll, true);
          t0 = performance.now();
          resolve();
        };
        root.addEventListener('scroll', onScroll, true);
      });
      const down = l.scrollTop < middle + distance / 2;
      const from = l.scrollTop;
      const seen: number[] = [];
      const onAny = (): number => seen.push(Math.round(l.scrollTop));
      l.addEventListener('scroll', onAny);
      l.scrollTop = down ? middle + distance : middle;
      await scrolled;
      // To the end of the first frame in which rows cover the screen again and are not those shown
      // before (the same frame for rows rendered plainly; later when the virtualiser needs one
      // more: then the user saw a blank and it counts).
      let end = NaN;
      let shown = false;
      for (let f = 0; f < 60 && !shown; f++) {
        await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        end = performance.now();
        await drain();
        shown = covered(l) && fingerprint(l) !== before;
      }
      l.removeEventListener('scroll', onAny);
      const ms = end - t0;
      const mutations = counter.take();
      if (!shown && Math.abs(l.scrollTop - from) < Math.abs(distance) / 10) {
        // The offset went back (the virtualiser correcting its own offset over the reader's scroll):
        // the user would see the list refuse to move. Counted apart, not timed.
        if (i >= warmUp) out.push({ ms: NaN, mutations, takenBack: true });
        continue;
      }
      if (!shown) throw new Error(`scroll sample ${i}: the rows on screen did not change or left a blank (${mutations} mutations; ${covered(l) ? 'covered' : 'a blank'}; scrolled from ${Math.round(from)} to ${Math.round(down ? middle + distance : middle)}, scroll events at ${seen.slice(0, 12).join(', ')}; scrollTop ${l.scrollTop} of ${l.scrollHeight - l.clientHeight}; ${l.children.length} rows rendered; on screen: ${fingerprint(l).slice(0, 160)})`);
      if (i >= warmUp) out.push({ ms, mutations });
    }
  } finally {
    counter.stop();
  }
  return out;
}

/** Elements under `root`, with `list` at `top` and then scrolled to its middle. */
export async function nodeCounts(root: ShadowRoot, l: HTMLElement, top: number, rowSelector: string): Promise<{ top: number; scrolled: number; rows: number }> {
  l.scrollTop = top;
  for (let i = 0; i < 4; i++) await frameWork();
  const atTop = root.querySelectorAll('*').length;
  const rows = root.querySelectorAll(rowSelector).length;
  l.scrollTop = l.scrollHeight / 2;
  for (let i = 0; i < 6; i++) await frameWork();
  return { top: atTop, scrolled: root.querySelectorAll('*').length, rows };
}
