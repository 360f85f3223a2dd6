import { css } from 'lit';

export const documentsStyles = css`
  :host {
    --_p0: var(--coord-pathway-0, light-dark(#1f5fae, #7fb4f0));
    --_p1: var(--coord-pathway-1, light-dark(#b3361e, #ff9a85));
    --_p2: var(--coord-pathway-2, light-dark(#7a3c9e, #d2a6ef));
    --_p3: var(--coord-pathway-3, light-dark(#1d7a3a, #82d69c));
    --_p4: var(--coord-pathway-4, light-dark(#9a5800, #f2b865));
    --_p5: var(--coord-pathway-5, light-dark(#00717a, #66d0d8));
    --_p6: var(--coord-pathway-6, light-dark(#4d5599, #aab1f0));
    --_p7: var(--coord-pathway-7, light-dark(#5f6368, #b5b9be));
    --_pc: var(--_muted);
  }
  .p0 { --_pc: var(--_p0); }
  .p1 { --_pc: var(--_p1); }
  .p2 { --_pc: var(--_p2); }
  .p3 { --_pc: var(--_p3); }
  .p4 { --_pc: var(--_p4); }
  .p5 { --_pc: var(--_p5); }
  .p6 { --_pc: var(--_p6); }
  .p7 { --_pc: var(--_p7); }
  .documents { display: flex; flex-direction: column; gap: 0.6rem; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: end; }
  .toolbar label { display: flex; flex-direction: column; font-size: 0.85em; color: var(--_muted); gap: 0.15rem; min-width: 0; max-width: 100%; }
  .toolbar input, .toolbar select, .upload-form input, .upload-form select {
    font: inherit; color: var(--coord-color-text, inherit); background: var(--_surface);
    border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.2rem 0.4rem;
  }
  .view-toggle { display: flex; }
  .view-toggle button[aria-pressed='true'] { background: var(--_accent); color: var(--_surface); }
  .upload { border: 1px dashed var(--_border); border-radius: var(--_radius); padding: 0.5rem var(--_space); }
  .upload.dragging { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 8%, var(--_surface)); }
  .upload p { margin: 0.2rem 0; }
  .limits { color: var(--_muted); font-size: 0.85em; }
  .pick { display: inline-block; color: var(--_accent); border: 1px solid var(--_accent); border-radius: var(--_radius); padding: 0.1rem 0.6rem; cursor: pointer; margin-inline-start: 0.3rem; }
  .pick:focus-within { outline: 2px solid var(--_accent); outline-offset: 2px; }
  .problems, .form-error { color: var(--_danger); margin: 0.3rem 0; }
  .upload-form { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: end; margin-top: 0.4rem; }
  .upload-form label { display: flex; flex-direction: column; gap: 0.15rem; font-size: 0.9em; }
  .upload-form .f-title { flex: 1 1 100%; }
  .form-title { flex: 1 1 100%; font-weight: 600; overflow-wrap: anywhere; }
  .file-name { color: var(--_muted); overflow-wrap: anywhere; }
  .form-actions { display: flex; gap: 0.4rem; }
  .jobs { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.3rem; }
  .job { display: flex; flex-wrap: wrap; gap: 0.2rem 0.6rem; align-items: center; padding: 0.35rem 0.5rem; border: 1px solid var(--_border); border-radius: var(--_radius); }
  .job.s-failed { border-color: var(--_danger); background: var(--_danger-bg); }
  .job-title { font-weight: 600; overflow-wrap: anywhere; }
  .job progress { flex: 1 1 8rem; }
  .body { display: grid; gap: 0.75rem; grid-template-columns: minmax(0, 1fr); }
  @media (min-width: 50rem) {
    .body.with-details { grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); }
  }
  .list { height: var(--coord-documents-height, 32rem); overflow: auto; contain: strict; border: 1px solid var(--_border); border-radius: var(--_radius); }
  .group { width: 100%; padding: 0.5rem var(--_space) 0.2rem; font-weight: 600; color: var(--_muted); background: var(--_surface); border-bottom: 1px solid var(--_border); }
  .item { width: 100%; display: grid; grid-template-columns: 1.25rem minmax(0, 1fr); column-gap: 0.5rem; padding: 0.45rem var(--_space); border-bottom: 1px solid var(--_border); cursor: pointer; background: var(--_surface); }
  .cards { width: 100%; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.6rem; padding: 0.3rem 0.6rem; }
  .list[data-cols='1'] .cards { grid-template-columns: repeat(1, minmax(0, 1fr)); }
  .list[data-cols='2'] .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .list[data-cols='4'] .cards { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .list[data-cols='5'] .cards { grid-template-columns: repeat(5, minmax(0, 1fr)); }
  .list[data-cols='6'] .cards { grid-template-columns: repeat(6, minmax(0, 1fr)); }
  .item.card { border: 1px solid var(--_border); border-radius: var(--_radius); overflow: hidden; min-height: 9rem; align-content: start; }
  .item > :not(.icon):not(.thumb) { grid-column: 2; margin: 0; min-width: 0; }
  /* An image document's thumbnail, at most its natural size (never blown up). */
  .thumb { grid-row: 1 / span 4; grid-column: 1; width: 3rem; height: 3rem; object-fit: cover; border-radius: 4px; background: var(--_border); }
  .item:hover { background: color-mix(in srgb, var(--_accent) 6%, var(--_surface)); }
  .item.selected { box-shadow: inset 3px 0 0 var(--_accent); }
  .item:focus-visible { outline-offset: -2px; }
  .icon { width: 1rem; height: 1rem; fill: none; stroke: currentColor; stroke-width: 1.3; stroke-linecap: round; stroke-linejoin: round; grid-row: 1; margin-top: 0.15rem; }
  .title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .card .title { white-space: normal; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow-wrap: anywhere; }
  .muted { color: var(--_muted); font-style: italic; }
  .meta { font-size: 0.85em; color: var(--_muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .tags { display: flex; flex-wrap: wrap; gap: 0.25rem; white-space: normal; }
  .why { font-size: 0.85em; color: var(--_muted); }
  .chip { border: 1px solid var(--_pc); color: var(--_pc); border-radius: 999px; padding: 0 0.45rem; font-size: 0.85em; }
  .chip.none { border-style: dashed; }
  .badge { display: inline-flex; gap: 0.2rem; align-items: center; border-radius: var(--_radius); padding: 0 0.35rem; font-size: 0.85em; border: 1px solid var(--_border); }
  .badge .icon { margin: 0; width: 0.8rem; height: 0.8rem; }
  .conf-restricted, .masked { border-color: var(--_warning); color: var(--_warning); }
  .conf-very-restricted { border-color: var(--_danger); color: var(--_danger); }
  .versions { font-size: 0.85em; }
  .list-footer { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; color: var(--_muted); font-size: 0.85em; }
  .details { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space); max-height: var(--coord-documents-height, 32rem); overflow: auto; }
  .details header { display: flex; gap: 0.5rem; align-items: start; }
  .details-title { flex: 1; margin: 0; font-size: 1.05em; overflow-wrap: anywhere; }
  .details .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.5rem 0; }
  .details dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 0.75rem; margin: 0.5rem 0; }
  .details dt { color: var(--_muted); }
  .details dd { margin: 0; overflow-wrap: anywhere; }
  .details h4 { margin: 0.6rem 0 0.2rem; }
  .history { margin: 0; padding-inline-start: 1.2rem; }
  .notice { margin: 0.3rem 0; }
`;
