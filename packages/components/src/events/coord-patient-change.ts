export interface CoordPatientChangeDetail {
  /** `Patient/<id>` once resolved; undefined while unresolved or on failure. */
  reference?: string;
  status: 'loading' | 'ready' | 'error' | 'idle';
}

/** The provider (or a standalone element) resolved, or failed to resolve, its patient. */
export class CoordPatientChangeEvent extends CustomEvent<CoordPatientChangeDetail> {
  constructor(detail: CoordPatientChangeDetail) {
    super('coord-patient-change', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-patient-change': CoordPatientChangeEvent;
  }
}
