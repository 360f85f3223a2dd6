import { ContextRoot, createContext } from '@lit/context';
import type { CoordSession } from './session.ts';

/** The session a `coord-provider` gives every element inside it. */
export const sessionContext = createContext<CoordSession | undefined>(Symbol.for('coord-session'));

const roots = new WeakSet<Document>();

/**
 * Element code arrives in any order (each element's module is loaded on first use), so an
 * element may ask for the session before its `coord-provider` is defined. A `ContextRoot` on the
 * document keeps such requests and replays them when a provider appears. Called by every element
 * before it asks; one root per document.
 */
export function ensureContextRoot(node: Node): void {
  const doc = node.ownerDocument;
  if (!doc || roots.has(doc)) return;
  roots.add(doc);
  new ContextRoot().attach(doc.documentElement);
}
