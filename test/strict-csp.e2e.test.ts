/**
 * Every element on one page served with the strictest policy a host may have (demo/strict.html:
 * `default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script';
 * trusted-types coord-elements lit-html`, no 'allow-duplicates'), against the real dev server.
 * Fails on any `securitypolicyviolation`, CSP report, page error or console error — through the
 * record's loading, a note's formatted text (Lit templates, no HTML parsed) and a document preview. A
 * control at the end proves the policy is enforced and that a violation would be caught.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { TRUSTED_TYPES_NAMES, type DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, waitForShadowText, watchPageErrors } from './support.ts';

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

describe('strict-CSP host page with every element', () => {
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

  test('loads every element, opens a note and a document preview, with no violation of any kind', async () => {
    const page = await browser.newPage();
    const problems = watchPageErrors(page);
    // Injected by the browser before the page's own scripts (not subject to the page's CSP).
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
    });
    const response = await page.goto(server.origin + '/strict.html');
    const csp = response?.headers()['content-security-policy'] ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "require-trusted-types-for 'script'"]) {
      assert.ok(csp.includes(directive), `the page is served with ${directive}`);
    }
    assert.match(csp, new RegExp(`trusted-types ${TRUSTED_TYPES_NAMES.join(' ')}(;|$)`));
    assert.doesNotMatch(csp, /allow-duplicates|unsafe-inline|unsafe-eval/);

    const shown: [string, string][] = [
      ['coord-patient-banner', 'Martin'],
      ['coord-timeline', 'Insuffisance rénale chronique'],
      ['coord-documents', 'Compte rendu de soins infirmiers'],
      ['coord-notes', 'Suivi à domicile'],
      ['coord-ppcs', 'PPCS'],
      ['coord-chat', 'Coordinatrice de parcours'],
      ['coord-audit', 'Accès en urgence'],
      ['coord-record', 'Depuis ma dernière visite'],
    ];
    for (const [tag, text] of shown) {
      // Virtualised lists render what is in the viewport: bring each element into view.
      await page.locator(tag).first().scrollIntoViewIfNeeded(); // the record holds a banner of its own
      await waitForShadowText(page, tag, text, 30_000).catch((err: Error) => {
        throw new Error(`<${tag}> never showed "${text}": ${err.message}`);
      });
    }

    // A note's formatted text: markdown pieces as Lit templates (lists, bold, links).
    await page.locator('coord-notes [part~="open"]').first().click();
    await page.locator('coord-notes [part~="text"] li').first().waitFor({ timeout: 30_000 });

    // A document preview: the bytes read through the client, shown from a blob: URL.
    await page.locator('coord-documents input[type="search"]').fill('Photo de la plaie');
    await page.locator('coord-documents [data-key]').filter({ hasText: 'Photo de la plaie' }).first().click();
    await page.locator('coord-documents .details .preview').click();
    await page.locator('coord-documents coord-media-viewer .content img').waitFor({ timeout: 30_000 });
    const src = await page.locator('coord-documents coord-media-viewer .content img').getAttribute('src');
    assert.match(src ?? '', /^blob:/);
    await page.keyboard.press('Escape');

    assert.deepEqual(await violations(page), [], 'no securitypolicyviolation');
    assert.equal((await page.locator('#violations-count').textContent())?.trim(), '0', 'the page’s own listener saw none');
    assert.deepEqual(problems, [], 'no page error, no console error');
    assert.deepEqual(server.cspReports, [], 'no CSP report reached the server');

    // Control: the policy is enforced and a violation is caught by each of the three watchers.
    const refused = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return false;
      } catch {
        return true;
      }
    });
    assert.ok(refused, 'a string HTML sink is refused (Trusted Types enforced)');
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
    assert.match((await violations(page))[0] ?? '', /require-trusted-types-for/);
    await page.waitForFunction(() => document.getElementById('violations-count')?.textContent === '1');
    for (let i = 0; i < 100 && server.cspReports.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.cspReports.length, 1, 'the violation was reported to the server');
    await page.close();
  });
});
