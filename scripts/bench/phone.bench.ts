/**
 * What a clinician waits for on a mid-range phone: the demo page (`demo/index.html`: provider,
 * banner, timeline, chat, notes, PPCS), served by the real dev server with the built per-element
 * output, gzip on (as any production host serves it), in Chromium throttled through the Chrome
 * DevTools Protocol — CPU 4× slower (`Emulation.setCPUThrottlingRate`), network 1.6 Mb/s down,
 * 750 kb/s up, 150 ms latency (`Network.emulateNetworkConditions`), a 412 × 823 touch screen.
 * Each sample is a first visit (new browser context: empty cache).
 * - first content: the banner's name, the pathway lanes and the first timeline rows, all in the
 *   DOM — target ≤ 2.5 s (Core Web Vitals' "good" LCP); the browser's LCP beside it;
 * - the same page while every Encounter search takes 25 s (dev-server delay): time to the lanes
 *   and first rows — target ≤ 2.5 s, the Encounter answer never in the sample;
 * - bytes on the wire until first content (static files, FHIR JSON).
 *   npm run bench -- phone
 */
import type { Browser } from 'playwright-core';
import { startDevServer, type DevServer } from '../../packages/dev-server/src/server.ts';
import { harness, launchBenchBrowser } from './bench-page.ts';
import { budgetRow, fmt, spread, summarize } from './stats.ts';
import type { BenchResult } from './types.ts';

const SAMPLES = 7;
const GOOD_LCP_MS = 2500;
const SLOW_MS = 25_000;
export const PHONE = {
  cpu: 4,
  network: { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
  viewport: { width: 412, height: 823 },
};

interface Visit {
  seen: Record<string, number>;
  lcp?: number;
  staticBytes: number;
  fhirBytes: number;
  requests: number;
  /** An Encounter search answered before the sample ended. */
  encounterAnswered: boolean;
}

async function visit(browser: Browser, server: DevServer, wait: string[]): Promise<Visit> {
  const context = await browser.newContext({ viewport: PHONE.viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  try {
    await context.addInitScript({ content: await harness('first-content') });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', PHONE.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpu });
    const urls = new Map<string, string>();
    let staticBytes = 0;
    let fhirBytes = 0;
    let requests = 0;
    let encounterAnswered = false;
    cdp.on('Network.requestWillBeSent', (e) => {
      urls.set(e.requestId, e.request.url);
      requests++;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const url = urls.get(e.requestId) ?? '';
      if (url.includes('/fhir/R4/')) fhirBytes += e.encodedDataLength;
      else staticBytes += e.encodedDataLength;
      if (/\/fhir\/R4\/Encounter\?/.test(url)) encounterAnswered = true;
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/`, { waitUntil: 'commit' });
    const seen = await page.evaluate((names) => window.firstContent.reached(names), wait);
    const snapshot = { staticBytes, fhirBytes, requests, encounterAnswered };
    // Let the browser settle its LCP candidate (not timed).
    await page.waitForTimeout(300);
    const lcp = await page.evaluate(() => window.firstContent.lcp());
    if (errors.length) throw new Error(errors.join('; '));
    return { seen, lcp, ...snapshot };
  } finally {
    await context.close().catch(() => undefined);
  }
}

async function visits(browser: Browser, server: DevServer, wait: string[]): Promise<Visit[]> {
  await visit(browser, server, wait); // warm-up: the server's search memo, the browser's JIT
  const out: Visit[] = [];
  for (let i = 0; i < SAMPLES; i++) out.push(await visit(browser, server, wait));
  return out;
}

const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB`;

export default async function (): Promise<BenchResult[]> {
  const browser = await launchBenchBrowser();
  try {
    const normal = await startDevServer({ port: 0, demo: true, compress: true });
    let plain: Visit[];
    try {
      plain = await visits(browser, normal, ['banner', 'lanes', 'rows']);
    } finally {
      await normal.close();
    }
    const slowServer = await startDevServer({ port: 0, demo: true, compress: true, searchDelayMs: { Encounter: SLOW_MS } });
    let slow: Visit[];
    try {
      slow = await visits(browser, slowServer, ['lanes', 'rows']);
    } finally {
      await slowServer.close();
    }
    const at = (v: Visit[], k: string) => summarize(v.map((x) => x.seen[k]!));
    const all = summarize(plain.map((v) => Math.max(v.seen.banner!, v.seen.lanes!, v.seen.rows!)));
    const lcps = plain.map((v) => v.lcp).filter((x): x is number => x !== undefined);
    const phone = `throttled phone (CPU ${PHONE.cpu}×, 1.6 Mb/s, 150 ms), first visit`;
    const encounterSeen = slow.filter((v) => v.encounterAnswered).length;
    const stillLoading = slow.filter((v) => v.seen.stillLoading !== undefined && v.seen.stillLoading <= v.seen.lanes! + 1000).length;
    const staticB = summarize(plain.map((v) => v.staticBytes));
    const fhirB = summarize(plain.map((v) => v.fhirBytes));
    return [
      budgetRow('first content on a phone: banner + pathway lanes + first rows', all, {
        budget: GOOD_LCP_MS,
        headline: true,
        sample: `${phone}: load the demo page; navigation start → the last of banner name, lanes, first rows in the DOM`,
      }),
      budgetRow('  … the banner (patient name)', at(plain, 'banner'), { sample: 'as above, to the banner name' }),
      budgetRow('  … the pathway lanes', at(plain, 'lanes'), { sample: 'as above, to the first lane' }),
      budgetRow('  … the first timeline rows', at(plain, 'rows'), { sample: 'as above, to the first row' }),
      ...(lcps.length >= SAMPLES
        ? [budgetRow('largest contentful paint on a phone (the browser\'s LCP)', summarize(lcps), { budget: GOOD_LCP_MS, sample: `${phone}: the last LCP entry (PerformanceObserver) after first content` })]
        : []),
      budgetRow(`first lanes on a phone while Encounter searches take ${SLOW_MS / 1000} s`, at(slow, 'lanes'), {
        budget: GOOD_LCP_MS,
        headline: true,
        note: `(Encounter answered within the sample: ${encounterSeen} of ${slow.length}; "still loading" shown: ${stillLoading} of ${slow.length})`,
        sample: `${phone}, the dev server holds every Encounter search ${SLOW_MS / 1000} s: navigation start → the first lane in the DOM`,
      }),
      budgetRow(`first rows on a phone while Encounter searches take ${SLOW_MS / 1000} s`, at(slow, 'rows'), {
        budget: GOOD_LCP_MS,
        sample: 'as above, to the first timeline row (documents, messages, pathways: the sources that answered)',
      }),
      {
        name: 'bytes on the wire until first content (demo page)',
        value: staticB.median + fhirB.median,
        unit: `B (${kb(staticB.median)} static, gzip; ${kb(fhirB.median)} FHIR JSON, gzip; ${fmt(summarize(plain.map((v) => v.requests)).median)} requests)`,
        sample: 'the phone visit above: encoded bytes of every response finished by first content (CDP Network.loadingFinished)',
        spread: `static ${spread(staticB, 'B')}; FHIR ${spread(fhirB, 'B')}`,
        headline: true,
      },
      ...(encounterSeen > 0 ? [{ name: 'slow-source samples where Encounter answered early', value: encounterSeen, unit: 'samples', target: '0', ok: false }] : []),
    ];
  } finally {
    await browser.close();
  }
}
