/**
 * Keyboard reach of the chat on the demo page: from the top of the page to the message box.
 * Before (issue #16): 50 Tab presses, through eleven identical "Actions sur le message" buttons.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, waitForShadowText } from './support.ts';

/** The focused element, through shadow roots: `tag#id.class "text"` and whether it is the chat's message box. */
async function focused(page: Page): Promise<{ what: string; composer: boolean; inChat: boolean }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let inChat = false;
    while (el?.shadowRoot?.activeElement) {
      if (el.tagName === 'COORD-CHAT') inChat = true;
      el = el.shadowRoot.activeElement;
    }
    const text = (el?.getAttribute('aria-label') ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return { what: `${el?.tagName.toLowerCase()}${el?.id ? `#${el.id}` : ''} "${text}"`, composer: inChat && el?.id === 'composer-text', inChat };
  });
}

/** Presses Tab until the chat's message box has focus; returns every stop on the way. */
async function tabToComposer(page: Page, limit = 150): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    stops.push(f.what);
    if (f.composer) return stops;
  }
  throw new Error(`message box not reached in ${limit} Tab presses:\n${stops.join('\n')}`);
}

async function openDemo(browser: Browser, origin: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(origin + '/');
  await waitForShadowText(page, 'coord-chat', 'Rendez-vous de suivi d’oncologie', 20_000);
  await page.waitForFunction(() => (document.querySelector('coord-timeline')?.shadowRoot?.querySelectorAll('[role="article"], article, li').length ?? 0) > 0);
  return page;
}

describe('keyboard: from the top of the demo page to the chat’s message box', () => {
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

  test('the skip links reach the message box in two Tab presses (and two Enters)', async () => {
    const page = await openDemo(browser, server.origin);
    await page.keyboard.press('Tab');
    assert.match((await focused(page)).what, /Aller à la messagerie/, 'the page’s first stop is its skip link');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    assert.ok(skip.inChat, `the next stop is in the chat: ${skip.what}`);
    assert.match(skip.what, /Aller à la saisie/);
    await page.keyboard.press('Enter');
    assert.ok((await focused(page)).composer, 'focus in the message box');
    await page.close();
  });

  test('Tab alone: the thread is a handful of stops, with no per-message action button', async () => {
    const page = await openDemo(browser, server.origin);
    const stops = await tabToComposer(page);
    const firstInChat = await (async () => {
      // Count the stops inside the chat: from its first skip link to the message box.
      const at = stops.findIndex((s) => /Aller à la saisie/.test(s));
      return at < 0 ? stops.length : at;
    })();
    const inChat = stops.length - firstInChat;
    console.log(`# Tab presses from the top of the demo to the message box: ${stops.length} (${inChat} inside the chat)`);
    assert.ok(inChat <= 5, `at most 5 stops inside the chat, got ${inChat}:\n${stops.slice(firstInChat).join('\n')}`);
    assert.equal(stops.filter((s) => /Actions sur le message/.test(s)).length, 0, 'no message action button in the Tab order');
    // Arrows move within the list; Enter opens the focused message's named menu; Escape returns.
    await page.keyboard.press('Shift+Tab');
    let f = await focused(page);
    for (let i = 0; i < 6 && !/^article/.test(f.what); i++) {
      await page.keyboard.press('Shift+Tab');
      f = await focused(page);
    }
    assert.match(f.what, /^article/, 'Shift+Tab comes back to the newest message');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('coord-chat')?.shadowRoot?.activeElement?.getAttribute('role') === 'menuitem');
    const menu = await page.locator('coord-chat').evaluate((el) => el.shadowRoot!.querySelector('[role="menu"]')!.getAttribute('aria-label'));
    assert.match(menu ?? '', /^Actions sur le message de Sophie Marchand, /);
    await page.keyboard.press('Escape');
    assert.match((await focused(page)).what, /^article/, 'Escape gives focus back to the message');
    await page.close();
  });
});
