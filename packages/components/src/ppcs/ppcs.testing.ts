/** Shared helpers of the PPCS tests (not a test file itself). */
import { fixture, html } from '@open-wc/testing';
import { MOCK_BASE_URL, MockFhirStore, fhirStoreHandlers } from '@coord/dev-server/mocks';
import type { Resource } from '@medplum/fhirtypes';
import { waitUntil } from '../testing/wait.ts';
import { useHandlers } from '../testing/msw.ts';
import '../define.ts';
import './ppcs.ts';
import type { CoordPpcs } from './ppcs.component.ts';

export const PATIENT = 'Patient/pat-martin';
export const IDEL = 'PractitionerRole/role-idel';
export const COORD = 'PractitionerRole/role-coord';
export const SOCIAL = 'PractitionerRole/role-social';
export const PHARM = 'PractitionerRole/role-pharm';
/** Not in the PPCS care circle: reads only. */
export const RADIO = 'PractitionerRole/role-radio';

/** A store over the seed (or the given resources), served by MSW. */
export async function serveStore(resources?: Resource[]): Promise<MockFhirStore> {
  const store = new MockFhirStore(resources ? { resources } : {});
  await useHandlers(fhirStoreHandlers(store));
  return store;
}

export async function ppcsIn(options: { user?: string; lang?: string; groupBy?: string; poll?: number } = {}): Promise<CoordPpcs> {
  const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${options.user ?? IDEL} lang=${options.lang ?? 'fr'}>
    <coord-ppcs group-by=${options.groupBy ?? 'status'} poll-interval=${options.poll ?? 0}></coord-ppcs>
  </coord-provider>`);
  const el = root.querySelector('coord-ppcs')!;
  await waitUntil(() => el.shadowRoot?.querySelector('.ppcs, [part~="state"]:not([aria-busy])'), 'the PPCS never settled');
  await el.updateComplete;
  return el;
}

export function q<T extends Element = HTMLElement>(el: CoordPpcs, selector: string): T | null {
  return el.shadowRoot!.querySelector<T>(selector);
}

export function qa<T extends Element = HTMLElement>(el: CoordPpcs, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The action item for a key (`Task/…` or `CarePlan/…#activity-N`). */
export function action(el: CoordPpcs, key: string): HTMLElement | null {
  return q(el, `li.action[data-key="${key}"]`);
}

export function moves(el: CoordPpcs, key: string): string[] {
  return [...(action(el, key)?.querySelectorAll<HTMLButtonElement>('button.move') ?? [])].map((b) => b.dataset.to!);
}

export async function click(el: CoordPpcs, button: Element | null | undefined): Promise<void> {
  if (!button) throw new Error('no such button');
  (button as HTMLElement).click();
  await el.updateComplete;
}
