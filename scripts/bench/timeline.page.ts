/**
 * Timeline harness (injected by timeline.bench.ts with addInitScript before the page's scripts):
 * drives the built `<coord-timeline>` of the host page from outside and times it (probe.ts).
 * Exposes `window.timelineBench`.
 */
import { countIn, firstSeen, nodeCounts, rerenderSamples, scrollSamples, shadow, track, trackValue, until, watchShadowRoots } from './probe.ts';

watchShadowRoots();

type Timeline = HTMLElement & { updateComplete: Promise<boolean>; kinds?: string; zoom?: string };

const el = (): Timeline => document.querySelector('coord-timeline') as Timeline;
const root = (): ShadowRoot => shadow('coord-timeline');
const list = (): HTMLElement => root().querySelector<HTMLElement>('.list')!;
const rows = (): number => root().querySelectorAll('article').length;
const shownCount = (): number => countIn(root().querySelector('p.visually-hidden[role="status"]')?.textContent);
track('rows', () => rows() > 0);
const counts = trackValue(shownCount);

/** Navigation start → first rows, and → `atLeast` items shown (the status says how many). */
async function loaded(atLeast = 1): Promise<{ firstRowsMs: number; loadedMs: number; items: number }> {
  await until(() => rows() > 0 && shownCount() >= atLeast, 180_000, `${atLeast} timeline items`);
  const loadedMs = counts.find(([, n]) => n >= atLeast)?.[0] ?? NaN;
  return { firstRowsMs: firstSeen.rows ?? NaN, loadedMs, items: shownCount() };
}

const CHANGES = {
  /** The "messages" chip off and on: items filtered again, rows rebuilt. */
  filter: [{ kinds: 'pathway,encounter,document' }, { kinds: 'pathway,encounter,document,message' }],
  /** Year ↔ month: rows regrouped by month ↔ by day, the overview's marks redrawn (year first:
   * the timeline opens at 'recent', which groups by day as month does). */
  zoom: [{ zoom: 'year' }, { zoom: 'month' }],
} as const;

const rerender = (change: keyof typeof CHANGES, samples: number, warmUp = 2) => rerenderSamples(root(), list, el(), CHANGES[change], samples, warmUp);

const scroll = (samples: number, warmUp = 2) => scrollSamples(root(), list(), samples, warmUp);
const nodes = () => nodeCounts(root(), list(), 0, 'article');

declare global {
  interface Window {
    timelineBench: { loaded: typeof loaded; rerender: typeof rerender; scroll: typeof scroll; nodes: typeof nodes };
  }
}

window.timelineBench = { loaded, rerender, scroll, nodes };
