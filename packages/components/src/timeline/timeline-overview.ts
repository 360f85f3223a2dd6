/**
 * The overview of `<coord-timeline>`: one lane per pathway on a shared time axis (SVG), with
 * the pathway's period, density marks of its items, "today", and the selected region. Drawn
 * with SVG attributes and classes only (no inline style strings). A few dozen nodes whatever the
 * number of items: marks are one path per lane.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { TimelineItem } from '@coord/api-client';
import { formatDate, formatDateTime, localize, type Lang } from '../base/i18n.ts';
import { timelineMessages, type TimelineMessageKey } from './timeline.messages.ts';
import { laneMarks, tickUnit, ticks, ZOOM_BUTTONS, type Lane, type TickUnit, type View, type Zoom } from './timeline-view.ts';
import { fitLaneLabel, layoutAxis } from './timeline-axis.ts';

export const LABEL_W = 150;
export const LANE_H = 24;
const AXIS_H = 20;
const PAD_R = 10;

export interface OverviewModel {
  lang: Lang;
  lanes: Lane[];
  view: View;
  zoom: Zoom;
  width: number;
  now: number;
  region?: { start: number; end: number; lane?: string };
  /** Oldest date loaded while more remains on the server (undefined once all is loaded). */
  loadedFrom?: number;
  /** Density marks per lane (see `overviewMarks`), computed by the caller so it can cache them. */
  marks: Map<string, string>;
}

/** The density path of each lane for this view and width. */
export function overviewMarks(items: TimelineItem[], lanes: Lane[], view: View, width: number): Map<string, string> {
  return laneMarks(items, lanes, view, LABEL_W, Math.max(1, width - LABEL_W - PAD_R), LANE_H);
}

export interface OverviewHandlers {
  zoom: (z: Zoom) => void;
  pan: (fraction: number) => void;
  filterToView: () => void;
  keydown: (e: KeyboardEvent) => void;
  pointerdown: (e: PointerEvent) => void;
  pointermove: (e: PointerEvent) => void;
  pointerup: (e: PointerEvent) => void;
}

const t = (lang: Lang, key: TimelineMessageKey, params?: Record<string, string | number>): string =>
  localize(timelineMessages, lang, key, params);

const ZOOM_LABEL: Record<Zoom, TimelineMessageKey> = { recent: 'zoomRecent', week: 'zoomWeek', month: 'zoomMonth', year: 'zoomYear', all: 'zoomAll' };

/** x of a time in the plot (may fall outside when out of view). */
export function xOf(time: number, view: View, width: number): number {
  const plot = Math.max(1, width - LABEL_W - PAD_R);
  return LABEL_W + ((time - view.start) / (view.end - view.start)) * plot;
}

/** Time at an x of the plot. */
export function timeAt(x: number, view: View, width: number): number {
  const plot = Math.max(1, width - LABEL_W - PAD_R);
  return view.start + ((x - LABEL_W) / plot) * (view.end - view.start);
}

/** Lane index at a y of the chart, or -1 on the axis. */
export function laneAt(y: number, lanes: number): number {
  const i = Math.floor(y / LANE_H);
  return i >= 0 && i < lanes ? i : -1;
}

function tickLabel(lang: Lang, time: number, unit: TickUnit): string {
  if (unit === 'year') return String(new Date(time).getFullYear());
  if (unit === 'month') {
    const d = new Date(time);
    return formatDateTime(lang, d, d.getMonth() === 0 ? { month: 'short', year: 'numeric' } : { month: 'short' });
  }
  return formatDateTime(lang, time, { day: 'numeric', month: 'short' });
}

function isoDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A period as users read it: "2025", "mars 2026", "12 mars 2026", "2 – 8 mars 2026". */
export function periodLabel(lang: Lang, p: { start: number; end: number; unit: TickUnit | 'range' }): string {
  const day = (t: number): string => formatDate(lang, isoDay(t), 'long');
  switch (p.unit) {
    case 'year':
      return String(new Date(p.start).getFullYear());
    case 'month':
      return formatDate(lang, isoDay(p.start).slice(0, 7), 'long');
    case 'day':
      return day(p.start);
    default:
      return `${day(p.start)} – ${day(p.end - 1)}`;
  }
}

export function renderOverview(m: OverviewModel, h: OverviewHandlers): TemplateResult {
  const { lang, lanes, view, width } = m;
  const lanesH = lanes.length * LANE_H;
  const height = lanesH + AXIS_H;
  const marks = m.marks;
  const unit = tickUnit(view);
  const tickTimes = ticks(view, unit);
  const grid = tickTimes.map((tt) => `M${xOf(tt, view, width).toFixed(1)} 0V${lanesH}`).join('');
  const todayX = xOf(m.now, view, width);
  const clampX = (x: number): number => Math.min(width - PAD_R, Math.max(LABEL_W, x));
  // Older than what is loaded so far: shaded, so an empty stretch is not read as "nothing happened".
  const unloadedEnd = m.loadedFrom === undefined ? LABEL_W : clampX(xOf(m.loadedFrom, view, width));
  const summary = t(lang, 'overviewSummary', {
    lanes: lanes.filter((l) => l.key !== 'none').length,
    start: formatDate(lang, new Date(view.start).toISOString().slice(0, 10), 'long'),
    end: formatDate(lang, new Date(view.end).toISOString().slice(0, 10), 'long'),
  });
  const laneText = lanes.map((l) => t(lang, 'laneSummary', { label: l.label, count: l.count })).join(' ; ');
  const regionIndex = m.region?.lane ? lanes.findIndex((l) => l.key === m.region!.lane) : -1;

  return html`<div class="overview" part="overview" role="group" aria-label=${t(lang, 'overview')}>
    <div class="ov-toolbar">
      <span class="ov-zoom" role="group" aria-label=${t(lang, 'zoom')}>
        ${ZOOM_BUTTONS.map(
          (z) => html`<button type="button" class="zoom" data-zoom=${z} aria-pressed=${m.zoom === z ? 'true' : 'false'} @click=${() => h.zoom(z)}>
            ${t(lang, ZOOM_LABEL[z])}
          </button>`,
        )}
      </span>
      <button type="button" class="pan-back" @click=${() => h.pan(-0.5)}>${t(lang, 'panBack')}</button>
      <button type="button" class="pan-forward" @click=${() => h.pan(0.5)}>${t(lang, 'panForward')}</button>
      <button type="button" class="filter-view" @click=${h.filterToView}>${t(lang, 'filterToView')}</button>
    </div>
    <svg
      class="chart"
      width=${width}
      height=${height}
      viewBox="0 0 ${width} ${height}"
      role="img"
      tabindex="0"
      aria-label=${`${t(lang, 'overview')}. ${summary} ${laneText}.`}
      aria-keyshortcuts="ArrowLeft ArrowRight + - Home End Enter"
      @keydown=${h.keydown}
      @pointerdown=${h.pointerdown}
      @pointermove=${h.pointermove}
      @pointerup=${h.pointerup}
      @pointercancel=${h.pointerup}
    >
      ${svg`
      ${lanes.map((lane, i) => {
        const spanStart = lane.start !== undefined ? clampX(xOf(lane.start, view, width)) : undefined;
        const spanEnd = clampX(xOf(lane.end ?? m.now, view, width));
        const color = lane.colorIndex >= 0 ? `p${lane.colorIndex}` : 'none';
        return svg`<g class="lane ${color} ${lane.selected ? 'selected' : ''} ${lane.finished ? 'finished' : ''}" data-lane=${lane.key} transform="translate(0 ${i * LANE_H})">
          <rect class="lane-bg" x="0" y="0" width=${width} height=${LANE_H - 2}></rect>
          ${spanStart !== undefined && spanEnd > spanStart
            ? svg`<rect class="lane-span" x=${spanStart} y="3" width=${spanEnd - spanStart} height=${LANE_H - 8} rx="3"></rect>`
            : nothing}
          <path class="marks" d=${marks.get(lane.key) || 'M0 0'}></path>
          <text class="lane-label" x="6" y=${LANE_H / 2 + 3}>${fitLaneLabel(lane.name, lane.suffix, LABEL_W - 10)}</text>
          <title>${lane.label}</title>
        </g>`;
      })}
      ${unloadedEnd > LABEL_W ? svg`<rect class="unloaded" x=${LABEL_W} y="0" width=${unloadedEnd - LABEL_W} height=${lanesH}></rect>` : nothing}
      <path class="grid" d=${grid || 'M0 0'}></path>
      ${todayX >= LABEL_W && todayX <= width - PAD_R ? svg`<line class="today" x1=${todayX} x2=${todayX} y1="0" y2=${lanesH}></line>` : nothing}
      ${layoutAxis(
        tickTimes.map((tt) => ({ x: xOf(tt, view, width), text: tickLabel(lang, tt, unit) })),
        { x: todayX, text: t(lang, 'today') },
        LABEL_W,
        width - PAD_R,
      ).map((l) => svg`<text class=${l.today ? 'today-label' : 'tick'} x=${l.x} y=${lanesH + 14} text-anchor=${l.anchor}>${l.text}</text>`)}
      ${m.region
        ? svg`<rect class="region" x=${clampX(xOf(m.region.start, view, width))} y=${regionIndex >= 0 ? regionIndex * LANE_H : 0}
            width=${Math.max(2, clampX(xOf(m.region.end, view, width)) - clampX(xOf(m.region.start, view, width)))}
            height=${regionIndex >= 0 ? LANE_H - 2 : lanesH}></rect>`
        : nothing}
      `}
    </svg>
  </div>`;
}
