/**
 * Chat figures, on the built `<coord-chat>` in Chromium inside `<coord-provider>`, reading and
 * polling the real dev server (127.0.0.1, no added delay): a thread of 5 000 messages against
 * one of 50, samples taken in turn on both:
 * - a message from someone else arriving (written on the server, then `refresh()`: the
 *   `_lastUpdated` poll, mapping, merge, rows, render, scroll to it) — ≤ 2×;
 * - a re-render that rebuilds every row (language switch) — ≤ 2×;
 * - scroll by three screens — ≤ 2× against a thread of 300, long enough to be virtualised too
 *   (50 messages render plainly: scrolling them places no row, so 5 000 vs 50 compares the
 *   virtualiser with the browser's own scroll; that figure is reported, without a target);
 * - opening the thread as users do (newest page of 50 first) — ≤ 2×;
 * - the first load with every message in one page, and DOM nodes at 5 000 (≤ 400).
 * Timing code: chat.page.ts (injected, outside the element).
 *   npm run bench -- chat
 */
import type { Page } from 'playwright-core';
import { BenchSite, PATIENT, hostPage, inProvider, launchBenchBrowser, openSide, type Side } from './bench-page.ts';
import { alternate } from './alternate.ts';
import type { Sample } from './probe.ts';
import { CHANGED_ON_SCREEN, fmt, ratioRow, sampleStats, summarize, takenBackRow } from './stats.ts';
import type { BenchResult } from './types.ts';

const SMALL = 50;
/** Past the 150 rows below which a list renders plainly (base/lazy-list.ts): virtualised as LARGE is. */
const MID = 300;
const LARGE = 5000;
const LOADS = 7;
const SAMPLES = 21;

async function open(s: Side, file: string): Promise<{ ms: number; page: Page }> {
  const page = await s.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${s.origin}/${file}#newest=${encodeURIComponent(`Message ${s.n}`)}`);
  const { newestMs } = await page.evaluate(() => window.chatBench.loaded());
  if (errors.length) throw new Error(errors.join('; '));
  return { ms: newestMs, page };
}

let live = 0;
/** Writes a message from the GP on the server (not through the page), then times its arrival. */
async function arrive(s: Side, page: Page): Promise<Sample & { waitMs: number; totalMs: number }> {
  const text = `Live ${++live}`;
  const res = await fetch(`${s.baseUrl}/Communication`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Communication', status: 'completed', subject: { reference: PATIENT }, sender: { reference: 'PractitionerRole/role-gp' }, sent: new Date().toISOString(), payload: [{ contentString: text }] }),
  });
  if (!res.ok) throw new Error(`writing a message: HTTP ${res.status}`);
  return page.evaluate((t) => window.chatBench.arrival(t), text);
}

const fewest = (lists: [Sample[], Sample[]]): number => Math.min(...lists.flat().map((s) => s.mutations));

export default async function (): Promise<BenchResult[]> {
  const site = new BenchSite();
  site.page('chat.html', hostPage('Chat bench', inProvider('<coord-chat></coord-chat>', 'role-idel', '60')));
  site.page('chat-all.html', hostPage('Chat bench, every message', inProvider('<coord-chat page-size="5000" poll-interval="3600"></coord-chat>', 'role-idel', '60')));
  const browser = await launchBenchBrowser();
  const sides: Side[] = [];
  try {
    sides.push(await openSide(browser, site, SMALL, { messages: SMALL }, 'chat'), await openSide(browser, site, LARGE, { messages: LARGE }, 'chat'));
    const pair: [Side, Side] = [sides[0]!, sides[1]!];
    const opened = await alternate(LOADS, pair, async (s) => {
      const r = await open(s, 'chat.html');
      await r.page.close();
      return r.ms;
    });
    const pages = new Map<Side, Page>();
    const all = await alternate(LOADS, pair, async (s) => {
      const r = await open(s, 'chat-all.html');
      await pages.get(s)?.close();
      pages.set(s, r.page);
      return r.ms;
    });
    const on = (s: Side): Page => pages.get(s)!;
    const arrival = await alternate(SAMPLES, pair, (s) => arrive(s, on(s)));
    const mid = await openSide(browser, site, MID, { messages: MID }, 'chat');
    sides.push(mid);
    // Scrolls on fresh pages, away from the arrivals above: the 5 000-message page has taken back
    // scrolls (+1 374 px asked from its middle, +20 px kept), first after the arrivals, then on
    // reopened pages too. A finding of its own (`takenBackRow`), not a scroll cost.
    for (const s of [mid, ...pair]) {
      const fresh = (await open(s, 'chat-all.html')).page;
      await pages.get(s)?.close();
      pages.set(s, fresh);
    }
    // Every scroll sample, the warm-up round's too: a scroll taken back is a finding even there.
    const allScrolls: Sample[] = [];
    const scrollOn = async (s: Side) => {
      const x = (await on(s).evaluate(() => window.chatBench.scroll(1, 0)))[0]!;
      allScrolls.push(x);
      return x;
    };
    const scrollMid = await alternate(SAMPLES, [mid, pair[1]], scrollOn);
    const scroll = await alternate(SAMPLES, pair, scrollOn);
    const render = await alternate(SAMPLES, pair, async (s) => (await on(s).evaluate(() => window.chatBench.rerender(1, 0)))[0]!);
    const small = await on(pair[0]).evaluate(() => window.chatBench.nodes());
    const large = await on(pair[1]).evaluate(() => window.chatBench.nodes());
    const L = { label: `${LARGE} messages` };
    const S = { label: `${SMALL} messages` };
    const checked = (lists: [Sample[], Sample[]]) => `; every sample changed the rows on screen (≥ ${fewest(lists)} DOM mutations each)`;
    return [
      ratioRow(`chat live arrival, ${LARGE} vs ${SMALL} messages`, { ...L, stats: sampleStats(arrival[1]) }, { ...S, stats: sampleStats(arrival[0]) }, {
        atMost: 2,
        headline: true,
        sample: `a message from the GP is written on the server, then refresh(): poll (_lastUpdated), map, merge, rows, render, scroll to it — until it is in the DOM, + that frame's work; the page's own work: the wait on the dev server (Resource Timing) is taken out (median ${fmt(summarize(arrival[1].map((a) => a.waitMs)).median)} ms at ${LARGE}, ${fmt(summarize(arrival[0].map((a) => a.waitMs)).median)} ms at ${SMALL}; with it: ${fmt(summarize(arrival[1].map((a) => a.totalMs)).median)} vs ${fmt(summarize(arrival[0].map((a) => a.totalMs)).median)} ms)`,
      }),
      ratioRow(`chat re-render, ${LARGE} vs ${SMALL} messages`, { ...L, stats: sampleStats(render[1]) }, { ...S, stats: sampleStats(render[0]) }, {
        atMost: 2,
        headline: true,
        sample: `switch the chat's language (en ↔ fr): every row rebuilt; synchronous render + forced layout + the work of each frame until the new rows are on screen${checked(render)}`,
      }),
      ratioRow(`chat scroll by three screens, ${LARGE} vs ${MID} messages (both virtualised)`, { ...L, stats: sampleStats(scrollMid[1]) }, { label: `${MID} messages`, stats: sampleStats(scrollMid[0]) }, {
        atMost: 2,
        headline: true,
        sample: `set the thread's scrollTop three viewports down / back around its middle; from the scroll event to the end of the first frame in which other rows cover the screen${CHANGED_ON_SCREEN}`,
      }),
      ratioRow(`chat scroll by three screens, ${LARGE} vs ${SMALL} messages`, { ...L, stats: sampleStats(scroll[1]) }, { ...S, stats: sampleStats(scroll[0]) }, {
        sample: `as above; ${SMALL} messages render plainly (no virtualiser below 150 rows), so their scroll places no row and ends in the frame of the scroll event: this compares the virtualiser with the browser's own scroll, hence no target${CHANGED_ON_SCREEN}`,
      }),
      ratioRow(`chat opening a ${LARGE}-message thread (pages of 50) vs a ${SMALL}-message one`, { ...L, stats: summarize(opened[1]) }, { ...S, stats: summarize(opened[0]) }, {
        atMost: 2,
        sample: 'load the host page (provider + chat, default settings) in a new tab; navigation start → the newest message in the DOM',
      }),
      ratioRow(`chat first load with every message in one page, ${LARGE} vs ${SMALL}`, { ...L, stats: summarize(all[1]) }, { ...S, stats: summarize(all[0]) }, {
        sample: 'load the host page with page-size=5000 in a new tab; navigation start → the newest message in the DOM',
      }),
      takenBackRow('chat', allScrolls),
      { name: `chat DOM nodes at ${LARGE} messages`, value: large.top, unit: `elements in the shadow root (${large.rows} messages rendered)`, target: '≤ 400', ok: large.top <= 400, sample: 'count once, thread at the bottom' },
      { name: `chat DOM nodes at ${LARGE} messages, scrolled`, value: large.scrolled, unit: 'elements in the shadow root', target: '≤ 400', ok: large.scrolled <= 400, sample: 'count once, thread scrolled to its middle' },
      { name: `chat DOM nodes at ${SMALL} messages`, value: small.top, unit: 'elements in the shadow root', sample: 'count once, thread at the bottom' },
    ];
  } finally {
    for (const s of sides) await s.close();
    await browser.close();
    site.close();
  }
}
