/**
 * What the document list shows, from what is loaded: filters, free-text search, sort and groups,
 * as pure functions (tested without a browser). A hidden document keeps only its reason and (not
 * when masked) its date, so it can match no filter but a date range, and no search at all.
 */
import type { DocumentView, HiddenItem } from '@coord/api-client';

export type GroupBy = 'none' | 'pathway' | 'type' | 'date';
export type SortBy = 'date-desc' | 'date-asc' | 'title' | 'type';
export type ViewMode = 'list' | 'grid';

export const GROUPS: readonly GroupBy[] = ['none', 'pathway', 'type', 'date'];
export const SORTS: readonly SortBy[] = ['date-desc', 'date-asc', 'title', 'type'];

/** Key of the "no pathway" group and filter value. */
export const NO_PATHWAY = 'none';

export interface DocumentFilters {
  type?: string;
  pathway?: string;
  author?: string;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  since?: string;
  until?: string;
  query?: string;
}

export type Entry =
  | { kind: 'doc'; key: string; doc: DocumentView }
  | { kind: 'hidden'; key: string; hidden: HiddenItem };

export type ItemRow = { type: 'item'; key: string; entry: Entry; pos: number };

export type Row =
  | { type: 'header'; key: string; label: string; count: number }
  | ItemRow
  /** A line of the grid: `columns` cards (the grid is a list of lines, so one flow layout serves both views). */
  | { type: 'cards'; key: string; items: ItemRow[] };

/** The grid's lines: items between two headers cut into lines of `columns`. */
export function toCardLines(rows: Row[], columns: number): Row[] {
  const out: Row[] = [];
  let line: ItemRow[] = [];
  const flush = (): void => {
    if (line.length) out.push({ type: 'cards', key: `l:${line[0]!.key}`, items: line });
    line = [];
  };
  for (const row of rows) {
    if (row.type !== 'item') {
      flush();
      out.push(row);
      continue;
    }
    line.push(row);
    if (line.length >= columns) flush();
  }
  flush();
  return out;
}

/** Item rows in order, whatever the view. */
export function itemRows(rows: Row[]): ItemRow[] {
  return rows.flatMap((r) => (r.type === 'item' ? [r] : r.type === 'cards' ? r.items : []));
}

export interface ViewContext {
  pathwayLabel: (key: string) => string;
  typeLabel: (entry: Entry) => string;
  undatedLabel: string;
  hiddenGroupLabel: string;
  monthLabel: (yyyyMm: string) => string;
  lang: string;
}

export function typeKey(doc: DocumentView): string {
  return doc.type?.code ?? doc.type?.label ?? '';
}

export function authorKey(doc: DocumentView): string[] {
  return doc.authors.map((a) => a.reference ?? a.name ?? '').filter(Boolean);
}

export function filtersActive(f: DocumentFilters): boolean {
  return Boolean(f.type || f.pathway || f.author || f.since || f.until || f.query?.trim());
}

function day(date: string | undefined): string | undefined {
  if (!date) return undefined;
  const t = Date.parse(date);
  if (!Number.isFinite(t)) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export function matches(entry: Entry, f: DocumentFilters, ctx: Pick<ViewContext, 'pathwayLabel' | 'typeLabel'>): boolean {
  const d = day(entry.kind === 'doc' ? entry.doc.date : entry.hidden.date);
  if (f.since && (!d || d < f.since)) return false;
  if (f.until && (!d || d > f.until)) return false;
  if (entry.kind === 'hidden') return !(f.type || f.pathway || f.author || f.query?.trim());
  const doc = entry.doc;
  if (f.type && typeKey(doc) !== f.type) return false;
  if (f.pathway && !(f.pathway === NO_PATHWAY ? doc.pathways.length === 0 : doc.pathways.includes(f.pathway))) return false;
  if (f.author && !authorKey(doc).includes(f.author)) return false;
  const q = f.query?.trim();
  if (q) {
    const haystack = fold(
      [doc.title, doc.description, ctx.typeLabel(entry), ...doc.authors.map((a) => a.name), doc.custodian?.name, ...doc.pathways.map(ctx.pathwayLabel), ...doc.content.map((c) => c.title)]
        .filter(Boolean)
        .join(' '),
    );
    if (!fold(q).split(/\s+/).every((w) => haystack.includes(w))) return false;
  }
  return true;
}

function time(entry: Entry): number {
  const t = Date.parse((entry.kind === 'doc' ? entry.doc.date : entry.hidden.date) ?? '');
  return Number.isFinite(t) ? t : -Infinity;
}

export function sortEntries(entries: Entry[], by: SortBy, ctx: Pick<ViewContext, 'typeLabel' | 'lang'>): Entry[] {
  const collator = new Intl.Collator(ctx.lang, { sensitivity: 'base', numeric: true });
  const byDateDesc = (a: Entry, b: Entry): number => time(b) - time(a) || a.key.localeCompare(b.key);
  const title = (e: Entry): string => (e.kind === 'doc' ? e.doc.title ?? '' : '');
  const list = entries.slice();
  switch (by) {
    case 'date-asc':
      // Undated last in both directions.
      return list.sort((a, b) => {
        const ta = time(a);
        const tb = time(b);
        if (ta === -Infinity || tb === -Infinity) return ta === tb ? 0 : ta === -Infinity ? 1 : -1;
        return ta - tb;
      });
    case 'title':
      // Hidden documents have no title: they go last.
      return list.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'hidden' ? 1 : -1) : collator.compare(title(a), title(b)) || byDateDesc(a, b)));
    case 'type':
      return list.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'hidden' ? 1 : -1) : collator.compare(ctx.typeLabel(a), ctx.typeLabel(b)) || byDateDesc(a, b)));
    default:
      return list.sort(byDateDesc);
  }
}

function groupsOf(entry: Entry, by: GroupBy, ctx: ViewContext): { key: string; label: string }[] {
  if (by === 'date') {
    const d = day(entry.kind === 'doc' ? entry.doc.date : entry.hidden.date);
    return d ? [{ key: `m:${d.slice(0, 7)}`, label: ctx.monthLabel(d.slice(0, 7)) }] : [{ key: 'm:none', label: ctx.undatedLabel }];
  }
  // A hidden document keeps no type or pathway: one group of its own, never "Hors parcours" (a claim).
  if (entry.kind === 'hidden') return [{ key: 'hidden', label: ctx.hiddenGroupLabel }];
  if (by === 'type') return [{ key: `t:${typeKey(entry.doc)}`, label: ctx.typeLabel(entry) }];
  const keys = entry.doc.pathways.length ? entry.doc.pathways : [NO_PATHWAY];
  // A document in two pathways belongs to the first group only (one row per document).
  return [{ key: `p:${keys[0]}`, label: ctx.pathwayLabel(keys[0]!) }];
}

/** Rows to render: group headers (when grouped) and items, positions counted over items only. */
export function buildRows(entries: Entry[], f: DocumentFilters, sort: SortBy, group: GroupBy, ctx: ViewContext): { rows: Row[]; count: number } {
  const kept = sortEntries(entries.filter((e) => matches(e, f, ctx)), sort, ctx);
  if (group === 'none') {
    return { rows: kept.map((entry, i) => ({ type: 'item', key: entry.key, entry, pos: i + 1 })), count: kept.length };
  }
  const groups = new Map<string, { label: string; entries: Entry[] }>();
  for (const e of kept) {
    const g = groupsOf(e, group, ctx)[0]!;
    const found = groups.get(g.key) ?? groups.set(g.key, { label: g.label, entries: [] }).get(g.key)!;
    found.entries.push(e);
  }
  const ordered = [...groups.entries()];
  if (group !== 'date') {
    const collator = new Intl.Collator(ctx.lang, { sensitivity: 'base' });
    // Named groups A → Z; "no pathway" and hidden documents last.
    const rank = (k: string): number => (k === 'hidden' ? 2 : k === `p:${NO_PATHWAY}` ? 1 : 0);
    ordered.sort(([ka, a], [kb, b]) => rank(ka) - rank(kb) || collator.compare(a.label, b.label));
  }
  const rows: Row[] = [];
  let pos = 0;
  for (const [key, g] of ordered) {
    rows.push({ type: 'header', key: `h:${key}`, label: g.label, count: g.entries.length });
    for (const entry of g.entries) rows.push({ type: 'item', key: entry.key, entry, pos: ++pos });
  }
  return { rows, count: pos };
}

/** Distinct values present in the loaded documents, for the filter menus. */
export function filterOptions(entries: Entry[], ctx: Pick<ViewContext, 'typeLabel' | 'pathwayLabel' | 'lang'>): {
  types: { value: string; label: string }[];
  pathways: { value: string; label: string }[];
  authors: { value: string; label: string }[];
} {
  const types = new Map<string, string>();
  const pathways = new Map<string, string>();
  const authors = new Map<string, string>();
  for (const e of entries) {
    if (e.kind !== 'doc') continue;
    const t = typeKey(e.doc);
    if (t) types.set(t, ctx.typeLabel(e));
    for (const p of e.doc.pathways.length ? e.doc.pathways : [NO_PATHWAY]) pathways.set(p, ctx.pathwayLabel(p));
    for (const a of e.doc.authors) {
      const k = a.reference ?? a.name;
      if (k && a.name) authors.set(k, a.name);
    }
  }
  const collator = new Intl.Collator(ctx.lang, { sensitivity: 'base' });
  const sorted = (m: Map<string, string>) => [...m].map(([value, label]) => ({ value, label })).sort((a, b) => collator.compare(a.label, b.label));
  return { types: sorted(types), pathways: sorted(pathways), authors: sorted(authors) };
}
