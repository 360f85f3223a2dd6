/**
 * Pure helpers of `<coord-timeline>`: attribute parsing, filtering, grouping into list rows,
 * lanes, and the overview's time scale and density marks. No DOM, no Lit: fast and testable.
 */
import type { PathwayView, TimelineItem, TimelineKind } from '@coord/api-client';

export const DAY = 86_400_000;
/** `recent` (the default): a window fitted to what happened lately and what is next. */
export type Zoom = 'recent' | 'week' | 'month' | 'year' | 'all';
/** Zoom levels from the narrowest to the widest (the + and − keys step through them). */
export const ZOOMS: readonly Zoom[] = ['week', 'month', 'recent', 'year', 'all'];
/** The zoom buttons, in the order shown. */
export const ZOOM_BUTTONS: readonly Zoom[] = ['recent', 'week', 'month', 'year', 'all'];
const ZOOM_SPAN: Record<Exclude<Zoom, 'all' | 'recent'>, number> = { week: 7 * DAY, month: 31 * DAY, year: 366 * DAY };

/** Kind chips of the filter bar; `pathway` stands for both pathway start and end. */
export const KIND_CHIPS = ['pathway', 'encounter', 'document', 'lab', 'imaging', 'ppcs-action', 'message', 'unknown'] as const;
export type KindChip = (typeof KIND_CHIPS)[number];
const ALL_KINDS: readonly TimelineKind[] = ['pathway-start', 'pathway-end', 'encounter', 'movement', 'document', 'report', 'lab', 'imaging', 'ppcs-action', 'message', 'unknown'];
/** Shown when the host sets no `kinds`: everything but messages. */
export const DEFAULT_KINDS: readonly TimelineKind[] = ALL_KINDS.filter((k) => k !== 'message');
export const NO_PATHWAY = 'none';
const NO_PATHWAY_KEYS: readonly string[] = [NO_PATHWAY];

/** A comma (or space) separated attribute → distinct, trimmed tokens (bounded). */
export function parseList(value: string | null | undefined): string[] {
  if (!value) return [];
  const out = new Set<string>();
  for (const raw of value.split(/[,\s]+/)) {
    const t = raw.trim().slice(0, 200);
    if (t) out.add(t);
    if (out.size >= 50) break;
  }
  return [...out];
}

/** `kinds` attribute → kinds to show (unknown words ignored; `pathway` = start + end). */
export function parseKinds(value: string | null | undefined): TimelineKind[] {
  const out = new Set<TimelineKind>();
  for (const token of parseList(value)) {
    if (token === 'pathway') {
      out.add('pathway-start');
      out.add('pathway-end');
    } else if ((ALL_KINDS as readonly string[]).includes(token)) out.add(token as TimelineKind);
  }
  return [...out];
}

/** Kinds → the attribute value (the chips' words). */
export function serializeKinds(kinds: Iterable<TimelineKind>): string {
  const set = new Set(kinds);
  const words: string[] = [];
  if (set.has('pathway-start') || set.has('pathway-end')) words.push('pathway');
  for (const k of set) if (k !== 'pathway-start' && k !== 'pathway-end' && k !== 'movement') words.push(k);
  return words.join(',');
}

/** The kinds a chip stands for: "Documents" covers documents and reports (comptes rendus). */
export function chipKinds(chip: KindChip): TimelineKind[] {
  if (chip === 'pathway') return ['pathway-start', 'pathway-end'];
  if (chip === 'encounter') return ['encounter', 'movement'];
  if (chip === 'document') return ['document', 'report'];
  return [chip];
}

/** `YYYY-MM-DD` (or a full FHIR dateTime) when valid, else undefined. */
export function validDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(v)) return undefined;
  return Number.isFinite(Date.parse(v)) ? v : undefined;
}

/**
 * Pathway tokens of the `pathways` attribute → EpisodeOfCare keys. A token may be the reference
 * (`EpisodeOfCare/eoc-1`), the id, or the pathway code (`plaies`); `none` = hors parcours.
 */
export function resolvePathwayTokens(tokens: string[], pathways: PathwayView[]): Set<string> {
  const out = new Set<string>();
  for (const token of tokens) {
    if (token === NO_PATHWAY) {
      out.add(NO_PATHWAY);
      continue;
    }
    const key = token.includes('/') ? token : `EpisodeOfCare/${token}`;
    let matched = false;
    for (const p of pathways) {
      if (p.reference === key || p.code === token) {
        out.add(p.reference);
        matched = true;
      }
    }
    if (!matched && token.startsWith('EpisodeOfCare/')) out.add(token);
  }
  return out;
}

export { buildLanes, laneSuffixes, type Lane, type LaneLabels } from './timeline-lanes.ts';
import type { Lane } from './timeline-lanes.ts';

// ---------------------------------------------------------------------------------------------
// Filtering

/** Lower case without accents, for a forgiving free-text search. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export interface ItemFilter {
  kinds: Set<TimelineKind>;
  /** EpisodeOfCare keys (and `none`); empty = every pathway. */
  pathways: Set<string>;
  /** Folded free text. */
  query: string;
  /** Client-side period (from the overview), epoch ms [start, end). */
  region?: { start: number; end: number; lane?: string };
  /** Pathway labels, for the text search. */
  pathwayLabel: (key: string) => string | undefined;
}

export function matchesFilter(item: TimelineItem, f: ItemFilter): boolean {
  if (!f.kinds.has(item.kind)) return false;
  const keys = item.pathways.length ? item.pathways : NO_PATHWAY_KEYS;
  if (f.pathways.size && !keys.some((k) => f.pathways.has(k))) return false;
  if (f.region) {
    if (item.time === undefined || item.time < f.region.start || item.time >= f.region.end) return false;
    if (f.region.lane && !keys.includes(f.region.lane)) return false;
  }
  if (f.query) {
    const text = [item.title, item.subtitle, item.author?.name, item.author?.role, ...item.pathways.map(f.pathwayLabel)]
      .filter(Boolean)
      .join(' ');
    if (!fold(text).includes(f.query)) return false;
  }
  return true;
}

/** Items that pass; a sub-item stays when its parent does (and is not shown without it). */
export function filterItems(items: TimelineItem[], f: ItemFilter): TimelineItem[] {
  const kept = new Set<string>();
  const out: TimelineItem[] = [];
  for (const item of items) {
    if (item.parent) {
      if (kept.has(item.parent)) out.push(item);
      continue;
    }
    if (matchesFilter(item, f)) {
      kept.add(item.id);
      out.push(item);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// List rows

export type GroupBy = 'day' | 'month';

export type Row =
  | { type: 'header'; key: string; label: string }
  | { type: 'item'; key: string; item: TimelineItem; pos: number };

/** The local calendar key of an item (`2026-03-12` or `2026-03`); date-only values as written. */
export function groupKey(item: TimelineItem, by: GroupBy): string | undefined {
  if (!item.date) return undefined;
  let ymd: string;
  if (/^\d{4}-\d{2}-\d{2}$/.test(item.date)) ymd = item.date;
  else if (/^\d{4}(-\d{2})?$/.test(item.date)) ymd = `${item.date}-01-01`.slice(0, 10);
  else ymd = localDay(new Date(item.time ?? Date.parse(item.date)));
  return by === 'day' ? ymd : ymd.slice(0, 7);
}

function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Items that are not sub-items (what the counts say). */
export function topLevelCount(items: readonly TimelineItem[]): number {
  let n = 0;
  for (const i of items) if (!i.parent) n++;
  return n;
}

/** Each item's calendar keys, computed once per item and grouping (a filter change regroups the same items). */
const keyCache = { day: new WeakMap<TimelineItem, string>(), month: new WeakMap<TimelineItem, string>() };

function cachedKey(item: TimelineItem, by: GroupBy): string {
  const cache = keyCache[by];
  let key = cache.get(item);
  if (key === undefined) cache.set(item, (key = groupKey(item, by) ?? 'undated'));
  return key;
}

/**
 * Items → header and item rows, in the items' order (newest first, undated last). An item's
 * calendar key is computed once (a WeakMap per grouping): rebuilding the rows of 10 000 items
 * after a filter change does no Date arithmetic.
 */
export function buildRows(items: TimelineItem[], by: GroupBy, label: (key: string | undefined) => string): Row[] {
  const rows: Row[] = [];
  let current: string | null = null;
  let pos = 0;
  for (const item of items) {
    // Sub-items stay under their parent's header.
    const key: string | null = item.parent ? current : cachedKey(item, by);
    if (key !== current) {
      current = key;
      rows.push({ type: 'header', key: `h:${key}`, label: label(key === 'undated' ? undefined : (key ?? undefined)) });
    }
    rows.push({ type: 'item', key: item.id, item, pos: ++pos });
  }
  return rows;
}

/** Row index the roving focus moves to for a key (items only, headers skipped), or undefined. */
export function rovingTarget(rows: Row[], current: number, key: string): number | undefined {
  const items: number[] = [];
  rows.forEach((r, i) => r.type === 'item' && items.push(i));
  if (items.length === 0) return undefined;
  const at = Math.max(0, items.indexOf(current));
  const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
  if (key in step) return items[Math.min(items.length - 1, Math.max(0, at + step[key]!))];
  if (key === 'Home') return items[0];
  if (key === 'End') return items[items.length - 1];
  return undefined;
}

/** Inserts new items into a newest-first list (sub-items after their parent). */
export function mergeItems(items: TimelineItem[], added: TimelineItem[]): TimelineItem[] {
  if (added.length === 0) return items;
  const byId = new Map(items.map((i) => [i.id, i] as const));
  for (const a of added) byId.set(a.id, a);
  const top = [...byId.values()].filter((i) => !i.parent || !byId.has(i.parent));
  const children = new Map<string, TimelineItem[]>();
  for (const i of byId.values()) {
    if (i.parent && byId.has(i.parent)) children.set(i.parent, [...(children.get(i.parent) ?? []), i]);
  }
  top.sort((a, b) => (b.time ?? -Infinity) - (a.time ?? -Infinity) || (a.id < b.id ? -1 : 1));
  return top.flatMap((i) => [i, ...(children.get(i.id) ?? []).sort((a, b) => (a.time ?? 0) - (b.time ?? 0))]);
}

// ---------------------------------------------------------------------------------------------
// Overview: time scale, ticks, density marks

export interface View {
  start: number;
  end: number;
}

/** The loaded time range (items and pathway periods), always including `now`. */
export function domainOf(items: TimelineItem[], lanes: Lane[], now: number): View {
  let start = now;
  let end = now;
  for (const i of items) {
    if (i.time === undefined) continue;
    if (i.time < start) start = i.time;
    if (i.time > end) end = i.time;
  }
  for (const l of lanes) {
    if (l.start !== undefined && l.start < start) start = l.start;
    if (l.end !== undefined && l.end > end) end = l.end;
  }
  return { start, end };
}

/** Past items a "recent" window shows at least (reaching further back when the last months hold fewer). */
const RECENT_MIN_ITEMS = 5;

/**
 * The default window, "what happened lately, what is next": the last 3 months up to today (further
 * back when they hold fewer than a handful of items, never before the data) and the next weeks
 * (up to the next items within 2 months), with a small margin. Never the whole record.
 */
export function recentView(items: TimelineItem[], domain: View, now: number): View {
  const past: number[] = [];
  let next = now + 14 * DAY;
  for (const i of items) {
    if (i.time === undefined || i.parent) continue;
    if (i.time <= now) past.push(i.time);
    else if (i.time <= now + 61 * DAY) next = Math.max(next, i.time);
  }
  past.sort((a, b) => b - a);
  let start = now - 91 * DAY;
  const inWindow = past.filter((t) => t >= start).length;
  if (inWindow < RECENT_MIN_ITEMS && past.length > inWindow) start = Math.min(start, past[Math.min(RECENT_MIN_ITEMS, past.length) - 1]!);
  start = Math.max(start, Math.min(domain.start, now - 14 * DAY));
  const margin = (next - start) * 0.03;
  return { start: start - margin, end: next + margin };
}

/** The window a zoom level shows, ending a little after `anchor` (today by default). */
export function viewFor(zoom: Zoom, domain: View, anchor: number, items: TimelineItem[] = []): View {
  if (zoom === 'recent') return recentView(items, domain, anchor);
  if (zoom === 'all') {
    const span = Math.max(domain.end - domain.start, 14 * DAY);
    const margin = span * 0.03;
    return { start: domain.start - margin, end: domain.end + margin };
  }
  const span = ZOOM_SPAN[zoom];
  return { start: anchor - span * 0.85, end: anchor + span * 0.15 };
}

export function panView(view: View, fraction: number): View {
  const d = (view.end - view.start) * fraction;
  return { start: view.start + d, end: view.end + d };
}

export type TickUnit = 'day' | 'week' | 'month' | 'year';

export function tickUnit(view: View): TickUnit {
  const days = (view.end - view.start) / DAY;
  if (days <= 12) return 'day';
  if (days <= 70) return 'week';
  if (days <= 800) return 'month';
  return 'year';
}

/** Start of the calendar bucket (local time) holding `t`. */
export function floorTo(t: number, unit: TickUnit): number {
  const d = new Date(t);
  if (unit === 'year') return new Date(d.getFullYear(), 0, 1).getTime();
  if (unit === 'month') return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
  const day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  if (unit === 'week') day.setDate(day.getDate() - ((day.getDay() + 6) % 7)); // Monday
  return day.getTime();
}

export function addUnit(t: number, unit: TickUnit, n = 1): number {
  const d = new Date(t);
  if (unit === 'year') d.setFullYear(d.getFullYear() + n);
  else if (unit === 'month') d.setMonth(d.getMonth() + n);
  else d.setDate(d.getDate() + (unit === 'week' ? 7 * n : n));
  return d.getTime();
}

/** Tick times in the view (at most 9; years thinned out on long spans). */
export function ticks(view: View, unit: TickUnit): number[] {
  const out: number[] = [];
  let step = 1;
  if (unit === 'year') step = Math.max(1, Math.ceil((view.end - view.start) / (366 * DAY) / 10));
  for (let t = floorTo(view.start, unit); t <= view.end && out.length < 60; t = addUnit(t, unit, step)) {
    if (t >= view.start) out.push(t);
  }
  if (out.length > 9) {
    const every = Math.ceil(out.length / 9);
    return out.filter((_, i) => i % every === 0);
  }
  return out;
}

/** The calendar bucket [start, end) around `t` at the view's tick unit (a region click). */
export function bucketAt(t: number, view: View): { start: number; end: number; unit: TickUnit } {
  const unit = tickUnit(view);
  const start = floorTo(t, unit);
  return { start, end: addUnit(start, unit), unit };
}

/**
 * Density marks of each lane as one SVG path: items are binned by `binPx` pixels; each
 * non-empty bin is a bar whose height grows with the log of its count. One node per lane,
 * whatever the number of items.
 */
export function laneMarks(
  items: TimelineItem[],
  lanes: Lane[],
  view: View,
  x0: number,
  width: number,
  laneHeight: number,
  binPx = 4,
): Map<string, string> {
  const bins = Math.max(1, Math.floor(width / binPx));
  const span = view.end - view.start;
  const counts = new Map<string, Uint32Array>();
  for (const l of lanes) counts.set(l.key, new Uint32Array(bins));
  for (const item of items) {
    if (item.time === undefined || item.time < view.start || item.time > view.end) continue;
    const b = Math.min(bins - 1, Math.floor(((item.time - view.start) / span) * bins));
    for (const k of item.pathways.length ? item.pathways : NO_PATHWAY_KEYS) {
      const arr = counts.get(k);
      if (arr) arr[b]!++;
    }
  }
  const out = new Map<string, string>();
  const max = laneHeight - 6;
  for (const [key, arr] of counts) {
    let d = '';
    for (let b = 0; b < bins; b++) {
      const c = arr[b]!;
      if (!c) continue;
      const h = Math.min(max, 6 + Math.log2(c) * 3);
      const x = x0 + b * binPx;
      const y = (laneHeight - h) / 2;
      d += `M${x.toFixed(1)} ${y.toFixed(1)}h${binPx - 1}v${h.toFixed(1)}h${-(binPx - 1)}z`;
    }
    out.set(key, d);
  }
  return out;
}

/** A one-entry cache: recomputes when any input differs (by identity) from the last call's. */
export function memoize<T>(): (inputs: unknown[], compute: () => T) => T {
  let last: unknown[] | undefined;
  let value: T;
  return (inputs, compute) => {
    if (!last || last.length !== inputs.length || inputs.some((v, i) => v !== last![i])) {
      value = compute();
      last = inputs;
    }
    return value;
  };
}
