/** Small stroke icons (16 × 16), decorative: the buttons carry the accessible names. */
import { html, svg, type TemplateResult } from 'lit';

const PATHS = {
  attach: 'M10.5 4.5 5.6 9.4a1.6 1.6 0 0 0 2.3 2.3l5.2-5.2a3 3 0 0 0-4.3-4.3L3.6 7.4a4.4 4.4 0 0 0 6.2 6.2l4-4',
  camera: 'M2 5h3l1.3-2h3.4L11 5h3v8H2zM8 11.2a2.4 2.4 0 1 0 0-4.8 2.4 2.4 0 0 0 0 4.8z',
  download: 'M8 2v8M4.8 7 8 10.2 11.2 7M3 13.5h10',
  remove: 'M4 4l8 8M12 4l-8 8',
};

export function icon(name: keyof typeof PATHS): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${svg`<path d=${PATHS[name]}></path>`}</svg>`;
}
