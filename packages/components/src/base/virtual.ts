/**
 * `@lit-labs/virtualizer`, loaded only when a list grows long (`lazy-list.ts`): a page whose lists
 * stay short never fetches it.
 */
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';

export { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';

/**
 * The flow layout, rendering 400 px beyond the viewport each way instead of 1 000: half the
 * rows in the DOM, still no blank while scrolling. `_overhang` is the layout's own knob (protected).
 * A list below the window (the overview and "À venir" above it on a small screen) still renders
 * its first rows, as if a short viewport showed them: a screen reader reading the feed, and a
 * user scrolling down to it, find rows rather than an empty feed.
 */
export class CompactFlowLayout extends FlowLayout {
  constructor(...args: ConstructorParameters<typeof FlowLayout>) {
    super(...args);
    this._overhang = 400;
  }

  protected override get _viewDim1(): number {
    const size = super._viewDim1;
    return size === 0 && this.items.length > 0 ? 200 : size;
  }
}
