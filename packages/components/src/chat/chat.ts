import { CoordChat } from './chat.component.ts';

export { CoordChat };
export default CoordChat;

if (!customElements.get('coord-chat')) customElements.define('coord-chat', CoordChat);

declare global {
  interface HTMLElementTagNameMap {
    'coord-chat': CoordChat;
  }
}
