/** Shared helpers of the record tests (not a test file itself). */
import { expect, fixture, html } from '@open-wc/testing';
import { MOCK_BASE_URL, MockFhirStore, fhirStoreHandlers } from '@coord/dev-server/mocks';
import type { Resource } from '@medplum/fhirtypes';
import { ifDefined } from 'lit/directives/if-defined.js';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import { visitKey } from './record-visit.ts';
import './record.ts';
import '../provider/provider.ts';
import type { CoordRecord } from './record.component.ts';

export const PATIENT = 'Patient/pat-martin';
export const GP = 'PractitionerRole/role-gp';
export const IDEL = 'PractitionerRole/role-idel';
export const DOC_SOINS = 'DocumentReference/doc-cr-soins-idel';

export async function serveStore(resources?: Resource[]): Promise<MockFhirStore> {
  const store = new MockFhirStore(resources ? { resources } : {});
  await useHandlers(fhirStoreHandlers(store));
  return store;
}

export interface RecordOptions {
  width?: number;
  view?: string;
  lang?: string;
  patient?: string;
  /** `system|value` instead of `patient`. */
  identifier?: string;
  /** Inside a coord-provider instead of standalone. */
  provider?: boolean;
}

/** A record in a box of the given width (its layout follows its own width, not the viewport's). */
export async function recordIn(o: RecordOptions = {}): Promise<CoordRecord> {
  const patient = o.patient ?? PATIENT;
  const box = o.provider
    ? await fixture<HTMLElement>(html`<div><coord-provider base-url=${MOCK_BASE_URL} patient=${ifDefined(o.identifier ? undefined : patient)}
        patient-identifier=${ifDefined(o.identifier)} user=${GP} profession="10" lang=${o.lang ?? 'fr'}>
        <coord-record poll-interval="0" view=${o.view ?? 'overview'}></coord-record></coord-provider></div>`)
    : await fixture<HTMLElement>(html`<div><coord-record base-url=${MOCK_BASE_URL} patient=${patient} user=${GP} profession="10"
        lang=${o.lang ?? 'fr'} poll-interval="0" view=${o.view ?? 'overview'}></coord-record></div>`);
  box.style.width = `${o.width ?? 360}px`;
  const el = box.querySelector('coord-record')!;
  await waitUntil(() => (o.width ?? 360) >= 1100 === (el.shadowRoot?.querySelector('[data-layout="wide"]') !== null), 'layout follows the width');
  return el;
}

export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function tabs(el: CoordRecord): HTMLElement[] {
  return [...shadow(el).querySelectorAll<HTMLElement>('[role="tab"]')];
}

export function tab(el: CoordRecord, view: string): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>(`#tab-${view}`);
}

export async function digestReady(el: CoordRecord): Promise<HTMLElement> {
  await waitUntil(() => shadow(el).querySelector('.digest .intro'), 'the digest is shown');
  return shadow(el).querySelector<HTMLElement>('.digest')!;
}

/** Stores a last visit for the GP on Mme Martin's record, as the record would (hashed key). */
export async function storeVisit(time: number, patient = PATIENT, viewer = GP): Promise<string> {
  const key = (await visitKey(MOCK_BASE_URL, patient, viewer))!;
  localStorage.setItem(key, String(time));
  return key;
}

/** Axe in a 360 px side panel and in a 1280 px page, for the state on screen. */
export async function accessibleAtBothWidths(el: CoordRecord): Promise<void> {
  const box = el.parentElement!.localName === 'coord-provider' ? el.parentElement!.parentElement! : el.parentElement!;
  const before = box.style.width;
  for (const width of [360, 1280]) {
    box.style.width = `${width}px`;
    await waitUntil(() => (width >= 1100) === (shadow(el).querySelector('[data-layout="wide"]') !== null), `layout at ${width}px`);
    await el.updateComplete;
    // The open section in view (a virtualised list renders only its rows inside the viewport),
    // and laid out for the new width on the next frames.
    shadow(el).querySelector('.panel')?.scrollIntoView({ block: 'start' });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await expect(el).shadowDom.to.be.accessible();
  }
  box.style.width = before;
  const wide = parseFloat(before) >= 1100;
  await waitUntil(() => wide === (shadow(el).querySelector('[data-layout="wide"]') !== null), 'layout restored');
  await el.updateComplete;
}

/** Waits for `selector` in the record's shadow root (or `root`) and returns it. */
export async function find<E extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string, what = selector): Promise<E> {
  const scope = root instanceof ShadowRoot ? root : root.shadowRoot!;
  await waitUntil(() => scope.querySelector(selector), what);
  return scope.querySelector<E>(selector)!;
}
