import { CoordTimeline } from './timeline.component.ts';

export { CoordTimeline };
export default CoordTimeline;

if (!customElements.get('coord-timeline')) customElements.define('coord-timeline', CoordTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'coord-timeline': CoordTimeline;
  }
}
