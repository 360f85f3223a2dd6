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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { BenchResult } from './types.ts';
import { lookupFrom } from '../../packages/api-client/src/model/common.ts';
import { mapTimeline } from '../../packages/api-client/src/model/timeline.ts';
import { actorResources } from '../../packages/dev-server/src/seed/actors.ts';
import { extraResources } from '../../packages/dev-server/src/seed/extra.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Figures = Record<string, number>;

/** Bundles the bench page and serves it; returns its URL and a cleanup. */
export async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-bench-'));
  await build({
    entryPoints: [join(ROOT, 'scripts/bench/timeline.page.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(dir, 'page.js'),
    // Lit's production build (no 'development' condition); the workspace client from its sources.
    conditions: ['browser'],
    alias: { '@coord/api-client': join(ROOT, 'packages/api-client/src/index.ts') },
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    // The components' package.json lists its define files as side effects; do not depend on it here.
    ignoreAnnotations: true,
    logLevel: 'silent',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>timeline bench</title></head><body></body><script type="module" src="/page.js"></script></html>',
  );
  const server = createServer((req, res) => {
    const file = req.url?.startsWith('/page.js') ? 'page.js' : 'index.html';
    res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function browserFigures(): Promise<{ small: Figures; large: Figures }> {
  const page = await servePage();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
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
