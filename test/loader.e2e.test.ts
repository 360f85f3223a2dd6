import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { budgets, deferredFor, pageGraph } from '../scripts/bundle-size.ts';
import { hostPage, launchBrowser, shadowText, startServer, waitForShadowText } from './support.ts';

/**
 * `coord-elements.js` (the built dist, served by the dev server under the demo's strict CSP +
 * Trusted Types) loads each element's code on first use: these tests watch what the browser
 * fetches and check that context and language still reach elements whose code comes late.
 */

const PROVIDER = `<coord-provider base-url="/fhir/R4" patient="Patient/pat-martin" user="PractitionerRole/role-gp" profession="10">`;
const NO_VIEWER = `<coord-provider base-url="/fhir/R4" patient="Patient/pat-martin">`;

const elementChunks = (fetched: string[]) => fetched.filter((f) => /^coord-elements\/coord-/.test(f)).sort();

describe('coord-elements.js loads each element on first use', () => {
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

  test('a page with provider + banner fetches their code only; an element added later is loaded then, with the provider’s session', async () => {
    const { page, problems, fetched } = await hostPage(browser, server, `${PROVIDER}<coord-patient-banner></coord-patient-banner></coord-provider>`);
    await waitForShadowText(page, 'coord-patient-banner', 'Martin');
    assert.deepEqual(elementChunks(fetched), ['coord-elements/coord-patient-banner.js', 'coord-elements/coord-provider.js']);
    assert.ok(!fetched.some((f) => f.includes('virtualizer') || f.endsWith('.en.js')), fetched.join(', '));
    assert.ok(fetched.includes('coord-elements/core.js'));

    await page.evaluate(() => document.querySelector('coord-provider')!.append(document.createElement('coord-timeline')));
    await waitForShadowText(page, 'coord-timeline', 'Insuffisance rénale chronique');
    assert.ok(fetched.includes('coord-elements/coord-timeline.js'));
    assert.ok(!fetched.includes('coord-elements/coord-chat.js'), 'the chat was never shown');
    assert.deepEqual(problems, [], 'no page errors, CSP or Trusted Types violations');
    await page.close();
  });

  for (const late of ['coord-provider', 'coord-patient-banner']) {
    test(`the banner gets the provider’s session when ${late}.js arrives last`, async () => {
      const { page, problems, fetched } = await hostPage(browser, server, `${PROVIDER}<coord-patient-banner></coord-patient-banner></coord-provider>`, async (p) => {
        await p.route(`**/dist/coord-elements/${late}.js`, async (route) => {
          await new Promise((r) => setTimeout(r, 600));
          await route.continue();
        });
      });
      await waitForShadowText(page, 'coord-patient-banner', 'Martin');
      const order = await page.evaluate(() => (document.querySelector('coord-patient-banner') as HTMLElement & { session?: unknown }).session === (document.querySelector('coord-provider') as HTMLElement & { session?: unknown }).session);
      assert.ok(order, 'the banner uses the provider’s session, not one of its own');
      assert.ok(fetched.includes(`coord-elements/${late}.js`));
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  test('elements inside a shadow root are loaded through discover(); a language is fetched only when used', async () => {
    const { page, problems, fetched } = await hostPage(browser, server, `<div id="host"></div>`);
    await page.waitForFunction(() => customElements !== undefined && document.readyState === 'complete');
    await page.evaluate(async () => {
      const host = document.getElementById('host')!;
      const root = host.attachShadow({ mode: 'open' });
      const provider = document.createElement('coord-provider');
      for (const [k, v] of Object.entries({ 'base-url': '/fhir/R4', patient: 'Patient/pat-dubois', lang: 'en' })) provider.setAttribute(k, v);
      provider.append(document.createElement('coord-patient-banner'));
      root.append(provider);
      const loader = (await import('/dist/coord-elements.js' as string)) as { discover(root: ShadowRoot): void };
      loader.discover(root);
    });
    await page.waitForFunction(() => {
      const banner = document.getElementById('host')?.shadowRoot?.querySelector('coord-patient-banner');
      return (banner?.shadowRoot?.textContent ?? '').includes('Born 04/03/1952');
    });
    assert.ok(fetched.includes('coord-elements/i18n.en.js'), 'English common strings fetched for an English page');
    assert.ok(!fetched.includes('coord-elements/timeline.en.js') && !fetched.includes('coord-elements/chat.en.js'), fetched.join(', '));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a chat without a viewer fetches no write path; a writer’s chat fetches the write builders on the first send; polling needs no Subscriptions code', async () => {
    // Read only: what the browser fetches is within what `npm run bench -- size` counts on load for that page.
    const readOnly = await hostPage(browser, server, `${NO_VIEWER}<coord-chat></coord-chat></coord-provider>`);
    await waitForShadowText(readOnly.page, 'coord-chat', 'Rendez-vous de suivi');
    await waitForShadowText(readOnly.page, 'coord-chat', 'Lecture seule');
    await readOnly.page.waitForLoadState('networkidle');
    const page = budgets().pages['provider + chat, no viewer (read only)'];
    assert.ok(page, 'the read-only chat page is measured');
    const measured = await pageGraph(page.tags, 'fr', deferredFor(page));
    const counted = new Set(measured.files.map((f) => f.replace(/^dist\//, '')));
    const chunks = readOnly.fetched.filter((f) => f.endsWith('.js'));
    assert.deepEqual(chunks.filter((f) => !counted.has(f)), [], 'every fetched file is counted in the page’s on-load figure');
    for (const f of ['chat-writes.js', 'chat-outbox-queue.js', 'live-socket.js']) {
      assert.ok(!chunks.includes(`coord-elements/${f}`), `${f} not fetched: ${chunks.join(', ')}`);
    }
    assert.deepEqual(readOnly.problems, []);
    await readOnly.page.close();

    // A viewer who can write, with nothing waiting in the outbox: on load the chat only asks
    // IndexedDB; the queue, the write core and the builders come as the viewer writes, the
    // dialogs on the first one opened.
    const writer = await hostPage(browser, server, `${PROVIDER}<coord-chat></coord-chat></coord-provider>`);
    await waitForShadowText(writer.page, 'coord-chat', 'Rendez-vous de suivi');
    const composer = writer.page.locator('coord-chat textarea');
    await composer.waitFor();
    await writer.page.waitForFunction(() => {
      const area = document.querySelector('coord-chat')?.shadowRoot?.querySelector('textarea');
      return area !== null && area !== undefined && !area.disabled;
    });
    await writer.page.waitForLoadState('networkidle');
    const writerPage = budgets().pages['provider + chat'];
    assert.ok(writerPage, 'the writer’s chat page is measured');
    const writerCounted = new Set((await pageGraph(writerPage.tags, 'fr', deferredFor(writerPage))).files.map((f) => f.replace(/^dist\//, '')));
    const onLoad = writer.fetched.filter((f) => f.endsWith('.js'));
    assert.deepEqual(onLoad.filter((f) => !writerCounted.has(f)), [], 'every file fetched on load is counted in the page’s on-load figure');
    for (const f of ['chat-writes.js', 'chat-outbox-queue.js', 'chat-dialogs.js']) {
      assert.ok(!onLoad.includes(`coord-elements/${f}`), `${f} not fetched on load: ${onLoad.join(', ')}`);
    }
    const text = `Chargement différé ${Date.now()}`;
    await composer.fill(text);
    await writer.page.locator('coord-chat button.send').click();
    await waitForShadowText(writer.page, 'coord-chat', text);
    await waitForShadowText(writer.page, 'coord-chat', 'Envoyé');
    for (const f of ['chat-writes.js', 'chat-outbox-queue.js']) assert.ok(writer.fetched.includes(`coord-elements/${f}`), writer.fetched.join(', '));
    assert.ok(!writer.fetched.includes('coord-elements/live-socket.js'), 'the dev server offers no Subscriptions: no socket code');
    assert.deepEqual(writer.problems, []);
    await writer.page.close();
  });

  for (const chunk of ['chat-writes.js', 'chat-outbox-queue.js']) test(`a send whose write code (${chunk}) does not arrive fails visibly, keeps the text, and goes through on the next try`, async () => {
    let refuse = true;
    const { page, fetched } = await hostPage(browser, server, `${PROVIDER}<coord-chat></coord-chat></coord-provider>`, async (p) => {
      await p.route(`**/dist/coord-elements/${chunk}`, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    });
    await waitForShadowText(page, 'coord-chat', 'Rendez-vous de suivi');
    await page.waitForFunction(() => document.querySelector('coord-chat')?.shadowRoot?.querySelector('textarea')?.disabled === false);
    await page.evaluate(() => {
      (window as unknown as { sendErrors: string[] }).sendErrors = [];
      document.addEventListener('coord-error', (e) => (window as unknown as { sendErrors: string[] }).sendErrors.push((e as CustomEvent<{ source: string }>).detail.source));
    });
    const text = `Envoi après coupure ${Date.now()}`;
    const composer = page.locator('coord-chat textarea');
    await composer.fill(text);
    await page.locator('coord-chat button.send').click();
    await page.waitForFunction(() => (window as unknown as { sendErrors: string[] }).sendErrors.includes('chat:send'));
    await waitForShadowText(page, 'coord-chat', 'Votre texte est conservé');
    assert.equal(await composer.inputValue(), text, 'the typed text is kept');
    assert.ok(fetched.includes(`coord-elements/${chunk}`), 'the write code was asked for');

    refuse = false;
    await page.locator('coord-chat button.send').click();
    await waitForShadowText(page, 'coord-chat', text);
    await page.waitForFunction(() => document.querySelector('coord-chat')?.shadowRoot?.querySelector('textarea')?.value === '');
    await page.close();
  });

  test('a dialog whose code does not arrive says so and keeps focus; the next try opens it with focus inside', async () => {
    let refuse = true;
    const { page, fetched } = await hostPage(browser, server, `${PROVIDER}<coord-chat></coord-chat></coord-provider>`, async (p) => {
      await p.route('**/dist/coord-elements/chat-dialogs.js', (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    });
    await waitForShadowText(page, 'coord-chat', 'Rendez-vous de suivi');
    await page.waitForFunction(() => document.querySelector('coord-chat')?.shadowRoot?.querySelector('textarea')?.disabled === false);
    assert.ok(!fetched.includes('coord-elements/chat-dialogs.js'), 'no dialog code before a dialog is opened');
    const active = () => page.locator('coord-chat').evaluate((el) => {
      const a = el.shadowRoot!.activeElement as HTMLElement | null;
      return a ? `${a.localName}${a.getAttribute('role') ? `[${a.getAttribute('role')}]` : ''}${a.closest('dialog') ? ' in dialog' : ''}` : '';
    });
    /** The newest message, focused; Enter opens its menu; pick "Créer une action PPCS". */
    const createAction = async () => {
      await page.locator('coord-chat').evaluate((el) => (el.shadowRoot!.querySelector('article[tabindex="0"]') as HTMLElement).focus());
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('coord-chat')?.shadowRoot?.activeElement?.getAttribute('role') === 'menuitem');
      await page.locator('coord-chat [role="menuitem"]', { hasText: 'Créer une action PPCS' }).click();
    };
    await createAction();
    await waitForShadowText(page, 'coord-chat', 'Cette fenêtre n’a pas pu s’ouvrir');
    assert.ok(fetched.includes('coord-elements/chat-dialogs.js'), 'the dialog code was asked for');
    assert.equal(await page.locator('coord-chat').evaluate((el) => el.shadowRoot!.querySelector('dialog')), null, 'no half-open dialog');
    assert.match(await active(), /^article/, 'focus back on the message');

    refuse = false;
    await createAction();
    await page.waitForFunction(() => document.querySelector('coord-chat')?.shadowRoot?.querySelector('dialog')?.open === true);
    assert.match(await active(), / in dialog$/, 'focus inside the dialog');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('coord-chat')?.shadowRoot?.querySelector('dialog')?.open === false);
    assert.match(await active(), /^article/, 'Escape gives focus back to the message');
    await page.close();
  });

  test('the demo page in French fetches no English; switching fetches it and every element speaks English', async () => {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(server.origin + '/');
    await waitForShadowText(page, 'coord-timeline', 'Insuffisance rénale chronique');
    await waitForShadowText(page, 'coord-chat', 'Rendez-vous de suivi');
    assert.ok(!fetched.some((f) => f.endsWith('.en.js')), fetched.filter((f) => f.startsWith('/dist/')).join(', '));
    await page.selectOption('#lang', 'en');
    await waitForShadowText(page, 'coord-patient-banner', 'Born 12/06/1945');
    await page.waitForFunction(() => /Secure messaging|Write a message/.test(document.querySelector('coord-chat')?.shadowRoot?.innerHTML ?? ''));
    for (const f of ['i18n.en.js', 'timeline.en.js', 'chat.en.js']) assert.ok(fetched.includes(`/dist/coord-elements/${f}`), f);
    assert.doesNotMatch(await shadowText(page, 'coord-patient-banner'), /Née le/);
    await page.close();
  });
});
