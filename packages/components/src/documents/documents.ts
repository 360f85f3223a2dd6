import { CoordDocuments } from './documents.component.ts';

export { CoordDocuments };
export default CoordDocuments;

if (!customElements.get('coord-documents')) customElements.define('coord-documents', CoordDocuments);

declare global {
  interface HTMLElementTagNameMap {
    'coord-documents': CoordDocuments;
  }
}
