import { createContext } from '@lit/context';
import type { CoordSession } from './session.ts';

/** The session a `coord-provider` gives every element inside it. */
export const sessionContext = createContext<CoordSession | undefined>(Symbol.for('coord-session'));
