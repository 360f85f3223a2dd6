import type { ActionStatus } from '@coord/api-client';

export interface CoordActionUpdatedDetail {
  /** The action's own reference: `Task/<id>`, or `CarePlan/<id>` for an inline activity (with `activityIndex`). */
  reference: string;
  /** Index in `CarePlan.activity` when the action is written inline in the plan. */
  activityIndex?: number;
  /** The action's state once the server confirmed the change. */
  status: ActionStatus;
  /** What changed: a new action, its status, or a comment. */
  change: 'created' | 'status' | 'comment';
}

/** A PPCS action was created or changed, and the server confirmed it (fired after the write, never on a conflict). */
export class CoordActionUpdatedEvent extends CustomEvent<CoordActionUpdatedDetail> {
  constructor(detail: CoordActionUpdatedDetail) {
    super('coord-action-updated', { bubbles: true, composed: true, detail: Object.freeze({ ...detail }) });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'coord-action-updated': CoordActionUpdatedEvent;
  }
}
