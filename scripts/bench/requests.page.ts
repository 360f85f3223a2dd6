/**
 * Requests harness (injected by requests.bench.ts with addInitScript before the page's scripts):
 * logs every `fetch` the page makes (method, URL, virtual time, answered or not) by wrapping
 * `window.fetch` before any element loads, and says when each element shows content (rows, not
 * an empty list or an empty state).
 * Exposes `window.requestsBench`.
 */
import { firstSeen, track, until, watchShadowRoots } from './probe.ts';

watchShadowRoots();

interface Logged {
  method: string;
  url: string;
  at: number;
  done: boolean;
}

const log: Logged[] = [];
const original = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const entry: Logged = { method, url: new URL(url, location.href).href, at: Date.now(), done: false };
  log.push(entry);
  const answer = original(input, init);
  answer.then(
    () => (entry.done = true),
    () => (entry.done = true),
  );
  return answer;
};

const within = (tag: string, selector: string): boolean => Boolean(document.querySelector(tag)?.shadowRoot?.querySelector(selector));
/**
 * What each element shows once its first load is in: content, not an empty state (the seed's
 * patient has some of everything), and rows, not their container — a list renders before its
 * rows when virtualised, and renders none off screen (documents start below a 4000 px view).
 */
const READY: Record<string, [string, string]> = {
  banner: ['coord-patient-banner', '.banner .name'],
  timeline: ['coord-timeline', 'article'],
  chat: ['coord-chat', 'article'],
  notes: ['coord-notes', 'article.note'],
  ppcs: ['coord-ppcs', 'article.ppcs'],
  documents: ['coord-documents', '[role="list"] > [role="listitem"]'],
};
for (const [name, [tag, selector]] of Object.entries(READY)) track(name, () => within(tag, selector));

async function ready(): Promise<Record<string, number>> {
  await until(() => Object.keys(READY).every((k) => k in firstSeen), 60_000, "every element's content").catch((err: Error) => {
    throw new Error(`${err.message}: missing ${Object.keys(READY).filter((k) => !(k in firstSeen)).join(', ')}`);
  });
  return { ...firstSeen };
}

const inflight = (): number => log.filter((e) => !e.done).length;

declare global {
  interface Window {
    requestsBench: { ready: typeof ready; inflight: typeof inflight; log: () => Logged[] };
  }
}

window.requestsBench = { ready, inflight, log: () => log.map((e) => ({ ...e })) };
