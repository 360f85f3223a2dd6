/** Shared helpers of the timeline tests: mounting, waiting, reading the shadow DOM. */
import { fixture } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import type { TemplateResult } from 'lit';
import type { CoordTimeline } from './timeline.component.ts';

export { GP, PATIENT, badInputResources, failingSearch, manyResources } from './timeline.mocks.ts';

export function shadowText(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the timeline shows something other than its skeleton. */
export async function settled(el: CoordTimeline): Promise<void> {
  await waitUntil(
    () => el.shadowRoot && !el.shadowRoot.querySelector('[aria-busy="true"].loading') && el.shadowRoot.querySelector('.timeline, .state'),
    'the timeline never settled',
    { timeout: 8000 },
  );
  await el.updateComplete;
}

/** Waits until the shadow text contains `text` (the virtualizer renders rows over a few frames). */
export async function waitForText(el: Element, text: string, timeout = 8000): Promise<void> {
  await waitUntil(() => shadowText(el).includes(text), `never showed "${text}"`, { timeout });
}

/** Waits until at least one article is rendered. */
export async function withItems(el: CoordTimeline): Promise<HTMLElement[]> {
  // Items show source by source; the first page is complete once nothing is "still loading"
  // and the list's footer (which needs the whole first page) is there.
  // (A filter matching nothing settles on its "no match" state instead.)
  await waitUntil(
    () =>
      !el.shadowRoot!.querySelector('.still-loading') &&
      ((articles(el).length > 0 && el.shadowRoot!.querySelector('.list-footer')) || el.shadowRoot!.querySelector('[data-kind="no-match"]')),
    'no complete first page',
  );
  return articles(el);
}

export async function timelineIn(template: TemplateResult): Promise<CoordTimeline> {
  const root = await fixture<HTMLElement>(template);
  const el = (root.localName === 'coord-timeline' ? root : root.querySelector('coord-timeline')) as CoordTimeline;
  await settled(el);
  return el;
}

export function articles(el: CoordTimeline): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>('article') ?? [])];
}

export function titles(el: CoordTimeline): string[] {
  return articles(el).map((a) => a.querySelector('.title')?.textContent?.trim() ?? '');
}

export function button(el: CoordTimeline, selector: string): HTMLButtonElement {
  const b = el.shadowRoot!.querySelector<HTMLButtonElement>(selector);
  if (!b) throw new Error(`no button ${selector}`);
  return b;
}
