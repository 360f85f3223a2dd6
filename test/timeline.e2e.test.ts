/**
 * The timeline's item detail, end to end: the built `coord-elements.js` on a host page (the demo's
 * strict CSP), the real dev server and its seeded record, Debian's Chromium. Opening an item (a
 * click, or Enter on a focused row) fetches the detail's own chunk then and shows the item as the
 * server holds it; Escape gives focus back to the row; a document the viewer may not see opens on
 * its reason only. Expected values are the seed's (packages/dev-server/src/seed); dates are read
 * from the server and formatted by the page's own Intl, in a context whose time zone is fixed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DevServer } from '../packages/dev-server/src/server.ts';
import { hostPage, launchBrowser, startServer } from './support.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TIME_ZONE = 'Europe/Paris';
const DETAIL_CHUNK = 'coord-elements/timeline-detail.js';
const NURSE_NOTE = 'DocumentReference/doc-cr-soins-idel';
const STAY = 'Encounter/enc-hospit';
/** The seed's masked document (MASQUE_PS): hidden from every professional but its author, the geriatrician. */
const MASKED = 'DocumentReference/doc-cr-memoire';
/** An "Observation médicale" (LOINC 34117-2): closed to pharmacists by the access matrix. */
const ADMISSION_NOTE = 'DocumentReference/doc-hp-entree';

const row = (id: string) => `coord-timeline article[data-id="${id}"]`;

interface Viewer {
  user: string;
  profession: string;
  lang?: 'fr' | 'en';
}
const GP: Viewer = { user: 'PractitionerRole/role-gp', profession: '10' };
const PHARMACIST: Viewer = { user: 'PractitionerRole/role-pharm', profession: '21' };

/**
 * The host page with a provider and a timeline (every seed item in its first page, so the
 * undated masked document's row is there without scrolling; no polling), once `firstRow` shows
 * and, unless `partial`, the whole first page is in (the footer's count needs all of it).
 */
async function openTimeline(
  target: Browser | BrowserContext,
  server: DevServer,
  viewer: Viewer,
  firstRow: string,
  { setup, partial = false }: { setup?: (page: Page) => Promise<void>; partial?: boolean } = {},
) {
  const lang = viewer.lang ? ` lang="${viewer.lang}"` : '';
  const host = await hostPage(
    target,
    server,
    `<coord-provider base-url="/fhir/R4" patient="Patient/pat-martin" user="${viewer.user}" profession="${viewer.profession}"${lang}>
      <coord-timeline poll-interval="0" page-size="500"></coord-timeline></coord-provider>`,
    setup,
  );
  await host.page.locator(row(firstRow)).waitFor({ timeout: 15_000 });
  if (!partial) await complete(host.page);
  return host;
}

/** The whole first page is in: the list's footer gives the count (it needs every source). */
const complete = (page: Page) => page.locator('coord-timeline .list-footer[data-kind="count"]').waitFor({ timeout: 15_000 });

interface Shown {
  title: string;
  kind: string;
  /** The definition list: label → value. */
  facts: Record<string, string>;
  /** The body's rendered text (a space between blocks), whitespace-collapsed. */
  body: string;
  /** Every button of the dialog, by its text. */
  buttons: string[];
  /** The detail's whole shadow DOM, markup and attributes included. */
  html: string;
}

/** Waits for the detail dialog to be open with its content in (not loading), and reads it. */
async function openedDetail(page: Page): Promise<Shown> {
  await page.waitForFunction(() => {
    const root = document.querySelector('coord-timeline')?.shadowRoot?.querySelector('coord-timeline-detail')?.shadowRoot;
    const dialog = root?.querySelector('dialog');
    return Boolean(dialog?.open && root!.querySelector('h2') && !dialog.querySelector('.body [aria-busy="true"]'));
  });
  // Raw text from the page, whitespace collapsed here: no named function inside a page callback
  // (tsx would wrap it in a helper the page does not have).
  const raw = await page.locator('coord-timeline').evaluate((el) => {
    const root = el.shadowRoot!.querySelector('coord-timeline-detail')!.shadowRoot!;
    const dialog = root.querySelector('dialog')!;
    const dts = [...dialog.querySelectorAll('.body dt')];
    return {
      title: dialog.querySelector('h2')?.textContent ?? '',
      kind: dialog.querySelector('.kind')?.textContent ?? '',
      labels: dts.map((dt) => dt.textContent ?? ''),
      values: dts.map((dt) => dt.nextElementSibling?.textContent ?? ''),
      body: dialog.querySelector<HTMLElement>('.body')?.innerText ?? '',
      buttons: [...dialog.querySelectorAll('button')].filter((b) => !b.closest('coord-media-viewer')).map((b) => b.textContent ?? ''),
      html: root.innerHTML,
    };
  });
  const values = raw.values.map(collapse);
  return {
    title: collapse(raw.title),
    kind: collapse(raw.kind),
    facts: Object.fromEntries(raw.labels.map((k, i) => [collapse(k), values[i]!])),
    body: collapse(raw.body),
    buttons: raw.buttons.map(collapse),
    html: raw.html,
  };
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

const detailOpen = (page: Page) =>
  page.locator('coord-timeline').evaluate((el) => el.shadowRoot!.querySelector('coord-timeline-detail')?.shadowRoot?.querySelector('dialog')?.open === true);

/** The id of the row holding focus inside the timeline ('' when focus is elsewhere). */
const focusedRow = (page: Page) =>
  page.evaluate(() => {
    if (document.activeElement?.localName !== 'coord-timeline') return '';
    const active = document.activeElement.shadowRoot!.activeElement as HTMLElement | null;
    return active?.localName === 'article' ? (active.dataset.id ?? '') : '';
  });

/** A date-time as the record shows it: the browser's Intl, long month, in the context's fixed zone. */
function formatter(page: Page, lang: 'fr' | 'en') {
  return (iso: string) =>
    page.evaluate(
      ([value, locale]) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(value!)),
      [iso, lang === 'en' ? 'en-GB' : 'fr-FR'],
    );
}

describe('the timeline’s item detail through the real dev server', () => {
  let server: DevServer;
  let browser: Browser;
  let context: BrowserContext;

  /** A resource as the server holds it (no viewer: the dev server answers anonymous reads in full). */
  async function onServer<T>(reference: string): Promise<T> {
    const res = await fetch(`${server.baseUrl}/${reference}`, { headers: { Accept: 'application/fhir+json' } });
    assert.equal(res.status, 200, reference);
    return (await res.json()) as T;
  }
  /** The wound-care pathway's lane label: its name and start year (a second, finished wound pathway exists). */
  async function woundLane(): Promise<string> {
    const eoc = await onServer<{ period: { start: string } }>('EpisodeOfCare/eoc-plaies');
    return `Plaies complexes (${eoc.period.start.slice(0, 4)})`;
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ timezoneId: TIME_ZONE });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('a click on a document opens its detail: the server’s title, type, date, author, pathway and a preview of its PDF; the detail’s code is fetched on that first open only', async () => {
    const { page, problems, fetched } = await openTimeline(context, server, GP, NURSE_NOTE);
    const doc = await onServer<{ date: string; content: { attachment: { url: string } }[] }>(NURSE_NOTE);
    const when = formatter(page, 'fr');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));

    assert.ok(!fetched.includes(DETAIL_CHUNK), `no detail code before an item is opened: ${fetched.join(', ')}`);
    await page.locator(row(NURSE_NOTE)).click();
    const shown = await openedDetail(page);
    assert.equal(fetched.filter((f) => f === DETAIL_CHUNK).length, 1, 'the detail code, once, on the first open');

    assert.equal(shown.title, 'Compte rendu de soins infirmiers — plaie du talon');
    assert.equal(shown.kind, 'Document');
    assert.deepEqual(shown.facts, {
      'Type de document': 'Compte rendu de soins infirmiers',
      Date: await when(doc.date),
      Auteur: 'Sophie Marchand — Infirmière libérale (IDEL)',
      Description: 'Évolution favorable de l’escarre',
      Parcours: await woundLane(),
    });
    assert.deepEqual(shown.buttons, ['Fermer', 'Aperçu : Compte rendu de soins infirmiers — plaie du talon.pdf']);

    // The preview reads the PDF from the server (its Binary) and offers to open it.
    await page.locator('coord-timeline-detail button.preview').click();
    await page.locator('coord-timeline-detail coord-media-viewer .open-pdf').waitFor({ timeout: 10_000 });
    assert.ok(requests.includes(`/fhir/R4/${doc.content[0]!.attachment.url}`), `the content asked of the server: ${requests.filter((p) => p.startsWith('/fhir/')).join(', ')}`);
    await page.locator('coord-timeline-detail coord-media-viewer button.close').click();

    // Closed, then another item opened: the code is not fetched again.
    await page.locator('coord-timeline-detail header button.close').click();
    await page.waitForFunction(() => document.querySelector('coord-timeline')!.shadowRoot!.querySelector('coord-timeline-detail')!.shadowRoot!.querySelector('dialog')!.open === false);
    await page.locator(row(STAY)).click();
    assert.equal((await openedDetail(page)).title, 'Hospitalisation complète');
    assert.equal(fetched.filter((f) => f === DETAIL_CHUNK).length, 1, 'still one fetch of the detail code');

    assert.deepEqual(problems, [], 'no page errors, CSP or Trusted Types violations');
    await page.close();
  });

  test('Enter on a focused encounter row opens its period, type, units and care team; Escape closes it and focus is back on the row; axe passes with it open', async () => {
    // CSP bypassed only so that axe can be injected (as in a11y.e2e.test.ts).
    const axeContext = await browser.newContext({ timezoneId: TIME_ZONE, bypassCSP: true });
    const { page, problems, fetched } = await openTimeline(axeContext, server, GP, STAY);
    const when = formatter(page, 'fr');
    const stay = await onServer<{ period: { start: string; end: string }; location: { period: { start: string; end: string } }[] }>(STAY);
    const range = async (p: { start: string; end: string }) => `${await when(p.start)} – ${await when(p.end)}`;

    await page.locator(row(STAY)).focus();
    assert.equal(await focusedRow(page), STAY);
    assert.ok(!fetched.includes(DETAIL_CHUNK), 'no detail code before an item is opened');
    await page.keyboard.press('Enter');
    const shown = await openedDetail(page);
    assert.equal(fetched.filter((f) => f === DETAIL_CHUNK).length, 1, 'the detail code, once, on the first open');

    assert.equal(shown.title, 'Hospitalisation complète');
    assert.equal(shown.kind, 'Consultation ou séjour');
    assert.deepEqual(shown.facts, {
      Période: await range(stay.period),
      'Type de prise en charge': 'inpatient encounter',
      Motif: 'Fièvre à 39 °C et altération de l\'état général',
      Établissement: 'CHU de Caen Normandie',
      Parcours: 'Cancer, Insuffisance rénale chronique',
    });
    const [oncology, nephrology, ssr] = stay.location.map((l) => l.period);
    const [team, units] = (
      await page.locator('coord-timeline-detail').evaluate((el) =>
        ['.body > ul:not(.movements):not(.linked)', 'ul.movements'].map((sel) => [...el.shadowRoot!.querySelectorAll(`${sel} > li`)].map((li) => li.textContent ?? '')),
      )
    ).map((list) => list.map(collapse));
    const lists = { team, units };
    assert.deepEqual(lists.team, ['Dr Hélène Moreau — Oncologue médicale', 'Dr Julien Lambert — Néphrologue', 'Dr Isabelle Fontaine — Gériatre']);
    assert.deepEqual(lists.units, [
      `UF Oncologie médicale · ${await range(oncology!)}`,
      `UF Néphrologie · ${await range(nephrology!)}`,
      `UF Soins de suite · ${await range(ssr!)}`,
    ]);
    assert.match(shown.body, /Documents et résultats liés Compte rendu d'hospitalisation \(version corrigée\) · Document/);

    // Focus moved into the modal dialog.
    assert.equal(await page.evaluate(() => Boolean(document.querySelector('coord-timeline')!.shadowRoot!.querySelector('coord-timeline-detail')!.shadowRoot!.activeElement?.closest('dialog'))), true, 'focus inside the dialog');

    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
    assert.deepEqual(violations, [], 'axe with the detail open');

    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('coord-timeline')!.shadowRoot!.querySelector('coord-timeline-detail')!.shadowRoot!.querySelector('dialog')!.open === false);
    await page.waitForFunction((id) => (document.querySelector('coord-timeline')!.shadowRoot!.activeElement as HTMLElement | null)?.dataset.id === id, STAY);
    assert.equal(await focusedRow(page), STAY, 'focus back on the row that opened it');
    assert.equal(await detailOpen(page), false);

    assert.deepEqual(problems, []);
    await axeContext.close();
  });

  test('a row focused while documents are still arriving keeps focus when they come, and Enter then opens it', async () => {
    // The documents' search held until the test lets it through: the rest of the record shows first.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = 0;
    const { page, problems } = await openTimeline(context, server, GP, STAY, {
      partial: true,
      setup: async (p) => {
        await p.route(
          (url) => url.pathname === '/fhir/R4/DocumentReference',
          async (route) => {
            held++;
            await gate;
            await route.continue();
          },
        );
      },
    });
    assert.ok(held > 0, 'the documents were asked for and held');
    await page.locator('coord-timeline .still-loading').waitFor();
    assert.equal(await page.locator(row(NURSE_NOTE)).count(), 0, 'no document yet');
    await page.locator(row(STAY)).focus();
    release();
    await complete(page);
    await page.locator(row(NURSE_NOTE)).waitFor();
    assert.equal(await focusedRow(page), STAY, 'focus still on the row once the record is complete');
    await page.keyboard.press('Enter');
    assert.equal((await openedDetail(page)).title, 'Hospitalisation complète');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a masked document opens on its reason only: no title, author, date or content of it, nothing of it asked of the server', async () => {
    const { page, problems } = await openTimeline(context, server, GP, NURSE_NOTE);
    const masked = await onServer<{ date: string; description: string; content: { attachment: { title: string; url: string } }[] }>(MASKED);
    const when = formatter(page, 'fr');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.evaluate(() => {
      (window as unknown as { selected: string[] }).selected = [];
      document.addEventListener('coord-select', (e) => (window as unknown as { selected: string[] }).selected.push(JSON.stringify((e as CustomEvent).detail)));
    });

    const placeholder = page.locator('coord-timeline article[data-id^="hidden:"]', { hasText: 'Document masqué' });
    assert.equal(await placeholder.count(), 1, 'one masked placeholder for the GP');
    await placeholder.click();
    const shown = await openedDetail(page);
    assert.equal(shown.title, 'Document masqué');
    assert.equal(shown.kind, 'Document');
    assert.equal(shown.body, 'Masqué par le patient ou son auteur : ni son titre ni sa date ne sont affichés. Aucun aperçu : ce document ne vous est pas accessible.');
    assert.deepEqual(shown.facts, {}, 'no facts');
    assert.deepEqual(shown.buttons, ['Fermer'], 'no preview, no link');
    const secrets = [
      masked.content[0]!.attachment.title, // "Compte rendu de consultation mémoire"
      masked.description, // "Bilan des troubles cognitifs"
      'Fontaine', // the author, Dr Isabelle Fontaine
      'Gériatre',
      'MMSE',
      'doc-cr-memoire',
      masked.content[0]!.attachment.url,
      await when(masked.date),
      'Coordination complexe', // its pathway (DAC)
    ];
    for (const secret of secrets) assert.ok(!shown.html.includes(secret), `the detail shows nothing of the masked document (${secret})`);
    assert.ok(!requests.some((p) => p.includes('doc-cr-memoire') || p.includes('bin-cr-memoire')), `nothing of it asked: ${requests.join(', ')}`);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { selected: string[] }).selected), [], 'no coord-select: no reference given away');

    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (document.querySelector('coord-timeline')!.shadowRoot!.activeElement as HTMLElement | null)?.dataset.id?.startsWith('hidden:') === true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a document closed to the pharmacist’s profession opens on “not available to your profession” only', async () => {
    const { page, problems } = await openTimeline(context, server, PHARMACIST, NURSE_NOTE);
    const doc = await onServer<{ date: string; description: string; content: { attachment: { title: string; url: string } }[] }>(ADMISSION_NOTE);
    assert.equal(await page.locator(row(ADMISSION_NOTE)).count(), 0, 'no row names the document');
    // Its placeholder keeps its date (not masked): the hidden row at that instant.
    const id = await page.locator('coord-timeline').evaluate((el, at) => {
      const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('article[data-id^="hidden:"]')];
      return rows.filter((a) => Date.parse(a.querySelector('time')?.getAttribute('datetime') ?? '') === Date.parse(at)).map((a) => a.dataset.id!);
    }, doc.date);
    assert.equal(id.length, 1, 'one hidden row at the admission note’s date');

    await page.locator(row(id[0]!)).click();
    const shown = await openedDetail(page);
    assert.equal(shown.title, 'Document non accessible');
    assert.equal(shown.body, 'Non accessible à votre profession (matrice d’habilitations). Aucun aperçu : ce document ne vous est pas accessible.');
    assert.deepEqual(shown.facts, {});
    assert.deepEqual(shown.buttons, ['Fermer']);
    for (const secret of [doc.content[0]!.attachment.title, doc.description, 'Moreau', 'Observation médicale', 'doc-hp-entree', doc.content[0]!.attachment.url, 'Cancer']) {
      assert.ok(!shown.html.includes(secret), `nothing of the hidden document (${secret})`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('with lang="en" on the provider the dialog’s labels are English (a document, then an encounter)', async () => {
    const { page, problems, fetched } = await openTimeline(context, server, { ...GP, lang: 'en' }, NURSE_NOTE);
    const doc = await onServer<{ date: string }>(NURSE_NOTE);
    const when = formatter(page, 'en');

    await page.locator(row(NURSE_NOTE)).click();
    const shown = await openedDetail(page);
    assert.ok(fetched.includes('coord-elements/timeline-detail.en.js'), 'the detail’s English strings');
    assert.equal(shown.kind, 'Document');
    assert.deepEqual(shown.facts, {
      'Document type': 'Compte rendu de soins infirmiers',
      Date: await when(doc.date),
      Author: 'Sophie Marchand — Infirmière libérale (IDEL)',
      Description: 'Évolution favorable de l’escarre',
      Pathways: await woundLane(),
    });
    assert.match(shown.body, /Attached report Preview: Compte rendu de soins infirmiers — plaie du talon\.pdf$/);
    assert.deepEqual(shown.buttons, ['Close', 'Preview: Compte rendu de soins infirmiers — plaie du talon.pdf']);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('coord-timeline')!.shadowRoot!.querySelector('coord-timeline-detail')!.shadowRoot!.querySelector('dialog')!.open === false);

    await page.locator(row(STAY)).click();
    const stay = await openedDetail(page);
    assert.equal(stay.kind, 'Visit or stay');
    assert.deepEqual(Object.keys(stay.facts), ['Period', 'Type of care', 'Reason', 'Facility', 'Pathways']);
    const headings = await page.locator('coord-timeline-detail').evaluate((el) => [...el.shadowRoot!.querySelectorAll('h3')].map((h) => h.textContent!.trim()));
    assert.deepEqual(headings, ['Care team', 'Movements (units)', 'Linked documents and results']);
    for (const french of ['Fermer', 'Période', 'Type de document', 'Auteur', 'Parcours', 'Intervenants', 'Aperçu']) {
      assert.ok(!shown.html.includes(french) && !stay.html.includes(french), `no French label: ${french}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});
