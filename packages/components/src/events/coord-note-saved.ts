export interface CoordNoteSavedDetail {
  /** The note the server stored, `DocumentReference/<id>`. */
  reference: string;
  /** The version the server gave it (`meta.versionId`). */
  version?: string;
  /** `created` for a new note, `updated` for a new version of one. */
  change: 'created' | 'updated';
}

/** The server confirmed a note (a new note, or a new version after an edit or a settled conflict). */
export class CoordNoteSavedEvent extends CustomEvent<CoordNoteSavedDetail> {
  constructor(detail: CoordNoteSavedDetail) {
    super('coord-note-saved', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-note-saved': CoordNoteSavedEvent;
  }
}
