/**
 * Emergency access (bris de glace), loaded with its elements (`emergency-ui.ts`) the first
 * time an element shows a refusal (403): one
 * `EmergencyAccess` per session holds the state every element of the provider shares — one
 * reason dialog, one grant, one trace — and the three small elements that show it.
 *
 * The component never bypasses the server: the host's handler returns a token or headers (a
 * purpose of use), which this session's requests then carry, and the server decides again. The
 * grant lives in the session's scopes only: a patient, viewer or server switch ends it.
 */
import { clock, writeEmergencyAccessAudit, type ScopedClient } from '@coord/api-client';
import type { CoordElement } from '../base/coord-element.ts';
import type { CoordSession, EmergencyAccessGrant } from '../base/session.ts';
import { CoordEmergencyAccessEvent } from '../events/coord-emergency-access.ts';
import type { CoordEmergencyBanner, CoordEmergencyDialog } from './emergency-ui.ts';

export type EmergencyStatus = 'idle' | 'asking' | 'requesting' | 'failed' | 'active';
export type EmergencyAuditStatus = 'none' | 'pending' | 'writing' | 'written' | 'failed';

/** Headers a grant may not set: the token is the pipeline's, and these would break the exchange. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'accept', 'if-match', 'if-none-match', 'if-none-exist', 'host', 'cookie']);

export class EmergencyAccess {
  status: EmergencyStatus = 'idle';
  /** What the viewer is typing: kept while the dialog is closed and after a failed request. */
  draft = '';
  /** Why the last submit did not go through. */
  failure?: 'empty' | 'handler' | 'no-patient';
  /** The reason of the granted access. */
  reason?: string;
  /** When it was granted (the library clock). */
  since?: number;
  audit: EmergencyAuditStatus = 'none';
  private grant?: { token?: string; headers: Record<string, string> };
  private attempt = 0;
  private opener?: HTMLElement;
  private openerHost?: Element;
  private focusHost?: Element;
  private pendingFocus?: CoordEmergencyBanner;
  private dialog?: CoordEmergencyDialog;
  private readonly banners = new WeakMap<Element, CoordEmergencyBanner>();

  constructor(readonly session: CoordSession) {
    session.addEventListener('change', () => this.onSessionChange());
  }

  /** Whether the host offers emergency access. */
  get available(): boolean {
    return typeof this.session.emergencyAccess === 'function';
  }

  /**
   * Opens the reason dialog (one per session), from the button `opener` (focused again on cancel)
   * in `from` (the element shown in place of the record, whose host gets focus once granted).
   */
  open(opener: HTMLElement, from: Element = opener): void {
    if (!this.available || this.status === 'requesting' || this.status === 'active') return;
    this.opener = opener;
    this.openerHost = hostOf(from);
    this.status = 'asking';
    this.failure = undefined;
    this.ensureDialog();
    this.changed();
  }

  /** Closes the dialog; the draft stays for next time. */
  cancel(): void {
    if (this.status !== 'asking' && this.status !== 'failed' && this.status !== 'requesting') return;
    this.attempt++;
    this.status = 'idle';
    this.changed();
    if (this.opener?.isConnected) this.opener.focus();
  }

  /** Asks the host's handler with the reason; on success the record is read again under the grant. */
  async submit(reason: string): Promise<void> {
    this.draft = reason;
    const text = reason.trim();
    const handler = this.session.emergencyAccess;
    const patient = this.session.requestedPatient;
    if (!text || !handler || !patient) {
      this.failure = !text ? 'empty' : 'no-patient';
      this.status = 'failed';
      this.changed();
      return;
    }
    const attempt = ++this.attempt;
    this.status = 'requesting';
    this.failure = undefined;
    this.changed();
    let grant: EmergencyAccessGrant | void;
    try {
      grant = await handler({ reason: text, patient, viewer: { ...this.session.viewer } });
    } catch {
      // The handler's error may carry what it was given: it is neither shown nor logged.
      if (attempt !== this.attempt) return;
      this.status = 'failed';
      this.failure = 'handler';
      this.changed();
      return;
    }
    if (attempt !== this.attempt) return;
    this.grant = cleanGrant(grant);
    this.reason = text;
    this.since = clock.now();
    this.status = 'active';
    this.audit = 'pending';
    this.draft = '';
    this.focusHost = this.openerHost;
    // A fresh scope carries the grant (applyTo); every element of the session reads again.
    this.session.reload();
  }

  /** Ends the access: the grant is dropped and the record read again without it. */
  end(): void {
    this.clear();
    this.session.reload();
  }

  /** Drops everything (a patient, viewer or server switch): nothing carries over to the next record. */
  clear(): void {
    this.attempt++;
    const wasOpen = this.status !== 'idle' || this.grant !== undefined;
    this.status = 'idle';
    this.grant = undefined;
    this.reason = undefined;
    this.since = undefined;
    this.audit = 'none';
    this.draft = '';
    this.failure = undefined;
    this.focusHost = undefined;
    this.pendingFocus = undefined;
    if (wasOpen) this.dialog?.requestUpdate();
  }

  /** A new scope of the session: it carries the grant, to the FHIR server's origin only. */
  applyTo(scope: ScopedClient): void {
    const grant = this.grant;
    if (!grant) return;
    if (Object.keys(grant.headers).length) {
      scope.use({
        beforeRequest(request) {
          if (request.sameOrigin) Object.assign(request.headers, grant.headers);
        },
      });
    }
    if (grant.token) {
      const token = grant.token;
      scope.useToken(() => token);
    }
  }

  /**
   * Shows the banner at the top of `host`'s shadow root while the access is open, and removes it
   * after. Placed by the patient gate outside the element's own template (Lit never touches a node
   * before its content), so every element shows it whatever its template does in each state.
   */
  decorate(host: CoordElement): void {
    const root = host.renderRoot;
    if (!root) return;
    let banner = this.banners.get(host);
    if (this.status === 'active') {
      if (!banner || banner.getRootNode() !== root) {
        banner = document.createElement('coord-emergency-banner') as CoordEmergencyBanner;
        banner.access = this;
        root.insertBefore(banner, root.firstChild);
        this.banners.set(host, banner);
      }
      banner.lang = host.effectiveLang;
      banner.requestUpdate();
      if (this.focusHost === host) {
        this.focusHost = undefined;
        this.pendingFocus = banner;
        this.flushFocus();
      }
    } else if (banner) {
      banner.remove();
      this.banners.delete(host);
    }
  }

  /**
   * Focus goes to the banner of the element the viewer was in, once the dialog has closed (its
   * close gives focus back to the button, which the reloading element then removes).
   */
  flushFocus(): void {
    const banner = this.pendingFocus;
    if (!banner || this.dialog?.isOpen) return;
    this.pendingFocus = undefined;
    void banner.updateComplete.then(() => {
      if (banner.isConnected) banner.focus();
    });
  }

  private ensureDialog(): void {
    const owner = this.session.owner as (HTMLElement & { renderRoot?: ParentNode }) | undefined;
    const root = owner?.renderRoot ?? owner?.shadowRoot ?? owner;
    if (!root) return;
    if (!this.dialog) {
      this.dialog = document.createElement('coord-emergency-dialog') as CoordEmergencyDialog;
      this.dialog.access = this;
    }
    if (this.dialog.parentNode !== root) root.appendChild(this.dialog);
    const lang = owner && 'effectiveLang' in owner ? (owner as unknown as CoordElement).effectiveLang : this.session.lang;
    this.dialog.lang = lang;
  }

  /** The access is granted and the patient is there: tell the host, and write the trace once. */
  private onSessionChange(): void {
    const patient = this.session.patient;
    const client = this.session.client;
    if (this.status !== 'active' || this.audit !== 'pending' || patient.status !== 'ready' || !client) return;
    const attempt = this.attempt;
    this.audit = 'writing';
    const reason = this.reason ?? '';
    this.session.owner?.dispatchEvent(new CoordEmergencyAccessEvent({ patient: patient.reference, reason }));
    writeEmergencyAccessAudit(client, { patient: patient.reference, viewer: this.session.viewer, reason })
      .then(
        () => 'written' as const,
        () => 'failed' as const,
      )
      .then((result) => {
        if (attempt !== this.attempt) return;
        this.audit = result;
        this.changed();
      });
    this.changed();
  }

  private changed(): void {
    this.dialog?.requestUpdate();
    this.session.emit();
  }
}

/** Only string headers, none the pipeline owns; a token only if it is a non-empty string. */
function cleanGrant(grant: EmergencyAccessGrant | void): { token?: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(grant?.headers ?? {})) {
    if (typeof value === 'string' && /^[A-Za-z0-9-]+$/.test(name) && !RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  const token = typeof grant?.token === 'string' && grant.token ? grant.token : undefined;
  return { token, headers };
}

/** The element whose shadow root holds `node` (the element the viewer was in). */
function hostOf(node: Node | undefined): Element | undefined {
  const root = node?.getRootNode();
  return root instanceof ShadowRoot ? root.host : undefined;
}

/** The session's emergency access (created on first use). */
export function emergencyFor(session: CoordSession): EmergencyAccess {
  session.emergency ??= new EmergencyAccess(session);
  return session.emergency;
}
