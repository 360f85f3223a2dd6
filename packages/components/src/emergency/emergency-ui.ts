/**
 * The three pieces of the emergency access an element shows: the offer beside a refusal, the one
 * reason dialog of a session, and the banner while the access is open. Each has its own shadow
 * root and styles, so no element's stylesheet carries them. This module is what the patient gate
 * imports (lazily, on the first refusal shown): a page that is never refused never loads it.
 */
import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { sessionContext } from '../base/context.ts';
import { formatDateTime, localize, msg, normalizeLang, type Lang } from '../base/i18n.ts';
import type { CoordSession } from '../base/session.ts';
import { hostStyles } from '../base/styles.ts';
import { emergencyFor, type EmergencyAccess } from './emergency-access.ts';
import { emergencyMessages, type EmergencyMessageKey } from './emergency.messages.ts';
import { bannerStyles, dialogStyles, offerStyles } from './emergency.styles.ts';

abstract class EmergencyPiece extends LitElement {
  /** Set by whoever renders the piece (the element's language). */
  @property() override lang = '';

  protected get language(): Lang {
    return normalizeLang(this.lang) ?? 'fr';
  }

  protected e(key: EmergencyMessageKey, params?: Record<string, string | number>): string {
    return localize(emergencyMessages, this.language, key, params);
  }
}

/**
 * Beside "Accès refusé": the way forward. With a host handler, the emergency path (one button
 * opening the session's dialog); without one, whom to ask, and a retry.
 */
export class CoordEmergencyOffer extends EmergencyPiece {
  static override styles = [hostStyles, offerStyles];

  /** The element's retry (else the session's reload). */
  @property({ attribute: false }) onRetry?: () => void;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private session?: CoordSession;
  private observed?: CoordSession;
  private readonly onChange = (): void => this.requestUpdate();

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.observed !== this.session) {
      this.observed?.removeEventListener('change', this.onChange);
      this.observed = this.session;
      this.observed?.addEventListener('change', this.onChange);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observed?.removeEventListener('change', this.onChange);
    this.observed = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.session && !this.observed) this.requestUpdate();
  }

  private get access(): EmergencyAccess | undefined {
    return this.session ? emergencyFor(this.session) : undefined;
  }

  protected override render() {
    const session = this.session;
    if (!session) return nothing;
    const access = this.access;
    const retry = html`<button type="button" part="action retry" @click=${this.retry}>${msg(this.language, 'state.retry')}</button>`;
    if (access?.status === 'active') {
      return html`<p class="hint">${this.e('refusedInEmergency')}</p>
        <div class="actions">${retry}</div>`;
    }
    if (access?.available) {
      return html`<p class="hint">${this.e('offerHint')}</p>
        <div class="actions">
          <button type="button" class="primary" part="action emergency" aria-haspopup="dialog" @click=${this.openDialog}>
            ${this.e('offerButton')}
          </button>
          ${retry}
        </div>`;
    }
    return html`<p class="hint">${this.e('whoToAsk')}</p>
      <div class="actions">${retry}</div>`;
  }

  private readonly openDialog = (event: Event): void => {
    this.access?.open(event.currentTarget as HTMLElement, this);
  };

  private readonly retry = (): void => {
    if (this.onRetry) this.onRetry();
    else this.session?.reload();
  };
}

/** The one reason dialog of a session (in its provider's shadow root, or its standalone element's). */
export class CoordEmergencyDialog extends EmergencyPiece {
  static override styles = [hostStyles, dialogStyles];

  @property({ attribute: false }) access?: EmergencyAccess;
  @query('dialog') private dialog?: HTMLDialogElement;
  @query('textarea') private field?: HTMLTextAreaElement;
  private announced = false;

  get isOpen(): boolean {
    return Boolean(this.dialog?.open);
  }

  protected override render() {
    const access = this.access;
    if (!access) return nothing;
    const busy = access.status === 'requesting';
    const error =
      access.status === 'failed' && access.failure
        ? this.e(access.failure === 'empty' ? 'reasonRequired' : access.failure === 'handler' ? 'failed' : 'noPatient')
        : '';
    return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="intro" @cancel=${this.onCancel}>
        <form method="dialog" @submit=${this.onSubmit} novalidate>
          <h2 id="title">${this.e('title')}</h2>
          <p id="intro">${this.e('intro')}</p>
          <label for="reason">${this.e('reason')}</label>
          <textarea
            id="reason"
            part="reason"
            rows="4"
            maxlength="2000"
            required
            aria-required="true"
            aria-invalid=${access.failure === 'empty' ? 'true' : 'false'}
            aria-describedby="reason-hint${error ? ' error' : ''}"
            .value=${access.draft}
            ?readonly=${busy}
            @input=${this.onInput}
          ></textarea>
          <p id="reason-hint" class="hint">${this.e('reasonHint')}</p>
          ${error ? html`<p id="error" class="error" role="alert">${error}</p>` : nothing}
          <div class="actions">
            <button type="button" part="action cancel" @click=${this.onCancelClick}>${this.e('cancel')}</button>
            <button type="submit" class="primary" part="action submit" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>
              ${busy ? this.e('submitting') : this.e('submit')}
            </button>
          </div>
        </form>
      </dialog>
      <div class="visually-hidden" role="status">${access.status === 'active' && this.announced ? this.e('announceActive') : ''}</div>`;
  }

  protected override updated(): void {
    const access = this.access;
    const dialog = this.dialog;
    if (!access || !dialog) return;
    const open = access.status === 'asking' || access.status === 'requesting' || access.status === 'failed';
    if (open && !dialog.open) {
      dialog.showModal();
      this.field?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      access.flushFocus();
    }
    if (open && access.failure === 'empty') this.field?.focus();
    // The live region exists before its text: set the announcement on the next update.
    if (access.status === 'active' && !this.announced) {
      this.announced = true;
      void this.updateComplete.then(() => this.requestUpdate());
    } else if (access.status !== 'active') this.announced = false;
  }

  private readonly onInput = (event: Event): void => {
    if (this.access) this.access.draft = (event.target as HTMLTextAreaElement).value;
  };

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    void this.access?.submit(this.field?.value ?? '');
  };

  private readonly onCancel = (event: Event): void => {
    event.preventDefault();
    this.access?.cancel();
  };

  private readonly onCancelClick = (): void => {
    this.access?.cancel();
  };
}

/** "Accès en urgence": at the top of every element of the session while the access is open. */
export class CoordEmergencyBanner extends EmergencyPiece {
  static override styles = [hostStyles, bannerStyles];

  @property({ attribute: false }) access?: EmergencyAccess;

  override connectedCallback(): void {
    super.connectedCallback();
    // Focusable by script only: it receives focus once the access opens, in the element the viewer was in.
    this.tabIndex = -1;
    this.setAttribute('part', 'emergency-banner');
  }

  protected override render() {
    const access = this.access;
    if (!access || access.status !== 'active') return nothing;
    const time = access.since !== undefined ? formatDateTime(this.language, access.since, { hour: '2-digit', minute: '2-digit' }) : '';
    return html`<div class="banner" part="banner" role="note" aria-label=${this.e('banner')}>
      <p class="title"><strong>${this.e('banner')}</strong> <span class="detail">${this.e('bannerDetail', { time })}</span></p>
      <p class="reason">${this.e('bannerReason', { reason: access.reason ?? '' })}</p>
      ${access.audit === 'failed'
        ? html`<p class="audit failed" role="alert">${this.e('auditFailed')}</p>`
        : html`<p class="audit">${this.e(access.audit === 'written' ? 'auditWritten' : 'auditPending')}</p>`}
      <button type="button" part="action end" @click=${() => access.end()}>${this.e('end')}</button>
    </div>`;
  }
}

if (!customElements.get('coord-emergency-offer')) customElements.define('coord-emergency-offer', CoordEmergencyOffer);
if (!customElements.get('coord-emergency-dialog')) customElements.define('coord-emergency-dialog', CoordEmergencyDialog);
if (!customElements.get('coord-emergency-banner')) customElements.define('coord-emergency-banner', CoordEmergencyBanner);

declare global {
  interface HTMLElementTagNameMap {
    'coord-emergency-offer': CoordEmergencyOffer;
    'coord-emergency-dialog': CoordEmergencyDialog;
    'coord-emergency-banner': CoordEmergencyBanner;
  }
}
