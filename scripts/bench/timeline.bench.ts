/**
 * Timeline figures (issue 5 and the mapping part of issue 3):
 * - render cost of `<coord-timeline>` at 10 000 items against 100 (target ≤ 2×), measured in
 *   Chromium as the median re-render after a zoom change (lanes, marks, filters, rows, paint);
 *   the first load (search + mapping + first paint) is reported too, without a target;
 * - DOM nodes in the element's shadow root at 10 000 items (target ≤ 300), at the top and
 *   scrolled to the middle;
 * - mapping throughput for 100 000 resources (Node, pure mappers).
 * The page (timeline.page.ts) is bundled with esbuild into a temp folder and served with
 * node:http; the element gets an in-memory `fetch` through its `client`, so no network counts.
 *   npm run bench -- timeline
 */
import { launchBenchBrowser, serveBenchPage } from './bench-page.ts';
import type { BenchResult } from './types.ts';
import { lookupFrom } from '../../packages/api-client/src/model/common.ts';
import { mapTimeline } from '../../packages/api-client/src/model/timeline.ts';
import { actorResources } from '../../packages/dev-server/src/seed/actors.ts';
import { extraResources } from '../../packages/dev-server/src/seed/extra.ts';


type Figures = Record<string, number>;

async function browserFigures(): Promise<{ small: Figures; large: Figures }> {
  const page = await serveBenchPage('timeline');
  const browser = await launchBenchBrowser();
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'timelineBench' in window);
    const run = (n: number) => tab.evaluate((count) => window.timelineBench.run(count), n) as Promise<Figures>;
    await run(100); // warm-up (JIT, fonts, Intl)
    const small = await run(100);
    const large = await run(10_000);
    return { small, large };
  } finally {
    await browser.close();
    await page.close();
  }
}

function mappingThroughput(n: number): { perSecond: number; ms: number; items: number } {
  const resources = extraResources(n);
  const lookup = lookupFrom(actorResources());
  mapTimeline(resources.slice(0, 1000), { lookup }); // warm-up
  const start = performance.now();
  const { items } = mapTimeline(resources, { lookup });
  const ms = performance.now() - start;
  return { perSecond: Math.round((n / ms) * 1000), ms, items: items.length };
}

export default async function (): Promise<BenchResult[]> {
  const mapping = mappingThroughput(100_000);
  const { small, large } = await browserFigures();
  const ratio = large.renderMs! / small.renderMs!;
  return [
    { name: 'timeline mapping, 100 000 resources', value: mapping.perSecond, unit: `resources/s (${Math.round(mapping.ms)} ms, ${mapping.items} items)` },
    { name: 'timeline re-render 10 000 vs 100 items', value: ratio, unit: `× (${large.renderMs!.toFixed(1)} ms vs ${small.renderMs!.toFixed(1)} ms)`, target: '≤ 2×', ok: ratio <= 2 },
    { name: 'timeline first load 10 000 vs 100 items', value: large.firstLoadMs! / small.firstLoadMs!, unit: `× (${Math.round(large.firstLoadMs!)} ms vs ${Math.round(small.firstLoadMs!)} ms, search + mapping + paint)` },
    { name: 'timeline DOM nodes at 10 000 items', value: large.elements!, unit: `elements in the shadow root (${large.articles} rows rendered; ${large.loadedItems} items loaded)`, target: '≤ 300', ok: large.elements! <= 300 },
    { name: 'timeline DOM nodes at 10 000 items, scrolled', value: large.elementsScrolled!, unit: 'elements in the shadow root', target: '≤ 300', ok: large.elementsScrolled! <= 300 },
    { name: 'timeline DOM nodes at 100 items', value: small.elements!, unit: 'elements in the shadow root' },
  ];
}
