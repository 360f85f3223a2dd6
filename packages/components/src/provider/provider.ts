import { CoordProvider } from './provider.component.ts';

export { CoordProvider };
export default CoordProvider;

if (!customElements.get('coord-provider')) customElements.define('coord-provider', CoordProvider);

declare global {
  interface HTMLElementTagNameMap {
    'coord-provider': CoordProvider;
  }
}
