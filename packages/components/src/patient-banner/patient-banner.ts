import { CoordPatientBanner } from './patient-banner.component.ts';

export { CoordPatientBanner };
export default CoordPatientBanner;

if (!customElements.get('coord-patient-banner')) customElements.define('coord-patient-banner', CoordPatientBanner);

declare global {
  interface HTMLElementTagNameMap {
    'coord-patient-banner': CoordPatientBanner;
  }
}
