/**
 * The lanes of `<coord-timeline>`'s overview: one per pathway (selected first), unknown pathways,
 * "hors parcours" last; each with a unique label. Pure functions.
 */
import type { PathwayView, TimelineItem } from '@coord/api-client';
import { NO_PATHWAY } from './timeline-view.ts';

export interface Lane {
  key: string;
  /** The full label: the pathway's name and, when another lane has the same, what tells them apart. */
  label: string;
  /** The pathway's name alone. */
  name: string;
  /** What tells two same-named lanes apart ("2024", "2024–2025", "depuis le 12/03/2024", an organisation), or ''. */
  suffix: string;
  colorIndex: number;
  start?: number;
  end?: number;
  finished: boolean;
  selected: boolean;
  count: number;
}

export interface LaneLabels {
  noPathway: string;
  unknownPathway: string;
  finished: string;
  /** "depuis le 12/03/2024": a start date, when years do not tell two lanes apart. */
  since?: (iso: string) => string;
}

/**
 * What tells same-named pathways apart, in order: their years, else their start date, else their
 * managing organisation, else a number — so every lane label is unique.
 */
export function laneSuffixes(pathways: PathwayView[], labels: Pick<LaneLabels, 'since'> = {}): string[] {
  const out = pathways.map(() => '');
  const groups = new Map<string, number[]>();
  pathways.forEach((p, i) => groups.set(p.label, [...(groups.get(p.label) ?? []), i]));
  const years = (p: PathwayView): string => {
    const start = p.start ? Date.parse(p.start) : NaN;
    if (!Number.isFinite(start)) return '';
    const end = p.end ? Date.parse(p.end) : NaN;
    const a = new Date(start).getFullYear();
    const b = Number.isFinite(end) ? new Date(end).getFullYear() : undefined;
    return b !== undefined && b !== a ? `${a}–${b}` : String(a);
  };
  const candidates: ((p: PathwayView) => string)[] = [
    years,
    (p) => (p.start && labels.since ? labels.since(p.start) : ''),
    (p) => p.organization?.name ?? '',
  ];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    let chosen: string[] | undefined;
    for (const pick of candidates) {
      const values = members.map((i) => pick(pathways[i]!));
      if (values.every(Boolean) && new Set(values).size === values.length) {
        chosen = values;
        break;
      }
    }
    // Nothing tells them apart: the best candidate plus a number where it repeats.
    chosen ??= members.map((i, n) => `${years(pathways[i]!) || ''}${years(pathways[i]!) ? ' · ' : ''}${n + 1}`);
    members.forEach((i, n) => (out[i] = chosen![n]!));
  }
  return out;
}

/** One lane per pathway: selected ones first, then as given; unknown keys; hors parcours last. */
export function buildLanes(pathways: PathwayView[], items: TimelineItem[], selected: Set<string>, labels: LaneLabels): Lane[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const keys = item.pathways.length ? item.pathways : [NO_PATHWAY];
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // Two pathways of the same kind (an old and a current wound) are told apart.
  const suffixes = laneSuffixes(pathways, labels);
  const lanes: Lane[] = pathways.map((p, i) => {
    const start = p.start ? Date.parse(p.start) : undefined;
    const end = p.end ? Date.parse(p.end) : undefined;
    const finished = p.status === 'finished' || p.status === 'cancelled';
    const suffix = suffixes[i]!;
    const label = suffix ? `${p.label} (${suffix})` : p.label;
    return { key: p.reference, label, name: p.label, suffix, colorIndex: clampColor(p.colorIndex), start, end, finished, selected: selected.has(p.reference), count: counts.get(p.reference) ?? 0 };
  });
  const known = new Set(lanes.map((l) => l.key));
  for (const [key, count] of counts) {
    if (key === NO_PATHWAY || known.has(key)) continue;
    lanes.push({ key, label: labels.unknownPathway, name: labels.unknownPathway, suffix: '', colorIndex: 7, finished: false, selected: selected.has(key), count });
  }
  lanes.push({ key: NO_PATHWAY, label: labels.noPathway, name: labels.noPathway, suffix: '', colorIndex: -1, finished: false, selected: selected.has(NO_PATHWAY), count: counts.get(NO_PATHWAY) ?? 0 });
  const order = (l: Lane): number => (l.selected ? 0 : 1);
  return lanes.map((l, i) => ({ l, i })).sort((a, b) => order(a.l) - order(b.l) || a.i - b.i).map((x) => x.l);
}

function clampColor(i: number): number {
  return Number.isInteger(i) && i >= 0 && i <= 7 ? i : 7;
}

