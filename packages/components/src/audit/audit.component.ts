import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  accessTraceActors,
  filterBounds,
  readAccessTraces,
  readOlderAccessTraces,
  toCoordError,
  type AccessTraceActionFilter,
  type AccessTraceFilter,
  type AccessTracesPage,
  type AccessTraceView,
  type ActorView,
  type CoordError,
} from '@coord/api-client';
import { CoordElement } from '../base/coord-element.ts';
import { formatDateTime, localize } from '../base/i18n.ts';
import { PatientTask } from '../base/patient-task.ts';
import { LazyList } from '../base/lazy-list.ts';
import { hostStyles } from '../base/styles.ts';
import { auditMessages, type AuditMessageKey } from './audit.messages.ts';
import { auditStyles } from './audit.styles.ts';

const ACTIONS: AccessTraceActionFilter[] = ['read', 'create', 'update', 'delete', 'emergency'];
/** Above this many entries the list is virtualised (only what is on screen is in the DOM). */
const VIRTUALISE_FROM = 60;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface AuditStore {
  items: AccessTraceView[];
  older?: AccessTracesPage['older'];
  total?: number;
  unreadable: number;
}

/**
 * The access log of the record, as the DMP shows it to its patients: who read or changed what and
 * when, newest first, from `AuditEvent`. Filter by actor, action (emergency = break the glass) and
 * dates; emergency accesses stand out with their reason. Entities show by kind only ("un
 * document"): resolving them could reveal what a masked document is. An agent that does not
 * resolve is "Acteur inconnu", never a raw reference.
 *
 * @summary Access log (traces d'accès): who accessed or changed the record, and when.
 * @csspart filters - The filter bar.
 * @csspart list - The list of entries.
 * @csspart entry - One entry; `entry emergency` for an emergency access, `entry failed` for a refused one.
 * @csspart badge - The "Accès en urgence" / "Refusé" badge.
 * @csspart reason - The reason of an emergency access or a refusal.
 * @csspart footer - Count and "load older" button.
 * @csspart state - A loading, empty, error or partial state.
 * @csspart action - A retry, clear-filters or load-more button.
 * @cssproperty --coord-audit-height - Height of the list when it is long (default 28rem).
 * @event coord-error - Loading the log failed. `detail: { source: 'audit', kind, status?, message }`.
 */
export class CoordAudit extends CoordElement {
  static override styles = [hostStyles, auditStyles];

  /** Only this actor's entries (`Type/id`). Reflected. */
  @property({ reflect: true }) actor?: string;
  /** `read`, `create`, `update`, `delete` or `emergency`. Reflected. */
  @property({ reflect: true }) action?: string;
  /** `YYYY-MM-DD`, inclusive. Reflected. */
  @property({ reflect: true }) since?: string;
  /** `YYYY-MM-DD`, inclusive. Reflected. */
  @property({ reflect: true }) until?: string;
  /** Entries per page asked of the server (default 50). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private loadingMore = false;
  /** The entries: plain below VIRTUALISE_FROM, virtualised (its code fetched then) from it. */
  private readonly listRows = new LazyList(this, { container: () => this.renderRoot.querySelector<HTMLElement>('.list'), threshold: VIRTUALISE_FROM - 1 });
  @state() private moreError?: CoordError;
  /** What the status region says, as a count: rendered in the current language (it follows a `lang` switch). */
  @state() private announcedCount?: number;
  /** Actors seen so far (the filter's options stay while a filter narrows the list). */
  private actors = new Map<string, ActorView>();
  private more?: AbortController;
  private actorOptions: string[] = [];

  private readonly data = new PatientTask<AuditStore, [string, number]>(this, {
    source: 'audit',
    args: () => [JSON.stringify(this.filter), this.pageSize > 0 ? Math.floor(this.pageSize) : 50],
    reset: () => {
      this.actors = new Map();
      this.more?.abort();
      this.moreError = undefined;
      this.announcedCount = undefined;
    },
    isEmpty: (store) => store.items.length === 0,
    load: async ({ client, patient, signal }, filterKey, pageSize) => {
      this.more?.abort();
      this.moreError = undefined;
      const page = await readAccessTraces(client, patient, { pageSize, filter: JSON.parse(filterKey) as AccessTraceFilter, signal });
      this.learnActors(page.items);
      this.announcedCount = page.items.length;
      return { items: page.items, older: page.older, total: page.total, unreadable: page.issues.filter((i) => /not a usable/.test(i.problem)).length };
    },
  });

  /** The filter the attributes describe (invalid dates ignored). */
  get filter(): AccessTraceFilter {
    const action = ACTIONS.includes(this.action as AccessTraceActionFilter) ? (this.action as AccessTraceActionFilter) : undefined;
    const f: AccessTraceFilter = {};
    if (this.actor) f.actor = this.actor;
    if (action) f.action = action;
    if (this.since && DATE.test(this.since)) f.since = this.since;
    if (this.until && DATE.test(this.until)) f.until = this.until;
    return f;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.more?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('actor') || changed.has('action') || changed.has('since') || changed.has('until')) this.more?.abort();
  }

  private ta(key: AuditMessageKey, params?: Record<string, string | number>): string {
    return localize(auditMessages, this.effectiveLang, key, params);
  }

  private learnActors(items: AccessTraceView[]): void {
    for (const actor of accessTraceActors(items)) if (actor.reference && !this.actors.has(actor.reference)) this.actors.set(actor.reference, actor);
  }

  protected override render() {
    return html`<section class="audit" part="audit" aria-label=${this.ta('label')}>
      <p class="intro">${this.ta('intro')}</p>
      ${this.renderFilters()}
      ${this.data.render({ ready: (store) => this.renderReady(store), empty: () => this.renderEmpty() })}
      <p class="visually-hidden" role="status">${this.announcedCount === undefined ? '' : this.ta('loaded', { count: this.announcedCount })}</p>
    </section>`;
  }

  private renderFilters() {
    const f = this.filter;
    const active = Object.keys(f).length > 0;
    const { from, to } = filterBounds(f);
    const badDates = from !== undefined && to !== undefined && from > to;
    const actors = [...this.actors.values()];
    if (f.actor && !this.actors.has(f.actor)) actors.push({ reference: f.actor, unresolved: true });
    // Options are numbered: an actor's reference never reaches the DOM (an unknown one is "Acteur inconnu").
    this.actorOptions = actors.map((a) => a.reference ?? '');
    let unknown = 0;
    const unknowns = actors.filter((a) => !a.name).length;
    const label = (a: ActorView): string => (a.name ? this.actorName(a) : unknowns > 1 ? `${this.ta('unknownActor')} ${++unknown}` : this.ta('unknownActor'));
    return html`<form class="filters" part="filters" aria-label=${this.ta('filters')} @submit=${(e: Event) => e.preventDefault()}>
      <label>
        <span>${this.ta('actor')}</span>
        <select name="actor" @change=${this.onFilter}>
          <option value="" ?selected=${!f.actor}>${this.ta('all')}</option>
          ${actors.map((a, i) => html`<option value=${String(i)} ?selected=${a.reference === f.actor}>${label(a)}</option>`)}
        </select>
      </label>
      <label>
        <span>${this.ta('action')}</span>
        <select name="action" @change=${this.onFilter}>
          <option value="" ?selected=${!f.action}>${this.ta('allActions')}</option>
          ${ACTIONS.map((a) => html`<option value=${a} ?selected=${a === f.action}>${this.ta(`action.${a}`)}</option>`)}
        </select>
      </label>
      <label>
        <span>${this.ta('since')}</span>
        <input type="date" name="since" .value=${this.since ?? ''} @change=${this.onFilter} aria-invalid=${badDates ? 'true' : 'false'} />
      </label>
      <label>
        <span>${this.ta('until')}</span>
        <input type="date" name="until" .value=${this.until ?? ''} @change=${this.onFilter} aria-invalid=${badDates ? 'true' : 'false'} />
      </label>
      ${active ? html`<button type="button" part="action clear" @click=${this.clearFilters}>${this.ta('clearFilters')}</button>` : nothing}
      ${badDates ? html`<p class="warning" role="alert">${this.ta('badDates')}</p>` : nothing}
    </form>`;
  }

  private readonly onFilter = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const value = target.value || undefined;
    if (target.name === 'actor') this.actor = value === undefined ? undefined : this.actorOptions[Number(value)] || undefined;
    else if (target.name === 'action') this.action = value;
    else if (target.name === 'since') this.since = value;
    else if (target.name === 'until') this.until = value;
  };

  private readonly clearFilters = (): void => {
    this.actor = this.action = this.since = this.until = undefined;
  };

  private renderEmpty() {
    const filtered = Object.keys(this.filter).length > 0;
    return html`<div class="state empty" part="state empty" role="status" data-kind=${filtered ? 'no-match' : 'empty'}>
      <p class="state-title">${this.ta(filtered ? 'noMatch' : 'empty')}</p>
      <p class="state-hint">${this.ta(filtered ? 'noMatchHint' : 'emptyHint')}</p>
      ${filtered ? html`<button type="button" part="action" @click=${this.clearFilters}>${this.ta('clearFilters')}</button>` : nothing}
    </div>`;
  }

  private renderReady(store: AuditStore) {
    const long = store.items.length >= VIRTUALISE_FROM;
    return html`${store.unreadable
        ? html`<div class="state" data-tone="warning" part="state partial" role="status" data-kind="partial">
            <p class="state-hint">${this.ta('partial', { count: store.unreadable })}</p>
          </div>`
        : nothing}
      <div class="list ${long ? 'long' : ''}" part="list" role="list" aria-label=${this.ta('label')} tabindex=${long ? '0' : nothing}>
        ${this.listRows.render({ items: store.items, keyFunction: (t: AccessTraceView) => t.reference, renderItem: (t: AccessTraceView) => this.renderEntry(t) })}
      </div>
      ${this.renderFooter(store)}`;
  }

  private actorName(actor: ActorView | undefined): string {
    return actor?.name || this.ta('unknownActor');
  }

  private whatText(trace: AccessTraceView): string {
    const what = trace.what;
    if (what.length === 0) return this.ta('record');
    if (what.length > 1) return this.ta('entities', { count: what.length });
    const type = what[0]!.type;
    const key = `entity.${type}` as AuditMessageKey;
    return type && key in auditMessages.fr ? this.ta(key) : this.ta('entity.other');
  }

  private renderEntry(t: AccessTraceView) {
    const lang = this.effectiveLang;
    const who = this.actorName(t.who);
    const verb = this.ta(t.action ? (`action.${t.action}` as AuditMessageKey) : 'action.unknown');
    const parts = ['entry', t.breakTheGlass ? 'emergency' : '', t.failed ? 'failed' : ''].filter(Boolean).join(' ');
    return html`<div role="listitem" class=${parts} part=${parts} data-ref=${t.reference}>
      <p class="line">
        <time datetime=${t.when ?? nothing}>${t.when ? formatDateTime(lang, t.when) : '—'}</time>
        <span class="who ${t.who?.name ? '' : 'unknown'}">${who}</span>${t.who?.role ? html` <span class="role">(${t.who.role})</span>` : nothing}
        <span class="verb">${verb}</span>
        <span class="what">${this.whatText(t)}</span>
        ${t.breakTheGlass ? html`<span class="badge emergency" part="badge">${this.ta('emergency')}</span>` : nothing}
        ${t.failed ? html`<span class="badge failed" part="badge">${this.ta('failed')}</span>` : nothing}
      </p>
      ${t.reason ? html`<p class="reason" part="reason">${this.ta(t.breakTheGlass ? 'emergencyReason' : 'reason', { reason: t.reason })}</p>` : nothing}
    </div>`;
  }

  private renderFooter(store: AuditStore) {
    const shown = store.items.length;
    const count = store.total !== undefined && store.total > shown && !Object.keys(this.filter).length
      ? this.ta('countOf', { shown, total: store.total })
      : this.ta('count', { shown });
    return html`<div class="footer" part="footer">
      <span>${count}</span>
      ${this.moreError ? html`<span role="alert">${this.ta('loadMoreFailed')}</span>` : nothing}
      ${store.older
        ? html`<button type="button" part="action load-more" ?disabled=${this.loadingMore} @click=${() => this.loadMore(store)}>
            ${this.loadingMore ? this.ta('loadingMore') : this.moreError ? this.t('state.retry') : this.ta('loadMore')}
          </button>`
        : html`<span class="muted">${this.ta('allLoaded')}</span>`}
    </div>`;
  }

  private async loadMore(store: AuditStore): Promise<void> {
    const client = this.session?.client;
    if (!store.older || !client || this.loadingMore) return;
    this.more?.abort();
    const more = new AbortController();
    this.more = more;
    this.loadingMore = true;
    this.moreError = undefined;
    try {
      const page = await readOlderAccessTraces(client, store.older, { signal: more.signal });
      if (more.signal.aborted || this.data.value !== store) return;
      this.learnActors(page.items);
      store.items = [...store.items, ...page.items.filter((t) => !store.items.some((s) => s.reference === t.reference))];
      store.older = page.older;
      store.unreadable += page.issues.filter((i) => /not a usable/.test(i.problem)).length;
      this.announcedCount = store.items.length;
    } catch (err) {
      if (!more.signal.aborted) this.moreError = toCoordError(err);
    } finally {
      if (this.more === more) this.loadingMore = false;
      this.requestUpdate();
    }
  }
}
