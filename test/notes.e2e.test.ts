/**
 * Two people edit the same shared note at once, through the real dev server (Medplum's engine:
 * If-Match, 412, _history) and the built loader, under the demo page's strict CSP + Trusted Types.
 * The second save meets the conflict view, saves the merge, and both end up seeing one text that
 * holds both edits — no edit lost, no silent overwrite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, waitForShadowText, watchPageErrors } from './support.ts';

const NOTES = 'coord-notes';
const SUIVI = 'DocumentReference/note-suivi-domicile';
const NOTE = `${NOTES} article[data-ref="${SUIVI}"]`;

/** Opens the demo page (its <coord-notes> is fetched by the loader) as one member of the care team. */
async function openAs(browser: Browser, origin: string, user: string, profession: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchPageErrors(page);
  await page.goto(`${origin}/?user=${user}&profession=${profession}`);
  await page.locator(NOTES).evaluate((el) => el.setAttribute('poll-interval', '0'));
  await waitForShadowText(page, NOTES, 'Suivi à domicile');
  return { page, problems };
}

async function startEditing(page: Page, line: string): Promise<void> {
  await page.locator(`${NOTE} [part~="open"]`).click();
  await page.locator(`${NOTE} [part~="edit"]`).click();
  const box = page.locator(`${NOTE} textarea`);
  await box.fill(`${await box.inputValue()}\n${line}`);
}

async function noteOnServer(server: DevServer): Promise<{ text: string; version: string; versions: number }> {
  const headers = { Accept: 'application/fhir+json' };
  const doc = (await (await fetch(`${server.baseUrl}/${SUIVI}`, { headers })).json()) as { meta: { versionId: string }; content: { attachment: { data: string } }[] };
  const history = (await (await fetch(`${server.baseUrl}/${SUIVI}/_history`, { headers })).json()) as { entry?: unknown[] };
  return { text: Buffer.from(doc.content[0]!.attachment.data, 'base64').toString('utf8'), version: doc.meta.versionId, versions: history.entry?.length ?? 0 };
}

describe('two people edit the same note through the real dev server', () => {
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

  test('the second save meets the conflict view, saves the merge, and both see both edits', async () => {
    const before = await noteOnServer(server);
    const nurse = await openAs(browser, server.origin, 'PractitionerRole/role-idel', '60');
    const gp = await openAs(browser, server.origin, 'PractitionerRole/role-gp', '10');

    await startEditing(nurse.page, 'IDEL : pansement refait, plaie 2 × 1,5 cm.');
    await startEditing(gp.page, 'MT : antibiotique arrêté.');

    await nurse.page.locator(`${NOTE} [part~="save"]`).click();
    await waitForShadowText(nurse.page, NOTES, 'Note enregistrée');
    const afterNurse = await noteOnServer(server);
    assert.notEqual(afterNurse.version, before.version);
    assert.match(afterNurse.text, /IDEL : pansement refait/);

    // The GP read the older version: the server answers 412, the conflict view opens.
    await gp.page.locator(`${NOTE} [part~="save"]`).click();
    await waitForShadowText(gp.page, NOTES, 'Quelqu’un a enregistré cette note avant vous');
    assert.equal((await noteOnServer(server)).version, afterNurse.version, 'nothing overwritten');
    const merged = await gp.page.locator(`${NOTES} [part~="merge"]`).inputValue();
    assert.match(merged, /IDEL : pansement refait, plaie 2 × 1,5 cm\.\nMT : antibiotique arrêté\.$/);

    await gp.page.locator(`${NOTES} [part~="save-merge"]`).click();
    await waitForShadowText(gp.page, NOTES, 'Note enregistrée');
    // The host page logs coord-* events: the GP's page got coord-note-saved once the server confirmed.
    const log = (await gp.page.locator('#events').textContent()) ?? '';
    const detail = JSON.parse(/coord-note-saved (\{.*?\})/.exec(log)?.[1] ?? '{}') as { reference: string; version: string; change: string };
    assert.equal(detail.reference, SUIVI);
    assert.equal(detail.change, 'updated');

    const final = await noteOnServer(server);
    assert.equal(final.version, detail.version);
    assert.equal(final.text, merged);
    assert.equal(final.versions, before.versions + 2, 'two new versions: the nurse’s and the merge');

    // The nurse's page picks the merge up (a check now rather than waiting for the poll).
    await nurse.page.locator(NOTES).evaluate((el) => (el as unknown as { refresh(): Promise<void> }).refresh());
    await waitForShadowText(nurse.page, NOTES, 'MT : antibiotique arrêté.');
    await waitForShadowText(gp.page, NOTES, 'IDEL : pansement refait');

    assert.deepEqual(nurse.problems, [], 'no page errors, CSP or Trusted Types violations (nurse)');
    // The browser logs the 412 answer itself (the conflict this test makes on purpose); nothing else.
    const gpProblems = gp.problems.filter((p) => !/status of 412 \(Precondition Failed\)/.test(p));
    assert.equal(gp.problems.length - gpProblems.length, 1, 'exactly one 412: the GP’s stale save');
    assert.deepEqual(gpProblems, [], 'no page errors, CSP or Trusted Types violations (GP)');
    await nurse.page.close();
    await gp.page.close();
  });
});
