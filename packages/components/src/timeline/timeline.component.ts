import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import {
  TimelineFeed,
  clock,
  toCoordError,
  type CoordError,
  type LiveUpdate,
  type TimelineSourceId,
  type PathwayView,
  type TimelineItem,
  type TimelineKind,
  type TimelineSourceFailure,
} from '@coord/api-client';
import { CoordElement } from '../base/coord-element.ts';
import { formatDate, localize } from '../base/i18n.ts';
import { hostStyles } from '../base/styles.ts';
import { CoordFilterChangeEvent } from '../events/coord-filter-change.ts';
import { renderFilters } from './timeline-filters.ts';
import { headerLabel, renderRow } from './timeline-list.ts';
import { overviewMarks, periodLabel, renderOverview } from './timeline-overview.ts';
import { renderFooter, renderPartial, renderSkeleton, countText } from './timeline-status.ts';
import { renderUpcoming, splitUpcoming, upcomingRows } from './timeline-upcoming.ts';
import { RowsInput } from './timeline-rows-input.ts';
import { OverviewInput } from './timeline-overview-input.ts';
import { LiveController } from '../base/live-controller.ts';
import { LazyList } from '../base/lazy-list.ts';
import { PatientTask } from '../base/patient-task.ts';
import {
  DEFAULT_KINDS,
  KIND_CHIPS,
  NO_PATHWAY,
  buildLanes,
  buildRows,
  bucketAt,
  chipKinds,
  domainOf,
  filterItems,
  fold,
  memoize,
  mergeItems,
  parseKinds,
  parseList,
  resolvePathwayTokens,
  serializeKinds,
  topLevelCount,
  validDate,
  viewFor,
  ZOOM_BUTTONS,
  type KindChip,
  type Lane,
  type Row,
  type View,
  type Zoom,
} from './timeline-view.ts';
import { timelineMessages, type TimelineMessageKey } from './timeline.messages.ts';
import { timelineStyles } from './timeline.styles.ts';

type Region = { start: number; end: number; lane?: string; label: string };

/** A row's key; the virtualiser may still ask for (and render) an index a filter has just dropped. */
const rowKey = (r: Row | undefined, i: number): string => r?.key ?? `gone:${i}`;

/** Auto-loads in a row that bring nothing visible (a filter matching little) before asking. */
const MAX_AUTO_LOADS = 5;

/**
 * The consolidated picture of every pathway: an overview with one lane per pathway on a shared
 * time axis (zoom, pan, today, click a region to filter), and below it the items newest first,
 * grouped by day or month, virtualised and paged from the server as the user scrolls.
 *
 * @summary Patient timeline: pathway lanes overview + virtualised, filterable list of items.
 * @csspart timeline - The whole timeline.
 * @csspart filters - The filter bar.
 * @csspart overview - The lanes overview.
 * @csspart list - The scrolling list (role feed).
 * @csspart group-header - A day or month header.
 * @csspart item - One item (article).
 * @csspart pathway - The pathway chip of an item.
 * @csspart status - The status of an item.
 * @csspart new-items - The "new items" pill.
 * @csspart upcoming - The "À venir" group.
 * @csspart state - A loading, empty, partial or error state.
 * @csspart action - A retry or sign-in button.
 * @cssproperty --coord-pathway-0 - Colour of pathway slot 0 (…up to --coord-pathway-7).
 * @cssproperty --coord-pathway-none - Colour of items outside any pathway.
 * @cssproperty --coord-timeline-list-height - Height of the scrolling list (default 28rem).
 * @cssproperty --coord-timeline-title-lines - Title lines before clipping (default 2).
 * @cssproperty --coord-timeline-today - Colour of the "today" marker.
 * @cssproperty --coord-timeline-overview-background - Background of the overview.
 * Opening an item (click, Enter or Space) first fires `coord-select`; unless the host calls
 * `preventDefault()` on it, the item's detail opens in a modal dialog (encounter with its unit
 * movements, participants and linked documents; a result in full; a document's preview; a PPCS
 * action's status history), loaded on first use. Escape closes it and focus returns to the row.
 * Upcoming items (dated after now) sit apart in a short "À venir" group above the list.
 *
 * @event coord-select - The user opened an item: `detail.reference` (`Type/id`), `detail.kind`. Cancelable: `preventDefault()` keeps the built-in detail closed (the host shows its own).
 * @event coord-filter-change - The user changed a filter: `{pathways, kinds, since, until, query}`.
 * @event coord-error - Loading failed, or a source is missing (`source: 'timeline:<source>'`).
 */
export class CoordTimeline extends CoordElement {
  static override styles = [hostStyles, timelineStyles];

  /** Pathways to show (comma list of `EpisodeOfCare/<id>`, ids, pathway codes, or `none`); their lanes come first. */
  @property({ reflect: true }) pathways?: string;
  /** Kinds to show (comma list: pathway, encounter, document, lab, imaging, ppcs-action, message, unknown); default all but messages. */
  @property({ reflect: true }) kinds?: string;
  /** Only items from this date (`YYYY-MM-DD`), asked of the server. */
  @property({ reflect: true }) since?: string;
  /** Only items up to this date (`YYYY-MM-DD`). */
  @property({ reflect: true }) until?: string;
  /** Free-text filter. */
  @property({ reflect: true }) query?: string;
  /** Overview scale: `recent` (default: the last months up to the next weeks, fitted to the data), `week`, `month`, `year` or `all`. */
  @property({ reflect: true }) zoom?: Zoom;
  /** Seconds between checks for new items (default 30; 0 = off). Paused while the page is hidden. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 30;
  /** Items per page (default 50). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private items: TimelineItem[] = [];
  @state() private pending: TimelineItem[] = [];
  @state() private loadingMore = false;
  @state() private moreError?: CoordError;
  @state() private activeId?: string;
  @state() private region?: Region;
  @state() private viewOverride?: View;
  @state() private width = 640;
  @state() private announcement = '';
  private announcementLang?: string;
  /** The "À venir" group shows every upcoming item. */
  @state() private upcomingOpen = false;
  /** Kinds the current feed reads (a reload happens only when the filter needs more). */
  @state() private feedKinds = '';

  @query('.list') private listEl?: HTMLElement;
  /** The rows: plain while few, virtualised (its code fetched then) once many. */
  private readonly listRows = new LazyList(this, { container: () => this.listEl });

  /** The feed once its first page is in; `loading` while it arrives, source by source. */
  private feed?: TimelineFeed;
  private loading?: TimelineFeed;
  /** Sources still loading, while the first page arrives (shown so the user knows what is missing). */
  @state() private sourcesPending: TimelineSourceId[] = [];
  private failures: TimelineSourceFailure[] = [];
  private rows: Row[] = [];
  /** Items dated after now, soonest first (the "À venir" group), apart from `rows`. */
  private upcoming: TimelineItem[] = [];
  private filteredCount = 0;
  private lanes: Lane[] = [];
  private view: View = { start: 0, end: 1 };
  private readonly memo = {
    lanes: memoize<{ list: Lane[]; selected: Set<string>; domain: View }>(),
    filtered: memoize<TimelineItem[]>(),
    rows: memoize<Row[]>(),
    split: memoize<{ upcoming: TimelineItem[]; past: TimelineItem[] }>(),
    marks: memoize<Map<string, string>>(),
    oldest: memoize<number>(),
    shown: memoize<number>(),
    loaded: memoize<number>(),
  };
  /** Day and month headers' labels, formatted once each: a filter change rebuilds the rows, not their dates. */
  private readonly headerLabels = new Map<string, string>();
  private shownKinds = new Set<TimelineKind>(DEFAULT_KINDS);
  /** New items through the scope's live hub (one watcher per type, whatever the elements on the page). */
  private readonly live = new LiveController(this, {
    types: () => this.feed?.liveTypes ?? [],
    seconds: () => this.pollInterval,
    enabled: () => this.feed !== undefined,
    onUpdate: (update) => void this.applyLive(update),
  });
  private more?: AbortController;
  private autoLoads = 0;
  private resizeObserver?: ResizeObserver;

  /**
   * The first page, through the base's patient gate. Each source shows as it arrives (pathway
   * lanes first, then items, with the sources still loading named): a slow source never holds
   * back the others.
   */
  private readonly data = new PatientTask<TimelineFeed, [kinds: string, since: string | undefined, until: string | undefined, pageSize: number]>(this, {
    source: 'timeline',
    args: () => [this.feedKinds, validDate(this.since), validDate(this.until), this.pageSize],
    reset: () => this.resetView(),
    load: async ({ client, patient, viewer, signal }, kinds, since, until, pageSize) => {
      this.closeFeeds();
      this.items = [];
      this.pending = [];
      this.moreError = undefined;
      const feed = new TimelineFeed({ client, patient, kinds: parseKinds(kinds), since, until, pageSize: this.pageSizeValue(pageSize), access: { viewer } });
      this.loading = feed;
      const progress = (): void => {
        if (this.loading !== feed) return;
        this.items = feed.preview();
        this.sourcesPending = [...feed.pending];
      };
      feed.addEventListener('change', progress);
      signal.addEventListener('abort', () => feed.close(), { once: true });
      try {
        const items = await feed.loadMore(this.pageSizeValue(pageSize), signal);
        if (signal.aborted) throw toCoordError(signal.reason);
        this.feed = feed;
        this.failures = [...feed.failures];
        this.items = items;
        this.autoLoads = 0;
        this.reportFailures(feed.failures);
        this.announce(this.loadedText());
        return feed;
      } finally {
        feed.removeEventListener('change', progress);
        if (this.loading === feed) this.loading = undefined;
        this.sourcesPending = [];
      }
    },
  });

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      // Next frame: re-rendering inside the observer callback would loop the observer.
      if (w > 0 && Math.abs(w - this.width) >= 1) requestAnimationFrame(() => (this.width = Math.max(320, w)));
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.more?.abort();
    this.rowsInput.closeDetail();
  }

  /** A new patient or viewer: nothing of the previous one stays, even for one frame. */
  private resetView(): void {
    this.closeFeeds();
    this.items = [];
    this.pending = [];
    this.failures = [];
    this.region = undefined;
    this.activeId = undefined;
    this.sourcesPending = [];
    this.rowsInput.closeDetail();
  }

  private closeFeeds(): void {
    this.more?.abort();
    this.feed?.close();
    this.loading?.close();
    this.feed = undefined;
    this.loading = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // No attribute: the default kinds; `none` (every chip off): nothing.
    const parsed = parseKinds(this.kinds);
    this.shownKinds = new Set(parsed.length || this.kinds?.trim() === 'none' ? parsed : DEFAULT_KINDS);
    if (this.shownKinds.has('encounter')) this.shownKinds.add('movement');
    // The feed reads the kinds shown; hiding a kind filters locally, showing a new one reloads.
    const feedSet = new Set(parseKinds(this.feedKinds));
    const feedAll = this.feedKinds === '' ? new Set(DEFAULT_KINDS) : feedSet;
    if ([...this.shownKinds].some((k) => !feedAll.has(k) && k !== 'movement')) this.feedKinds = serializeKinds(this.shownKinds);
    this.computeView();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A filter changed what is shown: the status region says the new count, never a stale one.
    if (this.feed && (['kinds', 'pathways', 'query', 'since', 'until'] as const).some((k) => changed.has(k))) this.announce(this.loadedText());
    // A filter that leaves few rows visible: fetch older pages (a few, then ask the user).
    const visible = this.rows.length;
    if (this.feed && !this.feed.done && !this.loadingMore && !this.moreError && visible < 30 && this.autoLoads < MAX_AUTO_LOADS) {
      this.autoLoads++;
      void this.loadMore();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Derived view state

  private pageSizeValue(n: number): number {
    return Number.isFinite(n) && n > 0 ? Math.min(10_000, Math.floor(n)) : 50;
  }

  private get effectiveZoom(): Zoom {
    return ZOOM_BUTTONS.includes(this.zoom as Zoom) ? (this.zoom as Zoom) : 'recent';
  }

  private get groupBy(): 'day' | 'month' {
    return this.effectiveZoom === 'year' || this.effectiveZoom === 'all' ? 'month' : 'day';
  }

  private tl(key: TimelineMessageKey, params?: Record<string, string | number>): string {
    return localize(timelineMessages, this.effectiveLang, key, params);
  }

  private get pathwayViews(): PathwayView[] {
    return (this.feed ?? this.loading)?.pathways ?? [];
  }

  /**
   * Lanes, filtered items and rows are recomputed only when their own inputs change: an arrow
   * key or a pan redoes nothing, a zoom change only regroups the rows.
   */
  private computeView(): void {
    const zoom = this.effectiveZoom;
    const lang = this.effectiveLang;
    const lanes = this.memo.lanes([this.items, this.pathways, this.pathwayViews, lang], () => {
      const selected = resolvePathwayTokens(parseList(this.pathways), this.pathwayViews);
      const list = buildLanes(this.pathwayViews, this.items, selected, {
        noPathway: this.tl('noPathway'),
        unknownPathway: this.tl('unknownPathway'),
        finished: this.tl('finished'),
        since: (iso) => this.tl('laneSince', { date: formatDate(lang, iso.slice(0, 10)) }),
      });
      return { list, selected, domain: domainOf(this.items, list, clock.now()) };
    });
    this.lanes = lanes.list;
    const filtered = this.memo.filtered([lanes, this.kinds, this.query, this.region], () => {
      const labels = new Map(lanes.list.map((l) => [l.key, l.label] as const));
      return filterItems(this.items, {
        kinds: this.shownKinds,
        pathways: lanes.selected,
        query: fold((this.query ?? '').trim()),
        region: this.region,
        pathwayLabel: (k: string) => labels.get(k),
      });
    });
    const groupBy = this.groupBy;
    // Upcoming items apart (soonest first); the list opens at today, newest first.
    const split = this.memo.split([filtered], () => splitUpcoming(filtered, clock.now()));
    this.upcoming = split.upcoming;
    this.filteredCount = this.memo.shown([filtered], () => topLevelCount(filtered));
    this.rows = this.memo.rows([split, groupBy, lang], () =>
      buildRows(split.past, groupBy, (key) => {
        const k = `${lang}|${groupBy}|${key}`;
        let label = this.headerLabels.get(k);
        if (label === undefined) this.headerLabels.set(k, (label = headerLabel(lang, key, groupBy)));
        return label;
      }),
    );
    this.view = this.viewOverride ?? viewFor(zoom, lanes.domain, clock.now(), this.items);
  }

  private laneInfo = (key: string): { label: string; colorIndex: number } => {
    const lane = this.lanes.find((l) => l.key === key);
    return lane ? { label: lane.label, colorIndex: lane.colorIndex } : { label: this.tl('unknownPathway'), colorIndex: 7 };
  };

  private get filtersActive(): boolean {
    return Boolean(parseList(this.pathways).length || this.kinds?.trim() || validDate(this.since) || validDate(this.until) || this.query?.trim() || this.region);
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  protected override render() {
    const state = this.data.state;
    // Progressive: lanes and the items that have arrived show while slower sources load. Once the
    // first page is in (`feed` set: a load clears it first) they stay until the task says it is
    // done, one update later: not one frame of skeleton that would drop every row, the row with
    // focus (a key pressed then is lost) and the scroll position.
    if (state.status === 'loading' && (this.loading ?? this.feed) && (this.pathwayViews.length > 0 || this.items.length > 0)) return this.renderTimeline();
    return this.data.render({ loading: () => renderSkeleton(this.effectiveLang), ready: () => this.renderTimeline() });
  }

  private renderTimeline() {
    const lang = this.effectiveLang;
    const chips = new Set<KindChip>(KIND_CHIPS.filter((c) => chipKinds(c).some((k) => this.shownKinds.has(k))));
    return html`<section class="timeline" part="timeline" aria-label=${this.tl('label')}>
      ${renderFilters(
        {
          lang,
          lanes: this.lanes.filter((l) => l.count > 0 || l.key !== NO_PATHWAY),
          kinds: chips,
          since: validDate(this.since),
          until: validDate(this.until),
          query: this.query ?? '',
          regionLabel: this.region?.label,
          active: this.filtersActive,
        },
        {
          togglePathway: (key) => this.togglePathway(key),
          toggleKind: (chip) => this.toggleKind(chip),
          since: (v) => this.setFilter({ since: validDate(v) }),
          until: (v) => this.setFilter({ until: validDate(v) }),
          query: (v, done) => this.setFilter({ query: v || undefined }, done),
          clear: () => this.clearFilters(),
          clearRegion: () => this.setRegion(undefined),
        },
      )}
      ${renderPartial(lang, this.failures, { retry: () => this.reload(), signIn: () => this.requestSignIn() })}
      ${this.sourcesPending.length
        ? html`<p class="still-loading" part="state loading" role="status" aria-busy="true">
            ${this.tl('stillLoading', { sources: this.sourcesPending.map((id) => this.tl(`source.${id}`)).join(', ') })}
          </p>`
        : nothing}
      ${renderOverview(
        {
          lang,
          lanes: this.lanes,
          view: this.view,
          zoom: this.effectiveZoom,
          width: this.chartWidth,
          now: clock.now(),
          region: this.region,
          loadedFrom: this.feed && !this.feed.done ? this.oldestLoaded() : undefined,
          marks: this.memo.marks([this.items, this.lanes, this.view.start, this.view.end, this.chartWidth], () =>
            overviewMarks(this.items, this.lanes, this.view, this.chartWidth),
          ),
        },
        {
          zoom: (z) => this.setZoom(z),
          pan: (f) => this.overviewInput.pan(f),
          filterToView: () => this.filterToView(),
          keydown: this.overviewInput.keydown,
          pointerdown: this.overviewInput.pointerdown,
          pointermove: this.overviewInput.pointermove,
          pointerup: this.overviewInput.pointerup,
        },
      )}
      <div class="live" aria-live="polite">
        ${this.pending.length
          ? html`<button type="button" class="pill" part="new-items" @click=${this.showPending}>
              ${this.pending.length === 1 ? this.tl('newItem') : this.tl('newItems', { count: this.pending.length })}
            </button>`
          : nothing}
      </div>
      ${this.renderUpcomingGroup()}
      ${this.renderList()}
      <p class="visually-hidden" role="status">${this.announcementLang === this.effectiveLang ? this.announcement : ''}</p>
    </section>`;
  }

  private rowContext(setSize: number, activeId: string | undefined, idPrefix?: string) {
    return {
      lang: this.effectiveLang,
      groupBy: this.groupBy,
      activeId,
      setSize,
      lane: this.laneInfo,
      idPrefix,
      acrossPathways: {
        label: this.tl('allPathways'),
        title: (item: TimelineItem) => this.tl('allPathwaysTitle', { names: item.pathways.map((k) => this.laneInfo(k).label).join(', ') }),
      },
    };
  }

  private renderUpcomingGroup() {
    if (!this.upcoming.length) return nothing;
    const rows = upcomingRows(this.upcoming, this.upcomingOpen);
    const activeId = rows.some((r) => r.key === this.activeId) ? this.activeId : rows[0]?.key;
    return renderUpcoming(
      { lang: this.effectiveLang, upcoming: this.upcoming, expanded: this.upcomingOpen, ctx: this.rowContext(rows.length, activeId, 'up') },
      { toggle: () => (this.upcomingOpen = !this.upcomingOpen), keydown: this.rowsInput.upcomingKey, click: this.rowsInput.click },
    );
  }

  private renderList() {
    if (!this.feed && this.rows.length === 0) return nothing; // first page still arriving (said above)
    const done = this.feed?.done ?? false;
    // Everything that matches is upcoming: the group above says it all.
    if (this.rows.length === 0 && this.upcoming.length) return this.renderFooter(done);
    if (this.rows.length === 0 && (done || this.autoLoads >= MAX_AUTO_LOADS) && !this.loadingMore) {
      const filtered = this.items.length > 0 || this.filtersActive;
      return html`<div class="state" part="state empty" role="status" data-kind=${filtered ? 'no-match' : 'empty'}>
          <p class="state-title">${this.tl(filtered ? 'noMatch' : 'empty')}</p>
          <p class="state-hint">${this.tl(filtered ? 'noMatchHint' : 'emptyHint')}</p>
          ${filtered && this.filtersActive ? html`<button type="button" part="action" @click=${() => this.clearFilters()}>${this.tl('clearFilters')}</button>` : nothing}
        </div>
        ${this.renderFooter(done)}`;
    }
    const setSize = done ? this.rows.filter((r) => r.type === 'item').length : -1;
    const activeId = this.activeId && this.rows.some((r) => r.key === this.activeId) ? this.activeId : this.rows.find((r) => r.type === 'item')?.key;
    const ctx = this.rowContext(setSize, activeId);
    return html`<div
        class="list"
        part="list"
        role="feed"
        aria-busy=${this.loadingMore ? 'true' : 'false'}
        aria-label=${this.tl('label')}
        @keydown=${this.rowsInput.listKey}
        @click=${this.rowsInput.click}
        @rangeChanged=${this.onRange}
      >
        ${this.listRows.render({ items: this.rows, keyFunction: rowKey, renderItem: (r: Row | undefined) => (r ? renderRow(r, ctx) : html``) })}
      </div>
      ${this.renderFooter(done)}`;
  }

  private counts() {
    return {
      loaded: this.memo.loaded([this.items], () => topLevelCount(this.items)),
      shown: this.filteredCount,
      filtersActive: this.filtersActive,
      done: this.feed?.done ?? false,
      truncated: this.feed?.truncated ?? [],
    };
  }

  private renderFooter(done: boolean) {
    if (!this.feed) return nothing;
    return renderFooter(this.effectiveLang, { ...this.counts(), done, loadingMore: this.loadingMore, moreError: this.moreError }, () => void this.loadMore(true));
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  /** Reads the next page of older items. */
  async loadMore(user = false): Promise<void> {
    const feed = this.feed;
    if (!feed || feed.done || this.loadingMore) return;
    if (user) this.autoLoads = 0;
    this.loadingMore = true;
    this.moreError = undefined;
    this.more = new AbortController();
    try {
      const next = await feed.loadMore(this.pageSizeValue(this.pageSize), this.more.signal);
      if (feed !== this.feed) return;
      this.items = mergeItems(this.items, next.filter((i) => !this.items.some((x) => x.id === i.id)));
      this.reportFailures(feed.failures.slice(this.failures.length));
      this.failures = [...feed.failures];
      this.announce(this.loadedText());
    } catch (err) {
      if (feed === this.feed && !this.more.signal.aborted) this.moreError = toCoordError(err);
    } finally {
      if (feed === this.feed) this.loadingMore = false;
    }
  }

  /** Checks the server for new items now (also done every `poll-interval` seconds). */
  async checkForNewItems(): Promise<void> {
    if (this.live.active) return this.live.refresh();
    // Polling off: ask once, the feed's own way.
    const feed = this.feed;
    if (feed) await this.takeChanges(feed, () => feed.refresh());
  }

  private applyLive(update: LiveUpdate): Promise<void> {
    const feed = this.feed;
    return feed ? this.takeChanges(feed, () => feed.applyChanges(update.changes)) : Promise.resolve();
  }

  private async takeChanges(feed: TimelineFeed, read: () => Promise<{ added: TimelineItem[]; updated: TimelineItem[] }>): Promise<void> {
    try {
      const { added, updated } = await read();
      if (feed !== this.feed) return;
      if (updated.length) this.items = mergeItems(this.items, updated);
      const known = new Set([...this.items, ...this.pending].map((i) => i.id));
      const fresh = added.filter((i) => !known.has(i.id));
      if (fresh.length) {
        // Held in the pill until the user asks: the list never jumps under their eyes.
        this.pending = mergeItems(this.pending, fresh);
        const count = topLevelCount(this.pending);
        this.announce(count === 1 ? this.tl('newItem') : this.tl('newItems', { count }));
      }
    } catch {
      // A missed update is not worth a state: the next one will tell.
    }
  }

  private showPending = async (): Promise<void> => {
    const first = this.pending.find((i) => !i.parent);
    this.items = mergeItems(this.items, this.pending);
    this.pending = [];
    if (first) this.activeId = first.id;
    await this.updateComplete;
    if (first) await this.rowsInput.focusItem(first.id);
  };

  private reload(): void {
    this.data.reload();
  }

  private reportFailures(failures: TimelineSourceFailure[]): void {
    for (const f of failures) this.emitError({ source: `timeline:${f.source}`, kind: f.error.kind, status: f.error.status, message: f.error.message });
  }

  private announce(text: string): void {
    this.announcement = text;
    // A language switch drops a past announcement rather than leave it in the old language.
    this.announcementLang = this.effectiveLang;
  }

  private loadedText(): string {
    this.computeView();
    return countText(this.effectiveLang, this.counts());
  }

  private onRange = (e: RangeChangedEvent): void => {
    if (e.last >= this.rows.length - 8) {
      this.autoLoads = 0;
      void this.loadMore();
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Filters

  private setFilter(next: { pathways?: string; kinds?: string; since?: string; until?: string; query?: string }, notify = true): void {
    if ('pathways' in next) this.pathways = next.pathways || undefined;
    if ('kinds' in next) this.kinds = next.kinds || undefined;
    if ('since' in next) this.since = next.since;
    if ('until' in next) this.until = next.until;
    if ('query' in next) this.query = next.query;
    this.autoLoads = 0;
    if (notify) {
      this.dispatchEvent(
        new CoordFilterChangeEvent({
          pathways: parseList(this.pathways),
          kinds: parseList(this.kinds),
          since: validDate(this.since),
          until: validDate(this.until),
          query: this.query ?? '',
        }),
      );
    }
  }

  private togglePathway(key: string): void {
    const selected = resolvePathwayTokens(parseList(this.pathways), this.pathwayViews);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    this.setFilter({ pathways: [...selected].join(',') });
  }

  private toggleKind(chip: KindChip): void {
    // From the attribute (not the last render), so quick successive clicks all count.
    const parsed = parseKinds(this.kinds);
    const kinds = new Set<TimelineKind>(parsed.length || this.kinds?.trim() === 'none' ? parsed : DEFAULT_KINDS);
    const ks = chipKinds(chip);
    const on = ks.some((k) => kinds.has(k));
    for (const k of ks) on ? kinds.delete(k) : kinds.add(k);
    const isDefault = kinds.size === new Set([...DEFAULT_KINDS]).size && DEFAULT_KINDS.every((k) => kinds.has(k));
    this.setFilter({ kinds: isDefault ? '' : serializeKinds(kinds) || 'none' });
  }

  private clearFilters(): void {
    this.region = undefined;
    this.setFilter({ pathways: '', kinds: '', since: undefined, until: undefined, query: undefined });
  }

  private setRegion(region: Region | undefined): void {
    this.region = region;
    this.autoLoads = 0;
    if (region) this.ensureLoadedUntil(region.start);
    void this.updateComplete.then(() => this.feed && this.announce(this.loadedText()));
  }

  private oldestLoaded(): number {
    return this.memo.oldest([this.items], () => {
      let min = clock.now();
      for (const it of this.items) if (it.time !== undefined && it.time < min) min = it.time;
      return min;
    });
  }

  /** Loads older pages until `time` is covered (bounded), so a region click shows its items. */
  private async ensureLoadedUntil(time: number): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const feed = this.feed;
      if (!feed || feed.done) return;
      if (this.oldestLoaded() <= time) return;
      await this.loadMore();
      if (this.moreError) return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Overview (input handling in timeline-overview-input.ts)

  private readonly overviewInput = new OverviewInput({
    view: () => this.view,
    lanes: () => this.lanes,
    chartWidth: () => this.chartWidth,
    zoom: () => this.effectiveZoom,
    domain: () => domainOf(this.items, this.lanes, clock.now()),
    setView: (view) => (this.viewOverride = view),
    setZoom: (zoom) => this.setZoom(zoom),
    reached: (start) => void this.ensureLoadedUntil(start),
    selectRegion: (time, lane) => this.selectRegionAt(time, lane),
    filterToView: () => this.filterToView(),
    togglePathway: (key) => this.togglePathway(key),
  });

  private get chartWidth(): number {
    return this.width - 2;
  }

  private setZoom(zoom: Zoom): void {
    this.viewOverride = undefined;
    this.zoom = zoom;
  }

  private filterToView(): void {
    const { start, end } = this.view;
    this.setRegion({ start, end, label: this.tl('region', { period: periodLabel(this.effectiveLang, { start, end, unit: 'range' }) }) });
  }

  /** Filters the list to the calendar bucket at `time` (and the lane, when one was hit). */
  selectRegionAt(time: number, laneIndex = -1): void {
    const bucket = bucketAt(time, this.view);
    const lane = this.lanes[laneIndex];
    const period = periodLabel(this.effectiveLang, bucket);
    const label = lane ? this.tl('regionLane', { period, lane: lane.label }) : this.tl('region', { period });
    this.setRegion({ start: bucket.start, end: bucket.end, lane: lane?.key, label });
  }

  // ---------------------------------------------------------------------------------------------
  // List interactions and the detail (timeline-rows-input.ts)

  private readonly rowsInput = new RowsInput({
    root: () => this.renderRoot,
    rows: () => this.rows,
    upcoming: () => upcomingRows(this.upcoming, this.upcomingOpen),
    list: () => this.listEl,
    scrollToRow: (index) => this.listRows.scrollToIndex(index),
    setActive: (id) => (this.activeId = id),
    showAllUpcoming: () => (this.upcomingOpen = true),
    isUpcoming: (id) => this.upcoming.some((i) => i.id === id),
    rendered: () => this.updateComplete,
    loadMore: () => void this.loadMore(true),
    dispatch: (event) => this.dispatchEvent(event),
    detail: () => {
      const client = this.session?.client;
      return client && { client, lang: this.effectiveLang, items: this.items, lane: this.laneInfo, pathways: this.pathwayViews };
    },
    unavailable: () => this.announce(this.tl('detailUnavailable')),
  });
}
