export interface CoordMessageSentDetail {
  /** The message the server stored, `Communication/<id>`. */
  reference: string;
  /** Its client-generated identifier (`urn:uuid:…`), the same on every retry of the send. */
  identifier?: string;
}

/** The server confirmed a message sent from the chat (once per message, after a retry or a reload too). */
export class CoordMessageSentEvent extends CustomEvent<CoordMessageSentDetail> {
  constructor(detail: CoordMessageSentDetail) {
    super('coord-message-sent', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-message-sent': CoordMessageSentEvent;
  }
}
