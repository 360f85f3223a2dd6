/** Shared helpers of the notes tests (not a test file itself). */
import { fixture, html } from '@open-wc/testing';
import { clock } from '@coord/api-client';
import { MOCK_BASE_URL, MockFhirStore, fhirStoreHandlers } from '@coord/dev-server/mocks';
import type { DocumentReference, Resource } from '@medplum/fhirtypes';
import { waitUntil } from '../testing/wait.ts';
import { useHandlers } from '../testing/msw.ts';
import '../define.ts';
import './notes.ts';
import type { CoordNotes } from './notes.component.ts';

export const PATIENT = 'Patient/pat-martin';
export const IDEL = 'PractitionerRole/role-idel';
export const GP = 'PractitionerRole/role-gp';
export const SUIVI = 'DocumentReference/note-suivi-domicile';

export async function serveStore(resources?: Resource[]): Promise<MockFhirStore> {
  const store = new MockFhirStore(resources ? { resources } : {});
  await useHandlers(fhirStoreHandlers(store));
  return store;
}

export interface NotesOptions {
  user?: string;
  profession?: string;
  lang?: string;
  readonly?: boolean;
  patient?: string;
}

export async function notesIn(options: NotesOptions = {}): Promise<CoordNotes> {
  const root = await fixture<HTMLElement>(html`<coord-provider
    base-url=${MOCK_BASE_URL}
    patient=${options.patient ?? PATIENT}
    user=${options.user ?? IDEL}
    profession=${options.profession ?? '60'}
    lang=${options.lang ?? 'fr'}
  >
    <coord-notes poll-interval="0" ?readonly=${options.readonly ?? false}></coord-notes>
  </coord-provider>`);
  const el = root.querySelector('coord-notes')!;
  await settled(el);
  return el;
}

/** Waits until the element shows notes or a final state. */
export async function settled(el: CoordNotes): Promise<void> {
  await waitUntil(() => el.shadowRoot?.querySelector('article.note, [part~="state"]:not([aria-busy]), form.editor'), 'notes never settled', { timeout: 5000 });
  await el.updateComplete;
}

export const $ = <T extends Element = HTMLElement>(el: CoordNotes, selector: string): T | null => el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: CoordNotes, selector: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(selector)];

export function text(el: Element | null | undefined): string {
  return (el?.shadowRoot?.textContent ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function noteEl(el: CoordNotes, reference: string): HTMLElement {
  const found = $(el, `article[data-ref="${reference}"]`);
  if (!found) throw new Error(`no note ${reference}`);
  return found;
}

export async function openNote(el: CoordNotes, reference: string): Promise<HTMLElement> {
  const note = noteEl(el, reference);
  if (note.querySelector('[part~="open"]')!.getAttribute('aria-expanded') !== 'true') note.querySelector<HTMLElement>('[part~="open"]')!.click();
  await el.updateComplete;
  return noteEl(el, reference);
}

/** Types as a user would (input events). */
export async function typeInto(el: CoordNotes, field: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Text of the inline note content of a stored DocumentReference. */
export function storedText(doc: Resource | undefined): string {
  const data = (doc as DocumentReference | undefined)?.content?.[0]?.attachment?.data ?? '';
  return new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
}

/** As someone else would: a new version of the note, straight into the store. */
export function editAsSomeoneElse(store: MockFhirStore, reference: string, text: string, author = GP): void {
  const current = store.get(reference) as DocumentReference;
  const bytes = new TextEncoder().encode(text);
  const data = btoa(String.fromCharCode(...bytes));
  store.add({ ...current, author: [{ reference: author, display: 'Dr Lefèvre' }], date: new Date(clock.now()).toISOString(), content: [{ attachment: { ...current.content[0]!.attachment, data, size: bytes.byteLength } }] });
}
