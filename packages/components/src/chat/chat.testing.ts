/** Shared helpers of the chat tests (not a test file itself). */
import { fixture, html } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { MemoryOutboxStore, type OutboxStore } from '@coord/api-client';
import { MOCK_BASE_URL, MockFhirStore, fhirStoreHandlers } from '@coord/dev-server/mocks';
import type { Resource } from '@medplum/fhirtypes';
import { virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { useHandlers } from '../testing/msw.ts';
import '../define.ts';
import './chat.ts';
export { manyMessages, postAs } from './chat.fixtures.ts';
import type { CoordChat } from './chat.component.ts';

export const PATIENT = 'Patient/pat-martin';
export const IDEL = 'PractitionerRole/role-idel';
export const GP = 'PractitionerRole/role-gp';

export interface ChatOptions {
  user?: string;
  store?: MockFhirStore;
  /** Default: a fresh in-memory store per element; `default`: the element's own (IndexedDB). */
  outboxStore?: OutboxStore | 'default';
  attrs?: { pageSize?: number; pollInterval?: number; readonly?: boolean; lang?: string; patient?: string };
}

/** A store over the seed (or the given resources), served by MSW. */
export async function serveStore(resources?: Resource[]): Promise<MockFhirStore> {
  const store = new MockFhirStore(resources ? { resources } : {});
  await useHandlers(fhirStoreHandlers(store));
  return store;
}

export function shadowText(el: Element | null | undefined): string {
  return (el?.shadowRoot?.textContent ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export async function chatIn(options: ChatOptions = {}): Promise<CoordChat> {
  const a = options.attrs ?? {};
  const root = await fixture<HTMLElement>(html`<coord-provider
    base-url=${MOCK_BASE_URL}
    patient=${a.patient ?? PATIENT}
    user=${options.user ?? IDEL}
    profession="60"
    lang=${a.lang ?? 'fr'}
  >
    <coord-chat
      .outboxStore=${options.outboxStore === 'default' ? undefined : (options.outboxStore ?? new MemoryOutboxStore())}
      page-size=${a.pageSize ?? 50}
      poll-interval=${a.pollInterval ?? 0}
      ?readonly=${a.readonly ?? false}
    ></coord-chat>
  </coord-provider>`);
  const chat = root.querySelector('coord-chat')!;
  // On screen, as a user sees it (the virtualiser renders no rows for a thread off screen).
  chat.scrollIntoView({ block: 'nearest' });
  await settled(chat);
  return chat;
}

/** Waits until the chat shows a thread or a final state (not the skeleton). */
export async function settled(chat: CoordChat): Promise<void> {
  await waitUntil(() => chat.shadowRoot?.querySelector('.thread article, [part~="state"]:not([aria-busy])'), 'chat never settled', { timeout: 5000 });
  await chat.updateComplete;
  await layoutDone(chat);
}

/** Waits for the virtualiser to lay rows out (and scroll where the chat asked). */
export async function layoutDone(chat: CoordChat): Promise<void> {
  const thread = chat.shadowRoot?.querySelector<HTMLElement & VirtualizerHostElement>('.thread');
  // layoutComplete only settles when a layout is pending: never wait on it alone.
  const complete = thread?.[virtualizerRef]?.layoutComplete.catch(() => undefined);
  await Promise.race([complete, new Promise((r) => setTimeout(r, 200))]);
  for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
}

export function articles(chat: CoordChat): HTMLElement[] {
  return [...(chat.shadowRoot?.querySelectorAll<HTMLElement>('article.msg') ?? [])];
}

export function lastArticle(chat: CoordChat): HTMLElement | undefined {
  return articles(chat).at(-1);
}

export function composer(chat: CoordChat): HTMLTextAreaElement {
  return chat.shadowRoot!.querySelector('textarea')!;
}

/** Types into the composer as a user would (input events), then presses Enter. */
export async function typeAndSend(chat: CoordChat, text: string): Promise<void> {
  const area = composer(chat);
  area.focus();
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await chat.updateComplete;
  area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
}

