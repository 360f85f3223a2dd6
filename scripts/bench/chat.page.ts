/**
 * Chat harness (injected by chat.bench.ts with addInitScript before the page's scripts): drives
 * the built `<coord-chat>` of the host page from outside and times it (probe.ts). The newest
 * message the page should show is named in the URL (`#newest=Message%205000`). Exposes
 * `window.chatBench`.
 */
import { firstSeen, frameWork, nodeCounts, rerenderSamples, scrollSamples, shadow, track, until, watchShadowRoots, type Sample } from './probe.ts';

watchShadowRoots();

type Chat = HTMLElement & { updateComplete: Promise<boolean>; refresh(): Promise<void> };

const el = (): Chat => document.querySelector('coord-chat') as Chat;
const root = (): ShadowRoot => shadow('coord-chat');
const thread = (): HTMLElement => root().querySelector<HTMLElement>('.thread')!;
const shows = (text: string) => (): boolean =>
  [...root().querySelectorAll('article .text')].some((p) => p.textContent === text || p.textContent?.startsWith(`${text}\n`));
const newest = (): string => decodeURIComponent(/newest=([^&]*)/.exec(location.hash)?.[1] ?? '');
track('newest', () => shows(newest())());

/** Navigation start → the newest message in the DOM. */
async function loaded(): Promise<{ newestMs: number }> {
  await until(shows(newest()), 180_000, `"${newest()}" in the chat`);
  return { newestMs: firstSeen.newest ?? NaN };
}

performance.setResourceTimingBufferSize(100_000);

/** Time spent waiting on the network between `from` and `to`: the union of fetches' request → response end. */
function networkWait(from: number, to: number): number {
  const spans = performance
    .getEntriesByType('resource')
    .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'fetch' && e.startTime >= from && e.startTime <= to)
    .map((e) => [e.startTime, Math.min(to, (e as PerformanceResourceTiming).responseEnd || to)] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/**
 * A message already written on the server by someone else: refresh() → it is in the DOM, + that
 * frame's work. `ms` is the page's own work: the time waiting on the dev server (whose search
 * scans every stored message, unlike an indexed server) is taken out and returned as `waitMs`.
 */
async function arrival(text: string): Promise<Sample & { waitMs: number; totalMs: number }> {
  // The reader at the newest message (not timed), as when a message comes in during a conversation.
  const t = thread();
  t.scrollTop = t.scrollHeight;
  for (let i = 0; i < 4; i++) await frameWork();
  t.scrollTop = t.scrollHeight;
  await frameWork();
  const t0 = performance.now();
  await el().refresh();
  const shown = await until(shows(text), 30_000, `"${text}" in the chat`).catch((err: Error) => {
    throw new Error(`${err.message} (new-messages pill: ${root().querySelector('.pill')?.textContent?.trim() ?? 'none'})`);
  });
  const frame = await frameWork();
  const waitMs = networkWait(t0, shown);
  return { ms: shown - t0 - waitMs + frame, waitMs, totalMs: shown - t0 + frame, mutations: 1 };
}

/** English ↔ French: every row rebuilt (day labels, times), the visible ones repainted. */
const LANGS = [{ lang: 'en' }, { lang: 'fr' }];
const rerender = (samples: number, warmUp = 2) => rerenderSamples(root(), thread, el(), LANGS, samples, warmUp);
const scroll = (samples: number, warmUp = 2) => scrollSamples(root(), thread(), samples, warmUp);
const nodes = () => nodeCounts(root(), thread(), thread().scrollHeight, 'article');

declare global {
  interface Window {
    chatBench: { loaded: typeof loaded; arrival: typeof arrival; rerender: typeof rerender; scroll: typeof scroll; nodes: typeof nodes };
  }
}

window.chatBench = { loaded, arrival, rerender, scroll, nodes };
