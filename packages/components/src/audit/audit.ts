import { CoordAudit } from './audit.component.ts';

export { CoordAudit };
export default CoordAudit;

if (!customElements.get('coord-audit')) customElements.define('coord-audit', CoordAudit);

declare global {
  interface HTMLElementTagNameMap {
    'coord-audit': CoordAudit;
  }
}
