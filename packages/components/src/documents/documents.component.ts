import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import {
  mapDocuments,
  mapPathways,
  readDocuments,
  readSecurity,
  toCoordError,
  type DocumentsPage,
  type DocumentView,
  type PathwayView,
  type ScopedClient,
} from '@coord/api-client';
import type { DocumentReference, EpisodeOfCare } from '@medplum/fhirtypes';
import { CoordElement } from '../base/coord-element.ts';
import { PatientTask, type PatientTaskContext } from '../base/patient-task.ts';
import { LiveController } from '../base/live-controller.ts';
import { LazyList } from '../base/lazy-list.ts';
import { hostStyles } from '../base/styles.ts';
import { formatDate } from '../base/i18n.ts';
import { attachmentSource, downloadBlob, fileNameFor, loadAttachment } from '../base/binary.ts';
import { ThumbnailCache } from './documents-thumbnails.ts';
import type { CoordMediaViewer, MediaItem } from '../base/media-viewer.ts';
import { CoordSelectEvent } from '../events/coord-select.ts';
import { CoordDocumentUploadedEvent } from '../events/coord-document-uploaded.ts';
import { documentsStyles } from './documents.styles.ts';
import type { DocumentsMessageKey } from './documents.messages.ts';
import { buildRows, filterOptions, filtersActive, itemRows, toCardLines, GROUPS, NO_PATHWAY, SORTS, type DocumentFilters, type Entry, type GroupBy, type Row, type SortBy, type ViewMode } from './documents-view.ts';
import { docTitle, renderDetails, renderRow, t as tr, type RowContext } from './documents-rows.ts';
import { DocumentsUpload } from './documents-upload-panel.ts';


/** What a load gives: the loaded documents (grows page by page) and the patient's pathways. */
export class DocumentsStore {
  entries: Entry[] = [];
  next?: DocumentsPage['next'];
  pathways = new Map<string, PathwayView>();
  private hiddenSeq = 0;
  private firstHidden: string[] = [];

  constructor(page: DocumentsPage, pathways: PathwayView[]) {
    for (const p of pathways) this.pathways.set(p.reference, p);
    this.add(page, true);
  }

  add(page: DocumentsPage, first = false): void {
    const known = new Set(this.entries.map((e) => e.key));
    for (const doc of page.items) if (!known.has(doc.reference)) this.entries.push({ kind: 'doc', key: doc.reference, doc });
    for (const hidden of page.hidden) {
      const key = `hidden:${++this.hiddenSeq}`;
      if (first) this.firstHidden.push(key);
      this.entries.push({ kind: 'hidden', key, hidden });
    }
    this.next = page.next;
  }

  /** A fresh first page (live update): new and changed documents in, replaced ones out. Returns how many are new. */
  merge(page: DocumentsPage): number {
    const replaced = new Set(page.items.flatMap((d) => d.previous.map((p) => p.reference)).filter(Boolean));
    const byKey = new Map(page.items.map((d) => [d.reference, d]));
    const firstHidden = new Set(this.firstHidden);
    const kept: Entry[] = [];
    for (const e of this.entries) {
      if (e.kind === 'hidden' && firstHidden.has(e.key)) continue;
      if (e.kind === 'doc' && replaced.has(e.key)) continue;
      const fresh = e.kind === 'doc' ? byKey.get(e.key) : undefined;
      if (fresh) byKey.delete(e.key);
      kept.push(fresh ? { kind: 'doc', key: e.key, doc: fresh } : e);
    }
    const added = [...byKey.values()].map((doc): Entry => ({ kind: 'doc', key: doc.reference, doc }));
    this.firstHidden = [];
    const hidden = page.hidden.map((h): Entry => {
      const key = `hidden:${++this.hiddenSeq}`;
      this.firstHidden.push(key);
      return { kind: 'hidden', key, hidden: h };
    });
    this.entries = [...added, ...hidden, ...kept];
    return added.length;
  }

  /** A document confirmed by the server (an upload): in at the top, what it replaces out. */
  put(doc: DocumentView): void {
    const replaced = new Set(doc.previous.map((p) => p.reference));
    this.entries = [{ kind: 'doc', key: doc.reference, doc }, ...this.entries.filter((e) => e.key !== doc.reference && !replaced.has(e.key))];
  }

  update(doc: DocumentView): void {
    this.entries = this.entries.map((e) => (e.key === doc.reference ? { kind: 'doc', key: e.key, doc } : e));
  }
}

/**
 * @summary The patient's documents: list or grid, grouped, sorted, filtered and searched, with
 * preview in place, details and version history, upload (drop, picker, camera, paste) with
 * progress, cancel and retry, new versions, and masking — under the DMP access rules: a document
 * the viewer may not see is a placeholder saying why, never its title, type, author or content.
 *
 * @csspart toolbar - Search, filters, grouping, sort and view controls.
 * @csspart list - The (virtualised) list or grid.
 * @csspart item - One document (also `hidden-item` for a placeholder).
 * @csspart group-header - A group heading.
 * @csspart pathway - A pathway chip.
 * @csspart badge - A confidentiality or masking badge.
 * @csspart why-hidden - Why a document is not shown.
 * @csspart details - The details panel.
 * @csspart history - The version history.
 * @csspart upload - The upload zone and form.
 * @csspart progress - An upload's progress bar.
 * @csspart state - Loading, empty and error states.
 * @csspart action - Buttons of states and list footer.
 * @cssproperty --coord-documents-height - Height of the list (default 32rem).
 * @event coord-select - The user opened a document: `{reference, kind: 'document'}`.
 * @event coord-document-uploaded - The server confirmed an uploaded document: `{reference, replaces?}`.
 * @event coord-error - A load or write failed: `{source: 'documents', kind, status?, message}`.
 */
export class CoordDocuments extends CoordElement {
  static override styles = [hostStyles, documentsStyles];

  /** `list` or `grid`. */
  @property({ reflect: true }) view: ViewMode = 'list';
  /** `none`, `pathway`, `type` or `date`. */
  @property({ attribute: 'group-by', reflect: true }) groupBy: GroupBy = 'none';
  /** `date-desc` (default), `date-asc`, `title`, `type`. */
  @property({ reflect: true }) sort: SortBy = 'date-desc';
  /** Free-text search (reflected). */
  @property({ reflect: true }) query = '';
  /** Documents asked of the server per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;
  /** Seconds between checks for new documents (0 = off). */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 30;
  /** Largest file accepted for upload, in bytes (default 20 MB). */
  @property({ type: Number, attribute: 'max-file-size' }) maxFileSize = 20 * 1024 * 1024;
  /** Accepted upload types (`accept` syntax). */
  @property() accept = 'application/pdf,image/jpeg,image/png,image/webp,text/plain';

  /** The rows: plain while few, virtualised (its code fetched then) once many. */
  private readonly listRows = new LazyList(this, { container: () => this.renderRoot.querySelector<HTMLElement>('.list'), trackNear: true });
  /** No upload, replace or mask. */
  @property({ type: Boolean, reflect: true }) readonly = false;

  @state() private filters: DocumentFilters = {};
  @state() private activeKey?: string;
  @state() private selectedKey?: string;
  @state() private loadingMore = false;
  @state() private moreError = false;
  @state() private announcement = '';
  @state() private masking = false;
  @state() private maskMessage?: string;
  private revision = 0;

  private readonly upload = new DocumentsUpload(this);

  readonly data: PatientTask<DocumentsStore, [number]> = new PatientTask<DocumentsStore, [number]>(this, {
    source: 'documents',
    args: () => [this.pageSize],
    load: (ctx, pageSize) => this.load(ctx, pageSize),
    reset: () => {
      this.thumbnails.clear();
      this.activeKey = undefined;
      this.selectedKey = undefined;
      this.filters = {};
      this.upload.reset();
    },
    isEmpty: (store: DocumentsStore) => store.entries.length === 0 && !store.next && this.upload.jobs.length === 0,
  });

  private readonly thumbnails = new ThumbnailCache(this);

  private readonly live = new LiveController(this, {
    types: () => ['DocumentReference'],
    seconds: () => this.pollInterval,
    enabled: () => this.data.value !== undefined,
    onUpdate: (_update, client) => void this.refresh(client),
  });

  private async load(ctx: PatientTaskContext, pageSize: number): Promise<DocumentsStore> {
    const page = await readDocuments(ctx.client, ctx.patient, { viewer: ctx.viewer, count: pageSize, signal: ctx.signal });
    // Cached: readDocuments read the same search for the care circle.
    const episodes = await ctx.client.search<EpisodeOfCare>('EpisodeOfCare', ctx.client.forPatient('EpisodeOfCare', ctx.patient, { _count: 100 }), ctx.signal);
    const pathways = mapPathways((episodes.entry ?? []).map((e) => e.resource).filter((r): r is EpisodeOfCare => Boolean(r)), ctx.client.references.lookup).items;
    return new DocumentsStore(page, pathways);
  }

  get store(): DocumentsStore | undefined {
    return this.data.value;
  }

  tl(key: DocumentsMessageKey, params?: Record<string, string | number>): string {
    return tr(this.effectiveLang, key, params);
  }

  /** Re-renders after the store changed in place. */
  changed(): void {
    this.revision++;
    this.requestUpdate();
  }

  announce(text: string): void {
    this.announcement = text;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('query')) this.filters = { ...this.filters, query: this.query };
  }

  // ------------------------------------------------------------------ data

  private async refresh(client: ScopedClient): Promise<void> {
    const store = this.store;
    const patient = client.patient;
    if (!store || !patient) return;
    try {
      const page = await readDocuments(client, patient, { viewer: this.session?.viewer, count: this.pageSize });
      if (client !== this.session?.client || store !== this.store) return;
      const added = store.merge(page);
      if (added) this.announce(this.tl('newDocuments', { count: added }));
      this.changed();
    } catch {
      // A failed check is retried by the live hub; the list stays as it is.
    }
  }

  private async loadMore(): Promise<void> {
    const store = this.store;
    if (!store?.next || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = false;
    try {
      const page = await store.next(this.session?.client?.signal);
      if (store !== this.store) return;
      store.add(page);
      this.changed();
    } catch (err) {
      if (toCoordError(err).kind !== 'aborted') this.moreError = true;
    } finally {
      this.loadingMore = false;
    }
  }

  /** Adds a document the server confirmed (upload), mapped under the same access rules. */
  confirmDocument(resource: DocumentReference, replaces?: string): void {
    const client = this.session?.client;
    const store = this.store;
    if (!client || !store || !resource.id) return;
    client.references.remember([resource]);
    const mapped = mapDocuments([resource], { viewer: this.session?.viewer, lookup: client.references.lookup, patient: client.patient });
    const doc = mapped.items[0];
    if (doc) store.put(doc);
    this.changed();
    this.dispatchEvent(new CoordDocumentUploadedEvent({ reference: `DocumentReference/${resource.id}`, ...(replaces ? { replaces } : {}) }));
  }

  // ------------------------------------------------------------------ view helpers

  pathwayInfo = (key: string): { label: string; colorIndex: number } => {
    if (key === NO_PATHWAY) return { label: this.tl('noPathway'), colorIndex: -1 };
    const p = this.store?.pathways.get(key);
    return p ? { label: p.label, colorIndex: p.colorIndex } : { label: this.tl('unknownPathway'), colorIndex: -1 };
  };

  typeLabel = (entry: Entry): string => {
    if (entry.kind !== 'doc') return '';
    const type = entry.doc.type;
    return type?.label || this.upload.typeLabel(type?.code) || type?.code || this.tl('noType');
  };

  private viewContext() {
    const lang = this.effectiveLang;
    return {
      lang,
      pathwayLabel: (k: string) => this.pathwayInfo(k).label,
      typeLabel: this.typeLabel,
      undatedLabel: this.tl('noDate'),
      hiddenGroupLabel: this.tl('hidden.title.allowed'),
      monthLabel: (m: string) => formatDate(lang, m, 'long'),
    };
  }

  private rowsCache?: { key: string; rows: Row[]; count: number };

  private rows(store: DocumentsStore): { rows: Row[]; count: number } {
    const columns = this.view === 'grid' ? this.gridColumns : 1;
    const key = JSON.stringify([this.revision, store.entries.length, this.filters, this.sort, this.groupBy, columns, this.effectiveLang]);
    if (this.rowsCache?.key === key && this.rowsCacheStore === store) return this.rowsCache;
    const built = buildRows(store.entries, this.filters, this.sort, this.groupBy, this.viewContext());
    this.rowsCache = { key, rows: columns > 1 ? toCardLines(built.rows, columns) : built.rows, count: built.count };
    this.rowsCacheStore = store;
    return this.rowsCache;
  }

  private rowsCacheStore?: DocumentsStore;

  // ------------------------------------------------------------------ render

  override render() {
    return html`<section class="documents" part="base" aria-label=${this.tl('label')}
        @dragover=${this.upload.onDragOver} @dragleave=${this.upload.onDragLeave} @drop=${this.upload.onDrop} @paste=${this.upload.onPaste}>
      ${this.data.render({ ready: (store) => this.renderReady(store), empty: (store) => this.renderReady(store) })}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      <coord-media-viewer lang=${this.effectiveLang}></coord-media-viewer>
    </section>`;
  }

  private renderReady(store: DocumentsStore) {
    const { rows, count } = this.rows(store);
    const selected = store.entries.find((e) => e.key === this.selectedKey);
    return html`${this.renderToolbar(store)}
      ${this.upload.render(store)}
      <div class="body${selected?.kind === 'doc' ? ' with-details' : ''}">
        <div class="list-col">${this.renderList(store, rows, count)}</div>
        ${selected?.kind === 'doc' ? this.renderDetailsPanel(selected.doc) : nothing}
      </div>`;
  }

  private renderToolbar(store: DocumentsStore) {
    const opts = filterOptions(store.entries, this.viewContext());
    const f = this.filters;
    const set = (patch: Partial<DocumentFilters>) => {
      this.filters = { ...this.filters, ...patch };
      if ('query' in patch) this.query = patch.query ?? '';
    };
    const select = (label: DocumentsMessageKey, cls: string, value: string | undefined, options: { value: string; label: string }[], onChange: (v: string) => void) =>
      html`<label class=${cls}>${this.tl(label)}
        <select .value=${value ?? ''} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
          <option value="">${this.tl('all')}</option>
          ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
        </select></label>`;
    return html`<div class="toolbar" part="toolbar" role="group" aria-label=${this.tl('toolbar')}>
      <label class="search">${this.tl('search')}
        <input type="search" .value=${f.query ?? ''} placeholder=${this.tl('searchPlaceholder')} @input=${(e: Event) => set({ query: (e.target as HTMLInputElement).value })} /></label>
      ${select('filterType', 'f-type', f.type, opts.types, (v) => set({ type: v || undefined }))}
      ${select('filterPathway', 'f-pathway', f.pathway, opts.pathways, (v) => set({ pathway: v || undefined }))}
      ${select('filterAuthor', 'f-author', f.author, opts.authors, (v) => set({ author: v || undefined }))}
      <label class="f-since">${this.tl('since')} <input type="date" .value=${f.since ?? ''} @change=${(e: Event) => set({ since: (e.target as HTMLInputElement).value || undefined })} /></label>
      <label class="f-until">${this.tl('until')} <input type="date" .value=${f.until ?? ''} @change=${(e: Event) => set({ until: (e.target as HTMLInputElement).value || undefined })} /></label>
      <label class="group-by">${this.tl('groupBy')}
        <select @change=${(e: Event) => (this.groupBy = (e.target as HTMLSelectElement).value as GroupBy)}>
          ${GROUPS.map((g) => html`<option value=${g} ?selected=${g === this.groupBy}>${this.tl(`group.${g}`)}</option>`)}
        </select></label>
      <label class="sort">${this.tl('sortBy')}
        <select @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as SortBy)}>
          ${SORTS.map((s) => html`<option value=${s} ?selected=${s === this.sort}>${this.tl(`sort.${s}`)}</option>`)}
        </select></label>
      <div class="view-toggle" role="group" aria-label=${this.tl('view')}>
        ${(['list', 'grid'] as const).map((v) => html`<button type="button" aria-pressed=${v === this.view ? 'true' : 'false'} @click=${() => (this.view = v)}>${this.tl(`view.${v}`)}</button>`)}
      </div>
      ${filtersActive(f) ? html`<button type="button" class="clear" @click=${() => this.clearFilters()}>${this.tl('clearFilters')}</button>` : nothing}
    </div>`;
  }

  private clearFilters(): void {
    this.filters = {};
    this.query = '';
  }

  private renderList(store: DocumentsStore, rows: Row[], count: number) {
    const total = store.entries.length;
    if (count === 0) {
      const filtered = total > 0;
      if (!filtered && this.upload.jobs.length > 0) return this.renderFooter(store, 0);
      return html`<div class="state" part="state empty" role="status" data-kind=${filtered ? 'no-match' : 'empty'}>
          <p class="state-title">${this.tl(filtered ? 'noMatch' : 'empty')}</p>
          <p class="state-hint">${this.tl(filtered ? 'noMatchHint' : 'emptyHint')}</p>
          ${filtered && filtersActive(this.filters) ? html`<button type="button" part="action" @click=${() => this.clearFilters()}>${this.tl('clearFilters')}</button>` : nothing}
        </div>
        ${this.renderFooter(store, count)}`;
    }
    const items = itemRows(rows);
    const activeKey = this.activeKey && items.some((r) => r.key === this.activeKey) ? this.activeKey : items[0]?.key;
    const ctx: RowContext = {
      lang: this.effectiveLang,
      activeKey,
      selectedKey: this.selectedKey,
      setSize: store.next ? -1 : count,
      pathway: this.pathwayInfo,
      typeLabel: this.typeLabel,
      thumbnail: (doc: DocumentView) => this.thumbnails.get(this.mediaItem(doc), doc.content[0]?.size),
    };
    const far: RowContext = { ...ctx, thumbnail: (doc: DocumentView) => this.thumbnails.peek(this.mediaItem(doc)) };
    const isGrid = this.view === 'grid';
    return html`<div class="list ${isGrid ? 'grid' : ''}" data-cols=${isGrid ? this.gridColumns : nothing} part="list" role="list" aria-label=${this.tl('label')} aria-busy=${this.loadingMore ? 'true' : 'false'}
        @keydown=${this.onListKey} @click=${this.onListClick} @focusin=${this.onFocusIn} @rangeChanged=${this.onRange}>
        ${this.listRows.render({
          items: rows,
          keyFunction: (r: Row) => r.key,
          // Thumbnails load for the rows near the view only (all rows are in the DOM while few).
          renderItem: (r: Row, i: number) => renderRow(r, this.listRows.isNear(i) ? ctx : far),
        })}
      </div>
      ${this.renderFooter(store, count)}`;
  }

  private renderFooter(store: DocumentsStore, count: number) {
    return html`<div class="list-footer">
      <span>${this.tl('count', { shown: count, total: store.entries.length })}</span>
      ${store.next
        ? html`${this.moreError ? html`<span role="alert">${this.tl('loadMoreFailed')}</span>` : nothing}
            <button type="button" class="more" part="action" ?disabled=${this.loadingMore} @click=${() => void this.loadMore()}>
              ${this.loadingMore ? this.tl('loadingMore') : this.moreError ? this.t('state.retry') : this.tl('loadMore')}</button>`
        : html`<span>${this.tl('allLoaded')}</span>`}
    </div>`;
  }

  private renderDetailsPanel(doc: DocumentView) {
    const client = this.session?.client;
    const content = doc.content[0];
    const source = client && content ? attachmentSource(client, content) : undefined;
    const isAuthor = doc.access.reason === 'author';
    const canWrite = !this.readonly && Boolean(this.session?.viewer.user);
    return renderDetails(doc, { lang: this.effectiveLang, setSize: 0, pathway: this.pathwayInfo, typeLabel: this.typeLabel }, {
      preview: () => void this.preview(doc),
      download: () => void this.download(doc),
      replace: canWrite ? () => void this.upload.startReplace(doc) : undefined,
      toggleMask: canWrite && isAuthor ? () => void this.toggleMask(doc) : undefined,
      close: () => this.closeDetails(),
      masking: this.masking,
      maskMessage: this.maskMessage,
      external: source?.kind === 'external' ? source.domain : undefined,
      hasContent: Boolean(source && source.kind !== 'none'),
    });
  }

  // ------------------------------------------------------------------ actions

  /** Opens a document: details panel, `coord-select`. */
  open(key: string): void {
    const entry = this.store?.entries.find((e) => e.key === key);
    if (entry?.kind !== 'doc') return;
    this.activeKey = key;
    this.selectedKey = key;
    this.maskMessage = undefined;
    this.dispatchEvent(new CoordSelectEvent({ reference: entry.doc.reference, kind: 'document' }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.details')?.focus());
  }

  /**
   * Opens a document's details by reference, once the list is loaded (`coord-record` opening a
   * document selected elsewhere). Resolves false when the document is not among those loaded or
   * the viewer may not see it. A programmatic open: no `coord-select`.
   */
  reveal(reference: string): Promise<boolean> {
    this.pendingReveal?.resolve(false);
    return new Promise((resolve) => {
      this.pendingReveal = { reference, resolve };
      this.requestUpdate();
    });
  }

  private pendingReveal?: { reference: string; resolve: (found: boolean) => void };

  private applyReveal(): void {
    const pending = this.pendingReveal;
    const state = this.data.state.status;
    if (!pending || state === 'loading' || state === 'patient-loading') return;
    this.pendingReveal = undefined;
    const entry = this.store?.entries.find((e) => e.kind === 'doc' && e.key === pending.reference);
    if (!entry) return pending.resolve(false);
    this.activeKey = this.selectedKey = entry.key;
    this.maskMessage = undefined;
    void this.updateComplete.then(() => {
      const details = this.renderRoot.querySelector<HTMLElement>('.details');
      details?.focus();
      details?.scrollIntoView?.({ block: 'nearest' });
      pending.resolve(true);
    });
  }

  private closeDetails(): void {
    const key = this.selectedKey;
    this.selectedKey = undefined;
    if (key) void this.focusKey(key);
  }

  private mediaItem(doc: DocumentView): MediaItem | undefined {
    const client = this.session?.client;
    const content = doc.content[0];
    if (!client || !content) return undefined;
    const name = fileNameFor(docTitle(this.effectiveLang, doc), content.contentType);
    const source = attachmentSource(client, content);
    if (source.kind === 'external') return { key: doc.reference, name, contentType: content.contentType, external: { url: source.url, domain: source.domain } };
    if (source.kind === 'none' || source.kind === 'inline') {
      // Inline bytes are not kept in the view model: read the document itself for them.
      return source.kind === 'none' ? { key: doc.reference, name, contentType: content.contentType } : {
        key: doc.reference, name, contentType: content.contentType,
        load: async (signal) => {
          const { body } = await client.request<DocumentReference>(doc.reference, { signal });
          const att = body?.content?.find((c) => c.attachment?.data)?.attachment;
          return loadAttachment(client, { ...content, data: att?.data }, signal);
        },
      };
    }
    return { key: doc.reference, name, contentType: content.contentType, load: (signal) => loadAttachment(client, content, signal) };
  }

  /** Opens the viewer on `doc`, with the other listed documents as next/previous. */
  async preview(doc: DocumentView): Promise<void> {
    const store = this.store;
    if (!store) return;
    const { rows } = this.rows(store);
    const docs = itemRows(rows).flatMap((r) => (r.entry.kind === 'doc' && r.entry.doc.content.length ? [r.entry.doc] : []));
    const items = docs.map((d) => this.mediaItem(d)).filter((m): m is MediaItem => Boolean(m));
    const viewer = this.renderRoot.querySelector<CoordMediaViewer>('coord-media-viewer')!;
    viewer.items = items;
    await viewer.open(Math.max(0, items.findIndex((m) => m.key === doc.reference)));
  }

  private async download(doc: DocumentView): Promise<void> {
    const item = this.mediaItem(doc);
    if (!item?.load) return;
    try {
      downloadBlob(await item.load(new AbortController().signal), item.name);
    } catch (err) {
      const e = toCoordError(err);
      this.announce(e.kind === 'not-found' ? this.tl('noContent') : this.tl('maskFailed', { detail: e.message }));
    }
  }

  private async toggleMask(doc: DocumentView): Promise<void> {
    const client = this.session?.client;
    if (!client || this.masking) return;
    this.masking = true;
    this.maskMessage = undefined;
    try {
      const { body } = await client.request<DocumentReference>(doc.reference, { cache: false });
      if (body?.resourceType !== 'DocumentReference') throw new Error('not a DocumentReference');
      // The write path arrives on the first mask/unmask (`documents-writes.ts`).
      const { RecordWriter } = await import('./documents-writes.ts');
      const result = await new RecordWriter(client).setDocumentMasked(body, !doc.security.masked);
      if (result.ok) {
        const updated: DocumentView = { ...doc, security: readSecurity(result.resource), versionId: result.resource.meta?.versionId };
        this.store?.update(updated);
        this.maskMessage = this.tl(updated.security.masked ? 'maskDone' : 'unmaskDone');
        this.changed();
      } else if ('conflict' in result) {
        this.maskMessage = this.tl('maskConflict');
      } else {
        this.maskMessage = this.tl('maskFailed', { detail: result.error.message });
        this.emitError({ source: 'documents', kind: result.error.kind, status: result.error.status, message: result.error.message });
      }
    } catch (err) {
      const e = toCoordError(err);
      this.maskMessage = this.tl('maskFailed', { detail: e.message });
    } finally {
      this.masking = false;
    }
  }

  // ------------------------------------------------------------------ keyboard

  private itemKeys(): string[] {
    const store = this.store;
    return store ? itemRows(this.rows(store).rows).map((r) => r.key) : [];
  }

  private onListClick = (e: Event): void => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('[data-key]');
    if (item?.dataset.key) this.open(item.dataset.key);
  };

  private onFocusIn = (e: FocusEvent): void => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset.key;
    if (key && key !== this.activeKey) this.activeKey = key;
  };

  private columns(): number {
    return this.view === 'grid' ? this.gridColumns : 1;
  }

  /** Cards per grid line, from the list's width (15 rem cards). */
  @state() private gridColumns = 3;
  private resizeObserver?: ResizeObserver;

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.applyReveal();
    const list = this.renderRoot.querySelector<HTMLElement>('.list');
    if (!list || this.resizeObserver) return;
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      const rem = parseFloat(getComputedStyle(this).fontSize) || 16;
      const columns = Math.min(6, Math.max(1, Math.floor(width / (15 * rem))));
      if (width > 0 && columns !== this.gridColumns) this.gridColumns = columns;
    });
    this.resizeObserver.observe(list);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.thumbnails.clear();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
  }

  private onListKey = (e: KeyboardEvent): void => {
    const keys = this.itemKeys();
    const current = (e.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset.key;
    if (!current || keys.length === 0) return;
    const i = keys.indexOf(current);
    const step = this.columns();
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown': next = i + step; break;
      case 'ArrowUp': next = i - step; break;
      case 'ArrowRight': next = this.view === 'grid' ? i + 1 : undefined; break;
      case 'ArrowLeft': next = this.view === 'grid' ? i - 1 : undefined; break;
      case 'Home': next = 0; break;
      case 'End': next = keys.length - 1; break;
      case 'PageDown': next = i + 10 * step; break;
      case 'PageUp': next = i - 10 * step; break;
      case 'Enter':
        e.preventDefault();
        this.open(current);
        return;
      default:
        return;
    }
    if (next === undefined) return;
    e.preventDefault();
    next = Math.max(0, Math.min(keys.length - 1, next));
    if (next >= keys.length - 5) void this.loadMore();
    void this.focusKey(keys[next]!);
  };

  private async focusKey(key: string): Promise<void> {
    this.activeKey = key;
    await this.updateComplete;
    const find = () => this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
    let el = find();
    if (!el) {
      const store = this.store;
      const index = store ? this.rows(store).rows.findIndex((r) => r.key === key || (r.type === 'cards' && r.items.some((i) => i.key === key))) : -1;
      this.listRows.scrollToIndex(index);
      for (let i = 0; i < 10 && !el; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        el = find();
      }
    }
    el?.focus();
    el?.scrollIntoView?.({ block: 'nearest' });
  }

  private onRange = (e: RangeChangedEvent): void => {
    const store = this.store;
    if (!store?.next) return;
    const total = this.rows(store).rows.length;
    if (e.last >= total - 10) void this.loadMore();
  };
}
