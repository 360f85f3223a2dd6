import { css } from 'lit';

/** Shared by the three pieces: the emergency tone and the primary button. */
const common = css`
  :host {
    --_emergency: var(--coord-color-emergency, light-dark(#9a1b6b, #ff9bd2));
    --_emergency-bg: var(--coord-color-emergency-bg, light-dark(#fbe9f3, #3a1530));
  }
  p {
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.25rem;
  }
  button.primary {
    background: var(--_emergency);
    border-color: var(--_emergency);
    color: var(--_surface);
  }
  button.primary:hover {
    background: color-mix(in srgb, var(--_emergency) 85%, black);
  }
  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
`;

export const offerStyles = [
  common,
  css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.35rem;
    }
  `,
];

export const dialogStyles = [
  common,
  css`
    :host {
      display: contents;
    }
    dialog {
      max-width: min(34rem, calc(100vw - 2rem));
      border: 2px solid var(--_emergency);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: inherit;
      padding: calc(var(--_space) * 1.5);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    h2 {
      margin: 0;
      font-size: 1.15em;
      color: var(--_emergency);
    }
    label {
      font-weight: 600;
    }
    textarea {
      font: inherit;
      width: 100%;
      padding: 0.4rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: inherit;
      resize: vertical;
    }
    textarea[aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .hint {
      color: var(--_muted);
      font-size: 0.9em;
    }
    .error {
      color: var(--_danger);
      font-weight: 600;
    }
    .actions {
      justify-content: flex-end;
    }
  `,
];

export const bannerStyles = [
  common,
  css`
    :host {
      display: block;
      margin-bottom: 0.5rem;
    }
    :host(:focus-visible) {
      outline: 2px solid var(--_emergency);
      outline-offset: 2px;
    }
    .banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.75rem;
      padding: 0.5rem var(--_space);
      border: 2px solid var(--_emergency);
      border-radius: var(--_radius);
      background: var(--_emergency-bg);
    }
    .title strong {
      color: var(--_emergency);
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .detail,
    .audit {
      color: var(--_muted);
    }
    .reason {
      flex: 1 1 16rem;
      overflow-wrap: anywhere;
    }
    .audit.failed {
      color: var(--_danger);
      font-weight: 600;
      flex-basis: 100%;
    }
    button {
      padding: 0.1rem 0.6rem;
      font-size: 0.9em;
    }
  `,
];
