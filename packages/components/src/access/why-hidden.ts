/**
 * "Pourquoi ?": the rule that hid an item (a document placeholder in `coord-documents`, a hidden
 * document in the timeline), named from the access decision's reason and the viewer — never from
 * the item, whose type, title and date stay unknown. A small element so each list adds it with
 * one line, and so it reads the viewer's profession from the session itself.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEFAULT_ACCESS_MATRIX, normalizeProfession, viewerKind, type AccessReason } from '@coord/api-client';
import { sessionContext } from '../base/context.ts';
import { localize, normalizeLang } from '../base/i18n.ts';
import type { CoordSession } from '../base/session.ts';
import { whyHiddenMessages, type WhyHiddenMessageKey } from './why-hidden.messages.ts';

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

  /** The rule's text: from the reason and the viewer only. */
  get ruleText(): string {
    const lang = normalizeLang(this.lang) ?? 'fr';
    const t = (key: WhyHiddenMessageKey, params?: Record<string, string>) => localize(whyHiddenMessages, lang, key, params);
    const viewer = this.session?.viewer;
    const kind = viewerKind(viewer);
    switch (this.reason) {
      case 'masked':
        return t(kind === 'patient' || kind === 'representative' ? 'masked.patient' : 'masked');
      case 'matrix': {
        if (kind === 'non-health') return t('matrix.nonHealth');
        const code = normalizeProfession(viewer?.profession);
        const label = code ? DEFAULT_ACCESS_MATRIX.professions[code] : undefined;
        return t('matrix', { profession: label ?? t('yourProfession') });
      }
      case 'unknown-type':
      case 'confidential-restricted':
      case 'confidential-very-restricted':
        return t(this.reason);
      default:
        return t('other');
    }
  }

  protected override render() {
    if (!this.reason) return nothing;
    const lang = normalizeLang(this.lang) ?? 'fr';
    // Its keys and clicks are its own: the list around it must not take Enter or a click for "open the item".
    return html`<details part="why-hidden-rule" @click=${stop} @keydown=${stop}>
      <summary>${localize(whyHiddenMessages, lang, 'why')}</summary>
      <p>${this.ruleText}</p>
    </details>`;
  }
}

function stop(event: Event): void {
  event.stopPropagation();
}

if (!customElements.get('coord-why-hidden')) customElements.define('coord-why-hidden', CoordWhyHidden);

declare global {
  interface HTMLElementTagNameMap {
    'coord-why-hidden': CoordWhyHidden;
  }
}
