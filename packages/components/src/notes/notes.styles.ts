import { css } from 'lit';

export const notesStyles = css`
  .notes {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  h2 {
    font-size: 1.1em;
    margin: 0;
  }
  h3,
  h4 {
    margin: 0;
    font-size: 1em;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_surface);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.75);
    max-height: var(--coord-notes-max-height, none);
    overflow: auto;
  }
  .note,
  .editor,
  .conflict {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: var(--_space);
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  .note .editor,
  .note .conflict {
    margin-top: 0.5rem;
  }
  .open {
    border: none;
    padding: 0;
    text-align: start;
    font-weight: 600;
    color: inherit;
    background: none;
  }
  .open:hover {
    text-decoration: underline;
    background: none;
  }
  .meta,
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .badge {
    color: var(--_warning);
    font-weight: 600;
  }
  .excerpt {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .text {
    overflow-wrap: anywhere;
  }
  .text p,
  .text ul,
  .text ol {
    margin: 0 0 0.5em;
  }
  .text a + span {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .text a {
    color: var(--_accent);
  }
  .notice {
    margin: 0;
    padding: 0.25rem 0.5rem;
    border-radius: var(--_radius);
    background: var(--_warning-bg);
  }
  .error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  label {
    font-weight: 600;
  }
  input,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.35rem 0.5rem;
    width: 100%;
  }
  textarea {
    resize: vertical;
    min-height: 6rem;
  }
  textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .sides {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: var(--_space);
  }
  .side {
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  figcaption {
    font-weight: 600;
  }
  .plain {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font: inherit;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem;
    max-height: 16rem;
    overflow: auto;
  }
  .history {
    border-top: 1px solid var(--_border);
    padding-top: 0.5rem;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  .versions {
    margin: 0;
    padding-inline-start: 1.2rem;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  .version-head {
    margin: 0 0 0.25rem;
  }
  .diff {
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-family: ui-monospace, monospace;
    font-size: 0.85em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .line > span[aria-hidden] {
    display: inline-block;
    width: 1.2em;
  }
  .line[data-kind='added'] {
    background: var(--coord-notes-added-background, light-dark(#e6f4ea, #17301f));
  }
  .line[data-kind='removed'] {
    background: var(--coord-notes-removed-background, light-dark(#fdecea, #3b1a18));
  }
  ins,
  del {
    text-decoration: none;
  }
  .fold {
    color: var(--_muted);
  }
`;
