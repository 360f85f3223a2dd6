/**
 * `waitUntil` for component tests: open-wc's, with a default ceiling of 30 s instead of 1 s.
 * A condition that holds returns as soon as it holds; the ceiling only bounds how long a broken
 * test takes to fail, so a busy 2-core machine never turns a slow render into a failure.
 */
import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

export const WAIT_CEILING_MS = 30_000;

export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { interval: 20, ...options, timeout: Math.max(options.timeout ?? 0, WAIT_CEILING_MS) });
}
