import type { CoordErrorKind } from '@coord/api-client';

export interface CoordErrorDetail {
  /** What failed, e.g. `patient`, `timeline`. */
  source: string;
  kind: CoordErrorKind;
  /** HTTP status, when there was one. */
  status?: number;
  /** A short technical message; never a token or record content. */
  message: string;
}

/** Something failed that the host may want to log. Fired once per failure. */
export class CoordErrorEvent extends CustomEvent<CoordErrorDetail> {
  constructor(detail: CoordErrorDetail) {
    super('coord-error', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-error': CoordErrorEvent;
  }
}
