export interface CoordFilterChangeDetail {
  /** Pathway tokens as the `pathways` attribute now holds them (EpisodeOfCare references, `none`). */
  pathways: string[];
  /** Kinds as the `kinds` attribute now holds them (empty: the default set). */
  kinds: string[];
  /** `since` / `until` dates (`YYYY-MM-DD`), when set. */
  since?: string;
  until?: string;
  /** The free-text search. */
  query: string;
}

/**
 * The user changed a filter; the element's attributes already reflect it. Lets a host keep the
 * filters (e.g. in its URL). Never fired when the host itself sets the attributes.
 */
export class CoordFilterChangeEvent extends CustomEvent<CoordFilterChangeDetail> {
  constructor(detail: CoordFilterChangeDetail) {
    super('coord-filter-change', {
      bubbles: true,
      composed: true,
      detail: Object.freeze({ ...detail, pathways: [...detail.pathways], kinds: [...detail.kinds] }),
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-filter-change': CoordFilterChangeEvent;
  }
}
