/**
 * Emergency access end to end: the emergency physician (PractitionerRole/role-urg, in no care
 * circle) opens the demo page; the real dev server refuses him the record (403); he gives a
 * reason, the demo host's handler returns the purpose-of-use header, the record reopens with the
 * "Accès en urgence" banner, and the AuditEvent of the access is on the server — under the demo
 * page's strict CSP + Trusted Types.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import type { Browser } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { launchBrowser, startServer, waitForShadowText, watchPageErrors } from './support.ts';

const URG = 'PractitionerRole/role-urg';
const REASON = 'Patiente admise aux urgences, fébrile et confuse : recherche du traitement en cours.';

describe('emergency access through the real dev server', () => {
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

  test('the refused physician gives a reason, sees the banner and the record; the trace is on the server', async () => {
    const page = await browser.newPage();
    const problems = watchPageErrors(page);
    await page.goto(`${server.origin}/?user=${URG}`);
    await page.locator('coord-notes').evaluate((el) => el.setAttribute('poll-interval', '0'));
    // Refused: the identity shows, the record does not.
    await waitForShadowText(page, 'coord-patient-banner', 'Martin', 30_000);
    await waitForShadowText(page, 'coord-notes', 'Accès refusé', 30_000);
    await page.locator('coord-notes coord-emergency-offer button[part~="emergency"]').click({ timeout: 30_000 });
    const dialog = page.locator('coord-provider coord-emergency-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('textarea').fill(REASON);
    await dialog.locator('button[type="submit"]').click();

    await waitForShadowText(page, 'coord-notes', 'Suivi à domicile', 30_000);
    for (const tag of ['coord-notes', 'coord-timeline', 'coord-patient-banner']) {
      const banner = await page.locator(`${tag} coord-emergency-banner`).evaluate((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
      assert.match(banner, /Accès en urgence/, `banner in <${tag}>`);
      assert.ok(banner.includes(REASON), `reason in <${tag}>'s banner`);
    }
    await page.waitForFunction(() => {
      const banner = document.querySelector('coord-notes')?.shadowRoot?.querySelector('coord-emergency-banner');
      return banner?.shadowRoot?.textContent?.includes('Accès tracé');
    }, undefined, { timeout: 30_000 });

    // The trace, read back from the server (anonymous reads are not restricted).
    const res = await fetch(`${server.baseUrl}/AuditEvent?patient=Patient/pat-martin&_sort=-date&_count=100`, { headers: { Accept: 'application/fhir+json' } });
    const bundle = (await res.json()) as Bundle<AuditEvent>;
    const mine = (bundle.entry ?? []).map((e) => e.resource!).filter((a) => a.outcomeDesc === REASON);
    assert.equal(mine.length, 1, 'one AuditEvent of the emergency access');
    assert.equal(mine[0]!.agent[0]!.who?.reference, URG);
    assert.equal(mine[0]!.purposeOfEvent?.[0]?.coding?.[0]?.code, 'BTG');
    assert.equal(mine[0]!.entity?.[0]?.what?.reference, 'Patient/pat-martin');

    // The host heard of it, without any token or header in the event.
    const log = await page.locator('#events').textContent();
    assert.match(log ?? '', /coord-emergency-access .*pat-martin/);
    assert.doesNotMatch(log ?? '', /BTG|demo:/);
    // The refusals themselves are in the browser's network log; nothing else may be.
    assert.deepEqual(problems.filter((p) => !/status of 403 \(Forbidden\)/.test(p)), [], 'no page error, CSP or Trusted Types violation');
    await page.close();
  });

  test('without the header the server still refuses him; with it, it answers', async () => {
    const auth = { Authorization: `Bearer demo:${URG}`, Accept: 'application/fhir+json' };
    const refused = await fetch(`${server.baseUrl}/DocumentReference?patient=Patient/pat-martin`, { headers: auth });
    assert.equal(refused.status, 403);
    const open = await fetch(`${server.baseUrl}/DocumentReference?patient=Patient/pat-martin`, { headers: { ...auth, 'X-Purpose-Of-Use': 'BTG' } });
    assert.equal(open.status, 200);
    const patient = await fetch(`${server.baseUrl}/Patient/pat-martin`, { headers: auth });
    assert.equal(patient.status, 200, 'the identity stays readable');
    const gp = await fetch(`${server.baseUrl}/DocumentReference?patient=Patient/pat-martin`, { headers: { ...auth, Authorization: 'Bearer demo:PractitionerRole/role-gp' } });
    assert.equal(gp.status, 200, 'the care circle is not affected');
  });
});
