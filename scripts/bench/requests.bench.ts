/**
 * Requests made by a page with every element on it — provider, banner, timeline, chat, notes,
 * PPCS, documents — loading the seed's patient from the real dev server, in Chromium (the built
 * elements). Every `fetch` is logged in the page (requests.page.ts wraps `window.fetch` before
 * the elements load).
 * - at load: FHIR requests until every element shows its content, and duplicates (the same
 *   method + URL twice) — target 0;
 * - idle: then nothing changes for 16 minutes of a virtual clock (Playwright's `page.clock`:
 *   timers and Date faked, advanced in 500 ms steps, each step run once the requests it started
 *   have answered — a poll can start up to one step late, so the counts lean low by ≤ 10 % in the
 *   first minute, ≤ 1 % later). Requests in the first idle minute, and per minute once the
 *   polls have backed off (minutes 6–15) — against budgets.
 *   npm run bench -- requests
 */
import { startDevServer } from '../../packages/dev-server/src/server.ts';
import { BenchSite, PATIENT, backdate, harness, hostPage, launchBenchBrowser } from './bench-page.ts';
import { fmt } from './stats.ts';
import type { BenchResult } from './types.ts';

const STEP_MS = 500;
const IDLE_MINUTES = 16;
const STEADY = [6, 15] as const;
/** Budgets: a page left open all day must not load the server more than this. */
const FIRST_MINUTE_BUDGET = 30;
const STEADY_BUDGET = 10;

const PAGE = hostPage(
  'Every element',
  `    <coord-provider base-url="/fhir/R4" patient="${PATIENT}" user="PractitionerRole/role-gp" profession="10" lang="fr">
      <coord-patient-banner></coord-patient-banner>
      <coord-timeline></coord-timeline>
      <coord-chat></coord-chat>
      <coord-notes></coord-notes>
      <coord-ppcs></coord-ppcs>
      <coord-documents></coord-documents>
    </coord-provider>`,
);

const key = (e: { method: string; url: string }): string => `${e.method} ${e.url}`;
const type = (url: string): string => /\/fhir\/R4\/([A-Za-z]+)/.exec(url)?.[1] ?? (/\/fhir\/R4\/?(\?|$)/.test(url) ? 'batch' : 'other');

export default async function (): Promise<BenchResult[]> {
  const site = new BenchSite();
  const file = site.page('all.html', PAGE);
  const server = await startDevServer({ port: 0, demo: true, rootDir: site.root });
  backdate(server);
  const browser = await launchBenchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 4000 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await context.addInitScript({ content: await harness('requests') });
    const page = await context.newPage();
    await page.clock.install();
    const statics: string[] = [];
    page.on('request', (r) => {
      if (!r.url().includes('/fhir/R4')) statics.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}${file}`);
    await page.evaluate(() => window.requestsBench.ready());
    await page.waitForFunction(() => window.requestsBench.inflight() === 0);
    const atLoad = (await page.evaluate(() => window.requestsBench.log())).filter((e) => e.url.includes('/fhir/R4'));
    const gets = atLoad.filter((e) => e.method === 'GET').map(key);
    const dupes = [...new Set(gets.filter((k, i) => gets.indexOf(k) !== i))];

    // Idle: virtual time from here, in steps, each once the requests it started have answered.
    const start = await page.evaluate(() => Date.now());
    await page.clock.pauseAt(start + 1000);
    const idleFrom = start + 1000;
    for (let t = 0; t < IDLE_MINUTES * 60_000; t += STEP_MS) {
      await page.clock.runFor(STEP_MS);
      await page.waitForFunction(() => window.requestsBench.inflight() === 0, undefined, { polling: 20 });
    }
    const idle = (await page.evaluate(() => window.requestsBench.log())).filter((e) => e.url.includes('/fhir/R4') && e.at >= idleFrom);
    const perMinute = Array.from({ length: IDLE_MINUTES }, (_, m) => idle.filter((e) => e.at >= idleFrom + m * 60_000 && e.at < idleFrom + (m + 1) * 60_000).length);
    const steadyMinutes = perMinute.slice(STEADY[0] - 1, STEADY[1]);
    const steady = steadyMinutes.reduce((a, b) => a + b, 0) / steadyMinutes.length;
    const watched = [...new Set(idle.map((e) => type(e.url)))].sort();
    if (errors.length) throw new Error(errors.join('; '));
    const byType = (list: { url: string }[]) =>
      Object.entries(list.reduce<Record<string, number>>((acc, e) => ((acc[type(e.url)] = (acc[type(e.url)] ?? 0) + 1), acc), {}))
        .sort((a, b) => b[1] - a[1])
        .map(([t, n]) => `${t} ${n}`)
        .join(', ');
    const sample = 'one page with provider + banner + timeline + chat + notes + PPCS + documents, real dev server (seed record), every fetch logged in the page';
    return [
      { name: 'FHIR requests at load, every element on one page', value: atLoad.length, unit: `requests (${byType(atLoad)}); ${statics.length} static files`, sample: `${sample}; navigation → every element shows its content, nothing in flight`, headline: true },
      { name: 'duplicate requests at load (same method + URL twice)', value: dupes.length, unit: dupes.length ? `(${dupes.slice(0, 3).join('; ')})` : 'requests', target: '0', ok: dupes.length === 0, sample: 'the load above', headline: true },
      {
        name: 'requests in the first idle minute, every element on one page',
        value: perMinute[0]!,
        unit: `requests (${byType(idle.filter((e) => e.at < idleFrom + 60_000))})`,
        target: `≤ ${FIRST_MINUTE_BUDGET}`,
        ok: perMinute[0]! <= FIRST_MINUTE_BUDGET,
        sample: `after the load, nothing changes on the server: the first minute of a virtual clock (page.clock, ${STEP_MS} ms steps)`,
        spread: `per minute, minutes 1–${IDLE_MINUTES}: ${perMinute.join(', ')}`,
        headline: true,
      },
      {
        name: `requests per idle minute once polls have backed off (minutes ${STEADY[0]}–${STEADY[1]})`,
        value: steady,
        unit: `requests/min (${watched.length} types watched: ${watched.join(', ')})`,
        target: `≤ ${STEADY_BUDGET}`,
        ok: steady <= STEADY_BUDGET,
        sample: `the same idle page, virtual minutes ${STEADY[0]}–${STEADY[1]}: mean of ${steadyMinutes.length} minutes (${fmt(Math.min(...steadyMinutes))}–${fmt(Math.max(...steadyMinutes))} per minute)`,
        headline: true,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
    site.close();
  }
}
