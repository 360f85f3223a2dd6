/**
 * First-content harness (injected by phone.bench.ts with addInitScript before the page's scripts):
 * records, from outside the elements, the first instant (since navigation start) at which the
 * demo page shows the patient banner's name, the timeline's pathway lanes and its first rows,
 * whether the timeline still said a source was loading then, and the browser's own LCP.
 * Exposes `window.firstContent`.
 */
import { firstSeen, track, until, watchShadowRoots } from './probe.ts';

watchShadowRoots();

const within = (tag: string, selector: string): Element | null => document.querySelector(tag)?.shadowRoot?.querySelector(selector) ?? null;
const timelineText = (): string => document.querySelector('coord-timeline')?.shadowRoot?.textContent ?? '';

track('banner', () => Boolean(within('coord-patient-banner', '.banner .name')?.textContent?.trim()));
track('lanes', () => Boolean(within('coord-timeline', 'g.lane')));
track('rows', () => Boolean(within('coord-timeline', 'article')));
// On a phone the list starts below the fold, and the virtualiser renders rows only in view: as
// soon as the list exists, scroll it into view (the clinician's first gesture), then wait for rows.
track('list', () => {
  const list = within('coord-timeline', '.list');
  list?.scrollIntoView({ block: 'nearest' });
  return Boolean(list);
});
/** "Encore en chargement : consultations et séjours…": the timeline names a source still loading. */
track('stillLoading', () => /Encore en chargement|Still loading/.test(timelineText()));

const lcp: number[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lcp.push(e.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
} catch {
  /* not supported: no LCP figure */
}

/** Resolves once `names` have all been seen; returns the instants. */
async function reached(names: string[], timeoutMs = 60_000): Promise<Record<string, number>> {
  await until(() => names.every((n) => n in firstSeen), timeoutMs, names.join(' + '));
  return { ...firstSeen };
}

declare global {
  interface Window {
    firstContent: { reached: typeof reached; lcp: () => number | undefined; fcp: () => number | undefined };
  }
}

window.firstContent = {
  reached,
  lcp: () => lcp[lcp.length - 1],
  fcp: () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
};
