// The virtualizer's ResizeObserver (lit/lit#3154) is the usual source. A classic script, first in the test page's <head> (web-test-runner.config.mjs), so it runs
// before the runner's own error listener. "ResizeObserver loop completed with undelivered
// notifications" is benign (the notifications arrive next frame, per the spec), but reaches the
// runner as an error event with a null `error`, which it prints as a bare `null` line. This
// drops that one message; every other error still reaches the runner.
window.addEventListener(
  'error',
  (e) => {
    if (/^ResizeObserver loop/.test(e.message)) e.stopImmediatePropagation();
  },
  true,
);
