import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { CoordClient, GetToken } from '@coord/api-client';
import { sessionContext } from '../base/context.ts';
import { normalizeLang } from '../base/i18n.ts';
import { CoordSession, type EmergencyAccessHandler } from '../base/session.ts';
import { CoordAuthRequiredEvent } from '../events/coord-auth-required.ts';
import { CoordErrorEvent } from '../events/coord-error.ts';
import { CoordPatientChangeEvent } from '../events/coord-patient-change.ts';

/**
 * Holds one API client, the patient and the viewer for every coord element inside it.
 *
 * @summary The coordination-record context for the elements it contains.
 * @slot - The coord elements (and any host markup).
 * @attr theme - `light`, `dark`, or `auto` (the OS's `prefers-color-scheme`) for every element inside; unset, the page's `color-scheme` decides.
 * @event coord-patient-change - The patient started resolving, resolved or failed. `detail: { status, reference? }`.
 * @event coord-error - Resolving the patient failed. `detail: { source: 'patient', kind, status?, message }`.
 * @event coord-auth-required - A 401 that a fresh token did not fix. `detail: { baseUrl }`.
 * @event coord-emergency-access - An emergency access (bris de glace) was granted by the host's handler and the record reopened. `detail: { patient, reason }`.
 */
export class CoordProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    /* Inherited by every element inside (their tokens pick light or dark from it). The same rules
       as base/styles.ts, written again: importing them from core measured ~90 B gzip more. */
    :host([theme='light']) {
      color-scheme: light;
    }
    :host([theme='dark']) {
      color-scheme: dark;
    }
    :host([theme='auto']) {
      color-scheme: light dark;
    }
  `;

  /** FHIR R4 base URL. */
  @property({ attribute: 'base-url' }) baseUrl?: string;
  /** `Patient/<id>`. Takes precedence over `patient-identifier`. */
  @property() patient?: string;
  /** `system|value` (INS), resolved with a FHIR search; 0 or 2+ matches is an error state. */
  @property({ attribute: 'patient-identifier' }) patientIdentifier?: string;
  /** The viewer: `Practitioner/…` or `PractitionerRole/…`. */
  @property() user?: string;
  /** The viewer's profession code (French table of health professions, e.g. `10`, `21`, `60`). */
  @property() profession?: string;
  /** `fr` (default) or `en`. */
  @property() override lang = '';
  /** An API client to use (e.g. shared across a host app) instead of building one. */
  @property({ attribute: false }) client?: CoordClient;
  /** Async function returning a bearer token; called before requests and again after a 401. */
  @property({ attribute: false }) getToken?: GetToken;
  /**
   * Emergency access (bris de glace), offered when the server refuses the record (403): an async
   * function `({ reason, patient, viewer }) => Promise<{ token?, headers? } | void>` that asks the
   * host's authorisation service. What it returns is sent with this provider's requests for this
   * patient (a bearer token, or headers such as a purpose of use) — the server still decides.
   * Without it, a refusal says whom to ask.
   */
  @property({ attribute: false }) emergencyAccess?: EmergencyAccessHandler;

  /** The session shared with the elements inside. */
  readonly session = new CoordSession(this);
  private lastStatus?: string;
  private lastError?: unknown;

  constructor() {
    super();
    new ContextProvider(this, { context: sessionContext, initialValue: this.session });
    this.session.addEventListener('change', () => this.onSessionChange());
    this.session.addEventListener('auth-required', () =>
      this.dispatchEvent(new CoordAuthRequiredEvent({ baseUrl: this.session.client?.baseUrl ?? '' })),
    );
  }

  /** Resolve the patient again and drop cached data (e.g. after the host refreshed a token). */
  reload(): void {
    this.session.reload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.size === 0) return;
    this.session.configure({
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

  private onSessionChange(): void {
    const state = this.session.patient;
    const reference = state.status === 'ready' ? state.reference : undefined;
    const key = `${state.status}|${reference ?? ''}`;
    if (key !== this.lastStatus) {
      this.lastStatus = key;
      this.dispatchEvent(new CoordPatientChangeEvent({ status: state.status, reference }));
    }
    if (state.status === 'error' && state.error !== this.lastError) {
      this.lastError = state.error;
      const { kind, status, message } = state.error;
      this.dispatchEvent(new CoordErrorEvent({ source: 'patient', kind, status, message }));
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
