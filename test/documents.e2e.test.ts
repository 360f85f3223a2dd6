import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { makePdf } from '../packages/dev-server/src/seed/binary.ts';
import { launchBrowser, startServer, waitForShadowText, watchPageErrors } from './support.ts';

const DOCS = 'coord-documents';

describe('documents through the real dev server', () => {
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

  test('the nurse uploads a real PDF, it is stored once, and she opens it — under the strict CSP', async () => {
    const pdf = Buffer.from(makePdf({ title: 'Compte rendu de passage infirmier', body: ['Pansement refait.', 'RAS.'] }).data, 'base64');
    const dir = mkdtempSync(join(tmpdir(), 'coord-docs-'));
    const file = join(dir, 'passage-infirmier.pdf');
    writeFileSync(file, pdf);

    const page = await browser.newPage();
    const problems = watchPageErrors(page);
    await page.goto(`${server.origin}/?user=PractitionerRole/role-idel&profession=60`);
    // The loader picks up an element added later, as a host's router would add it.
    await page.evaluate((tag) => document.querySelector('coord-provider')!.append(document.createElement(tag)), DOCS);
    await waitForShadowText(page, DOCS, 'Compte rendu de soins infirmiers', 15_000);

    await page.locator(`${DOCS} .upload input[type="file"]:not([capture])`).setInputFiles(file);
    await page.locator(`${DOCS} .upload-form input[name="title"]`).fill('Passage infirmier du jour');
    await page.locator(`${DOCS} .upload-form select[name="type"]`).selectOption('34746-8');
    await page.locator(`${DOCS} .upload-form button[type="submit"]`).click();
    await waitForShadowText(page, DOCS, '« Passage infirmier du jour » a été déposé.', 15_000);
    const log = await page.locator('#events').textContent();
    assert.match(log ?? '', /coord-document-uploaded .*"reference":"DocumentReference\//);

    const res = await fetch(`${server.baseUrl}/DocumentReference?patient=Patient/pat-martin&_count=500`, { headers: { Accept: 'application/fhir+json' } });
    const bundle = (await res.json()) as { entry?: { resource: { id: string; description?: string; content: { attachment: { url?: string } }[] } }[] };
    const stored = (bundle.entry ?? []).filter((e) => e.resource.description === 'Passage infirmier du jour');
    assert.equal(stored.length, 1, 'stored once');
    const binaryUrl = stored[0]!.resource.content[0]!.attachment.url!;
    const binary = (await (await fetch(`${server.baseUrl}/${binaryUrl}`, { headers: { Accept: 'application/fhir+json' } })).json()) as { data: string; contentType: string };
    assert.equal(binary.contentType, 'application/pdf');
    assert.deepEqual(Buffer.from(binary.data, 'base64'), pdf, 'the same bytes');

    await page.locator(`${DOCS} [data-key="DocumentReference/${stored[0]!.resource.id}"]`).click();
    await page.locator(`${DOCS} .details .preview`).click();
    await page.locator(`${DOCS} coord-media-viewer .open-pdf`).waitFor({ timeout: 10_000 });
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator(`${DOCS} coord-media-viewer .open-pdf`).click()]);
    assert.match(popup.url(), /^blob:/, 'the PDF opens from a Blob in the browser viewer');
    const opener = await popup.evaluate(() => window.opener === null).catch(() => true);
    assert.ok(opener, 'no opener');
    await popup.close();

    assert.deepEqual(problems, [], 'no page errors, CSP or Trusted Types violations');
    await page.close();
  });
});
