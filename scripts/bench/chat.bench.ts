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
import { launchBenchBrowser, serveBenchPage } from './bench-page.ts';
import type { BenchResult } from './types.ts';

const SMALL = 50;
const LARGE = 5000;

type Figures = Record<string, number>;

async function browserFigures(): Promise<{ small: Figures; large: Figures; paged: Figures }> {
  const page = await serveBenchPage('chat');
  const browser = await launchBenchBrowser();
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
