/**
 * Two actors edit the same PPCS action at once, each in their own browser page, on the real dev
 * server (strict CSP + Trusted Types demo page): the second write meets the first as a conflict,
 * shown with both versions; dropping it shows the first; nothing is overwritten; a later comment
 * reaches the other page live.
 *   node --import tsx --test test/ppcs.e2e.test.ts   (after npm run build)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, waitForShadowText, watchPageErrors } from './support.ts';

const PPCS = 'coord-ppcs';
const PHARM = '/?user=PractitionerRole/role-pharm&profession=21';
const COORD = '/?user=PractitionerRole/role-coord';
const PILULIER = `${PPCS} li.action[data-key="Task/task-pilulier"]`;

async function openAs(browser: Browser, origin: string, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchPageErrors(page);
  await page.goto(origin + path);
  await waitForShadowText(page, PPCS, 'Préparer le pilulier chaque semaine', 15_000);
  return { page, problems };
}

async function groupOf(page: Page): Promise<string | null> {
  return page.locator(PILULIER).evaluate((li) => li.closest('[part="group"]')?.getAttribute('data-group') ?? null);
}

async function taskOnServer(server: DevServer): Promise<{ status: string; versionId?: string; note?: { text: string }[] }> {
  const res = await fetch(`${server.baseUrl}/Task/task-pilulier`, { headers: { Accept: 'application/fhir+json' } });
  const task = (await res.json()) as { status: string; meta?: { versionId?: string }; note?: { text: string }[] };
  return { status: task.status, versionId: task.meta?.versionId, note: task.note };
}

async function versionsOnServer(server: DevServer): Promise<number> {
  const res = await fetch(`${server.baseUrl}/Task/task-pilulier/_history`, { headers: { Accept: 'application/fhir+json' } });
  const bundle = (await res.json()) as { entry?: unknown[] };
  return bundle.entry?.length ?? 0;
}

describe('PPCS: two actors edit the same action through the real dev server', () => {
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

  test('the second change meets the first as a conflict; both pages end on the same, correct outcome', async () => {
    const pharm = await openAs(browser, server.origin, PHARM);
    const coord = await openAs(browser, server.origin, COORD);
    const before = await taskOnServer(server);
    assert.equal(before.status, 'in-progress');

    // The pharmacist marks the action done…
    await pharm.page.locator(`${PILULIER} button.move[data-to="done"]`).click();
    await pharm.page.waitForFunction((sel) => document.querySelector('#events')?.textContent?.includes('coord-action-updated'), PILULIER);
    assert.equal(await groupOf(pharm.page), 'done');
    const log = await pharm.page.locator('#events').textContent();
    assert.match(log ?? '', /coord-action-updated \{"reference":"Task\/task-pilulier","status":"done","change":"status"\}/);

    // …while the coordinator, on the version read before, puts it on hold.
    await coord.page.locator(`${PILULIER} button.move[data-to="on-hold"]`).click();
    await coord.page.locator(`${PILULIER} form.move-form input[name="reason"]`).fill('Hospitalisation prévue');
    await coord.page.locator(`${PILULIER} form.move-form button[type="submit"]`).click();
    await waitForShadowText(coord.page, PPCS, 'Quelqu’un d’autre a modifié cette action');
    const conflict = await coord.page.locator(`${PILULIER} [part="conflict"]`).textContent();
    assert.match(conflict ?? '', /Votre modification\s*Statut : Suspendue/);
    assert.match(conflict ?? '', /Sur le serveur maintenant\s*Statut : Réalisée/);
    // Nothing was overwritten; done is final, so re-applying is not offered.
    assert.equal((await taskOnServer(server)).status, 'completed');
    assert.equal(await coord.page.locator(`${PILULIER} [part="conflict"] button.reapply`).isDisabled(), true);

    await coord.page.locator(`${PILULIER} [part="conflict"] button.drop`).click();
    await coord.page.waitForFunction(
      (sel) => {
        const ppcs = document.querySelector('coord-ppcs');
        const li = ppcs?.shadowRoot?.querySelector(sel.replace('coord-ppcs ', ''));
        return li?.closest('[part="group"]')?.getAttribute('data-group') === 'done' && !li.querySelector('[part="conflict"]');
      },
      PILULIER,
      { timeout: 10_000 },
    );
    const after = await taskOnServer(server);
    assert.equal(after.status, 'completed');
    assert.notEqual(after.versionId, before.versionId);
    assert.equal(await versionsOnServer(server), 2, 'exactly one write reached the server');

    // The referent then comments; the pharmacist's page shows it live (polling every 5 s).
    await coord.page.locator(`${PILULIER} .action-title`).click();
    await coord.page.locator(`${PILULIER} form.comment-form textarea`).fill('Merci, pilulier suspendu pendant l’hospitalisation.');
    await coord.page.locator(`${PILULIER} form.comment-form button[type="submit"]`).click();
    await pharm.page.locator(PPCS).evaluate((el) => el.setAttribute('poll-interval', '5'));
    await waitForShadowText(pharm.page, PPCS, 'pilulier suspendu pendant l’hospitalisation', 20_000);
    assert.equal((await taskOnServer(server)).note?.at(-1)?.text, 'Merci, pilulier suspendu pendant l’hospitalisation.');
    assert.equal(await groupOf(pharm.page), 'done');

    // The one expected failure: Chromium logs the 412 that answered the stale write. Nothing else
    // (no CSP or Trusted Types violation, no page error).
    const unexpected = (problems: string[]) => problems.filter((p) => !/status of 412 \(Precondition Failed\)/.test(p));
    assert.deepEqual(unexpected(pharm.problems), []);
    assert.deepEqual(unexpected(coord.problems), []);
    assert.equal(coord.problems.length, 1);
  });
});
