export interface CoordDocumentUploadedDetail {
  /** The stored document, e.g. `DocumentReference/abc`. */
  reference: string;
  /** The version it replaces, when it is a new version. */
  replaces?: string;
}

/** A document was uploaded and the server confirmed it (fired once per document). */
export class CoordDocumentUploadedEvent extends CustomEvent<CoordDocumentUploadedDetail> {
  constructor(detail: CoordDocumentUploadedDetail) {
    super('coord-document-uploaded', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-document-uploaded': CoordDocumentUploadedEvent;
  }
}
