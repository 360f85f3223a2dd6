/**
 * "Pourquoi ?": the rule that hid an item (a document placeholder in `coord-documents`, a hidden
 * document in the timeline), named from the access decision's reason and the viewer — never from
 * the item, whose type, title and date stay unknown. A small element so each list adds it with
 * one line, and so it reads the viewer's profession from the session itself. Registered by the
 * define modules of the elements that show it (`documents.ts`, `timeline.ts`).
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AccessReason } from '@coord/api-client';
import { sessionContext } from '../base/context.ts';
import { localize, normalizeLang, type Lang } from '../base/i18n.ts';
import type { CoordSession } from '../base/session.ts';
import { whyHiddenMessages } from './why-hidden.messages.ts';

type Rules = typeof import('./why-hidden-rules.ts');
let rules: Promise<Rules> | undefined;

export class CoordWhyHidden extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font-size: 0.9em;
    }
    summary {
      cursor: pointer;
      color: var(--coord-color-accent, light-dark(#0b5cad, #6cb0f5));
      width: max-content;
    }
    summary:focus-visible {
      outline: 2px solid currentColor;
      outline-offset: 2px;
    }
    p {
      margin: 0.2rem 0 0;
    }
  `;

  /** The access decision's reason (`masked`, `matrix`, `unknown-type`, `confidential-restricted`, …). */
  @property() reason?: AccessReason | string;
  @property() override lang = '';

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private session?: CoordSession;

  /** The rules' module once fetched (on the first opening of any disclosure). */
  @state() private rules?: Rules;

  private get language(): Lang {
    return normalizeLang(this.lang) ?? 'fr';
  }

  /** The rule's text (once the rules are in): from the reason and the viewer only. */
  get ruleText(): string | undefined {
    return this.rules?.ruleText(this.reason, this.session?.viewer, this.language);
  }

  private readonly onToggle = (event: Event): void => {
    if (!(event.target as HTMLDetailsElement).open || this.rules) return;
    const lang = this.language;
    rules ??= import('./why-hidden-rules.ts');
    void rules.then(async (m) => {
      await m.rulesReady(lang);
      this.rules = m;
    });
  };

  protected override render() {
    if (!this.reason) return nothing;
    const lang = this.language;
    // Its keys and clicks are its own: the list around it must not take Enter or a click for "open the item".
    return html`<details part="why-hidden-rule" @click=${stop} @keydown=${stop} @toggle=${this.onToggle}>
      <summary>${localize(whyHiddenMessages, lang, 'why')}</summary>
      <p role="status">${this.ruleText ?? localize(whyHiddenMessages, lang, 'loading')}</p>
    </details>`;
  }
}

function stop(event: Event): void {
  event.stopPropagation();
}

declare global {
  interface HTMLElementTagNameMap {
    'coord-why-hidden': CoordWhyHidden;
  }
}
