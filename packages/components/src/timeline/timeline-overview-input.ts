/**
 * Input on the overview of `<coord-timeline>`: keyboard (arrows pan, + and − zoom, Home/End,
 * Enter filters to the period shown), drag to pan, click to pick a region or a lane. The element
 * owns the state; this class turns events into calls on it.
 */
import { LABEL_W, laneAt, timeAt } from './timeline-overview.ts';
import { panView, ZOOMS, type Lane, type View, type Zoom } from './timeline-view.ts';

export interface OverviewInputHost {
  view(): View;
  lanes(): Lane[];
  /** Width of the chart in px. */
  chartWidth(): number;
  zoom(): Zoom;
  /** The loaded range (Home shows its start). */
  domain(): View;
  /** A view set by the user; undefined goes back to the zoom's default around today. */
  setView(view: View | undefined): void;
  setZoom(zoom: Zoom): void;
  /** The user moved to earlier dates: load what is not loaded yet. */
  reached(start: number): void;
  selectRegion(time: number, laneIndex: number): void;
  filterToView(): void;
  togglePathway(key: string): void;
}

interface Drag {
  x: number;
  y: number;
  view: View;
  moved: boolean;
  id: number;
}

/** Pixels a pointer must move before a press becomes a drag (else it is a click). */
const DRAG_THRESHOLD = 4;

export class OverviewInput {
  private drag?: Drag;

  constructor(private readonly host: OverviewInputHost) {}

  pan(fraction: number): void {
    const view = panView(this.host.view(), fraction);
    this.host.setView(view);
    this.host.reached(view.start);
  }

  readonly keydown = (e: KeyboardEvent): void => {
    const h = this.host;
    const zoomIndex = ZOOMS.indexOf(h.zoom());
    switch (e.key) {
      case 'ArrowLeft':
        this.pan(-0.2);
        break;
      case 'ArrowRight':
        this.pan(0.2);
        break;
      case '+':
      case '=':
        if (zoomIndex > 0) h.setZoom(ZOOMS[zoomIndex - 1]!);
        break;
      case '-':
        if (zoomIndex < ZOOMS.length - 1) h.setZoom(ZOOMS[zoomIndex + 1]!);
        break;
      case 'Home': {
        const start = h.domain().start;
        const view = h.view();
        const span = view.end - view.start;
        h.setView({ start: start - span * 0.03, end: start + span * 0.97 });
        h.reached(start);
        break;
      }
      case 'End':
        h.setView(undefined);
        break;
      case 'Enter':
        h.filterToView();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  readonly pointerdown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const svg = e.currentTarget as SVGSVGElement;
    try {
      svg.setPointerCapture(e.pointerId); // keep receiving moves when the pointer leaves the chart
    } catch {
      // A pointer the browser does not track (synthetic events): drag without capture.
    }
    const box = svg.getBoundingClientRect();
    this.drag = { x: e.clientX, y: e.clientY - box.top, view: this.host.view(), moved: false, id: e.pointerId };
  };

  readonly pointermove = (e: PointerEvent): void => {
    const drag = this.drag;
    if (!drag || drag.id !== e.pointerId) return;
    const dx = e.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD) return;
    drag.moved = true;
    const plot = Math.max(1, this.host.chartWidth() - LABEL_W);
    this.host.setView(panView(drag.view, -dx / plot));
  };

  readonly pointerup = (e: PointerEvent): void => {
    const drag = this.drag;
    this.drag = undefined;
    if (!drag || drag.id !== e.pointerId) return;
    const h = this.host;
    if (drag.moved) {
      h.reached(h.view().start);
      return;
    }
    // A click: on a lane label toggles that pathway; in the plot filters to the region under it.
    const box = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const x = e.clientX - box.left;
    const lanes = h.lanes();
    const laneIndex = laneAt(drag.y, lanes.length);
    if (x < LABEL_W) {
      const lane = lanes[laneIndex];
      if (lane) h.togglePathway(lane.key);
      return;
    }
    h.selectRegion(timeAt(x, h.view(), h.chartWidth()), laneIndex);
  };
}
