/** Test helper: one MSW worker per test page, handlers swapped per test. */
import { setupWorker } from 'msw/browser';
import { http, HttpResponse, type HttpHandler } from 'msw';

const worker = setupWorker();
let started: Promise<unknown> | undefined;
const start = () => worker.start({ quiet: true, onUnhandledRequest: 'bypass' });

/** Answered by the worker only: tells whether it still intercepts this page's requests. */
const PING = 'https://fhir.test/__msw-ping';
const ping = http.get(PING, () => HttpResponse.text('pong'));

async function intercepting(): Promise<boolean> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 2_000);
  try {
    const res = await fetch(PING, { signal: abort.signal, cache: 'no-store' });
    return (await res.text()) === 'pong';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function useHandlers(...handlers: HttpHandler[][]): Promise<void> {
  started ??= start();
  await started;
  worker.resetHandlers(ping, ...handlers.flat());
  // A service worker the browser stopped and started again (a busy machine, a long file) forgets
  // which pages it serves and lets their requests through to the network, where the mock host
  // never answers: a test then hangs until its timeout (seen on a clean-clone CI run). Check,
  // and start the worker again when it no longer intercepts.
  for (let attempt = 0; attempt < 3 && !(await intercepting()); attempt++) {
    worker.stop();
    started = start();
    await started;
    worker.resetHandlers(ping, ...handlers.flat());
  }
}
