import { CoordNotes } from './notes.component.ts';

export { CoordNotes };
export default CoordNotes;

if (!customElements.get('coord-notes')) customElements.define('coord-notes', CoordNotes);

declare global {
  interface HTMLElementTagNameMap {
    'coord-notes': CoordNotes;
  }
}
