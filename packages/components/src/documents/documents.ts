import { CoordDocuments } from './documents.component.ts';
import { CoordMediaViewer } from '../base/media-viewer.ts';
import { CoordWhyHidden } from '../access/why-hidden.ts';

export { CoordDocuments };
export default CoordDocuments;

// The viewer it renders in its shadow root.
if (!customElements.get('coord-media-viewer')) customElements.define('coord-media-viewer', CoordMediaViewer);
if (!customElements.get('coord-why-hidden')) customElements.define('coord-why-hidden', CoordWhyHidden);
if (!customElements.get('coord-documents')) customElements.define('coord-documents', CoordDocuments);

declare global {
  interface HTMLElementTagNameMap {
    'coord-documents': CoordDocuments;
  }
}
