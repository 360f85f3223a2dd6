import { css } from 'lit';

/**
 * Shared host reset and design tokens (docs/theming.md holds the table).
 *
 * Hosts theme every element through public `--coord-*` custom properties, which inherit through
 * the page, the provider and shadow roots. Each element reads them through private `--_*` copies
 * with a default for light and one for dark (`light-dark()`), so:
 * - light or dark follows `color-scheme`: the host page's (`:root { color-scheme: light dark }`
 *   follows the OS's `prefers-color-scheme`), or a `theme` attribute on `coord-provider` or on an
 *   element: `light`, `dark`, or `auto` (follow the OS even on a light page);
 * - a brand sets a handful of tokens (`--coord-color-accent`, `--coord-radius`, `--coord-font-family`)
 *   and every element follows; per-element knobs fall back to them
 *   (`var(--coord-timeline-today, var(--coord-color-accent))`).
 */
export const hostStyles = css`
  :host {
    box-sizing: border-box;
    display: block;
    font-family: var(--coord-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--coord-font-size, 0.9375rem);
    line-height: var(--coord-line-height, 1.45);
    /* Record text may be one 100 000-character word: it wraps inside the element, never widens it. */
    overflow-wrap: anywhere;
    color: var(--coord-color-text, light-dark(#1b1f24, #e6e9ee));
    --_surface: var(--coord-color-surface, light-dark(#ffffff, #16191e));
    --_muted: var(--coord-color-muted, light-dark(#57606a, #9aa4b0));
    --_border: var(--coord-color-border, light-dark(#d0d7de, #3a414a));
    --_accent: var(--coord-color-accent, light-dark(#0b5cad, #6cb0f5));
    --_danger: var(--coord-color-danger, light-dark(#b42318, #ff8a80));
    --_danger-bg: var(--coord-color-danger-bg, light-dark(#fdecea, #3b1a18));
    --_warning: var(--coord-color-warning, light-dark(#8a5300, #f5c26b));
    --_warning-bg: var(--coord-color-warning-bg, light-dark(#fff4e0, #3a2c12));
    --_skeleton: var(--coord-color-skeleton, light-dark(#eaeef2, #2a3038));
    --_focus: var(--coord-focus-ring-color, var(--_accent));
    --_focus-width: var(--coord-focus-ring-width, 2px);
    --_radius: var(--coord-radius, 6px);
    --_space: var(--coord-space, 0.75rem);
  }
  /* An element given its own theme paints its own surface, so it reads on any page. */
  :host([theme]) {
    background: var(--_surface);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  /* Direction controls in record text (U+202E…) stay inside the element that holds them: a name
     cannot reverse the interface around it. Form fields keep their own (auto) direction. */
  :where(*:not(input, textarea, select, bdo)) {
    unicode-bidi: isolate;
  }
  /* A select is as wide as its longest option: record text must not widen the element. */
  select {
    max-width: 100%;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    background: var(--_surface);
    color: var(--_accent);
    padding: 0.25rem 0.75rem;
  }
  button:hover {
    background: color-mix(in srgb, var(--_accent) 10%, var(--_surface));
  }
  :focus-visible {
    outline: var(--_focus-width) solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .state {
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
    align-items: flex-start;
    padding: var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
  }
  .state[data-tone='danger'] {
    border-color: var(--_danger);
    background: var(--_danger-bg);
  }
  .state[data-tone='warning'] {
    border-color: var(--_warning);
    background: var(--_warning-bg);
  }
  .state-title {
    font-weight: 600;
    margin: 0;
  }
  .state-hint {
    margin: 0;
    color: inherit;
  }
  .skeleton {
    display: block;
    background: var(--_skeleton);
    border-radius: var(--_radius);
    height: 0.9em;
    animation: coord-pulse 1.4s ease-in-out infinite;
  }
  @keyframes coord-pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`;
