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

/**
 * Brings the list into the window, as a user scrolling down to it would: the virtualiser renders
 * only rows within the viewport, and the overview and "À venir" may push the list below a short
 * test window.
 */
export function revealList(el: Element): void {
  el.shadowRoot?.querySelector('.list')?.scrollIntoView({ block: 'nearest' });
}

/** Waits until the shadow text contains `text` (the virtualizer renders rows over a few frames). */
export async function waitForText(el: Element, text: string, timeout = 8000): Promise<void> {
  await waitUntil(() => (revealList(el), shadowText(el).includes(text)), `never showed "${text}"`, { timeout });
}

/** Waits until the first page is shown; returns the list's rows (not the "À venir" group's), or those when every item is upcoming. */
export async function withItems(el: CoordTimeline): Promise<HTMLElement[]> {
  // Items show source by source; the first page is complete once nothing is "still loading"
  // and the list's footer (which needs the whole first page) is there.
  // (A filter matching nothing settles on its "no match" state instead.)
  await waitUntil(
    () =>
      (revealList(el), true) &&
      !el.shadowRoot!.querySelector('.still-loading') &&
      // The list's rows rendered (or, when every item is upcoming, no list but the "À venir" group).
      ((el.shadowRoot!.querySelector('.list') ? feedArticles(el).length > 0 : upcomingArticles(el).length > 0) && el.shadowRoot!.querySelector('.list-footer')) ||
        el.shadowRoot!.querySelector('[data-kind="no-match"]'),
    'no complete first page',
  );
  return el.shadowRoot!.querySelector('.list') ? feedArticles(el) : articles(el);
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

/** The list's rows (past and undated items), without the "À venir" group. */
export function feedArticles(el: CoordTimeline): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.list article') ?? [])];
}

/** The "À venir" group's rows. */
export function upcomingArticles(el: CoordTimeline): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.upcoming article') ?? [])];
}

export function timeOf(a: HTMLElement): number {
  return Date.parse(a.querySelector('time')?.getAttribute('datetime') ?? '');
}

export function titles(el: CoordTimeline): string[] {
  return articles(el).map((a) => a.querySelector('.title')?.textContent?.trim() ?? '');
}

export function button(el: CoordTimeline, selector: string): HTMLButtonElement {
  const b = el.shadowRoot!.querySelector<HTMLButtonElement>(selector);
  if (!b) throw new Error(`no button ${selector}`);
  return b;
}
