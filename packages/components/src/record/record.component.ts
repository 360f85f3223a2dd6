import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  bundleResources,
  clock,
  countOverdueActions,
  mapPathways,
  readCareCircle,
  readDigest,
  type CareMemberView,
  type Digest,
  type DigestItem,
  type DigestSection,
  type PathwayView,
} from '@coord/api-client';
import { CoordElement } from '../base/coord-element.ts';
import { PatientTask, type PatientTaskContext } from '../base/patient-task.ts';
import { formatDateTime, localize } from '../base/i18n.ts';
import { formatRelative } from './relative-time.ts';
import { renderErrorState } from '../base/states.ts';
import { hostStyles } from '../base/styles.ts';
import { CoordSelectEvent } from '../events/coord-select.ts';
import { CoordViewChangeEvent, type RecordView } from '../events/coord-view-change.ts';
import { recordMessages, type RecordMessageKey } from './record.messages.ts';
import { DEFAULT_VIEW, loadSection, SECTION_TAGS, SectionUnavailableError, toView, VIEWS } from './record-sections.ts';
import { loadVisit, saveVisit, visitKey } from './record-visit.ts';
import { recordStyles } from './record.styles.ts';

/** Width (CSS px of the element itself, not the viewport) from which sections sit side by side. */
export const WIDE_FROM = 1100;
/** Changes read per source for the digest. */
const DIGEST_COUNT = 50;

interface RecordNews {
  digest: Digest;
  /** Overdue PPCS actions; undefined when the plan could not be read. */
  overdue?: number;
  /** Pathways and care circle; undefined when they could not be read. */
  context?: RecordContext;
}

interface RecordContext {
  pathways: PathwayView[];
  members: CareMemberView[];
}

type SectionState = 'loading' | 'ready' | 'failed' | 'unavailable';

/** A section element that can open one of its items (documents, PPCS). */
interface Revealing extends HTMLElement {
  reveal?: (reference: string, activityIndex?: number) => Promise<boolean>;
}

const DIGEST_GROUPS: readonly DigestSection[] = ['chat', 'documents', 'ppcs', 'timeline', 'notes'];
/** The `coord-select` kind of a digest item (the timeline's kinds where they exist). */
const SELECT_KIND: Readonly<Record<DigestItem['kind'], string>> = {
  document: 'document', note: 'note', message: 'message', 'ppcs-action': 'ppcs-action', 'ppcs-plan': 'ppcs-plan', movement: 'encounter', lab: 'lab',
};

/**
 * The whole coordination record in one element: the patient banner with the active pathways and
 * the care circle, then the sections — overview ("Depuis ma dernière visite"), timeline,
 * documents, notes, PPCS, messages, access log — each with its badge (unread messages, overdue
 * actions, what is new since the last visit). Sections are tabs (WAI-ARIA tabs, manual
 * activation) and only the open one is created and loaded; from 1100 px of its own width the
 * messages sit beside the other sections. Selecting an item in one section opens it in its own
 * (a document of the timeline in the documents viewer, an action in the PPCS) unless the host
 * calls `preventDefault()` on the `coord-select` event.
 *
 * Inside a `coord-provider` it uses the provider's session; given its own `base-url` and
 * `patient`/`patient-identifier`, it builds one and provides it to every section.
 *
 * @summary The coordination record: banner, sections as tabs or side by side, and what changed since the last visit.
 * @csspart base - The whole record.
 * @csspart banner - The patient banner element.
 * @csspart context - Active pathways and care circle.
 * @csspart pathway - An active pathway chip.
 * @csspart circle - The care circle disclosure.
 * @csspart tabs - The tab list.
 * @csspart tab - A section tab (`tab selected` for the open one).
 * @csspart badge - A count on a tab (`badge danger` for overdue actions).
 * @csspart panel - The open section.
 * @csspart side - The messages beside the sections (wide layout).
 * @csspart digest - "Depuis ma dernière visite".
 * @csspart digest-item - One change of the digest (a button that opens it).
 * @csspart state - Loading, unavailable and error states.
 * @csspart action - Buttons of states.
 * @cssproperty --coord-record-side-width - Width of the messages column in the wide layout (default 26rem).
 * @cssproperty --coord-record-section-height - Height given to each section (default 36rem).
 * @event coord-view-change - The user opened another section: `{view}`; `view` already reflects it.
 * @event coord-select - The user opened a change of the digest `{reference, kind}`, or an item in a section (see each element); cancel it to stop the record opening the item in its section.
 * @event coord-error - A load failed: `{source: 'record', kind, status?, message}` (and the sections' own).
 */
export class CoordRecord extends CoordElement {
  static override styles = [hostStyles, recordStyles];

  /** The open section: `overview` (default), `timeline`, `documents`, `notes`, `ppcs`, `chat`, `audit`. Unknown values open the overview. */
  @property({ reflect: true }) view: string = DEFAULT_VIEW;
  /** Passed to every section (`poll-interval` seconds, 0 = off); each section's default when absent. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval?: number;

  /** Laid out side by side (own width ≥ 1100 px). */
  @state() private wide = false;
  @state() private sections = new Map<string, SectionState>();
  /** Sections opened during this visit: their "new" badges are read. */
  @state() private seen = new Set<string>();
  /** The tab holding the roving tab stop (the open one unless arrows moved focus). */
  @state() private focusedTab?: RecordView;
  @state() private notice = '';
  /** This visit's start, written as the last visit after the overview was seen, or on leaving. */
  private visit?: { key: string | undefined; start: number; saved: boolean };
  private resizeObserver?: ResizeObserver;

  private readonly news = new PatientTask<RecordNews>(this, {
    source: 'record',
    load: (ctx) => this.loadNews(ctx),
    reset: () => {
      this.leave();
      this.visit = undefined;
      this.seen = new Set([this.currentView]);
      this.notice = '';
    },
  });

  /** The open section (the attribute, or the default for an unknown value). */
  get currentView(): RecordView {
    return toView(this.view);
  }

  private rt(key: RecordMessageKey, params?: Record<string, string | number>): string {
    return localize(recordMessages, this.effectiveLang, key, params);
  }

  private plural(base: 'badge.new' | 'badge.unread' | 'badge.overdue' | 'circle', count: number): string {
    const locale = this.effectiveLang === 'en' ? 'en-GB' : 'fr-FR';
    const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
    return this.rt(`${base}.${form}` as RecordMessageKey, { count: new Intl.NumberFormat(locale).format(count) });
  }

  // ------------------------------------------------------------------ data

  private async loadNews(ctx: PatientTaskContext): Promise<RecordNews> {
    const key = await visitKey(ctx.client.baseUrl, ctx.patient, ctx.viewer.user);
    const lastVisit = loadVisit(key);
    const now = clock.now();
    // One load for the banner's context, the digest and the badges: what the record shows of a
    // patient arrives together (and a switch cancels it together). The extras may fail alone.
    const optional = <T>(run: Promise<T>): Promise<T | undefined> =>
      run.catch((err: unknown) => {
        if (ctx.signal.aborted) throw err;
        return undefined;
      });
    const [digest, overdue, context] = await Promise.all([
      readDigest(ctx.client, ctx.patient, { lastVisit, viewer: ctx.viewer, now, count: DIGEST_COUNT, signal: ctx.signal }),
      optional(countOverdueActions(ctx.client, ctx.patient, { now, signal: ctx.signal })),
      optional(this.loadContext(ctx)),
    ]);
    this.visit = { key, start: now, saved: false };
    return { digest, overdue, context };
  }

  private async loadContext(ctx: PatientTaskContext): Promise<RecordContext> {
    const [circle, episodes] = await Promise.all([
      readCareCircle(ctx.client, ctx.patient, { signal: ctx.signal, viewer: ctx.viewer.user }),
      ctx.client.search('EpisodeOfCare', ctx.client.forPatient('EpisodeOfCare', ctx.patient, { _count: 100 }), ctx.signal),
    ]);
    const pathways = mapPathways(bundleResources(episodes), ctx.client.references.lookup).items.filter((p) => p.status === 'active');
    return { pathways, members: circle.items.filter((m) => m.active) };
  }

  /** Writes this visit as the last one (once). */
  private leave = (): void => {
    const visit = this.visit;
    if (!visit || visit.saved) return;
    visit.saved = true;
    saveVisit(visit.key, visit.start);
  };

  private onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.leave();
  };

  // ------------------------------------------------------------------ lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    this.seen = new Set([...this.seen, this.currentView]);
    this.resizeObserver = new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      const wide = width >= WIDE_FROM;
      if (width > 0 && wide !== this.wide) this.wide = wide;
    });
    this.resizeObserver.observe(this);
    addEventListener('pagehide', this.leave);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    removeEventListener('pagehide', this.leave);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.leave();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('view')) this.focusedTab = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The overview was shown with the news: this visit counts as seen.
    if (this.mainView === 'overview' && this.news.value && this.visit && !this.visit.saved) this.leave();
  }

  // ------------------------------------------------------------------ views

  /** The tabs: every section, except the messages when they sit beside (wide layout). */
  private get tabs(): readonly RecordView[] {
    return this.wide ? VIEWS.filter((v) => v !== 'chat') : VIEWS;
  }

  /** The section in the tab panel. */
  private get mainView(): RecordView {
    const view = this.currentView;
    return this.wide && view === 'chat' ? DEFAULT_VIEW : view;
  }

  /** Opens a section as the user asked: reflected in `view`, announced with `coord-view-change`. */
  private choose(view: RecordView): void {
    this.notice = '';
    this.seen = new Set([...this.seen, view]);
    if (view === this.currentView && this.view === view) return;
    this.view = view;
    this.dispatchEvent(new CoordViewChangeEvent({ view }));
  }

  private ensureSection(tag: string): SectionState {
    if (customElements.get(tag)) return 'ready';
    const known = this.sections.get(tag);
    if (known) return known;
    this.sections = new Map(this.sections).set(tag, 'loading');
    loadSection(tag).then(
      () => this.setSection(tag, 'ready'),
      (err: unknown) => {
        this.setSection(tag, err instanceof SectionUnavailableError ? 'unavailable' : 'failed');
        if (!(err instanceof SectionUnavailableError)) {
          this.emitError({ source: 'record', kind: 'network', message: err instanceof Error ? err.message : String(err) });
        }
      },
    );
    return 'loading';
  }

  private setSection(tag: string, value: SectionState | undefined): void {
    const next = new Map(this.sections);
    if (value) next.set(tag, value);
    else next.delete(tag);
    this.sections = next;
  }

  // ------------------------------------------------------------------ opening items

  /** `coord-select` from a section: opens the item in its own section, unless the host took over. */
  private onSelect = (e: CoordSelectEvent): void => {
    const from = (e.target as Element | null)?.localName;
    const { reference, kind, activityIndex } = e.detail;
    let target: RecordView | undefined;
    if (kind === 'document' && from !== 'coord-documents') target = 'documents';
    else if (kind === 'ppcs-action' && from !== 'coord-ppcs') target = 'ppcs';
    else if (kind === 'message' && from === 'coord-timeline') target = 'chat';
    if (!target) return;
    // The record opens it in its section, not the section's own view of it (the timeline's
    // detail): the section's event stops here and the host gets one of the record's own, whose
    // preventDefault() takes over.
    e.stopPropagation();
    e.preventDefault();
    if (this.dispatchEvent(new CoordSelectEvent(e.detail))) void this.openIn(target, reference, activityIndex);
  };

  /** Opens a section and, in it, an item (documents and PPCS reveal it; other sections open). */
  async openIn(view: RecordView, reference?: string, activityIndex?: number): Promise<void> {
    this.choose(view);
    if (view === 'overview' || !reference || (view !== 'documents' && view !== 'ppcs')) return;
    const tag = SECTION_TAGS[view];
    try {
      await loadSection(tag);
    } catch {
      return; // the section says it could not be loaded
    }
    // Defined now: render it (this may run before the section's own "ready" re-render).
    this.requestUpdate();
    await this.updateComplete;
    const el = this.renderRoot.querySelector<Revealing>(tag);
    const found = el?.reveal ? await el.reveal(reference, activityIndex) : false;
    if (!found && this.currentView === view) this.notice = this.rt('notFoundInSection');
  }

  /** A digest item: `coord-select` for the host (which may take over), then its section. */
  private openItem(item: DigestItem): void {
    const event = new CoordSelectEvent({ reference: item.reference, kind: SELECT_KIND[item.kind] });
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const revealable = item.kind === 'document' || item.kind === 'ppcs-action';
    void this.openIn(item.section, revealable ? item.reference : undefined);
  }

  // ------------------------------------------------------------------ keyboard

  private onTabKey = (e: KeyboardEvent): void => {
    const tabs = this.tabs;
    const current = (e.target as HTMLElement).closest<HTMLElement>('[role="tab"]')?.dataset.view as RecordView | undefined;
    const i = current ? tabs.indexOf(current) : -1;
    if (i < 0) return;
    let next: number;
    switch (e.key) {
      case 'ArrowRight': next = (i + 1) % tabs.length; break;
      case 'ArrowLeft': next = (i - 1 + tabs.length) % tabs.length; break;
      case 'Home': next = 0; break;
      case 'End': next = tabs.length - 1; break;
      default: return;
    }
    e.preventDefault();
    this.focusedTab = tabs[next];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tabs[next]}`)?.focus());
  };

  // ------------------------------------------------------------------ render

  override render(): TemplateResult {
    const ready = this.session?.patient.status === 'ready';
    return html`<div class="record" part="base" data-layout=${this.wide ? 'wide' : 'narrow'} role="region" aria-label=${this.rt('label')}
        @coord-select=${this.onSelect}>
      <coord-patient-banner part="banner" lang=${this.effectiveLang}></coord-patient-banner>
      ${ready ? html`${this.renderContext()}${this.renderBody()}` : nothing}
    </div>`;
  }

  private renderContext(): unknown {
    const s = this.news.state;
    if (s.status !== 'ready' && s.status !== 'empty') {
      // Loading; a failed load is explained (with its retry) in the overview.
      return s.status === 'error' ? nothing : html`<div class="context" part="context" aria-busy="true"><span class="skeleton" aria-hidden="true"></span></div>`;
    }
    if (!s.value.context) {
      return html`<div class="context failed" part="context" role="status">
        <span>${this.rt('contextFailed')}</span>
        <button type="button" part="action" @click=${() => this.news.reload()}>${this.t('state.retry')}</button>
      </div>`;
    }
    const { pathways, members } = s.value.context;
    return html`<div class="context" part="context" role="group" aria-label=${this.rt('context')}>
      ${pathways.length
        ? html`<ul class="pathways" aria-label=${this.rt('pathways')}>
            ${pathways.map((p) => html`<li class="pathway" part="pathway" data-color=${p.colorIndex}>${p.label}</li>`)}
          </ul>`
        : html`<p class="muted">${this.rt('noPathway')}</p>`}
      ${members.length
        ? html`<details class="circle" part="circle">
            <summary>${this.plural('circle', members.length)}</summary>
            <ul>
              ${members.map((m) => html`<li><span class="name">${m.actor.name ?? this.rt('untitled')}</span>${m.roles[0] ? html` <span class="muted">· ${m.roles[0]}</span>` : nothing}</li>`)}
            </ul>
          </details>`
        : html`<p class="muted">${this.rt('circleEmpty')}</p>`}
    </div>`;
  }

  private renderBody(): TemplateResult {
    const main = this.mainView;
    const focused = this.focusedTab && this.tabs.includes(this.focusedTab) ? this.focusedTab : main;
    return html`<div class="body">
      <div class="main">
        <div class="tabs" part="tabs" role="tablist" aria-label=${this.rt('tabs')} @keydown=${this.onTabKey}>
          ${this.tabs.map(
            (v) => html`<button type="button" role="tab" id="tab-${v}" data-view=${v} part=${v === main ? 'tab selected' : 'tab'}
                aria-selected=${v === main ? 'true' : 'false'} aria-controls="panel-${v}" tabindex=${v === focused ? 0 : -1}
                @click=${() => this.choose(v)}>${this.rt(`tab.${v}`)}${this.renderBadge(v)}</button>`,
          )}
        </div>
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
        <div class="panel" part="panel" role="tabpanel" id="panel-${main}" aria-labelledby="tab-${main}" tabindex="0" data-view=${main}>
          ${this.renderSection(main)}
        </div>
      </div>
      ${this.wide
        ? html`<div class="side" part="side" data-view="chat">${this.renderSection('chat')}</div>`
        : nothing}
    </div>`;
  }

  private renderBadge(view: RecordView): unknown {
    const news = this.news.value;
    if (!news) return nothing;
    const badge = (count: number, text: string, tone?: 'danger', atLeast = false) =>
      html` <span class="badge" part=${tone ? 'badge danger' : 'badge'} data-tone=${ifDefined(tone)}>
        <span aria-hidden="true">${atLeast ? `${count}+` : count}</span>
        <span class="visually-hidden">${atLeast ? this.rt('badge.atLeast', { count: text }) : text}</span>
      </span>`;
    if (view === 'ppcs' && news.overdue) return badge(news.overdue, this.plural('badge.overdue', news.overdue), 'danger');
    if (view === 'overview' || view === 'audit' || this.seen.has(view)) return nothing;
    const count = news.digest.counts[view as DigestSection] ?? 0;
    if (!count) return nothing;
    const truncated = news.digest.truncated.some((source) => sectionsOf(source).includes(view as DigestSection));
    return badge(count, this.plural(view === 'chat' ? 'badge.unread' : 'badge.new', count), undefined, truncated);
  }

  private renderSection(view: RecordView): unknown {
    if (view === 'overview') return this.renderOverview();
    const tag = SECTION_TAGS[view];
    const status = this.ensureSection(tag);
    if (status === 'loading') {
      return html`<div class="state loading" part="state loading" role="status" aria-busy="true">
        <span class="visually-hidden">${this.rt('section.loading')}</span>
        <span class="skeleton" aria-hidden="true"></span><span class="skeleton" aria-hidden="true"></span>
      </div>`;
    }
    if (status === 'unavailable' || status === 'failed') {
      const unavailable = status === 'unavailable';
      return html`<div class="state" part="state" role="status" data-kind=${status}>
        <p class="state-title">${this.rt(unavailable ? 'section.unavailable' : 'section.failed')}</p>
        <p class="state-hint">${this.rt(unavailable ? 'section.unavailableHint' : 'section.failedHint')}</p>
        ${unavailable ? nothing : html`<button type="button" part="action" @click=${() => this.setSection(tag, undefined)}>${this.t('state.retry')}</button>`}
      </div>`;
    }
    const lang = this.effectiveLang;
    const poll = this.pollInterval;
    switch (view) {
      case 'timeline': return html`<coord-timeline lang=${lang} poll-interval=${ifDefined(poll)}></coord-timeline>`;
      case 'documents': return html`<coord-documents lang=${lang} poll-interval=${ifDefined(poll)}></coord-documents>`;
      case 'notes': return html`<coord-notes lang=${lang} poll-interval=${ifDefined(poll)}></coord-notes>`;
      case 'ppcs': return html`<coord-ppcs lang=${lang} poll-interval=${ifDefined(poll)}></coord-ppcs>`;
      case 'chat': return html`<coord-chat lang=${lang} poll-interval=${ifDefined(poll)}></coord-chat>`;
      case 'audit': return html`<coord-audit lang=${lang}></coord-audit>`;
    }
  }

  private renderOverview(): TemplateResult {
    return html`<section class="digest" part="digest" aria-labelledby="digest-title">
      <h2 id="digest-title">${this.rt('digest.title')}</h2>
      ${this.news.render({
        ready: (news) => this.renderDigest(news.digest),
        loading: () => html`<div class="state loading" part="state loading" role="status" aria-busy="true">
          <span class="visually-hidden">${this.rt('digest.loading')}</span>
          <span class="skeleton" aria-hidden="true"></span><span class="skeleton" aria-hidden="true"></span>
        </div>`,
      })}
    </section>`;
  }

  private renderDigest(digest: Digest): TemplateResult {
    const lang = this.effectiveLang;
    const intro = digest.firstVisit
      ? this.rt('digest.first')
      : this.rt('digest.since', { date: formatDateTime(lang, digest.since, { dateStyle: 'long', timeStyle: 'short' }) });
    const failed = digest.failed.map((s) => this.rt(`source.${s}`)).join(', ');
    const groups = DIGEST_GROUPS.map((section) => ({ section, items: digest.items.filter((i) => i.section === section) })).filter((g) => g.items.length);
    return html`<p class="intro">${intro}</p>
      ${failed ? html`<p class="partial" role="status">${this.rt('digest.partial', { sources: failed })}</p>` : nothing}
      ${digest.truncated.length ? html`<p class="muted">${this.rt('digest.truncated', { count: DIGEST_COUNT })}</p>` : nothing}
      ${groups.length === 0
        ? html`<p class="empty" role="status" data-kind="empty">${this.rt(digest.firstVisit ? 'digest.emptyFirst' : 'digest.empty')}</p>`
        : groups.map(
            (g) => html`<section class="group" aria-labelledby="group-${g.section}">
              <h3 id="group-${g.section}">${this.rt(`group.${g.section}`)} <span class="muted">(${g.items.length})</span></h3>
              <ul>${g.items.map((item) => html`<li>${this.renderItem(item)}</li>`)}</ul>
            </section>`,
          )}`;
  }

  private renderItem(item: DigestItem): TemplateResult {
    const lang = this.effectiveLang;
    const status = item.kind === 'ppcs-action' && item.status ? this.rt(`status.${item.status}` as RecordMessageKey) : undefined;
    const meta = [
      this.rt(`kind.${item.kind}`),
      item.kind === 'ppcs-plan' ? undefined : this.rt(`change.${item.change}`),
      status,
      item.actor?.name ? this.rt('by', { name: item.actor.name }) : undefined,
    ].filter(Boolean).join(' · ');
    return html`<button type="button" class="item" part="digest-item" data-kind=${item.kind} data-reference=${item.reference} @click=${() => this.openItem(item)}>
      <span class="item-title">${item.title ?? this.rt('untitled')}</span>
      <span class="item-meta">${meta}</span>
      <time class="item-time" datetime=${new Date(item.time).toISOString()} title=${formatDateTime(lang, item.time)}>${formatRelative(lang, item.time)}</time>
    </button>`;
  }
}

function sectionsOf(source: Digest['truncated'][number]): DigestSection[] {
  switch (source) {
    case 'DocumentReference': return ['documents', 'notes'];
    case 'Communication': return ['chat'];
    case 'Task':
    case 'CarePlan': return ['ppcs'];
    default: return ['timeline'];
  }
}
