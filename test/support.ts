/** End-to-end helpers: the real dev server (in process) and Debian's Chromium via playwright-core. */
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { startDevServer, type DevServer, type DevServerOptions } from '../packages/dev-server/src/server.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export async function startServer(options: DevServerOptions = {}): Promise<DevServer> {
  return startDevServer({ port: 0, demo: true, ...options });
}

/** Collects what a page logs as errors, CSP violations included, for a test to assert none. */
export function watchPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  return problems;
}

/** Text inside an element's shadow root, whitespace-collapsed. */
export async function shadowText(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((el) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim());
}

export async function waitForShadowText(page: Page, selector: string, text: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ([sel, expected]) => {
      const el = document.querySelector(sel as string);
      return (el?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').includes(expected as string);
    },
    [selector, text],
    { timeout },
  );
}

/**
 * A host page of our own at /e2e-host/page.html, served as the demo is (same CSP): the built
 * `/dist/coord-elements.js` and `body` (a `<coord-provider>` with its elements). `fetched` lists
 * what the page asked of `/dist/` (paths relative to it), in order; `setup` runs before the page
 * loads (routes to hold or refuse a chunk). `browser` may be a context with its own options.
 */
export async function hostPage(browser: Browser | BrowserContext, server: DevServer, body: string, setup?: (page: Page) => Promise<void>) {
  const page = await browser.newPage();
  const problems = watchPageErrors(page);
  const fetched: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/dist/')) fetched.push(path.slice('/dist/'.length));
  });
  // The CSP the dev server puts on the demo page, taken from it, so this page is held to it too.
  const demo = await fetch(server.origin + '/');
  const csp = demo.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  await page.route('**/e2e-host/*.html', (route) =>
    route.fulfill({
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp },
      body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>e2e host</title>
        <script type="module" src="/dist/coord-elements.js"></script></head><body>${body}</body></html>`,
    }),
  );
  await setup?.(page);
  await page.goto(`${server.origin}/e2e-host/page.html`);
  return { page, problems, fetched };
}
