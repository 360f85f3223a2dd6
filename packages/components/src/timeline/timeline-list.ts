/**
 * List rows of `<coord-timeline>`: day/month headers and one `<article>` per item (feed
 * semantics). Pure template functions; the element owns state and events. Every record text is
 * bound as text (Lit escapes it).
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { TimelineItem, TimelineKind } from '@coord/api-client';
import { formatDate, formatDateTime, localize, type Lang } from '../base/i18n.ts';
import { timelineMessages, type TimelineMessageKey } from './timeline.messages.ts';
import { NO_PATHWAY, type GroupBy, type Row } from './timeline-view.ts';

/** 16 × 16 stroke icons, one path each. */
const ICONS: Record<TimelineKind, string> = {
  'pathway-start': 'M3.5 14.5v-13M3.5 2h9l-2.5 3.25L12.5 8.5h-9',
  'pathway-end': 'M3.5 14.5v-13M3.5 2h9v6.5h-9M6 5.25l1.5 1.5L10 4',
  encounter: 'M8 7.5a2.75 2.75 0 1 0 0-5.5 2.75 2.75 0 0 0 0 5.5zM2.5 14.5c0-3.2 2.5-5.25 5.5-5.25s5.5 2.05 5.5 5.25',
  movement: 'M2 8h11M9.5 4.5 13 8l-3.5 3.5',
  document: 'M4 1.5h5l3 3v10H4zM9 1.5v3h3M6 8h4M6 11h4',
  lab: 'M6 1.5h4M7 1.5v5L3 13.3c-.4.7 0 1.2.8 1.2h8.4c.8 0 1.2-.5.8-1.2L9 6.5v-5M4.6 10.5h6.8',
  imaging: 'M2 5V2h3M11 2h3v3M14 11v3h-3M5 14H2v-3M5 8a3 3 0 1 0 6 0 3 3 0 0 0-6 0',
  report: 'M3.5 1.5h9v13h-9zM5.5 4.5h5M5.5 7h5M5.5 9.5h5M5.5 12h3',
  'ppcs-action': 'M2.5 2.5h11v11h-11zM5 8.2l2 2 4-4.4',
  message: 'M2 2.5h12v8.5H6.5L3 14v-3H2z',
  unknown: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM6.1 6.1a1.9 1.9 0 1 1 2.7 1.7c-.5.25-.8.6-.8 1.2v.6M8 11.3v.4',
};

export function kindIcon(kind: TimelineKind): TemplateResult {
  const d = ICONS[kind] ?? ICONS.unknown;
  return html`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${svg`<path d=${d}></path>`}</svg>`;
}

export interface RowContext {
  lang: Lang;
  groupBy: GroupBy;
  activeId?: string;
  /** Set size: the number of items when everything is loaded, -1 while more may come. */
  setSize: number;
  lane: (key: string) => { label: string; colorIndex: number };
  /** Prefix of the title ids (two groups of rows in one shadow root: the list, "À venir"). */
  idPrefix?: string;
  /** The chip of an action of the patient's plan as a whole ("Tous parcours") and its tooltip. */
  acrossPathways?: { label: string; title: (item: TimelineItem) => string };
}

const t = (lang: Lang, key: TimelineMessageKey, params?: Record<string, string | number>): string =>
  localize(timelineMessages, lang, key, params);

export function headerLabel(lang: Lang, key: string | undefined, by: GroupBy): string {
  if (!key) return t(lang, 'undated');
  if (by === 'month') return formatDate(lang, key, 'long');
  const [y, m, d] = key.split('-').map(Number);
  return formatDateTime(lang, new Date(y!, m! - 1, d!), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

function when(lang: Lang, item: TimelineItem): string {
  if (!item.date) return '';
  if (!item.date.includes('T')) return formatDate(lang, item.date, 'long');
  return formatDateTime(lang, item.time ?? item.date, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function itemTitle(lang: Lang, item: TimelineItem): string {
  if (item.titleKey === 'masked') return t(lang, 'masked');
  if (item.titleKey === 'restricted') return t(lang, 'restricted');
  if (item.titleKey === 'untitled' || !item.title) return t(lang, 'untitled', { kind: t(lang, `kind.${item.kind}`).toLowerCase() });
  return item.title;
}

/**
 * One row. Kept small on purpose (about 8 elements): the kind, author and due date are text in
 * the meta line, only what needs styling or semantics is an element.
 */
export function renderRow(row: Row, ctx: RowContext): TemplateResult {
  if (row.type === 'header') {
    // The day is also in every item: the header is a visual aid only.
    return html`<div class="group" part="group-header" aria-hidden="true">${row.label}</div>`;
  }
  const { item, pos } = row;
  const lang = ctx.lang;
  const title = itemTitle(lang, item);
  // A hidden document keeps no pathway: no chip at all (not "Hors parcours", which would be a claim).
  // An action of the whole plan says so once, not one chip per pathway.
  const across = item.acrossPathways && !item.hidden ? ctx.acrossPathways : undefined;
  const keys = item.hidden || across ? [] : item.pathways.length ? item.pathways : [NO_PATHWAY];
  const titleId = `${ctx.idPrefix ?? 'title'}-${pos}`;
  const muted = item.titleKey !== undefined || !item.title;
  // Author and due date in their own (direction-isolated) elements: direction controls in record
  // text beside them (a name, a pathway) cannot reorder them.
  const author = item.author?.name ? html`<span> · ${t(lang, 'by', { name: item.author.name })}</span>` : '';
  const due = item.due && item.statusKey !== 'done' ? html`<span> · ${t(lang, 'due', { date: formatDate(lang, item.due.slice(0, 10)) })}</span>` : '';
  return html`<article
    class="item k-${item.kind}${item.parent ? ' sub' : ''}"
    part="item"
    data-id=${item.id}
    tabindex=${item.id === ctx.activeId ? 0 : -1}
    aria-posinset=${pos}
    aria-setsize=${ctx.setSize}
    aria-labelledby=${titleId}
  >
    ${kindIcon(item.kind)}
    <p class="title${muted ? ' muted' : ''}" id=${titleId} title=${title}>${title}</p>
    <p class="meta">
      ${t(lang, `kind.${item.kind}`)}${item.date ? html` · <time datetime=${item.date}>${when(lang, item)}</time>` : nothing}
      ${keys.map((k) => {
        const lane = ctx.lane(k);
        return html`<span class="chip ${lane.colorIndex >= 0 ? `p${lane.colorIndex}` : 'none'}" part="pathway">${lane.label}</span>`;
      })}${across ? html`<span class="chip all" part="pathway" title=${across.title(item)}>${across.label}</span>` : nothing}${author}${item.statusKey ? html` <span class="status s-${item.statusKey}" part="status">${t(lang, `status.${item.statusKey}`)}</span>` : nothing}${due}
    </p>
    ${item.subtitle ? html`<p class="subtitle">${item.subtitle}</p>` : nothing}
    ${item.hidden ? html`<p class="subtitle why-hidden" part="why-hidden">${t(lang, `hidden.${item.hidden.reason}` as TimelineMessageKey)}</p><coord-why-hidden reason=${item.hidden.reason} lang=${lang}></coord-why-hidden>` : nothing}
  </article>`;
}

