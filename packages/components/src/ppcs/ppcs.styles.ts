import { css } from 'lit';

/** The plan on screen, and a clean dated copy on paper (`@media print`). */
export const ppcsStyles = css`
  :host {
    --_overdue: var(--coord-ppcs-overdue, var(--_danger));
    --_ok: var(--coord-color-success, light-dark(#1d6b35, #82d69c));
  }
  .ppcs {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  h2,
  h3,
  h4,
  h5,
  p,
  ul,
  dl {
    margin: 0;
  }
  h2 {
    font-size: 1.25rem;
  }
  h3 {
    font-size: 1.05rem;
    margin-block-end: 0.35rem;
  }
  h4 {
    font-size: 0.95rem;
  }
  h5 {
    font-size: 0.9rem;
  }
  ul {
    padding-inline-start: 1.1rem;
  }
  .muted {
    color: var(--_muted);
  }
  .print-date {
    display: none;
  }
  .plan-header {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.5rem;
  }
  .facts dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .facts dd {
    margin: 0;
  }
  .warning,
  .switch p {
    border-inline-start: 3px solid var(--_warning);
    background: var(--_warning-bg);
    padding: 0.25rem 0.5rem;
  }
  .error {
    color: var(--_danger);
  }
  .circle .sector {
    margin-block-end: 0.35rem;
  }
  .circle li .role,
  .circle li .org {
    color: var(--_muted);
  }
  .circle li .role::before,
  .circle li .org::before {
    content: ' · ';
  }
  .needs-goals {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    gap: var(--_space);
  }
  .goal {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    align-items: baseline;
  }
  .goal.unmet .goal-text {
    font-weight: 600;
  }
  .unmet-summary,
  .unmet-flag {
    color: var(--_overdue);
  }
  .chip {
    display: inline-block;
    border: 1px solid currentColor;
    border-radius: 999px;
    padding: 0 0.5rem;
    font-size: 0.8em;
    white-space: nowrap;
  }
  .goal-achieved,
  .s-done {
    color: var(--_ok);
  }
  .goal-not-achieved,
  .overdue {
    color: var(--_overdue);
    font-weight: 600;
  }
  .s-cancelled,
  .s-on-hold,
  .unknown {
    color: var(--_muted);
  }
  .s-in-progress,
  .s-scheduled {
    color: var(--_accent);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin-block: 0.35rem;
  }
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .group {
    margin-block: 0.5rem;
  }
  .action-list {
    list-style: none;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  .action {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.65rem;
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
  }
  .action[data-overdue] {
    border-inline-start: 4px solid var(--_overdue);
  }
  .action-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 0.5rem;
    align-items: baseline;
  }
  .action-title {
    border: none;
    padding: 0;
    background: none;
    color: inherit;
    text-align: start;
    font-weight: 600;
  }
  .action-title:hover {
    background: none;
    text-decoration: underline;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .moves,
  .move-form,
  .conflict-actions,
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    align-items: center;
  }
  .comments ul {
    list-style: none;
    padding: 0;
  }
  .comment {
    border-inline-start: 2px solid var(--_border);
    padding-inline-start: 0.5rem;
    margin-block: 0.25rem;
  }
  .comment-text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .comment-form,
  .add-form {
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
    align-items: flex-start;
  }
  .add-form {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  .add-form label {
    display: flex;
    flex-direction: column;
    width: 100%;
  }
  textarea {
    width: 100%;
  }
  .conflict {
    border: 1px solid var(--_warning);
    background: var(--_warning-bg);
    border-radius: var(--_radius);
    padding: 0.5rem;
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
  }
  .versions {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.5rem;
  }
  .version-title {
    font-weight: 600;
  }
  .issues summary {
    cursor: pointer;
    color: var(--_warning);
  }

  /* Paper: the plan as a dated document — no controls, every comment shown, no colour needed. */
  @media print {
    :host {
      color: #000;
      font-size: 10.5pt;
    }
    .print-date {
      display: block;
      font-size: 9pt;
    }
    button,
    select,
    .toolbar,
    .moves,
    .move-form,
    .comment-form,
    .add-form,
    .conflict,
    .read-only,
    .comments[data-empty],
    [aria-live] {
      display: none !important;
    }
    .details[hidden] {
      display: block !important;
    }
    .action-title {
      display: inline !important;
      font-weight: 600;
    }
    .action {
      break-inside: avoid;
      border-color: #999;
    }
    .chip {
      border-color: #000;
      color: #000;
    }
    .overdue::before {
      content: '⚠ ';
    }
    .issues {
      display: none;
    }
  }
`;
