import { css } from 'lit';

/** Pathway colours: hosts override `--coord-pathway-0…7`; defaults readable in light and dark. */
export const timelineStyles = css`
  :host {
    --_p0: var(--coord-pathway-0, light-dark(#1f5fae, #7fb4f0));
    --_p1: var(--coord-pathway-1, light-dark(#b3361e, #ff9a85));
    --_p2: var(--coord-pathway-2, light-dark(#7a3c9e, #d2a6ef));
    --_p3: var(--coord-pathway-3, light-dark(#1d7a3a, #82d69c));
    --_p4: var(--coord-pathway-4, light-dark(#9a5800, #f2b865));
    --_p5: var(--coord-pathway-5, light-dark(#00717a, #66d0d8));
    --_p6: var(--coord-pathway-6, light-dark(#4d5599, #aab1f0));
    --_p7: var(--coord-pathway-7, light-dark(#5f6368, #b5b9be));
    --_pnone: var(--coord-pathway-none, var(--_muted));
    --_today: var(--coord-timeline-today, var(--_danger));
    --_row-hover: color-mix(in srgb, var(--_accent) 7%, var(--_surface));
  }
  .p0 { --_pc: var(--_p0); }
  .p1 { --_pc: var(--_p1); }
  .p2 { --_pc: var(--_p2); }
  .p3 { --_pc: var(--_p3); }
  .p4 { --_pc: var(--_p4); }
  .p5 { --_pc: var(--_p5); }
  .p6 { --_pc: var(--_p6); }
  .p7 { --_pc: var(--_p7); }
  .none { --_pc: var(--_pnone); }
  .all { --_pc: conic-gradient(var(--_p0) 0 25%, var(--_p1) 0 50%, var(--_p2) 0 75%, var(--_p3) 0); }

  .timeline {
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  p {
    margin: 0;
  }

  /* Filters */
  .filters {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  .chips,
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 0.5rem;
    align-items: center;
  }
  .chip-toggle {
    border-color: var(--_border);
    color: inherit;
    font-size: 0.875em;
    padding: 0.15rem 0.6rem;
    border-radius: 999px;
  }
  .chip-toggle::before {
    content: '';
    display: inline-block;
    width: 0.6em;
    height: 0.6em;
    margin-inline-end: 0.35em;
    border-radius: 50%;
    background: var(--_pc, transparent);
    border: 1px solid var(--_pc, var(--_border));
  }
  .chip-toggle.kind::before {
    display: none;
  }
  .chip-toggle[aria-pressed='true'] {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 14%, var(--_surface));
    font-weight: 600;
  }
  .fields label {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
    font-size: 0.875em;
  }
  .fields input {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.15rem 0.4rem;
  }
  .fields .search input {
    min-width: 14rem;
  }
  .region-chip {
    display: inline-flex;
    align-self: flex-start;
    align-items: center;
    gap: 0.4rem;
    padding: 0.1rem 0.2rem 0.1rem 0.6rem;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    font-size: 0.875em;
  }
  .region-chip button {
    border: none;
    padding: 0 0.4rem;
    line-height: 1.2;
  }

  /* Overview */
  .overview {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--coord-timeline-overview-background, var(--_surface));
    /* No inline padding: the chart is drawn for the host's width less the borders, never scaled. */
    padding: 0.4rem 0;
  }
  .ov-toolbar {
    padding-inline: 0.4rem;
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.35rem;
    margin-bottom: 0.35rem;
  }
  .ov-toolbar button {
    font-size: 0.8125em;
    padding: 0.1rem 0.5rem;
  }
  .ov-zoom {
    margin-inline-end: auto;
  }
  .pan-back::before {
    content: '‹ ';
  }
  .pan-forward::after {
    content: ' ›';
  }
  .ov-zoom button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_surface);
  }
  .chart {
    display: block;
    max-width: 100%;
    touch-action: pan-y;
    cursor: grab;
    user-select: none;
  }
  .chart:active {
    cursor: grabbing;
  }
  .lane-bg {
    fill: transparent;
  }
  .lane:nth-child(odd) .lane-bg {
    fill: color-mix(in srgb, var(--_border) 22%, transparent);
  }
  .lane.selected .lane-bg {
    fill: color-mix(in srgb, var(--_pc) 12%, transparent);
  }
  .lane-span {
    fill: var(--_pc);
    fill-opacity: 0.16;
    stroke: var(--_pc);
    stroke-opacity: 0.5;
  }
  .lane.finished .lane-span {
    stroke-dasharray: 3 2;
  }
  .marks {
    fill: var(--_pc);
  }
  .lane-label,
  .tick,
  .today-label {
    fill: currentColor;
    font-size: 11px;
  }
  .lane-label {
    font-weight: 600;
  }
  .tick {
    fill: var(--_muted);
  }
  .unloaded {
    fill: color-mix(in srgb, var(--_muted) 10%, transparent);
  }
  .grid {
    stroke: var(--_border);
    stroke-width: 1;
  }
  .today {
    stroke: var(--_today);
    stroke-width: 2;
  }
  .today-label {
    fill: var(--_today);
    font-weight: 600;
  }
  .region {
    fill: color-mix(in srgb, var(--_accent) 18%, transparent);
    stroke: var(--_accent);
    stroke-width: 1.5;
  }

  /* New items */
  .live {
    min-height: 0;
  }
  .pill {
    position: relative;
    display: block;
    margin: 0 auto;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_surface);
    font-weight: 600;
    padding: 0.2rem 0.9rem;
  }

  /* List */
  /* "À venir": a few rows apart, above the list */
  .upcoming {
    margin-block-end: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .upcoming-title {
    margin: 0;
    box-sizing: border-box;
  }
  .upcoming-title .count {
    font-weight: 400;
  }
  .upcoming-toggle {
    margin: 0.3rem 0.6rem 0.5rem;
  }
  .list {
    height: var(--coord-timeline-list-height, 28rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .group {
    width: 100%;
    padding: 0.5rem 0.6rem 0.2rem;
    font-size: 0.8125em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    color: var(--_muted);
    border-bottom: 1px solid var(--_border);
    background: color-mix(in srgb, var(--_border) 18%, var(--_surface));
  }
  .item {
    width: 100%;
    display: grid;
    grid-template-columns: 1.25rem 1fr;
    column-gap: 0.55rem;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid color-mix(in srgb, var(--_border) 60%, transparent);
    cursor: pointer;
  }
  .item > :not(.icon) {
    grid-column: 2;
    min-width: 0;
  }
  .item:hover {
    background: var(--_row-hover);
  }
  .item:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  .item.sub {
    padding-inline-start: 2.2rem;
  }
  .item.sub .title {
    font-weight: 500;
  }
  .icon {
    grid-row: 1 / span 3;
    width: 1.1rem;
    height: 1.1rem;
    margin-top: 0.1rem;
    fill: none;
    stroke: var(--_accent);
    stroke-width: 1.4;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .k-unknown .icon,
  .k-movement .icon {
    stroke: var(--_muted);
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: var(--coord-timeline-title-lines, 2);
    line-clamp: var(--coord-timeline-title-lines, 2);
  }
  /* Clipped titles show in full while the item has focus. */
  .item:focus .title,
  .item:focus-within .title {
    display: block;
  }
  .title.muted {
    font-style: italic;
    font-weight: 500;
  }
  .meta {
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    margin-inline: 0.5em 0.2em;
    color: var(--coord-color-text, inherit);
  }
  .chip::before {
    content: '';
    width: 0.55em;
    height: 0.55em;
    border-radius: 50%;
    background: var(--_pc);
  }
  .status {
    margin-inline-start: 0.4em;
    font-weight: 600;
    color: var(--coord-color-text, inherit);
  }
  .s-overdue {
    color: var(--_danger);
  }
  .s-cancelled {
    text-decoration: line-through;
  }
  .subtitle {
    font-size: 0.875em;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .list-footer {
    display: flex;
    gap: 0.6rem;
    align-items: center;
    font-size: 0.875em;
    color: var(--_muted);
  }

  /* Skeleton */
  .loading {
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  .sk-overview {
    height: 7rem;
  }
  .sk-row {
    display: flex;
    gap: 0.6rem;
    align-items: center;
  }
  .sk-icon {
    width: 1.1rem;
    height: 1.1rem;
  }
  .sk-line {
    flex: 1;
    max-width: 32rem;
  }
`;
