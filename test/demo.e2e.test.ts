import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, shadowText, startServer, waitForShadowText, watchPageErrors } from './support.ts';

const BANNER = 'coord-patient-banner';

describe('demo host page against the real FHIR dev server', () => {
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

  test('shows the banner for both patients, switching from the host page, under the strict CSP', async () => {
    const page = await browser.newPage();
    const problems = watchPageErrors(page);
    const response = await page.goto(server.origin + '/');
    assert.match(response?.headers()['content-security-policy'] ?? '', /require-trusted-types-for 'script'/);

    await waitForShadowText(page, BANNER, 'Martin');
    const martin = await shadowText(page, BANNER);
    assert.match(martin, /Née le 12\/06\/1945/);
    assert.match(martin, /2850675123456/);

    // Every element follows the switch, and nothing of the first patient stays on screen.
    await waitForShadowText(page, 'coord-chat', 'Rendez-vous de suivi');
    await waitForShadowText(page, 'coord-timeline', 'Insuffisance rénale chronique');
    await page.getByRole('button', { name: /DUBOIS Paul/ }).click();
    await waitForShadowText(page, BANNER, 'Dubois');
    const dubois = await shadowText(page, BANNER);
    assert.match(dubois, /Né le 04\/03\/1952/);
    assert.doesNotMatch(dubois, /Martin/);
    await waitForShadowText(page, 'coord-chat', 'Plaie du pied de M. Dubois');
    await page.waitForFunction(() => {
      const text = document.querySelector('coord-timeline')?.shadowRoot?.textContent ?? '';
      return text.includes('Plaies complexes') && !text.includes('Insuffisance rénale chronique');
    });
    assert.doesNotMatch(await shadowText(page, 'coord-chat'), /Rendez-vous de suivi|Jeanne Martin/);
    assert.doesNotMatch(await shadowText(page, 'coord-timeline'), /Insuffisance rénale chronique|Cancer/);

    await page.getByRole('button', { name: /Recherche par INS/ }).click();
    await waitForShadowText(page, BANNER, 'Martin');

    assert.deepEqual(problems, [], 'no page errors, CSP or Trusted Types violations');
    await page.close();
  });

  test('an ambiguous identifier and an unknown patient show their states and reach the host as coord-error', async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await waitForShadowText(page, BANNER, 'Martin');

    await page.getByRole('button', { name: /Identité en doublon/ }).click();
    await waitForShadowText(page, BANNER, 'Identité ambiguë');

    await page.getByRole('button', { name: /Patient inconnu/ }).click();
    await waitForShadowText(page, BANNER, 'Patient introuvable');
    const log = await page.locator('#events').textContent();
    assert.match(log ?? '', /coord-error .*"kind":"not-found"/);
    assert.match(log ?? '', /coord-error .*"kind":"ambiguous"/);
    await page.close();
  });

  test('opens in English with ?lang=en and names the user given by ?user=, never a raw reference', async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/?lang=en&user=PractitionerRole/role-idel');
    await waitForShadowText(page, BANNER, 'Born 12/06/1945');
    assert.equal(await page.locator('#lang').inputValue(), 'en');
    assert.equal((await page.locator('.user').textContent())?.trim(), 'Sophie Marchand · Infirmière');
    assert.equal(await page.locator('#record').getAttribute('profession'), '60');
    await page.close();
  });

  test('switches language from the host page', async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await waitForShadowText(page, BANNER, 'Née le');
    await page.selectOption('#lang', 'en');
    await waitForShadowText(page, BANNER, 'Born 12/06/1945');
    assert.match(await shadowText(page, BANNER), /Female/);
    await page.close();
  });
});

describe('dev server keeps what users write across a restart', () => {
  test('a resource written through the API is still there after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coord-store-'));
    const dataFile = join(dir, 'store.json');
    try {
      const first = await startServer({ dataFile, demo: false });
      const created = await fetch(`${first.baseUrl}/Communication`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({
          resourceType: 'Communication',
          status: 'completed',
          subject: { reference: 'Patient/pat-martin' },
          payload: [{ contentString: 'Message gardé après redémarrage' }],
        }),
      });
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: string };
      await first.close();

      const second = await startServer({ dataFile, demo: false });
      const read = await fetch(`${second.baseUrl}/Communication/${id}`, { headers: { Accept: 'application/fhir+json' } });
      assert.equal(read.status, 200);
      const body = (await read.json()) as { payload: { contentString: string }[] };
      assert.equal(body.payload[0]?.contentString, 'Message gardé après redémarrage');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
