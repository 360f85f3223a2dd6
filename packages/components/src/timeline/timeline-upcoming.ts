/**
 * The "À venir" group of `<coord-timeline>`: items dated after now (PPCS to-dos, planned visits…)
 * apart from the list, soonest first, a few shown and the rest behind "Voir les N à venir". The
 * list below then opens at today, past events newest first: what happened lately, what is next.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { TimelineItem } from '@coord/api-client';
import { localize, type Lang } from '../base/i18n.ts';
import { timelineMessages, type TimelineMessageKey } from './timeline.messages.ts';
import { renderRow, type RowContext } from './timeline-list.ts';
import { topLevelCount, type Row } from './timeline-view.ts';

/** Upcoming items shown before "Voir les N à venir". */
export const UPCOMING_SHOWN = 3;

/**
 * Splits newest-first items at `now`: top-level items dated after it (with their sub-items) are
 * upcoming, soonest first; the rest keep their order. Undated items stay in the list.
 */
export function splitUpcoming(items: TimelineItem[], now: number): { upcoming: TimelineItem[]; past: TimelineItem[] } {
  const future = new Set<string>();
  const upcoming: TimelineItem[][] = [];
  const past: TimelineItem[] = [];
  for (const item of items) {
    if (item.parent) {
      if (future.has(item.parent)) upcoming[upcoming.length - 1]?.push(item);
      else past.push(item);
      continue;
    }
    if (item.time !== undefined && item.time > now) {
      future.add(item.id);
      upcoming.push([item]);
    } else past.push(item);
  }
  // Newest first in, soonest first out (sub-items stay after their parent).
  return { upcoming: upcoming.reverse().flat(), past };
}

/** Upcoming items as rows of the group (all, or the first few when collapsed). */
export function upcomingRows(upcoming: TimelineItem[], expanded: boolean): Row[] {
  const rows: Row[] = [];
  let shown = 0;
  for (const item of upcoming) {
    if (!item.parent && ++shown > UPCOMING_SHOWN && !expanded) break;
    rows.push({ type: 'item', key: item.id, item, pos: rows.length + 1 });
  }
  return rows;
}

export interface UpcomingModel {
  lang: Lang;
  upcoming: TimelineItem[];
  expanded: boolean;
  ctx: RowContext;
}

export interface UpcomingHandlers {
  toggle: () => void;
  keydown: (e: KeyboardEvent) => void;
  click: (e: MouseEvent) => void;
}

const t = (lang: Lang, key: TimelineMessageKey, params?: Record<string, string | number>): string =>
  localize(timelineMessages, lang, key, params);

export function renderUpcoming(m: UpcomingModel, h: UpcomingHandlers): TemplateResult | typeof nothing {
  const count = topLevelCount(m.upcoming);
  if (count === 0) return nothing;
  const rows = upcomingRows(m.upcoming, m.expanded);
  return html`<section class="upcoming" part="upcoming" aria-labelledby="upcoming-title">
    <h3 class="group upcoming-title" id="upcoming-title">${t(m.lang, 'upcoming')} <span class="count">(${count})</span></h3>
    <div class="upcoming-list" @keydown=${h.keydown} @click=${h.click}>${rows.map((r) => renderRow(r, m.ctx))}</div>
    ${count > UPCOMING_SHOWN
      ? html`<button type="button" class="upcoming-toggle" part="action" aria-expanded=${m.expanded ? 'true' : 'false'} @click=${h.toggle}>
          ${m.expanded ? t(m.lang, 'upcomingLess') : t(m.lang, 'upcomingMore', { count })}
        </button>`
      : nothing}
  </section>`;
}
