export interface CoordEmergencyAccessDetail {
  /** The patient whose record was opened in emergency, `Patient/<id>`. */
  patient: string;
  /** The reason the viewer gave (what the access trace records). */
  reason: string;
}

/**
 * An emergency access (bris de glace) was granted: the host's handler answered and the record was
 * read again with what it returned. Fired once per access, by the provider (or the standalone
 * element) holding the session. Never carries the token or headers the handler returned.
 */
export class CoordEmergencyAccessEvent extends CustomEvent<CoordEmergencyAccessDetail> {
  constructor(detail: CoordEmergencyAccessDetail) {
    super('coord-emergency-access', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-emergency-access': CoordEmergencyAccessEvent;
  }
}
