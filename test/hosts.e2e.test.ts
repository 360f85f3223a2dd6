/**
 * The framework host pages (`demo/react/`, `demo/vue/`), built by `npm run build`, in Chromium
 * against the real dev server under the demo's strict CSP: the elements render the seeded patient,
 * coord-* events reach the framework's own handlers (React state, Vue refs), a language switch made
 * by the framework reaches the elements, and nothing violates the CSP or Trusted Types.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, shadowText, startServer, waitForShadowText, watchPageErrors } from './support.ts';

const BANNER = 'coord-patient-banner';

/** CSP violations surface as `securitypolicyviolation` events, which the console may not show. */
async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

describe('framework host pages against the real FHIR dev server', () => {
  let server: DevServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [framework, path] of [['React', '/react/'], ['Vue', '/vue/']] as const) {
    test(`${framework}: the elements show the seeded patient, events reach ${framework}’s handlers, strict CSP holds`, async () => {
      const page = await browser.newPage();
      const problems = watchPageErrors(page);
      const csp = await watchCspViolations(page);
      const response = await page.goto(server.origin + path);
      assert.equal(response?.status(), 200);
      assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'.*require-trusted-types-for 'script'/);

      await waitForShadowText(page, BANNER, 'Martin');
      assert.match(await shadowText(page, BANNER), /Née le 12\/06\/1945/);
      // coord-patient-change reached the framework, which rendered it into its own markup.
      await page.waitForSelector('p.selected[data-patient-status="ready"]', { timeout: 10_000 });

      // A user selection in the timeline reaches the framework's onCoordSelect handler.
      // The timeline opens at today: the next action leads its « À venir » group.
      await waitForShadowText(page, 'coord-timeline', 'Préparer le pilulier chaque semaine');
      assert.equal(await page.locator('p.selected').textContent(), 'Aucune sélection');
      await page.locator('coord-timeline article[part~="item"]', { hasText: 'Préparer le pilulier chaque semaine' }).first().click();
      await page.waitForFunction((name) => document.querySelector('p.selected')?.textContent?.startsWith(`Sélection (${name})`), framework);
      assert.match((await page.locator('p.selected').textContent()) ?? '', /: \S+ (Encounter|Task|CarePlan|DocumentReference|Appointment)\/[\w-]+/);

      // The framework's own state drives the elements: English, live.
      await page.locator('header select').selectOption('en');
      await waitForShadowText(page, BANNER, 'Born 12/06/1945');

      assert.deepEqual(await csp(), [], 'no CSP or Trusted Types violation');
      assert.deepEqual(problems, [], 'no page errors');
      await page.close();
    });
  }
});
