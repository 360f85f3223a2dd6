/**
 * axe over the whole demo page once every element has loaded real data from the dev server —
 * the integration counterpart of each component test's accessible() check (axe sees inside
 * open shadow roots). Run in a context that bypasses CSP only so axe itself can be injected.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, waitForShadowText } from './support.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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

for (const lang of ['fr', 'en'] as const) {
  test(`the demo page with banner, timeline and chat has no axe violations (${lang})`, async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(server.origin + '/');
    await waitForShadowText(page, 'coord-patient-banner', 'Martin');
    if (lang === 'en') {
      await page.selectOption('#lang', 'en');
      await waitForShadowText(page, 'coord-patient-banner', 'Born');
    }
    await waitForShadowText(page, 'coord-chat', 'Rendez-vous de suivi');
    await waitForShadowText(page, 'coord-timeline', 'Insuffisance rénale chronique');
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
    assert.deepEqual(violations, []);
    await context.close();
  });
}
