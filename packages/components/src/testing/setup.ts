/**
 * Loaded before every component test file (web-test-runner.config.mjs).
 * - The library's clock is fixed, so "today", "overdue", ages and day groups never depend on the
 *   day the suite runs: a Monday in the first days of a month and of a year, so month and year
 *   boundaries sit next to "today". Tests that need another instant call `setClock`, then
 *   `restoreTestClock`.
 */
import { setClock } from '@coord/api-client';

export const TEST_NOW = '2027-01-04T10:00:00+01:00';

export function restoreTestClock(): void {
  setClock(TEST_NOW);
}

restoreTestClock();

