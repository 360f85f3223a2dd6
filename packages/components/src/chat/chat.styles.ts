import { css } from 'lit';

export const chatStyles = css`
  :host {
    height: var(--coord-chat-height, 36rem);
    --_mine: var(--coord-chat-mine-background, color-mix(in srgb, var(--_accent) 14%, var(--_surface)));
    --_theirs: var(--coord-chat-theirs-background, color-mix(in srgb, var(--_muted) 10%, var(--_surface)));
    --_thumb: var(--coord-chat-thumbnail-size, 9rem);
  }
  .chat {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    height: 100%;
    min-height: 0;
  }
  .chat.dragging {
    outline: 2px dashed var(--_accent);
    outline-offset: -2px;
  }
  /* Skip links: out of sight until focused, then a visible bar over the top of the chat. */
  .skips {
    position: absolute;
    z-index: 3;
    top: 0;
    left: 0;
    display: flex;
    gap: 0.4rem;
  }
  .skip {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .skip:focus {
    position: static;
    width: auto;
    height: auto;
    overflow: visible;
    clip-path: none;
    background: var(--_accent);
    color: var(--_surface);
  }
  .thread-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .thread {
    flex: 1;
    min-height: 0;
  }
  .thread:focus-visible {
    outline-offset: -2px;
  }
  .thread > * {
    width: 100%;
  }
  .thread-skeleton {
    flex: 1;
    gap: 0.75rem;
  }
  .sk-bubble {
    width: 55%;
    height: 2.75rem;
  }
  .sk-mine {
    align-self: flex-end;
  }
  .edge {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    padding: 0.5rem;
  }
  .start,
  .edge-error {
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .day {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    padding: 0.75rem 0.75rem 0.25rem;
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_muted);
  }
  .day::before,
  .day::after,
  .unread::before,
  .unread::after {
    content: '';
    flex: 1;
    border-top: 1px solid currentColor;
    opacity: 0.4;
  }
  /* The day of the topmost message: a strip of its own above the thread, one line, never over a message. */
  .day-strip {
    container-type: inline-size;
    flex: none;
    display: flex;
    justify-content: center;
    align-items: center;
    height: 1.6rem;
    margin: 0;
    padding: 0 0.5rem;
    border-bottom: 1px solid var(--_border);
    font-size: 0.8em;
    font-weight: 600;
    line-height: 1;
    color: var(--_muted);
    white-space: nowrap;
    overflow: hidden;
  }
  .day-strip span {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .day-short {
    display: none;
  }
  @container (max-width: 18rem) {
    .day-long {
      display: none;
    }
    .day-short {
      display: inline;
    }
  }
  .unread {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_danger);
  }
  .msg {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.15rem;
    padding: 0.3rem 0.75rem;
  }
  .msg.mine {
    align-items: flex-end;
  }
  .msg:focus-visible {
    outline-offset: -2px;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.4rem;
    margin: 0;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .from {
    font-weight: 600;
    color: var(--coord-color-text, inherit);
  }
  .unresolved {
    font-style: italic;
  }
  .bubble {
    max-width: min(85%, 40rem);
    padding: 0.45rem 0.7rem;
    border-radius: calc(var(--_radius) * 2);
    background: var(--_theirs);
    overflow-wrap: anywhere;
  }
  .mine .bubble {
    background: var(--_mine);
  }
  .pending .bubble {
    opacity: 0.85;
  }
  .pending.failed .bubble {
    outline: 1px solid var(--_danger);
  }
  .text {
    margin: 0;
    white-space: pre-wrap;
  }
  .note,
  .empty-message {
    margin: 0.25rem 0 0;
    font-size: 0.85em;
    font-style: italic;
    color: var(--_muted);
  }
  .link-button {
    border: none;
    background: none;
    padding: 0;
    color: var(--_accent);
    text-decoration: underline;
    text-align: start;
  }
  .link-button:hover {
    background: none;
  }
  .more {
    margin-top: 0.25rem;
    font-size: 0.85em;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    padding: 0.25rem 0.4rem;
    border-color: transparent;
    line-height: 1;
  }
  .icon {
    width: 1.1em;
    height: 1.1em;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  /* "More" (three dots) as text, so it stays visible in forced colours and costs no element. */
  .actions-toggle::before {
    content: '⋯' / '';
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1;
  }
  .attachments {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin: 0.35rem 0 0;
    padding: 0;
    list-style: none;
  }
  .photo {
    min-width: 0;
    max-width: 100%;
  }
  /* A photo at its natural size, capped to the bubble (never enlarged); a tiny one keeps a
     comfortable click target around it. */
  .thumb {
    display: flex;
    align-items: center;
    justify-content: center;
    max-width: 100%;
    min-width: 2.75rem;
    min-height: 2.75rem;
    padding: 2px;
    overflow: hidden;
    border: 1px solid var(--_border);
    background: var(--_surface);
  }
  .thumb img,
  .thumb-box {
    display: block;
    max-width: 100%;
    max-height: var(--coord-chat-photo-max-height, 20rem);
    width: auto;
    height: auto;
  }
  .thumb-skeleton {
    width: var(--_thumb);
    height: var(--_thumb);
    max-width: 100%;
  }
  .thumb-note,
  .chip-note {
    font-size: 0.8em;
    color: var(--_muted);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.2rem 0.45rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .chip.missing {
    border-style: dashed;
  }
  .file-name {
    overflow-wrap: anywhere;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.3rem;
  }
  /* One actions button per message, out of the Tab order: shown on the active, hovered or focused message. */
  .msg {
    position: relative;
  }
  /* Out of the flow, in the corner away from the sender's line: it never wraps the line nor leaves a gap. */
  .actions-toggle {
    position: absolute;
    top: 0.2rem;
    inset-inline-end: 0.5rem;
    padding: 0 0.3rem;
    opacity: 0;
  }
  /* The sender's line keeps clear of the button's corner. */
  .msg .meta {
    padding-inline-end: 1.75rem;
  }
  .msg.mine .meta {
    padding-inline: 1.75rem 0;
  }
  .msg.mine .actions-toggle {
    inset-inline-end: auto;
    inset-inline-start: 0.5rem;
  }
  .msg.active .actions-toggle,
  .msg:hover .actions-toggle,
  .msg:focus-within .actions-toggle,
  .actions-toggle[aria-expanded='true'] {
    opacity: 1;
  }
  @media (hover: none) {
    .actions-toggle {
      opacity: 0.7;
    }
  }
  .menu {
    display: flex;
    flex-direction: column;
    align-items: stretch;
    min-width: min(16rem, 100%);
    max-width: 100%;
    padding: 0.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 2px 8px rgb(0 0 0 / 15%);
  }
  .menu [role='menuitem'] {
    border-color: transparent;
    text-align: start;
  }
  .menu [role='menuitem']:focus-visible {
    outline-offset: -2px;
  }
  .status {
    margin: 0;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .status.failed {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    color: var(--_danger);
  }
  .status.failed p {
    margin: 0;
  }
  .status .hint {
    color: var(--_muted);
  }
  button.secondary {
    border-color: var(--_border);
    color: inherit;
  }
  .pill {
    position: absolute;
    z-index: 2;
    bottom: 0.6rem;
    left: 50%;
    transform: translateX(-50%);
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_surface);
    box-shadow: 0 2px 6px rgb(0 0 0 / 20%);
  }
  .pill:hover {
    background: var(--_accent);
  }
  .notice {
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .notice:empty {
    display: none;
  }
  .composer {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .composer-row {
    display: flex;
    align-items: flex-end;
    gap: 0.4rem;
  }
  textarea,
  input,
  select {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.35rem 0.5rem;
  }
  .composer textarea {
    flex: 1;
    min-width: 0;
    resize: vertical;
  }
  .composer-buttons {
    display: flex;
    gap: 0.25rem;
  }
  .send {
    background: var(--_accent);
    color: var(--_surface);
  }
  .send:hover {
    background: color-mix(in srgb, var(--_accent) 85%, black);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .hint,
  .reason {
    margin: 0;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .reason {
    font-weight: 600;
  }
  .problems p {
    margin: 0;
    font-size: 0.85em;
    color: var(--_danger);
  }
  .pending-files {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .pending-file {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    padding: 0.15rem 0.35rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .pending-file img {
    width: 2.5rem;
    height: 2.5rem;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 2);
  }
  .drop-hint {
    margin: 0;
    padding: 0.5rem;
    text-align: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    color: var(--_accent);
  }
`;
