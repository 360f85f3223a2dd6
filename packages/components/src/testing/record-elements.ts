/**
 * The record's elements, each with a piece of Mme Martin's record it shows once loaded, and a
 * helper that renders some of them in one provider (MSW over the seed) and waits until each has
 * loaded: for tests that check every element the same way (English, dark theme).
 */
import { fixture, html } from '@open-wc/testing';
import { MOCK_BASE_URL } from '@coord/dev-server/mocks';
import { MARTIN, perceivable } from './element-suite.ts';
import { waitUntil } from './wait.ts';
import '../define.ts';

export const RECORD_ELEMENTS: readonly (readonly [tag: string, loaded: string])[] = [
  ['coord-patient-banner', 'Jeanne'],
  ['coord-timeline', 'Préparer le pilulier chaque semaine'], // the next action, first of « À venir »
  ['coord-documents', 'Compte rendu de soins infirmiers — plaie du talon'],
  ['coord-notes', 'Suivi à domicile'],
  ['coord-ppcs', 'PPCS — Mme Jeanne Martin'],
  ['coord-chat', 'oncologie'],
  ['coord-audit', 'Dr Karim Haddad'],
];

const GP = 'PractitionerRole/role-gp';
const busy = (el: Element): boolean => !!el.shadowRoot?.querySelector('[aria-busy="true"]');

/**
 * A provider for Mme Martin seen by the GP, with `attrs` (`lang`, `theme`), holding `elements`
 * side by side (so virtualised lists have rows on screen) on a `background` the test chooses.
 */
export async function renderRecord(attrs: Record<string, string>, elements = RECORD_ELEMENTS, background = 'transparent'): Promise<HTMLElement> {
  // Several: three columns of fixed rows (each list gets a viewport); one: its natural height.
  const layout = elements.length > 1 ? 'grid-template-columns: repeat(3, 1fr); grid-auto-rows: 420px; width: 1400px' : 'width: 760px';
  const grid = await fixture<HTMLElement>(
    html`<div style=${`display: grid; ${layout}; padding: 8px; background: ${background}`}>
      <coord-provider base-url=${MOCK_BASE_URL} patient=${MARTIN} user=${GP} profession="10"></coord-provider>
    </div>`,
  );
  const provider = grid.querySelector<HTMLElement>('coord-provider')!;
  for (const [k, v] of Object.entries(attrs)) provider.setAttribute(k, v);
  provider.innerHTML = elements.map(([tag]) => `<${tag} poll-interval="0"></${tag}>`).join('');
  for (const [tag, loaded] of elements) {
    const el = provider.querySelector(tag)!;
    await waitUntil(() => perceivable(el).includes(loaded) && !busy(el)).catch(() => {
      throw new Error(`<${tag}> never finished loading Mme Martin’s record (busy: ${busy(el)}): ${perceivable(el).slice(0, 300)}`);
    });
  }
  return provider;
}
