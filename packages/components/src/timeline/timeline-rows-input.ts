/**
 * Input on the rows of `<coord-timeline>` (the list and the "À venir" group): roving focus
 * (arrows, Page Up/Down, Home/End), Enter/Space or a click to open an item, and the item's
 * detail — `coord-select` first (cancelable: a host showing its own detail calls
 * `preventDefault()`), then `<coord-timeline-detail>`, whose code is imported on first use.
 * Closing the detail puts focus back on the row, wherever the virtualiser has moved it.
 */
import type { PathwayView, ScopedClient, TimelineItem } from '@coord/api-client';
import { CoordSelectEvent } from '../events/coord-select.ts';
import type { CoordTimelineDetail } from './timeline-detail.ts';
import { rovingTarget, type Row } from './timeline-view.ts';

export interface DetailProps {
  client: ScopedClient;
  lang: string;
  items: TimelineItem[];
  lane: (key: string) => { label: string; colorIndex: number };
  pathways: PathwayView[];
}

export interface RowsInputHost {
  root(): HTMLElement | DocumentFragment;
  rows(): Row[];
  upcoming(): Row[];
  list(): HTMLElement | undefined;
  /** Brings list row `index` into view, rendered or not. */
  scrollToRow(index: number): void;
  setActive(id: string): void;
  /** Opens the "À venir" group whole (a row beyond its first few is to be focused). */
  showAllUpcoming(): void;
  isUpcoming(id: string): boolean;
  rendered(): Promise<unknown>;
  loadMore(): void;
  dispatch(event: Event): boolean;
  /** What the detail needs, or undefined without a session. */
  detail(): DetailProps | undefined;
  /** The detail's code could not be loaded (offline). */
  unavailable(): void;
}

type DetailClass = typeof CoordTimelineDetail;
let loadDetail: (() => Promise<DetailClass>) | undefined;

/**
 * How the detail's code is fetched and its tags registered (the define file, `timeline.ts`, sets
 * it). With the class alone and no loader, opening an item fires `coord-select` only.
 */
export function setTimelineDetailLoader(loader: () => Promise<DetailClass>): void {
  loadDetail = loader;
}

const articleOf = (e: Event): HTMLElement | null => (e.target as Element).closest?.<HTMLElement>('article') ?? null;

export class RowsInput {
  private detailEl?: CoordTimelineDetail;

  constructor(private readonly host: RowsInputHost) {}

  readonly listKey = (e: KeyboardEvent): void => {
    const article = articleOf(e);
    if (!article || this.opened(e, article)) return;
    const rows = this.host.rows();
    const current = rows.findIndex((r) => r.key === article.dataset.id);
    const target = rovingTarget(rows, current, e.key);
    if (target === undefined) return;
    e.preventDefault();
    if (e.key === 'End') this.host.loadMore();
    if (target !== current) void this.focusRow(target);
  };

  /** Roving focus inside the "À venir" group (its own few rows). */
  readonly upcomingKey = (e: KeyboardEvent): void => {
    const article = articleOf(e);
    if (!article || this.opened(e, article)) return;
    const rows = this.host.upcoming();
    const target = rovingTarget(rows, rows.findIndex((r) => r.key === article.dataset.id), e.key);
    if (target === undefined) return;
    e.preventDefault();
    const id = rows[target]!.key;
    this.host.setActive(id);
    void this.host.rendered().then(() => this.article(id)?.focus());
  };

  readonly click = (e: MouseEvent): void => {
    const article = articleOf(e);
    if (article) this.select(article.dataset.id);
  };

  private opened(e: KeyboardEvent, article: HTMLElement): boolean {
    if (e.key !== 'Enter' && e.key !== ' ') return false;
    e.preventDefault();
    this.select(article.dataset.id);
    return true;
  }

  private article(id: string): HTMLElement | undefined {
    return [...this.host.root().querySelectorAll<HTMLElement>('article')].find((a) => a.dataset.id === id);
  }

  private itemOf(id: string | undefined): TimelineItem | undefined {
    for (const r of [...this.host.rows(), ...this.host.upcoming()]) if (r.type === 'item' && r.key === id) return r.item;
    return undefined;
  }

  /**
   * Opens an item: `coord-select` first, then the built-in detail unless the host prevented it.
   * A hidden document fires no event (no reference to give away); its detail says only why.
   */
  select(id: string | undefined): void {
    const item = this.itemOf(id);
    if (!item) return;
    this.host.setActive(item.id);
    if (!item.hidden) {
      // An action written inline in a care plan is the plan plus its activity's index: each action
      // has its own reference, as <coord-ppcs> reports it.
      const activity = /#activity-(\d+)$/.exec(item.id)?.[1];
      const event = new CoordSelectEvent({ reference: item.reference, kind: item.kind, ...(activity !== undefined ? { activityIndex: Number(activity) } : {}) });
      if (!this.host.dispatch(event)) return;
    }
    void this.openDetail(item);
  }

  private async openDetail(item: TimelineItem): Promise<void> {
    if (!this.host.detail() || !loadDetail) return;
    try {
      const Detail = await loadDetail();
      const props = this.host.detail();
      if (!props || !this.itemOf(item.id)) return;
      if (!this.detailEl) {
        this.detailEl = this.host.root().appendChild(new Detail());
        this.detailEl.addEventListener('detail-close', this.onDetailClose);
      }
      Object.assign(this.detailEl, props);
      await this.detailEl.show(item);
    } catch {
      this.host.unavailable();
    }
  }

  private onDetailClose = (e: Event): void => {
    const id = (e as CustomEvent<{ id: string }>).detail?.id;
    if (id) void this.focusItem(id);
  };

  /** Focuses an item's row, in the list (scrolled to) or in the "À venir" group (opened if needed). */
  async focusItem(id: string): Promise<void> {
    const index = this.host.rows().findIndex((r) => r.key === id);
    if (index >= 0) return this.focusRow(index);
    if (!this.host.isUpcoming(id)) return;
    if (!this.host.upcoming().some((r) => r.key === id)) this.host.showAllUpcoming();
    this.host.setActive(id);
    await this.host.rendered();
    this.article(id)?.focus();
  }

  /** Another patient or viewer, or the element leaves: nothing of the detail stays. */
  closeDetail(): void {
    this.detailEl?.removeEventListener('detail-close', this.onDetailClose);
    this.detailEl?.remove();
    this.detailEl = undefined;
  }

  /** Scrolls a list row into view (it may not be rendered yet) and focuses it. */
  async focusRow(index: number): Promise<void> {
    const rows = this.host.rows();
    const row = rows[index];
    if (row?.type !== 'item') return;
    this.host.setActive(row.key);
    await this.host.rendered();
    const list = this.host.list();
    for (let frame = 0; frame < 120; frame++) {
      const el = [...(list?.querySelectorAll<HTMLElement>('article') ?? [])].find((a) => a.dataset.id === row.key);
      if (el) {
        el.focus({ preventScroll: frame > 0 });
        return;
      }
      // Asked again each frame: the virtualiser may not have taken new rows (a page just loaded) yet.
      if (frame % 5 === 0) this.host.scrollToRow(this.host.rows().findIndex((r) => r.key === row.key));
      await new Promise((r) => requestAnimationFrame(r));
    }
  }
}
