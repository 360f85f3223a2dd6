import { CoordTimeline } from './timeline.component.ts';
import { CoordWhyHidden } from '../access/why-hidden.ts';

export { CoordTimeline };
export default CoordTimeline;

// The "Pourquoi ?" of its hidden items.
if (!customElements.get('coord-why-hidden')) customElements.define('coord-why-hidden', CoordWhyHidden);
if (!customElements.get('coord-timeline')) customElements.define('coord-timeline', CoordTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'coord-timeline': CoordTimeline;
  }
}
