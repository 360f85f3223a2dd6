/**
 * Behaviour every element shares, run against each of them (house style 13, Lion's test-suites):
 * standalone use, inside a provider, a standalone container feeding the elements inside it,
 * patient and viewer switches that leave nothing of the previous one (text, attributes,
 * accessible names) and ask nothing more for them, two providers on one shared client with two
 * patients, every state localised in French and English, axe clean in each.
 *
 * An element joins with one call in its own test file: `runElementSuite({ tag, ready, … })`.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { http } from 'msw';
import { CoordClient } from '@coord/api-client';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { loadLang } from '../base/i18n.ts';
import type { CoordElement } from '../base/coord-element.ts';
import { useHandlers } from './msw.ts';
import { waitUntil } from './wait.ts';
import '../provider/provider.ts';

export interface ElementSuiteOptions {
  /** The element's tag (its module must be imported by the test file). */
  tag: string;
  /** Text that shows once Mme Martin's record is loaded (and never under another patient). */
  martinText: string;
  /** Text that shows once M. Dubois's record is loaded. */
  duboisText: string;
  /** Extra attributes for every instance (e.g. `poll-interval="0"`). */
  attrs?: Record<string, string>;
}

export const MARTIN = 'Patient/pat-martin';
export const DUBOIS = 'Patient/pat-dubois';
const GP = 'PractitionerRole/role-gp';

/** Everything a user or an assistive technology can perceive: text and accessible names. */
export function perceivable(el: Element): string {
  const root = el.shadowRoot;
  if (!root) return '';
  const names = [...root.querySelectorAll('[aria-label],[title],[alt]')].map((n) =>
    ['aria-label', 'title', 'alt'].map((a) => n.getAttribute(a) ?? '').join(' '),
  );
  const nested = [...root.querySelectorAll('*')].filter((n) => n.shadowRoot).map((n) => perceivable(n));
  return `${root.textContent ?? ''} ${names.join(' ')} ${nested.join(' ')}`.replace(/\s+/g, ' ');
}

function attrString(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}="${v.replace(/"/g, '&quot;')}"`)
    .join(' ');
}

export function runElementSuite(options: ElementSuiteOptions): void {
  const { tag, martinText, duboisText } = options;
  const extra = attrString({ user: GP, profession: '10', ...options.attrs });
  const t = unsafeStatic(tag);

  describe(`<${tag}> shared behaviour`, () => {
    beforeEach(async () => {
      await useHandlers(fhirRecordHandlers());
    });

    it('works alone with its own base-url and patient, and is accessible', async () => {
      const el = await fixture<CoordElement>(staticHtml`<${t} base-url=${MOCK_BASE_URL} patient=${MARTIN}></${t}>`);
      for (const [k, v] of Object.entries({ user: GP, profession: '10', ...options.attrs })) el.setAttribute(k, v);
      await waitUntil(() => perceivable(el).includes(martinText), `standalone <${tag}> never showed "${martinText}"`);
      await expect(el).shadowDom.to.be.accessible();
    });

    it('a patient switch leaves nothing of the first patient and asks nothing more for them', async () => {
      const asked: string[] = [];
      const spy = http.all(`${MOCK_BASE_URL}/*`, ({ request }) => {
        asked.push(decodeURIComponent(request.url));
        return undefined;
      });
      await useHandlers([spy], fhirRecordHandlers());
      const root = await fixture<HTMLElement>(
        html`<coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${GP} profession="10"><div class="slot"></div></coord-provider>`,
      );
      root.querySelector('.slot')!.innerHTML = `<${tag} ${extra}></${tag}>`;
      const el = root.querySelector<CoordElement>(tag)!;
      await waitUntil(() => perceivable(el).includes(martinText), `never showed "${martinText}"`);
      const switchedAt = asked.length;
      root.setAttribute('patient', DUBOIS);
      await waitUntil(() => perceivable(el).includes(duboisText), `never showed "${duboisText}"`);
      expect(perceivable(el), 'nothing of the first patient after the switch').not.to.contain(martinText);
      expect(el.shadowRoot!.innerHTML, 'no reference to the first patient in the DOM').not.to.contain('pat-martin');
      await new Promise((r) => requestAnimationFrame(r));
      expect(asked.slice(switchedAt).filter((u) => u.includes('pat-martin')), 'no request for the first patient after the switch').to.deep.equal([]);
      await expect(el).shadowDom.to.be.accessible();
    });

    it('two providers sharing one client, with two patients, never show each other’s record', async () => {
      const client = new CoordClient({ baseUrl: MOCK_BASE_URL });
      const root = await fixture<HTMLElement>(html`<div>
        <coord-provider class="a" patient=${MARTIN} user=${GP} profession="10"><div class="slot"></div></coord-provider>
        <coord-provider class="b" patient=${DUBOIS} user=${GP} profession="10"><div class="slot"></div></coord-provider>
      </div>`);
      for (const p of root.querySelectorAll<HTMLElement & { client?: CoordClient }>('coord-provider')) {
        p.client = client;
        p.querySelector('.slot')!.innerHTML = `<${tag} ${extra}></${tag}>`;
      }
      const a = root.querySelector<CoordElement>(`.a ${tag}`)!;
      const b = root.querySelector<CoordElement>(`.b ${tag}`)!;
      // A virtualised list renders only what is in the page's viewport: bring each into view.
      a.scrollIntoView();
      await waitUntil(() => perceivable(a).includes(martinText), 'first record shown');
      b.scrollIntoView();
      await waitUntil(() => perceivable(b).includes(duboisText), 'second record shown');
      expect(perceivable(a)).not.to.contain(duboisText);
      expect(perceivable(b)).not.to.contain(martinText);
    });

    it('a standalone container provides its session to the elements inside it', async () => {
      // An element given its own base-url owns a session and provides it (coord-record will).
      const host = await fixture<CoordElement>(staticHtml`<${t} base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${GP} profession="10"></${t}>`);
      await waitUntil(() => host.session?.patient.status === 'ready', 'standalone session ready');
      const inner = document.createElement(tag) as CoordElement;
      for (const [k, v] of Object.entries(options.attrs ?? {})) inner.setAttribute(k, v);
      host.shadowRoot!.appendChild(inner);
      await waitUntil(() => inner.session === host.session, 'the inner element did not get the container’s session');
      inner.remove();
    });

    it('speaks English with lang="en", with no French left in what it shows', async () => {
      await loadLang('en');
      const el = await fixture<CoordElement>(staticHtml`<${t} base-url=${MOCK_BASE_URL} patient=${MARTIN} lang="en"></${t}>`);
      for (const [k, v] of Object.entries({ user: GP, profession: '10', ...options.attrs })) el.setAttribute(k, v);
      await waitUntil(() => perceivable(el).includes(martinText), 'record shown in English');
      const text = perceivable(el);
      // Words of our own French strings that record data would not carry.
      for (const word of ['Chargement', 'Réessayer', 'Aucun', 'Aujourd’hui', 'Hors parcours', 'Parcours', 'Rechercher', 'échéance']) {
        expect(text, `French UI word "${word}" in English`).not.to.contain(word);
      }
      await expect(el).shadowDom.to.be.accessible();
    });

    it('a patient the server does not know: one localised message, in each language', async () => {
      const fr = await fixture<CoordElement>(staticHtml`<${t} base-url=${MOCK_BASE_URL} patient="Patient/nobody"></${t}>`);
      await waitUntil(() => perceivable(fr).includes('Patient introuvable'), 'French not-found');
      await expect(fr).shadowDom.to.be.accessible();
      await loadLang('en');
      const en = await fixture<CoordElement>(staticHtml`<${t} base-url=${MOCK_BASE_URL} patient="Patient/nobody" lang="en"></${t}>`);
      await waitUntil(() => perceivable(en).includes('Patient not found'), 'English not-found');
    });
  });
}
