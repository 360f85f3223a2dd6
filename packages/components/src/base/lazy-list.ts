/**
 * A scrolling list that renders its rows plainly while they are few and hands them to
 * `@lit-labs/virtualizer` once they are many, fetching the virtualizer's code only then.
 *
 * A record with a few dozen items (most of them) never pays for the virtualizer; one with 10 000
 * renders the rows in view only. Below the threshold the list still behaves as the virtualizer
 * does for its element: the container scrolls, and it receives `rangeChanged` events (rows within
 * 400 px of the view, `first` and `last` indices), so "load more near the end" needs one code path
 * (what is on screen is the container's own `scroll` event's to tell). The switch happens once,
 * when the rows first exceed the threshold; the scroll position and the focused row are kept.
 * If the virtualizer cannot be fetched (offline, a stale deployment), every row renders plainly:
 * slower, nothing lost.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type * as Virtual from './virtual.ts';

export type VirtualModule = typeof Virtual;

/** Rows (headers included) from which a list is virtualised. */
export const VIRTUALIZE_FROM = 150;
/** Rows rendered plainly at most while the virtualizer's code arrives… */
const PLAIN_CAP = 1000;
/** …and, past that, a screenful of them. */
const WHILE_LOADING = 40;
/**
 * Rows a list's first render holds when it opens at its start: more than any screen shows; the
 * rest follow right after that frame is painted. On a slow phone, 100 plain rows at once put
 * first content ~0.3 s later (`npm run bench -- phone`).
 */
export const FIRST_PAINT = 40;

let loading: Promise<VirtualModule> | undefined;
let loaded: VirtualModule | undefined;

/** Fetches the virtualizer once for the page (a failure is forgotten, so a later list can retry). */
export function loadVirtualizer(): Promise<VirtualModule> {
  loading ??= import('./virtual.ts').then(
    (m) => (loaded = m),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

export interface LazyListConfig<T> {
  items: readonly T[];
  keyFunction: (item: T, index: number) => unknown;
  renderItem: (item: T, index: number) => TemplateResult;
  /** The virtualizer's layout once it is loaded (default: `CompactFlowLayout`). */
  layout?: (m: VirtualModule) => object;
  /**
   * Bring this row to the start or the end of the view on this render (the virtualizer's `pin`:
   * it holds it until a scroll; plain rows have their real sizes, so it is applied once, then
   * `unpinned` is dispatched on the container as the virtualizer does when it lets go).
   */
  pin?: { index: number; block: ScrollLogicalPosition };
}

export interface LazyListOptions {
  /** The scrolling element that holds the rows (the list's own container, empty of anything else). */
  container: () => HTMLElement | null | undefined;
  threshold?: number;
  /**
   * Re-render the host when the rows near the view change (plain rows only): for rows that load
   * something when shown (photos, thumbnails) and ask `isNear` first.
   */
  trackNear?: boolean;
  /** How the virtualizer's code is fetched (tests inject a failing one). */
  load?: () => Promise<VirtualModule>;
}

/** What the switch puts back: the scroll offset (unless pinned) and the focused row. */
interface Carry {
  top?: number;
  index: number;
  focus?: string;
}

const nextFrame = (): Promise<unknown> => new Promise((r) => requestAnimationFrame(r));

type VirtualHost = HTMLElement & { [key: symbol]: { element(i: number): { scrollIntoView(o?: ScrollIntoViewOptions): void } | undefined; layoutComplete: Promise<void> } | undefined };

export class LazyList implements ReactiveController {
  /** True once the rows are handed to the virtualizer (for good). */
  virtual = false;
  private loadFailed = false;
  /** Index of the first plain row rendered (not 0 only while a very long list waits for the virtualizer). */
  private sliceStart = 0;
  /** Plain rows within 400 px of the view (indices in the items). */
  private nearRows?: { first: number; last: number };
  private pin?: { index: number; block: ScrollLogicalPosition };
  private mod?: VirtualModule;
  private observed?: HTMLElement;
  private nearObserver?: IntersectionObserver;
  private children?: MutationObserver;
  private readonly nearSet = new Set<Element>();
  private range = '';
  /** Rows the last render held: 0 means the next one paints the list for the first time. */
  private shownCount = 0;
  private restPending = false;
  /** What to put back after the switch: the scroll offset and the focused row's selector. */
  private carry?: Carry;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LazyListOptions,
  ) {
    host.addController(this);
    // Already fetched for another list of the page: no wait (an injected loader is always asked).
    this.mod = options.load ? undefined : loaded;
  }

  private get threshold(): number {
    return this.options.threshold ?? VIRTUALIZE_FROM;
  }

  /** The rows, for the container's child expression. */
  render<T>(config: LazyListConfig<T>): unknown {
    const { items, keyFunction, renderItem } = config;
    if (!this.virtual && items.length > this.threshold && !this.loadFailed) {
      if (this.mod) this.switchToVirtual(!!config.pin);
      else this.fetch();
    }
    const mod = this.mod;
    if (this.virtual && mod) {
      const layout = { ...(config.layout?.(mod) ?? { type: mod.CompactFlowLayout }), ...(config.pin ? { pin: config.pin } : {}) };
      return html`${mod.virtualize({ items: items as T[], keyFunction, renderItem, scroller: true, layout })}`;
    }
    this.pin = config.pin;
    // Until the virtualizer arrives every row renders (none that is on screen, or focused, goes),
    // up to a cap: beyond it, a screenful around the pinned row (else the first): thousands of
    // plain rows would freeze the page.
    this.sliceStart = 0;
    let shown = items;
    if (items.length > PLAIN_CAP && !this.loadFailed) {
      const pin = config.pin && Math.min(Math.max(0, config.pin.index), items.length - 1);
      this.sliceStart = pin === undefined ? 0 : config.pin!.block === 'end' ? Math.max(0, pin + 1 - WHILE_LOADING) : pin;
      shown = items.slice(this.sliceStart, this.sliceStart + WHILE_LOADING);
    } else if (this.shownCount === 0 && items.length > FIRST_PAINT && (!config.pin || (config.pin.block === 'start' && config.pin.index < FIRST_PAINT))) {
      // A list opening at its start: its first screenful now, the rest once that is painted.
      shown = items.slice(0, FIRST_PAINT);
      this.renderRestSoon();
    }
    this.shownCount = shown.length;
    return html`${repeat(shown, keyFunction, renderItem)}`;
  }

  /**
   * Whether row `index` is within 400 px of the view: a virtualised row is rendered only then; a
   * plain one once the list has said so (nothing is near before its first layout).
   */
  isNear(index: number): boolean {
    if (this.virtual) return true;
    const near = this.nearRows;
    return !!near && index >= near.first && index <= near.last;
  }

  /** Brings row `index` into view, rendered or not, scrolling the list only (never the page). */
  scrollToIndex(index: number, block: ScrollLogicalPosition = 'nearest'): void {
    const container = this.options.container();
    if (!container || index < 0) return;
    if (this.virtual) {
      try {
        this.virtualizerOf(container)?.element(index)?.scrollIntoView({ block });
      } catch {
        // Its layout is not there yet (the first frames after the switch): callers ask again.
      }
      return;
    }
    const row = container.children[index - this.sliceStart] as HTMLElement | undefined;
    if (!row) return;
    // Offsets within the container (it is positioned), as the virtualizer scrolls: the page stays.
    const top = row.offsetTop;
    const end = top + row.offsetHeight - container.clientHeight;
    if (block === 'start') container.scrollTop = top;
    else if (block === 'end') container.scrollTop = end;
    else if (block === 'center') container.scrollTop = (top + end) / 2;
    else if (container.scrollTop > top) container.scrollTop = top;
    else if (container.scrollTop < end) container.scrollTop = end;
  }

  /**
   * The virtualizer is correcting the scroll offset after measuring rows (its scroll, not the
   * reader's). Read from its scroller controller — not public API, hence the guard: if the field
   * goes away, this is false and every scroll counts as the reader's. Plain rows never correct.
   */
  correctingScroll(): boolean {
    const container = this.options.container();
    const v = this.virtual && container ? (this.virtualizerOf(container) as { _scrollerController?: { correctingScrollError?: boolean } } | undefined) : undefined;
    return v?._scrollerController?.correctingScrollError === true;
  }

  hostUpdated(): void {
    const container = this.options.container() ?? undefined;
    if (this.virtual) {
      this.unobserve();
      if (container && this.carry) void this.restore(container, this.carry);
      this.carry = undefined;
      return;
    }
    if (container !== this.observed) this.observe(container);
    const pin = this.pin;
    this.pin = undefined;
    if (pin && container) {
      // After layout (and after the host's own updated(), which may start listening for `unpinned`).
      requestAnimationFrame(() => {
        this.scrollToIndex(pin.index, pin.block);
        container.dispatchEvent(new Event('unpinned'));
      });
    }
  }

  hostDisconnected(): void {
    this.unobserve();
  }

  private renderRestSoon(): void {
    if (this.restPending) return;
    this.restPending = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.restPending = false;
        this.host.requestUpdate();
      }),
    );
  }

  private fetch(): void {
    (this.options.load ?? loadVirtualizer)().then(
      (m) => {
        this.mod = m;
        this.host.requestUpdate();
      },
      () => {
        this.loadFailed = true;
        this.host.requestUpdate();
      },
    );
  }

  private switchToVirtual(pinned: boolean): void {
    this.virtual = true;
    const container = this.options.container();
    if (!container) return;
    const focused = (container.getRootNode() as Document | ShadowRoot).activeElement;
    const row = focused && container.contains(focused) ? focused.closest('[data-id],[data-key]') : null;
    const attr = row?.hasAttribute('data-id') ? 'data-id' : 'data-key';
    const index = row ? this.sliceStart + [...container.children].findIndex((child) => child.contains(row)) : -1;
    // A pin on this render says where the view goes: the old offset is not put back then.
    this.carry = { top: pinned ? undefined : container.scrollTop, index, focus: row ? `[${attr}="${CSS.escape(row.getAttribute(attr) ?? '')}"]` : undefined };
  }

  private virtualizerOf(container: HTMLElement) {
    return this.mod ? (container as VirtualHost)[this.mod.virtualizerRef as unknown as symbol] : undefined;
  }

  private async restore(container: HTMLElement, carry: Carry): Promise<void> {
    // Once the virtualizer has laid its first rows out; from then on the host's own scrolling
    // (following the end, keeping a message in place) is not fought.
    await nextFrame();
    await nextFrame();
    if (carry.top !== undefined) container.scrollTop = carry.top;
    if (!carry.focus) return;
    for (let frame = 0; frame < 30; frame++) {
      const el = container.querySelector<HTMLElement>(carry.focus);
      if (el) return el.focus({ preventScroll: true });
      if (frame === 10 && carry.index >= 0) this.scrollToIndex(carry.index);
      await nextFrame();
    }
  }

  /** Plain rows: the container scrolls, and says which rows are near the view, as the virtualizer does. */
  private observe(container: HTMLElement | undefined): void {
    this.unobserve();
    this.observed = container;
    if (!container) return;
    container.style.overflow ||= 'auto';
    container.style.position ||= 'relative';
    const near = (this.nearObserver = new IntersectionObserver(
      (entries) => {
        for (const e of entries) (e.isIntersecting ? this.nearSet.add(e.target) : this.nearSet.delete(e.target));
        this.report(container);
      },
      { root: container, rootMargin: '400px 0px' },
    ));
    [...container.children].forEach((el) => near.observe(el));
    this.children = new MutationObserver((records) => {
      for (const r of records) {
        r.addedNodes.forEach((n) => n instanceof Element && near.observe(n));
        r.removedNodes.forEach((n) => n instanceof Element && (near.unobserve(n), this.nearSet.delete(n)));
      }
      // Rows moved or went: the indices change even where no row crossed the edge.
      this.report(container);
    });
    this.children.observe(container, { childList: true });
  }

  private report(container: HTMLElement): void {
    const rows = [...container.children];
    const first = rows.findIndex((row) => this.nearSet.has(row));
    const last = rows.findLastIndex((row) => this.nearSet.has(row));
    const key = `${first}:${last}:${rows.length}`;
    if (key === this.range) return;
    this.range = key;
    this.nearRows = first < 0 ? undefined : { first: first + this.sliceStart, last: last + this.sliceStart };
    if (this.options.trackNear) this.host.requestUpdate();
    // Item indices, as the virtualizer's (the rows rendered may start past the first item).
    if (first >= 0) container.dispatchEvent(Object.assign(new Event('rangeChanged'), { first: first + this.sliceStart, last: last + this.sliceStart }));
  }

  private unobserve(): void {
    this.nearObserver?.disconnect();
    this.children?.disconnect();
    this.nearObserver = this.children = undefined;
    this.nearSet.clear();
    this.range = '';
    this.observed = undefined;
  }

}
