/**
 * Templates of `<coord-documents>`: list rows, grid cards, and the details panel. Pure functions
 * of view models; every record text is bound as text (Lit escapes it). A hidden document renders
 * as a placeholder with its reason only — no title, type, author, pathway or content.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { ActorView, DocumentView, HiddenItem } from '@coord/api-client';
import { formatDate, formatDateTime, localize, type Lang } from '../base/i18n.ts';
import { formatBytes } from '../base/binary.ts';
import { documentsMessages, type DocumentsMessageKey } from './documents.messages.ts';
import { NO_PATHWAY, type Entry, type ItemRow, type Row } from './documents-view.ts';

export const t = (lang: Lang, key: DocumentsMessageKey, params?: Record<string, string | number>): string =>
  localize(documentsMessages, lang, key, params);

export interface RowContext {
  lang: Lang;
  activeKey?: string;
  selectedKey?: string;
  setSize: number;
  pathway: (key: string) => { label: string; colorIndex: number };
  typeLabel: (entry: Entry) => string;
  /** Grid only: the thumbnail of an image document, once loaded. */
  thumbnail?: (doc: DocumentView) => string | undefined;
}

const DOC_ICON = 'M4 1.5h5l3 3v10H4zM9 1.5v3h3M6 8h4M6 11h4';
const LOCK_ICON = 'M4.5 7.5h7v6h-7zM6 7.5V5.5a2 2 0 1 1 4 0v2';

function icon(d: string): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${svg`<path d=${d}></path>`}</svg>`;
}

export function docTitle(lang: Lang, doc: DocumentView): string {
  return doc.title || t(lang, 'untitled');
}

export function hiddenTitle(lang: Lang, hidden: HiddenItem): string {
  return t(lang, `hidden.title.${hidden.reason}` as DocumentsMessageKey);
}

export function when(lang: Lang, date: string | undefined): string {
  if (!date) return t(lang, 'noDate');
  if (!date.includes('T')) return formatDate(lang, date, 'long');
  return formatDateTime(lang, date, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "Dr Martin (Cabinet X)": persons first, then the organisation (an Organization author, else the custodian). */
export function authorLine(lang: Lang, doc: DocumentView): string {
  const isOrg = (a: ActorView): boolean => Boolean(a.reference?.startsWith('Organization/'));
  const people = doc.authors.filter((a) => !isOrg(a)).map((a) => a.name).filter(Boolean);
  const org = doc.authors.find(isOrg)?.name ?? doc.custodian?.name;
  const who = people.length ? people.join(', ') : org ? '' : t(lang, 'unknownAuthor');
  return org && who ? `${who} · ${org}` : who || org || '';
}

export function sizeOf(doc: DocumentView): number | undefined {
  return doc.content.find((c) => c.size !== undefined)?.size;
}

function confidentialityBadge(lang: Lang, doc: DocumentView): TemplateResult {
  const level = doc.security.confidentiality;
  return html`<span class="badge conf-${level}" part="badge">${level !== 'normal' ? icon(LOCK_ICON) : nothing}${t(lang, 'confidentiality', { level: t(lang, `conf.${level}`) })}</span>`;
}

function pathwayChips(doc: DocumentView, ctx: RowContext): TemplateResult[] {
  const keys = doc.pathways.length ? doc.pathways : [NO_PATHWAY];
  return keys.map((k) => {
    const p = ctx.pathway(k);
    return html`<span class="chip ${p.colorIndex >= 0 ? `p${p.colorIndex}` : 'none'}" part="pathway">${p.label}</span>`;
  });
}

/** One row of the list, or one card of the grid (same content, laid out by CSS). */
export function renderRow(row: Row, ctx: RowContext): TemplateResult {
  if (row.type === 'cards') {
    return html`<div class="cards" role="none">${row.items.map((r) => renderItem(r, ctx, true))}</div>`;
  }
  if (row.type === 'header') {
    // Items carry everything the header says: it is a visual aid only.
    return html`<div class="group" part="group-header" aria-hidden="true">${row.label} <span class="group-count">(${row.count})</span></div>`;
  }
  return renderItem(row, ctx, false);
}

function renderItem(row: ItemRow, ctx: RowContext, grid: boolean): TemplateResult {
  const { entry, pos } = row;
  const lang = ctx.lang;
  const common = {
    tabindex: entry.key === ctx.activeKey ? 0 : -1,
    selected: entry.key === ctx.selectedKey,
  };
  if (entry.kind === 'hidden') {
    const h = entry.hidden;
    return html`<div role="listitem" class="item hidden${grid ? ' card' : ''}" part="item hidden-item" data-key=${entry.key} tabindex=${common.tabindex}
      aria-posinset=${pos} aria-setsize=${ctx.setSize} aria-labelledby="t-${pos}" aria-describedby="w-${pos}">
      ${icon(LOCK_ICON)}
      <p class="title muted" id="t-${pos}">${hiddenTitle(lang, h)}</p>
      <p class="meta">${h.date ? html`<time datetime=${h.date}>${when(lang, h.date)}</time>` : nothing}</p>
      <p class="why" id="w-${pos}" part="why-hidden">${t(lang, `hidden.${h.reason}` as DocumentsMessageKey)}</p>
      <coord-why-hidden reason=${h.reason} lang=${lang}></coord-why-hidden>
    </div>`;
  }
  const doc = entry.doc;
  const title = docTitle(lang, doc);
  const size = sizeOf(doc);
  // The title is the card's name: the thumbnail is decorative (alt="").
  const thumb = grid ? ctx.thumbnail?.(doc) : undefined;
  return html`<div role="listitem" class="item${grid ? ' card' : ''}${common.selected ? ' selected' : ''}" part="item" data-key=${entry.key} tabindex=${common.tabindex}
    aria-posinset=${pos} aria-setsize=${ctx.setSize} aria-labelledby="t-${pos}" aria-current=${common.selected ? 'true' : nothing}>
    ${thumb ? html`<img class="thumb" part="thumbnail" src=${thumb} alt="" decoding="async" />` : icon(DOC_ICON)}
    <p class="title${doc.title ? '' : ' muted'}" id="t-${pos}" title=${title}>${title}</p>
    <p class="meta">
      <span class="type">${ctx.typeLabel(entry)}</span> · <time datetime=${doc.date ?? nothing}>${when(lang, doc.date)}</time>${size !== undefined ? html` · <span class="size">${formatBytes(lang, size)}</span>` : nothing}
    </p>
    <p class="meta author">${authorLine(lang, doc)}</p>
    <p class="meta tags">${pathwayChips(doc, ctx)} ${confidentialityBadge(lang, doc)}${doc.security.masked ? html` <span class="badge masked" part="badge">${t(lang, 'maskedBadge')}</span>` : nothing}${doc.previous.length ? html` <span class="versions">${t(lang, 'versions', { count: doc.previous.length })}</span>` : nothing}</p>
  </div>`;
}

export interface DetailsActions {
  preview: () => void;
  download: () => void;
  replace?: () => void;
  toggleMask?: () => void;
  close: () => void;
  masking: boolean;
  maskMessage?: string;
  /** Domain of content held on another server (not fetched). */
  external?: string;
  hasContent: boolean;
}

export function renderDetails(doc: DocumentView, ctx: RowContext, a: DetailsActions): TemplateResult {
  const lang = ctx.lang;
  const entry: Entry = { kind: 'doc', key: doc.reference, doc };
  const content = doc.content[0];
  const size = sizeOf(doc);
  const org = doc.authors.find((x) => x.reference?.startsWith('Organization/'))?.name ?? doc.custodian?.name;
  const field = (key: DocumentsMessageKey, value: unknown) => html`<dt>${t(lang, key)}</dt><dd>${value}</dd>`;
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      a.close();
    }
  };
  return html`<section class="details" part="details" aria-labelledby="details-title" tabindex="-1" @keydown=${onKey}>
    <header>
      <h3 id="details-title" class="details-title">${docTitle(lang, doc)}</h3>
      <button type="button" class="close-details" aria-label=${t(lang, 'closeDetails')} @click=${a.close}>×</button>
    </header>
    <div class="actions">
      ${a.hasContent ? html`<button type="button" class="preview" @click=${a.preview}>${t(lang, 'preview')}</button>
        ${a.external ? nothing : html`<button type="button" class="download" @click=${a.download}>${t(lang, 'download')}</button>`}` : nothing}
      ${a.replace ? html`<button type="button" class="replace" @click=${a.replace}>${t(lang, 'replace')}</button>` : nothing}
      ${a.toggleMask ? html`<button type="button" class="mask" ?disabled=${a.masking} @click=${a.toggleMask}>${a.masking ? t(lang, 'masking') : t(lang, doc.security.masked ? 'unmask' : 'mask')}</button>` : nothing}
    </div>
    ${a.maskMessage ? html`<p class="notice" role="status">${a.maskMessage}</p>` : nothing}
    ${a.external ? html`<p class="notice">${t(lang, 'external', { domain: a.external })}</p>` : a.hasContent ? nothing : html`<p class="notice">${t(lang, 'noContent')}</p>`}
    <dl>
      ${field('field.type', ctx.typeLabel(entry))}
      ${field('field.date', when(lang, doc.date))}
      ${field('field.authors', authorLine(lang, doc) || '—')}
      ${org ? field('field.organisation', org) : nothing}
      ${field('field.pathway', (doc.pathways.length ? doc.pathways : [NO_PATHWAY]).map((p) => ctx.pathway(p).label).join(', '))}
      ${size !== undefined ? field('field.size', formatBytes(lang, size)) : nothing}
      ${content?.contentType ? field('field.format', content.contentType) : nothing}
      ${field('field.confidentiality', t(lang, `conf.${doc.security.confidentiality}`) + (doc.security.masked ? ` · ${t(lang, 'maskedBadge')}` : ''))}
      ${doc.description && doc.description !== doc.title ? field('field.description', doc.description) : nothing}
    </dl>
    <h4>${t(lang, 'history')}</h4>
    <ol class="history" part="history">
      <li><strong>${t(lang, 'current')}</strong> · ${when(lang, doc.date)}</li>
      ${doc.previous.map((v) => html`<li class=${v.hidden ? 'muted' : ''}>
        ${v.hidden ? t(lang, 'versionHidden') : v.unresolved ? t(lang, 'versionMissing') : v.title || t(lang, 'untitled')}
        ${v.date ? html` · <time datetime=${v.date}>${when(lang, v.date)}</time>` : nothing}
        ${v.authors.length ? html` · ${v.authors.map((x) => x.name).filter(Boolean).join(', ')}` : nothing}
      </li>`)}
    </ol>
    ${doc.previous.length ? nothing : html`<p class="muted">${t(lang, 'noHistory')}</p>`}
  </section>`;
}
