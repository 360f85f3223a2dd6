import { consume, ContextProvider } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CoordClient, GetToken } from '@coord/api-client';
import { CoordAuthRequiredEvent } from '../events/coord-auth-required.ts';
import { CoordErrorEvent, type CoordErrorDetail } from '../events/coord-error.ts';
import { ensureContextRoot, sessionContext } from './context.ts';
import { langReady, msg, normalizeLang, type Lang, type MessageKey } from './i18n.ts';
import { CoordSession, type EmergencyAccessHandler } from './session.ts';

/**
 * The base of every coord element. It finds its session once, for every element: from the
 * enclosing `coord-provider` through context, or — when the element is given its own `base-url`
 * — a session of its own (the element then works alone). Subclasses read `this.session` and
 * re-render on `change`.
 *
 * @attr theme - `light`, `dark`, or `auto` (the OS's `prefers-color-scheme`); unset, the provider's or the page's `color-scheme` decides.
 * @cssproperty --coord-color-text - Body text.
 * @cssproperty --coord-color-surface - Background of panels, rows and buttons.
 * @cssproperty --coord-color-muted - Secondary text (dates, authors, hints).
 * @cssproperty --coord-color-border - Borders and separators.
 * @cssproperty --coord-color-accent - Links, buttons, selection, focus ring (the brand colour).
 * @cssproperty --coord-color-danger - Errors, overdue, deletions.
 * @cssproperty --coord-color-danger-bg - Background of error states.
 * @cssproperty --coord-color-warning - Warnings, partial data.
 * @cssproperty --coord-color-warning-bg - Background of warning states.
 * @cssproperty --coord-color-success - Done, achieved (PPCS goals and actions).
 * @cssproperty --coord-color-skeleton - Loading placeholders.
 * @cssproperty --coord-focus-ring-color - Keyboard focus ring (defaults to the accent).
 * @cssproperty --coord-focus-ring-width - Keyboard focus ring width (2px).
 * @cssproperty --coord-radius - Corner radius (6px).
 * @cssproperty --coord-space - Base spacing unit (0.75rem).
 * @cssproperty --coord-font-family - Font stack (system UI).
 * @cssproperty --coord-font-size - Base font size (0.9375rem).
 * @cssproperty --coord-line-height - Base line height (1.45).
 */
export abstract class CoordElement extends LitElement {
  /** FHIR R4 base URL; when set, the element works alone with its own client. */
  @property({ attribute: 'base-url' }) baseUrl?: string;
  /** `Patient/<id>` (standalone use). */
  @property() patient?: string;
  /** `system|value`, resolved with a FHIR search (standalone use). */
  @property({ attribute: 'patient-identifier' }) patientIdentifier?: string;
  /** The viewer, `Practitioner/…` or `PractitionerRole/…` (standalone use). */
  @property() user?: string;
  /** The viewer's profession code (standalone use). */
  @property() profession?: string;
  /** `fr` (default) or `en`. */
  @property() override lang = '';
  /** Standalone use: a client to use instead of building one. */
  @property({ attribute: false }) client?: CoordClient;
  /** Standalone use: async function returning a bearer token. */
  @property({ attribute: false }) getToken?: GetToken;
  /** Standalone use: the host's emergency-access handler (bris de glace), see `coord-provider`. */
  @property({ attribute: false }) emergencyAccess?: EmergencyAccessHandler;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  protected contextSession?: CoordSession;

  private ownSession?: CoordSession;
  /** When the element owns its session, it provides it to the elements inside it (`coord-record`). */
  private ownProvider?: ContextProvider<typeof sessionContext>;
  private observedSession?: CoordSession;
  private reportedError?: unknown;
  private readonly onSessionChange = (): void => {
    this.reportPatientError();
    this.sessionChanged();
    this.requestUpdate();
  };
  private readonly onAuthRequired = (): void => {
    this.dispatchEvent(new CoordAuthRequiredEvent({ baseUrl: this.session?.client?.baseUrl ?? '' }));
  };

  /** The session in use: the element's own when it has a `base-url`, else the provider's. */
  get session(): CoordSession | undefined {
    return this.ownSession ?? this.contextSession;
  }

  /** Whether this element owns its session (and so reports session-level failures itself). */
  protected get standalone(): boolean {
    return this.ownSession !== undefined;
  }

  /** Public read of `standalone`, for controllers. */
  get isStandalone(): boolean {
    return this.standalone;
  }

  /** A localised string of the shared catalog, for controllers. */
  msg(key: MessageKey, params?: Record<string, string | number>): string {
    return this.t(key, params);
  }

  /** "Sign in again": tells the host, which owns authentication. */
  requestSignIn(): void {
    this.dispatchEvent(new CoordAuthRequiredEvent({ baseUrl: this.session?.client?.baseUrl ?? '' }));
  }

  get effectiveLang(): Lang {
    return (
      normalizeLang(this.lang) ??
      (this.standalone ? undefined : this.contextSession?.lang) ??
      normalizeLang(this.closest('[lang]')?.getAttribute('lang')) ??
      'fr'
    );
  }

  protected t(key: MessageKey, params?: Record<string, string | number>): string {
    return msg(this.effectiveLang, key, params);
  }

  /**
   * Strings of a language other than French arrive on first use (`loadLang`): the update (and so
   * `updateComplete`) waits for them, so an English element never shows French first, and
   * re-renders in the new language once its strings are in after a switch.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const ready = langReady(this.effectiveLang);
    return ready ? ready.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Hook: the session's patient, client or viewer changed. */
  protected sessionChanged(): void {}

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const wantsOwn = Boolean(this.baseUrl || this.client);
    if (wantsOwn && !this.ownSession) {
      this.ownSession = new CoordSession(this);
      this.ownProvider ??= new ContextProvider(this, { context: sessionContext });
      this.ownProvider.setValue(this.ownSession);
    }
    if (!wantsOwn && this.ownSession) {
      this.ownSession.dispose();
      this.ownSession = undefined;
      // Children fall back to an enclosing provider, if any.
      this.ownProvider?.setValue(undefined);
    }
    if (
      this.ownSession &&
      (changed.has('baseUrl') || changed.has('patient') || changed.has('patientIdentifier') ||
        changed.has('user') || changed.has('profession') || changed.has('lang') ||
        changed.has('client') || changed.has('getToken') || changed.has('emergencyAccess') || !this.observedSession)
    ) {
      this.observe(this.ownSession);
      this.ownSession.configure({
        baseUrl: this.baseUrl,
        patient: this.patient,
        patientIdentifier: this.patientIdentifier,
        user: this.user,
        profession: this.profession,
        lang: normalizeLang(this.lang),
        client: this.client,
        getToken: this.getToken,
        emergencyAccess: this.emergencyAccess,
      });
    }
    this.observe(this.session);
  }

  override connectedCallback(): void {
    ensureContextRoot(this);
    super.connectedCallback();
    if (this.observedSession) {
      const s = this.observedSession;
      this.observedSession = undefined;
      this.observe(s);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unobserve();
  }

  private observe(session: CoordSession | undefined): void {
    if (session === this.observedSession) return;
    this.unobserve();
    this.observedSession = session;
    session?.addEventListener('change', this.onSessionChange);
    if (this.standalone) session?.addEventListener('auth-required', this.onAuthRequired);
    if (session) this.sessionChanged();
  }

  private unobserve(): void {
    this.observedSession?.removeEventListener('change', this.onSessionChange);
    this.observedSession?.removeEventListener('auth-required', this.onAuthRequired);
  }

  /** A standalone element reports its own patient-resolution failure (a provider does it otherwise). */
  private reportPatientError(): void {
    const patient = this.session?.patient;
    if (!this.standalone || patient?.status !== 'error' || patient.error === this.reportedError) return;
    this.reportedError = patient.error;
    this.emitError({ source: 'patient', kind: patient.error.kind, status: patient.error.status, message: patient.error.message });
  }

  /** Fires `coord-error` for the host to log. */
  emitError(detail: CoordErrorDetail): void {
    this.dispatchEvent(new CoordErrorEvent(detail));
  }
}
