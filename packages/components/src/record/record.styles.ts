import { css } from 'lit';

export const recordStyles = css`
  :host {
    --_section-height: var(--coord-record-section-height, 36rem);
    --_side-width: var(--coord-record-side-width, 26rem);
    container-type: inline-size;
  }
  .record {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.75);
    min-width: 0;
  }
  .context {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin: 0;
  }
  .context .skeleton {
    width: 12rem;
  }
  .pathways {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .pathway {
    border: 1px solid var(--_border);
    border-left: 4px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 0.125rem 0.5rem;
    font-size: 0.875em;
  }
  .circle summary {
    cursor: pointer;
    color: var(--_accent);
  }
  .circle ul {
    margin: 0.25rem 0 0;
    padding-left: 1.25rem;
  }
  .muted {
    color: var(--_muted);
    margin: 0;
  }
  .body {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
  }
  [data-layout='wide'] .body {
    grid-template-columns: minmax(0, 1fr) var(--_side-width);
  }
  .main,
  .side {
    min-width: 0;
  }
  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    border-bottom: 1px solid var(--_border);
  }
  [role='tab'] {
    border: 1px solid transparent;
    border-bottom: 3px solid transparent;
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: none;
    color: inherit;
    padding: 0.375rem 0.625rem;
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }
  [role='tab'][aria-selected='true'] {
    border-bottom-color: var(--_accent);
    color: var(--_accent);
    font-weight: 600;
  }
  [role='tab']:focus-visible,
  .panel:focus-visible,
  .item:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .badge {
    display: inline-block;
    min-width: 1.5em;
    padding: 0 0.375em;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_surface);
    font-size: 0.8em;
    font-weight: 600;
    text-align: center;
  }
  .badge[data-tone='danger'] {
    background: var(--_danger);
  }
  .panel {
    padding-top: var(--_space);
    min-height: 8rem;
  }
  .panel > :not(.digest),
  .side > * {
    --coord-documents-height: var(--_section-height);
  }
  .notice {
    margin: 0.5rem 0 0;
    padding: 0.375rem 0.625rem;
    background: var(--_warning-bg);
    color: var(--_warning);
    border-radius: var(--_radius);
  }
  .digest h2 {
    font-size: 1.125em;
    margin: 0 0 0.375rem;
  }
  .digest h3 {
    font-size: 1em;
    margin: var(--_space) 0 0.25rem;
  }
  .digest ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25rem;
  }
  .intro,
  .empty,
  .partial {
    margin: 0 0 0.5rem;
  }
  .partial {
    color: var(--_warning);
  }
  .item {
    width: 100%;
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0 0.75rem;
    text-align: left;
    border: 1px solid var(--_border);
    padding: 0.375rem 0.625rem;
    color: inherit;
  }
  .item-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .item-meta {
    grid-column: 1;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .item-time {
    grid-column: 2;
    grid-row: 1 / span 2;
    align-self: center;
    color: var(--_muted);
    font-size: 0.875em;
    white-space: nowrap;
  }
  @container (max-width: 400px) {
    .item {
      grid-template-columns: minmax(0, 1fr);
    }
    .item-time {
      grid-column: 1;
      grid-row: auto;
    }
  }
`;
