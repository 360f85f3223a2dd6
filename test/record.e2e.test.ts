/**
 * <coord-record> on the demo's record page (demo/record.html), against the real dev server, in
 * Chromium, under the strict CSP: tabs by keyboard, a deep link, a document selected in the
 * timeline opening in the documents section, and "Depuis ma dernière visite" after a message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, watchPageErrors } from './support.ts';

const RECORD = 'coord-record';

/**
 * Runs in the page: the record's text, every shadow root inside it included — or, given
 * `expected`, whether it contains it. (No named inner function: the page cannot see the helpers
 * the test's compiler adds for them, and its CSP forbids eval.)
 */
const recordTextIn = ([tag, expected]: [string, string | undefined]): string | boolean => {
  const out: string[] = [];
  const stack: (ShadowRoot | null | undefined)[] = [document.querySelector(tag)?.shadowRoot];
  while (stack.length) {
    const root = stack.pop();
    if (!root) continue;
    out.push(root.textContent ?? '');
    for (const n of root.querySelectorAll('*')) if (n.shadowRoot) stack.push(n.shadowRoot);
  }
  const text = out.join(' ').replace(/\s+/g, ' ');
  return expected === undefined ? text : text.includes(expected);
};

async function waitForText(page: Page, text: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(recordTextIn, [RECORD, text] as [string, string | undefined], { timeout });
}

describe('<coord-record> on the demo record page', () => {
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

  test('sections are tabs the keyboard drives; opening one is kept in the host’s URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchPageErrors(page);
    await page.goto(`${server.origin}/record.html?layout=panel`);
    await waitForText(page, 'Première visite', 60_000); // the first page of the run: a cold server
    await page.locator(`${RECORD} #tab-overview`).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.querySelector('coord-record')!.shadowRoot!.activeElement?.id), 'tab-documents');
    assert.equal(await page.locator(`${RECORD} coord-documents`).count(), 0, 'moving focus opens nothing');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#view=documents');
    // The list is virtualised: its rows render once it is in the viewport.
    await page.locator(`${RECORD} coord-documents`).scrollIntoViewIfNeeded();
    await waitForText(page, 'Compte rendu de soins infirmiers — plaie du talon');
    assert.equal(await page.locator(`${RECORD} #tab-documents`).getAttribute('aria-selected'), 'true');
    await page.locator(`${RECORD} #tab-documents`).focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#view=audit');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a deep link opens its section at once', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchPageErrors(page);
    await page.goto(`${server.origin}/record.html#view=documents`);
    await waitForText(page, 'Compte rendu de soins infirmiers — plaie du talon');
    assert.equal(await page.locator(RECORD).getAttribute('view'), 'documents');
    assert.equal(await page.locator(`${RECORD} #tab-documents`).getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator(`${RECORD} coord-timeline`).count(), 0, 'only the open section is created');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a document selected in the timeline opens in the documents section, and the host sees the selection', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchPageErrors(page);
    await page.goto(`${server.origin}/record.html#view=timeline`);
    // As a user finds it: scrolling the timeline (its list is virtualised) down to the report.
    const item = page.locator(`${RECORD} coord-timeline article`, { hasText: 'Compte rendu de soins infirmiers — plaie du talon' }).first();
    await page.locator(`${RECORD} coord-timeline article`).first().waitFor({ timeout: 30_000 });
    for (let i = 0; i < 60 && (await item.count()) === 0; i++) {
      await page.locator(`${RECORD} coord-timeline article`).first().hover();
      await page.mouse.wheel(0, 300);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    await item.click();
    await page.waitForFunction(() => location.hash === '#view=documents');
    const details = page.locator(`${RECORD} coord-documents .details`);
    await details.waitFor({ state: 'attached', timeout: 30_000 });
    assert.match((await details.textContent()) ?? '', /Compte rendu de soins infirmiers — plaie du talon/);
    assert.match((await page.locator('#events').textContent()) ?? '', /coord-select .*"kind":"document"/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('"Depuis ma dernière visite": a message posted after the visit is there on the next opening, with its badge', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchPageErrors(page);
    await page.goto(`${server.origin}/record.html?layout=panel`);
    await waitForText(page, 'Première visite');
    // The visit is kept (hashed key), then a colleague writes.
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('coord-record:visit:')));
    const res = await fetch(`${server.baseUrl}/Communication`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Communication', status: 'completed', subject: { reference: 'Patient/pat-martin' },
        sender: { reference: 'PractitionerRole/role-idel' }, sent: new Date().toISOString(),
        payload: [{ contentString: 'Passage de ce matin : pansement refait, plaie propre' }],
      }),
    });
    assert.equal(res.status, 201);
    await page.reload();
    await waitForText(page, 'Changements depuis votre dernière visite');
    await waitForText(page, 'Passage de ce matin : pansement refait, plaie propre');
    assert.match(await page.locator(`${RECORD} #tab-chat`).innerText(), /1 non lu/);
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.doesNotMatch(storage, /pat-martin|role-gp|fhir/, 'no readable id in storage');
    // The item opens the messages.
    await page.locator(`${RECORD} [part="digest-item"][data-kind="message"]`).click();
    await page.waitForFunction(() => location.hash === '#view=chat');
    await page.locator(`${RECORD} coord-chat`).waitFor();
    // The chat renders the thread once its own load is done: wait on it, do not sample it.
    await waitForText(page, 'Passage de ce matin');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
