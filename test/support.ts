/** End-to-end helpers: the real dev server (in process) and Debian's Chromium via playwright-core. */
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
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
