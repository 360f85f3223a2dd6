export interface CoordSelectDetail {
  /** The FHIR reference of the item the user opened, e.g. `DocumentReference/abc`. */
  reference: string;
  /** The kind of item (`document`, `encounter`, `message`, …). */
  kind?: string;
  /** For a PPCS action written inline in a care plan: its index in `CarePlan.activity` (`reference` is the plan). */
  activityIndex?: number;
}

/**
 * The user opened an item. Cancelable: an element that opens something of its own on selection
 * (the timeline's detail; `<coord-record>`, which opens the item in its section) leaves it to a
 * host that calls `preventDefault()`.
 */
export class CoordSelectEvent extends CustomEvent<CoordSelectDetail> {
  constructor(detail: CoordSelectDetail) {
    super('coord-select', { bubbles: true, composed: true, cancelable: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-select': CoordSelectEvent;
  }
}
