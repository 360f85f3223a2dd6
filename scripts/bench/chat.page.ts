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

/** A message already written on the server by someone else: refresh() → it shows, + that frame's work. */
async function arrival(text: string): Promise<Sample> {
  const t0 = performance.now();
  await el().refresh();
  const shown = await until(shows(text), 30_000, `"${text}" in the chat`);
  const frame = await frameWork();
  return { ms: shown - t0 + frame, mutations: 1 };
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
