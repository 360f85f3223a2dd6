import { CoordPpcs } from './ppcs.component.ts';

export { CoordPpcs };
export default CoordPpcs;

if (!customElements.get('coord-ppcs')) customElements.define('coord-ppcs', CoordPpcs);

declare global {
  interface HTMLElementTagNameMap {
    'coord-ppcs': CoordPpcs;
  }
}
