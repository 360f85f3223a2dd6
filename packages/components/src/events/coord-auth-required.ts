export interface CoordAuthRequiredDetail {
  /** The FHIR base URL whose token was refused. */
  baseUrl: string;
}

/** A 401 that a fresh token (from `getToken`) did not fix: the host should sign the user in again. */
export class CoordAuthRequiredEvent extends CustomEvent<CoordAuthRequiredDetail> {
  constructor(detail: CoordAuthRequiredDetail) {
    super('coord-auth-required', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-auth-required': CoordAuthRequiredEvent;
  }
}
