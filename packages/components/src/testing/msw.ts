/** Test helper: one MSW worker per test page, handlers swapped per test. */
import { setupWorker } from 'msw/browser';
import type { HttpHandler } from 'msw';

const worker = setupWorker();
let started: Promise<unknown> | undefined;

export async function useHandlers(...handlers: HttpHandler[][]): Promise<void> {
  started ??= worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  await started;
  worker.resetHandlers(...handlers.flat());
}
