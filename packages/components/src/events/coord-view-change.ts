/** The sections of `<coord-record>`, in tab order. */
export type RecordView = 'overview' | 'timeline' | 'documents' | 'notes' | 'ppcs' | 'chat' | 'audit';

export interface CoordViewChangeDetail {
  /** The section now open; the element's `view` attribute already reflects it. */
  view: RecordView;
}

/**
 * The user opened another section of `<coord-record>` (a tab, a digest item, a selection that
 * opens in its section). Lets a host keep the section in its URL (deep links). Never fired when
 * the host itself sets `view`.
 */
export class CoordViewChangeEvent extends CustomEvent<CoordViewChangeDetail> {
  constructor(detail: CoordViewChangeDetail) {
    super('coord-view-change', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-view-change': CoordViewChangeEvent;
  }
}
