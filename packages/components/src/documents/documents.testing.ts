/** Shared helpers of the documents tests (not a test file itself). */
import { fixture, html } from '@open-wc/testing';
import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { MOCK_BASE_URL, MockFhirStore, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { seedResources } from '@coord/dev-server/seed';
import type { DocumentReference, Resource } from '@medplum/fhirtypes';
import { waitUntil } from '../testing/wait.ts';
import { useHandlers } from '../testing/msw.ts';
import '../define.ts';
import './documents.ts';
import type { CoordDocuments } from './documents.component.ts';

export const PATIENT = 'Patient/pat-martin';
export const IDEL = 'PractitionerRole/role-idel';
export const GP = 'PractitionerRole/role-gp';

export async function serveStore(resources?: Resource[]): Promise<MockFhirStore> {
  const store = new MockFhirStore(resources ? { resources } : {});
  await useHandlers(fhirStoreHandlers(store));
  return store;
}

export interface DocsOptions {
  user?: string;
  profession?: string;
  lang?: string;
  pageSize?: number;
  readonly?: boolean;
  maxFileSize?: number;
  patient?: string;
  /** List height in px (tall by default, so every row is rendered). */
  height?: number;
}

export async function documentsIn(o: DocsOptions = {}): Promise<CoordDocuments> {
  const root = await fixture<HTMLElement>(html`<coord-provider base-url=${MOCK_BASE_URL} patient=${o.patient ?? PATIENT}
      user=${o.user ?? IDEL} profession=${o.profession ?? '60'} lang=${o.lang ?? 'fr'}>
    <coord-documents style="--coord-documents-height: ${o.height ?? 400}px" page-size=${o.pageSize ?? 50} poll-interval="0" ?readonly=${o.readonly ?? false}
      max-file-size=${o.maxFileSize ?? 20 * 1024 * 1024}></coord-documents>
  </coord-provider>`);
  const el = root.querySelector('coord-documents')!;
  await settled(el);
  return el;
}

export async function settled(el: CoordDocuments): Promise<void> {
  await waitUntil(() => el.shadowRoot?.querySelector('.list [data-key], [part~="state"]:not([aria-busy])'), 'documents never settled', { timeout: 8000 });
  await el.updateComplete;
  const list = el.shadowRoot?.querySelector<HTMLElement & VirtualizerHostElement>('.list');
  const complete = list?.[virtualizerRef]?.layoutComplete.catch(() => undefined);
  await Promise.race([complete, new Promise((r) => setTimeout(r, 200))]);
  for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
}

export function items(el: CoordDocuments): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.list [data-key]') ?? [])];
}

export function itemWith(el: CoordDocuments, text: string): HTMLElement | undefined {
  return items(el).find((i) => i.textContent?.includes(text));
}

export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export interface DocSpec {
  title?: string;
  description?: string;
  date?: string;
  author?: string;
  type?: string;
  typeText?: string;
  url?: string;
  data?: string;
  contentType?: string;
  size?: number;
  security?: { system: string; code: string }[];
  context?: string;
}

/** A DocumentReference of the main patient. */
export function doc(id: string, s: DocSpec = {}): DocumentReference {
  const attachment: NonNullable<DocumentReference['content']>[number]['attachment'] = {
    contentType: s.contentType ?? 'application/pdf',
    title: s.title ?? `Document ${id}`,
    size: s.size ?? 2048,
  };
  if (s.url) attachment.url = s.url;
  else attachment.data = s.data ?? btoa('%PDF-1.4\n%%EOF');
  const d: DocumentReference = {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: s.type ?? '11488-4' }], text: s.typeText ?? 'Compte rendu de consultation' },
    subject: { reference: PATIENT },
    date: s.date ?? '2026-11-20T10:00:00+01:00',
    author: [{ reference: s.author ?? GP }],
    description: s.description,
    content: [{ attachment }],
  };
  if (s.security) d.securityLabel = s.security.map((c) => ({ coding: [c] }));
  if (s.context) d.context = { encounter: [{ reference: s.context }] };
  return d;
}

/** The seed without its documents (actors, pathways, care teams kept), plus `docs`. */
export function seedWith(...docs: Resource[]): Resource[] {
  return [...seedResources().filter((r) => r.resourceType !== 'DocumentReference'), ...docs];
}

/** Scrolls the (virtualised) list through and returns the text of every row met, by key (`header:…` for group headers). */
export async function allRows(el: CoordDocuments): Promise<Map<string, string>> {
  const list = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
  const seen = new Map<string, string>();
  list.scrollTop = 0;
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(r));
    for (const item of items(el)) seen.set(item.dataset.key!, text(item));
    for (const h of el.shadowRoot!.querySelectorAll('.group')) seen.set(`header:${text(h)}`, text(h));
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
    list.scrollTop += Math.max(200, list.clientHeight / 2);
  }
  list.scrollTop = 0;
  return seen;
}
