/**
 * Timeline figures, on the built `<coord-timeline>` in Chromium inside `<coord-provider>`, reading
 * the real dev server (127.0.0.1, no added delay) through the timeline feed — the seed's people
 * and pathways plus 100 or 10 000 generated items (encounters, documents, messages):
 * - re-render after a kind chip is toggled (messages off / on: items filtered, rows rebuilt) and
 *   after a zoom change (month ↔ year: rows regrouped by day / month), 10 000 vs 100 — ≤ 2×;
 * - scroll by three screens, 10 000 vs 100 — ≤ 2×;
 * - opening the record (first page of 50 shown), 10 000 vs 100 — ≤ 2×;
 * - the first load with every item in one page, and DOM nodes at 10 000 items (≤ 300).
 * Timing code: timeline.page.ts (injected, outside the element).
 *   npm run bench -- timeline
 */
import type { Page } from 'playwright-core';
import { alternate } from './alternate.ts';
import { BenchSite, hostPage, inProvider, launchBenchBrowser, openSide, type Side } from './bench-page.ts';
import { CHANGED_ON_SCREEN, ratioRow, sampleStats, summarize, takenBackRow } from './stats.ts';
import type { BenchResult } from './types.ts';
import type { Sample } from './probe.ts';

const SMALL = 100;
const LARGE = 10_000;
const LOADS = 7;
const SAMPLES = 21;

/** One page load: navigation start → first rows, or → `n` items shown. */
async function load(s: Side, file: string, atLeast: number, key: 'firstRowsMs' | 'loadedMs'): Promise<{ ms: number; items: number; page: Page }> {
  const page = await s.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${s.origin}/${file}`);
  const r = await page.evaluate((n) => window.timelineBench.loaded(n), atLeast);
  if (errors.length) throw new Error(errors.join('; '));
  return { ms: r[key], items: r.items, page };
}

const fewest = (...lists: Sample[][]): number => Math.min(...lists.flat().map((s) => s.mutations));

export default async function (): Promise<BenchResult[]> {
  const site = new BenchSite();
  site.page('timeline.html', hostPage('Timeline bench', inProvider('<coord-timeline></coord-timeline>')));
  site.page('timeline-all.html', hostPage('Timeline bench, every item', inProvider('<coord-timeline page-size="10000" kinds="pathway,encounter,document,message" poll-interval="0"></coord-timeline>')));
  const browser = await launchBenchBrowser();
  const sides: Side[] = [];
  try {
    sides.push(await openSide(browser, site, SMALL, { items: SMALL }, 'timeline'), await openSide(browser, site, LARGE, { items: LARGE }, 'timeline'));
    const pair = sides as [Side, Side];
    const open = await alternate(LOADS, pair, async (s) => {
      const r = await load(s, 'timeline.html', 1, 'firstRowsMs');
      await r.page.close();
      return r.ms;
    });
    const items = new Map<Side, number>();
    const pages = new Map<Side, Page>();
    const all = await alternate(LOADS, pair, async (s) => {
      const r = await load(s, 'timeline-all.html', s.n, 'loadedMs');
      items.set(s, r.items);
      await pages.get(s)?.close();
      pages.set(s, r.page);
      return r.ms;
    });
    const on = (s: Side): Page => pages.get(s)!;
    const filter = await alternate(SAMPLES, pair, async (s) => (await on(s).evaluate(() => window.timelineBench.rerender('filter', 1, 0)))[0]!);
    const zoom = await alternate(SAMPLES, pair, async (s) => (await on(s).evaluate(() => window.timelineBench.rerender('zoom', 1, 0)))[0]!);
    // Every scroll sample, the warm-up round's too: a scroll taken back is a finding even there.
    const allScrolls: Sample[] = [];
    const scroll = await alternate(SAMPLES, pair, async (s) => {
      const x = (await on(s).evaluate(() => window.timelineBench.scroll(1, 0)))[0]!;
      allScrolls.push(x);
      return x;
    });
    const small = await on(pair[0]).evaluate(() => window.timelineBench.nodes());
    const large = await on(pair[1]).evaluate(() => window.timelineBench.nodes());
    const L = { label: `${items.get(pair[1])} items` };
    const S = { label: `${items.get(pair[0])} items` };
    const checked = (lists: [Sample[], Sample[]]) => `; every sample changed the rows on screen (≥ ${fewest(...lists)} DOM mutations each)`;
    const stats = (lists: [number[], number[]]) => [summarize(lists[1]), summarize(lists[0])] as const;
    const [openL, openS] = stats(open);
    const [allL, allS] = stats(all);
    return [
      ratioRow(`timeline re-render after a filter change, ${LARGE} vs ${SMALL} items`, { ...L, stats: sampleStats(filter[1]) }, { ...S, stats: sampleStats(filter[0]) }, {
        atMost: 2,
        headline: true,
        sample: `toggle the "messages" kind (off / on): items filtered again, rows rebuilt; synchronous render + forced layout + the work of each frame until the new rows are on screen${checked(filter)}`,
      }),
      ratioRow(`timeline re-render after a zoom change, ${LARGE} vs ${SMALL} items`, { ...L, stats: sampleStats(zoom[1]) }, { ...S, stats: sampleStats(zoom[0]) }, {
        atMost: 2,
        sample: `zoom year ↔ month: rows regrouped by month / by day, overview marks redrawn; timed as above${checked(zoom)}`,
      }),
      ratioRow(`timeline scroll by three screens, ${LARGE} vs ${SMALL} items`, { ...L, stats: sampleStats(scroll[1]) }, { ...S, stats: sampleStats(scroll[0]) }, {
        atMost: 2,
        headline: true,
        sample: `set the list's scrollTop three viewports down / back around its middle; from the scroll event to the end of the first frame in which other rows cover the screen (rows rendered plainly: the same frame)${CHANGED_ON_SCREEN}`,
      }),
      ratioRow(`timeline opening a record of ${LARGE} vs ${SMALL} items (first page of 50)`, { ...L, stats: openL }, { ...S, stats: openS }, {
        atMost: 2,
        sample: 'load the host page (provider + timeline, default settings) in a new tab; navigation start → first rows in the DOM',
      }),
      ratioRow(`timeline first load with every item in one page, ${LARGE} vs ${SMALL}`, { ...L, stats: allL }, { ...S, stats: allS }, {
        sample: 'load the host page with page-size=10000 in a new tab; navigation start → the status says every item is shown (the server sends pages of 1 000)',
      }),
      takenBackRow('timeline', allScrolls),
      { name: `timeline DOM nodes at ${LARGE} items`, value: large.top, unit: `elements in the shadow root (${large.rows} rows rendered)`, target: '≤ 300', ok: large.top <= 300, sample: 'count once, list at the top' },
      { name: `timeline DOM nodes at ${LARGE} items, scrolled`, value: large.scrolled, unit: 'elements in the shadow root', target: '≤ 300', ok: large.scrolled <= 300, sample: 'count once, list scrolled to its middle' },
      { name: `timeline DOM nodes at ${SMALL} items`, value: small.top, unit: 'elements in the shadow root', sample: 'count once, list at the top' },
    ];
  } finally {
    for (const s of sides) await s.close();
    await browser.close();
    site.close();
  }
}
