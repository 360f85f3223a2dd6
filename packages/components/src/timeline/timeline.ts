import { CoordTimeline } from './timeline.component.ts';
import { setTimelineDetailLoader } from './timeline-rows-input.ts';
import type { CoordTimelineDetail } from './timeline-detail.ts';
import { CoordWhyHidden } from '../access/why-hidden.ts';

export { CoordTimeline };
export default CoordTimeline;

// The "Pourquoi ?" of its hidden items.
if (!customElements.get('coord-why-hidden')) customElements.define('coord-why-hidden', CoordWhyHidden);
if (!customElements.get('coord-timeline')) customElements.define('coord-timeline', CoordTimeline);

// The detail view (and the shared media viewer it uses): code fetched and tags registered on the
// first item opened, so a page showing the timeline does not load them up front.
setTimelineDetailLoader(async () => {
  const { CoordTimelineDetail, CoordMediaViewer } = await import('./timeline-detail.ts');
  if (!customElements.get('coord-media-viewer')) customElements.define('coord-media-viewer', CoordMediaViewer);
  if (!customElements.get('coord-timeline-detail')) customElements.define('coord-timeline-detail', CoordTimelineDetail);
  return CoordTimelineDetail;
});

declare global {
  interface HTMLElementTagNameMap {
    'coord-timeline': CoordTimeline;
    'coord-timeline-detail': CoordTimelineDetail;
  }
}
