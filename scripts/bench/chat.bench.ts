/**
 * Chat figures (issue 6): `<coord-chat>` at 5 000 messages against 50, in Chromium, every message
 * loaded (page size = thread size):
 * - a message from someone else arriving (fetch, mapping, merge, rows, render, scroll to it),
 *   median of 7 — target ≤ 2×;
 * - a re-render that rebuilds every row (language switch), median of 6 — target ≤ 2×;
 * - opening a 5 000-message thread as users do (newest page of 50 first) — target ≤ 2×;
 * - the first load with all 5 000 in one page (search + mapping + paint), without a target;
 * - DOM nodes in the shadow root at 5 000 messages (target ≤ 400), at the bottom and scrolled.
 * The page (chat.page.ts) is bundled with esbuild into a temp folder and served with node:http
 * (the timeline bench's approach); the element gets an in-memory `fetch` through its `client`.
 *   npm run bench -- chat
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { BenchResult } from './types.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SMALL = 50;
const LARGE = 5000;

type Figures = Record<string, number>;

async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  await build({
    entryPoints: [join(ROOT, 'scripts/bench/chat.page.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(dir, 'page.js'),
    // Lit's production build (no 'development' condition); the workspace client from its sources.
    conditions: ['browser'],
    alias: { '@coord/api-client': join(ROOT, 'packages/api-client/src/index.ts') },
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    ignoreAnnotations: true,
    logLevel: 'silent',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>chat bench</title></head><body></body><script type="module" src="/page.js"></script></html>',
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

async function browserFigures(): Promise<{ small: Figures; large: Figures; paged: Figures }> {
  const page = await servePage();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'chatBench' in window);
    const run = (n: number, pageSize = n) => tab.evaluate(([count, size]) => window.chatBench.run(count!, size), [n, pageSize] as const) as Promise<Figures>;
    await run(SMALL); // warm-up (JIT, fonts, Intl)
    const small = await run(SMALL);
    const large = await run(LARGE);
    const paged = await run(LARGE, SMALL);
    if (errors.length) throw new Error(errors.join('; '));
    return { small, large, paged };
  } finally {
    await browser.close();
    await page.close();
  }
}

export default async function (): Promise<BenchResult[]> {
  const { small, large, paged } = await browserFigures();
  const arrival = large.arrivalMs! / small.arrivalMs!;
  const render = large.renderMs! / small.renderMs!;
  const ms = (f: Figures, k: string) => f[k]!.toFixed(1);
  return [
    { name: `chat live arrival ${LARGE} vs ${SMALL} messages`, value: arrival, unit: `× (${ms(large, 'arrivalMs')} ms vs ${ms(small, 'arrivalMs')} ms)`, target: '≤ 2×', ok: arrival <= 2 },
    { name: `chat re-render ${LARGE} vs ${SMALL} messages`, value: render, unit: `× (${ms(large, 'renderMs')} ms vs ${ms(small, 'renderMs')} ms)`, target: '≤ 2×', ok: render <= 2 },
    { name: `chat opening a ${LARGE}-message thread (pages of ${SMALL}) vs a ${SMALL}-message one`, value: paged.firstLoadMs! / small.firstLoadMs!, unit: `× (${Math.round(paged.firstLoadMs!)} ms vs ${Math.round(small.firstLoadMs!)} ms)`, target: '≤ 2×', ok: paged.firstLoadMs! / small.firstLoadMs! <= 2 },
    { name: `chat first load ${LARGE} vs ${SMALL} messages, all in one page`, value: large.firstLoadMs! / small.firstLoadMs!, unit: `× (${Math.round(large.firstLoadMs!)} ms vs ${Math.round(small.firstLoadMs!)} ms, search + mapping + paint)` },
    { name: `chat DOM nodes at ${LARGE} messages`, value: large.elements!, unit: `elements in the shadow root (${large.articles} messages rendered)`, target: '≤ 400', ok: large.elements! <= 400 },
    { name: `chat DOM nodes at ${LARGE} messages, scrolled`, value: large.elementsScrolled!, unit: 'elements in the shadow root', target: '≤ 400', ok: large.elementsScrolled! <= 400 },
    { name: `chat DOM nodes at ${SMALL} messages`, value: small.elements!, unit: 'elements in the shadow root' },
  ];
}
