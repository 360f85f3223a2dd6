import { css } from 'lit';

export const auditStyles = css`
  .audit {
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  p {
    margin: 0;
  }
  .intro,
  .muted,
  .role,
  time {
    color: var(--_muted);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.5rem 0.75rem;
  }
  .filters label {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
    font-size: 0.9em;
    /* Capped, so a select's max-width (base styles) holds: an actor's name from the record may be
       as long as the record makes it, and the select is as wide as its widest option. */
    min-width: 0;
    max-width: 100%;
  }
  select,
  input {
    font: inherit;
    padding: 0.2rem 0.35rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .warning {
    color: var(--_danger);
    flex-basis: 100%;
  }
  .list {
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
  }
  .list.long {
    display: block;
    height: var(--coord-audit-height, 28rem);
    overflow: auto;
  }
  .entry {
    width: 100%;
    padding: 0.45rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow-wrap: anywhere;
  }
  .list.long .entry {
    margin-bottom: 0.35rem;
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 0.4rem;
    align-items: baseline;
  }
  .who {
    font-weight: 600;
  }
  .who.unknown {
    font-style: italic;
    font-weight: 400;
  }
  .entry.emergency {
    border: 2px solid var(--coord-color-emergency, light-dark(#9a1b6b, #ff9bd2));
    background: var(--coord-color-emergency-bg, light-dark(#fbe9f3, #3a1530));
  }
  .entry.failed {
    border-color: var(--_warning);
  }
  .badge {
    font-size: 0.8em;
    font-weight: 600;
    padding: 0 0.4rem;
    border-radius: 999px;
    border: 1px solid currentColor;
  }
  .badge.emergency {
    color: var(--coord-color-emergency, light-dark(#9a1b6b, #ff9bd2));
    text-transform: uppercase;
  }
  .badge.failed {
    color: var(--_warning);
  }
  .reason {
    margin-top: 0.2rem;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
`;
