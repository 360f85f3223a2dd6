/**
 * What `<coord-timeline>` says about what it shows: the partial state (sources that failed,
 * grouped by cause, each with the action that helps), the list footer and the counts ("2 éléments
 * affichés sur 60 (filtres actifs)", never "all shown" while a filter hides most). Pure templates.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CoordError, TimelineSourceFailure, TimelineSourceTruncation } from '@coord/api-client';
import { localize, msg, type Lang } from '../base/i18n.ts';
import { timelineMessages, type TimelineMessageKey } from './timeline.messages.ts';

const t = (lang: Lang, key: TimelineMessageKey, params?: Record<string, string | number>): string =>
  localize(timelineMessages, lang, key, params);

type Cause = 'forbidden' | 'auth' | 'server' | 'network' | 'timeout' | 'other';

/** The cause a user can act on: a refusal, an expired session, or a fault that a retry may fix. */
export function causeOf(error: Pick<CoordError, 'kind'>): Cause {
  switch (error.kind) {
    case 'forbidden':
    case 'auth':
    case 'network':
    case 'timeout':
      return error.kind;
    case 'server':
    case 'rate-limited':
      return 'server';
    default:
      return 'other';
  }
}

export function causeText(lang: Lang, error: Pick<CoordError, 'kind'>): string {
  return t(lang, `sourceError.${causeOf(error)}` as TimelineMessageKey);
}

export interface PartialHandlers {
  retry: () => void;
  signIn: () => void;
}

/**
 * Sources that failed while the rest is shown: "documents (accès refusé), consultations (erreur du
 * serveur)", then what helps — a retry for a server or network fault, sign in again for an expired
 * session, and for a refusal who to ask (no retry: it cannot help).
 */
export function renderPartial(lang: Lang, failures: TimelineSourceFailure[], h: PartialHandlers): TemplateResult | typeof nothing {
  if (!failures.length) return nothing;
  const sources = failures.map((f) => `${t(lang, `source.${f.source}`)} (${causeText(lang, f.error)})`).join(', ');
  const causes = new Set(failures.map((f) => causeOf(f.error)));
  const retryable = [...causes].some((c) => c === 'server' || c === 'network' || c === 'timeout' || c === 'other');
  return html`<div class="state" data-tone="warning" part="state partial" role="status" data-kind="partial">
    <p class="state-title">${t(lang, 'partial')}</p>
    <p class="state-hint">${t(lang, 'partialHint', { sources })}</p>
    ${causes.has('forbidden') ? html`<p class="state-hint" data-cause="forbidden">${t(lang, 'partialAction.forbidden')}</p>` : nothing}
    ${causes.has('auth') ? html`<p class="state-hint" data-cause="auth">${t(lang, 'partialAction.auth')}</p>` : nothing}
    ${retryable ? html`<p class="state-hint" data-cause="retry">${t(lang, 'partialAction.retry')}</p>` : nothing}
    ${causes.has('auth') ? html`<button type="button" part="action" @click=${h.signIn}>${msg(lang, 'state.signIn')}</button>` : nothing}
    ${retryable ? html`<button type="button" part="action" @click=${h.retry}>${msg(lang, 'state.retry')}</button>` : nothing}
  </div>`;
}

export interface CountModel {
  /** Top-level items loaded. */
  loaded: number;
  /** Top-level items the filters let through. */
  shown: number;
  filtersActive: boolean;
  done: boolean;
  truncated: TimelineSourceTruncation[];
}

/** What the footer and the live region say about the count. */
export function countText(lang: Lang, c: CountModel): string {
  if (c.done && c.truncated.length) {
    const missing = c.truncated.reduce((n, g) => n + (g.total - g.received), 0);
    const sources = c.truncated.map((g) => t(lang, `source.${g.source}`)).join(', ');
    return t(lang, 'truncated', { missing, sources, count: c.loaded });
  }
  if (c.filtersActive && c.shown !== c.loaded) return t(lang, c.done ? 'shownOf' : 'shownOfLoaded', { shown: c.shown, count: c.loaded });
  return t(lang, c.done ? 'allLoaded' : 'loaded', { count: c.loaded });
}

export interface FooterModel extends CountModel {
  loadingMore: boolean;
  moreError?: CoordError;
}

export function renderFooter(lang: Lang, f: FooterModel, loadMore: () => void): TemplateResult | typeof nothing {
  if (f.done) {
    if (!f.loaded) return nothing;
    return html`<p class="list-footer" data-kind=${f.truncated.length ? 'truncated' : 'count'} role=${f.truncated.length ? 'status' : nothing}>${countText(lang, f)}</p>`;
  }
  return html`<div class="list-footer">
    ${f.filtersActive && f.shown !== f.loaded ? html`<span data-kind="count">${countText(lang, f)}</span>` : nothing}
    ${f.moreError ? html`<span role="alert">${t(lang, 'loadMoreFailed', { cause: causeText(lang, f.moreError) })}</span>` : nothing}
    ${f.moreError && causeOf(f.moreError) === 'forbidden'
      ? nothing
      : html`<button type="button" class="more" part="action" ?disabled=${f.loadingMore} @click=${loadMore}>
          ${f.loadingMore ? t(lang, 'loadingMore') : f.moreError ? msg(lang, 'state.retry') : t(lang, 'loadMore')}
        </button>`}
  </div>`;
}

export function renderSkeleton(lang: Lang): TemplateResult {
  return html`<div class="state loading" part="state loading" role="status" aria-busy="true">
    <span class="visually-hidden">${t(lang, 'loading')}</span>
    <span class="skeleton sk-overview" aria-hidden="true"></span>
    ${[0, 1, 2, 3, 4].map(() => html`<span class="sk-row" aria-hidden="true"><span class="skeleton sk-icon"></span><span class="skeleton sk-line"></span></span>`)}
  </div>`;
}
