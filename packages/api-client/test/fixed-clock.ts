/**
 * Preloaded by `npm run test:unit` (`--import`): the library's clock is fixed, so no unit test
 * depends on the day it runs. A Monday in the first days of a month and of a year.
 */
import { setClock } from '../src/clock.ts';

export const TEST_NOW = '2027-01-04T10:00:00+01:00';

setClock(TEST_NOW);
