import { CoordRecord } from './record.component.ts';
// The banner is always shown: its code comes with the record's; the sections arrive on first opening.
import '../patient-banner/patient-banner.ts';

export { CoordRecord };
export default CoordRecord;

if (!customElements.get('coord-record')) customElements.define('coord-record', CoordRecord);

declare global {
  interface HTMLElementTagNameMap {
    'coord-record': CoordRecord;
  }
}
