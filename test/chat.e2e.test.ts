import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, waitForShadowText, watchPageErrors } from './support.ts';

const CHAT = 'coord-chat';
const IDEL = '/?user=PractitionerRole/role-idel&profession=60';
const GP = '/?user=PractitionerRole/role-gp&profession=10';

/** Opens the demo as one member of the care team, with a short polling interval. */
async function openAs(browser: Browser, origin: string, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchPageErrors(page);
  await page.goto(origin + path);
  await waitForShadowText(page, CHAT, 'Rendez-vous de suivi d’oncologie');
  await page.locator(CHAT).evaluate((el) => el.setAttribute('poll-interval', '1'));
  return { page, problems };
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.locator(`${CHAT} textarea`);
  await box.fill(text);
  await box.press('Enter');
}

/** How many messages of the thread carry this exact text (rendered or not: the server's view). */
async function copiesOnServer(server: DevServer, text: string): Promise<number> {
  const res = await fetch(`${server.baseUrl}/Communication?patient=Patient/pat-martin&_count=1000`, { headers: { Accept: 'application/fhir+json' } });
  const bundle = (await res.json()) as { entry?: { resource: { payload?: { contentString?: string }[] } }[] };
  return (bundle.entry ?? []).filter((e) => e.resource.payload?.some((p) => p.contentString === text)).length;
}

describe('chat between two people through the real dev server', () => {
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

  test('the nurse and the GP each see the other’s message live, under the strict CSP', async () => {
    const nurse = await openAs(browser, server.origin, IDEL);
    const gp = await openAs(browser, server.origin, GP);

    await send(nurse.page, 'Bonjour Docteur, la plaie a bien évolué ce matin.');
    await waitForShadowText(nurse.page, CHAT, 'Envoyé');
    await waitForShadowText(gp.page, CHAT, 'la plaie a bien évolué ce matin', 8000);
    const log = await nurse.page.locator('#events').textContent();
    assert.match(log ?? '', /coord-message-sent .*"reference":"Communication\//);

    await send(gp.page, 'Merci, je passe jeudi.\nOn refait le point.');
    await waitForShadowText(nurse.page, CHAT, 'Merci, je passe jeudi.', 8000);
    const announced = await nurse.page.locator(`${CHAT} [aria-live="polite"]`).textContent();
    assert.match(announced ?? '', /Nouveau message de Dr Claire Lefèvre/);

    assert.equal(await copiesOnServer(server, 'Bonjour Docteur, la plaie a bien évolué ce matin.'), 1);
    assert.deepEqual(nurse.problems, [], 'no page errors, CSP or Trusted Types violations (nurse)');
    assert.deepEqual(gp.problems, [], 'no page errors, CSP or Trusted Types violations (GP)');
    await nurse.page.close();
    await gp.page.close();
  });

  test('a message written while sends fail survives a reload and goes out exactly once', async () => {
    const nurse = await openAs(browser, server.origin, IDEL);
    const gp = await openAs(browser, server.origin, GP);
    const text = 'Écrit au domicile sans réseau';
    // The network drops every send (the page itself still loads, as after a reconnection).
    await nurse.page.route('**/fhir/R4/Communication', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await send(nurse.page, text);
    await waitForShadowText(nurse.page, CHAT, 'Non envoyé — réessayer');

    // The queue's code loads on a chat's load only when entries wait: here one does.
    const fetched: string[] = [];
    nurse.page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await nurse.page.reload();
    await waitForShadowText(nurse.page, CHAT, text);
    await waitForShadowText(nurse.page, CHAT, 'Non envoyé — réessayer');
    assert.ok(fetched.includes('/dist/coord-elements/chat-outbox-queue.js'), 'the queue opened for the waiting message');
    assert.equal(await copiesOnServer(server, text), 0);

    await nurse.page.unroute('**/fhir/R4/Communication');
    await nurse.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForShadowText(nurse.page, CHAT, 'Envoyé', 10_000);
    await waitForShadowText(gp.page, CHAT, text, 10_000);
    assert.equal(await copiesOnServer(server, text), 1, 'exactly once on the server');
    await nurse.page.close();
    await gp.page.close();
  });
});
