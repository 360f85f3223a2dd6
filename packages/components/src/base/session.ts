import {
  CoordClient,
  CoordError,
  mapPatientToSummary,
  toCoordError,
  type GetToken,
  type PatientSummary,
  type ScopedClient,
  type Viewer,
} from '@coord/api-client';
import type { Patient } from '@medplum/fhirtypes';
import type { Lang } from './i18n.ts';
import type { EmergencyAccess } from '../emergency/emergency-access.ts';

export type PatientState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; reference: string; resource: Patient; summary: PatientSummary }
  | { status: 'error'; error: CoordError };

/** The viewer: one shape for the whole library, the API client's (`access.ts`). */
export type { Viewer };

/** What the host's emergency-access handler is asked (bris de glace). */
export interface EmergencyAccessRequest {
  /** What the viewer typed (required, trimmed). */
  reason: string;
  /** `Patient/<id>`; or the `system|value` identifier when the server refused even to resolve it. */
  patient: string;
  viewer: Viewer;
}

/** What it may return: a bearer token for this patient's requests, and/or headers (e.g. a purpose of use). */
export interface EmergencyAccessGrant {
  token?: string;
  headers?: Record<string, string>;
}

/**
 * The host's emergency-access handler (`emergencyAccess` on `coord-provider` or a standalone
 * element): it asks its own authorisation service and resolves with what the requests need, or
 * rejects (the viewer's reason is kept, and they may try again).
 */
export type EmergencyAccessHandler = (request: EmergencyAccessRequest) => Promise<EmergencyAccessGrant | void>;

export interface SessionConfig {
  baseUrl?: string;
  patient?: string;
  patientIdentifier?: string;
  user?: string;
  profession?: string;
  lang?: Lang;
  /** A client shared by the host; when absent the session builds its own from `baseUrl`. */
  client?: CoordClient;
  getToken?: GetToken;
  emergencyAccess?: EmergencyAccessHandler;
}

/**
 * What a provider (or a standalone element) holds for everything inside it: one API client, the
 * resolved patient, the viewer and the language. Elements listen for `change`. Each provider has
 * its own session and its own scope of the client (`client.scope({ patient, viewer })`): a
 * client shared by the host serves several providers, and a patient or viewer switch in one
 * cancels that provider's reads only.
 */
export class CoordSession extends EventTarget {
  /**
   * The client elements read through: a scope of `rootClient` for the current patient and viewer
   * (a new one on every switch, the previous one disposed).
   */
  client?: ScopedClient;
  /** The client the scopes come from: the host's shared one, or the session's own. */
  rootClient?: CoordClient;
  patient: PatientState = { status: 'idle' };
  viewer: Viewer = {};
  lang: Lang = 'fr';
  /** The host's emergency-access handler, when it offers one. */
  emergencyAccess?: EmergencyAccessHandler;
  /** The emergency access of this session (`emergency/`, loaded when a refusal is first shown). */
  emergency?: EmergencyAccess;
  private config: SessionConfig = {};
  private resolving?: AbortController;
  private readonly onAuthRequired = (): void => {
    this.dispatchEvent(new Event('auth-required'));
  };

  /** @param owner the provider or standalone element holding the session (emergency dialog, events). */
  constructor(readonly owner?: HTMLElement) {
    super();
  }

  /** The patient as the host named it: the resolved reference, else what it asked for. */
  get requestedPatient(): string | undefined {
    return this.patient.status === 'ready' ? this.patient.reference : this.config.patient || this.config.patientIdentifier || undefined;
  }

  configure(next: SessionConfig): void {
    const prev = this.config;
    this.emergencyAccess = next.emergencyAccess;
    this.config = { ...next };
    const viewer: Viewer = { user: next.user || undefined, profession: next.profession || undefined };
    const viewerChanged = viewer.user !== this.viewer.user || viewer.profession !== this.viewer.profession;
    this.viewer = viewer;
    this.lang = next.lang ?? 'fr';

    const clientChanged = next.client !== prev.client || (!next.client && next.baseUrl !== prev.baseUrl);
    if (clientChanged) this.replaceClient(next);
    else if (this.rootClient && next.getToken !== prev.getToken) this.rootClient.getToken = next.getToken;

    const patientChanged = next.patient !== prev.patient || next.patientIdentifier !== prev.patientIdentifier;
    // An emergency access is for one patient, one viewer, one server.
    if (clientChanged || patientChanged || viewerChanged) this.emergency?.clear();
    if (clientChanged || patientChanged) this.resolvePatient();
    else if (viewerChanged && this.patient.status === 'loading') this.resolvePatient();
    else if (viewerChanged && this.patient.status === 'ready' && this.rootClient) {
      // What the viewer may see changed: a new scope, so no read made for the previous one lands.
      this.useScope(this.rootClient.scope({ patient: this.patient.reference, viewer }));
      this.emit();
    } else this.emit();
  }

  /** Resolves the patient again (the "Retry" of a failed resolution), in a fresh scope. */
  reload(): void {
    this.resolvePatient();
  }

  dispose(): void {
    this.resolving?.abort();
    this.emergency?.clear();
    this.useScope(undefined);
    this.rootClient?.removeEventListener('auth-required', this.onAuthRequired);
    this.rootClient = undefined;
  }

  private replaceClient(config: SessionConfig): void {
    this.useScope(undefined);
    this.rootClient?.removeEventListener('auth-required', this.onAuthRequired);
    this.rootClient = undefined;
    if (config.client) {
      this.rootClient = config.client.root;
      if (config.getToken) this.rootClient.getToken = config.getToken;
    } else if (config.baseUrl) {
      try {
        this.rootClient = new CoordClient({ baseUrl: config.baseUrl, getToken: config.getToken });
      } catch {
        this.rootClient = undefined;
      }
    }
    this.rootClient?.addEventListener('auth-required', this.onAuthRequired);
  }

  /** Makes `scope` the one elements read through; the previous one is disposed (its reads cancelled). */
  private useScope(scope: ScopedClient | undefined): ScopedClient | undefined {
    if (scope !== this.client) {
      this.client?.dispose();
      if (scope) this.emergency?.applyTo(scope);
    }
    this.client = scope;
    return scope;
  }

  private resolvePatient(): void {
    this.resolving?.abort();
    const { patient, patientIdentifier } = this.config;
    const root = this.rootClient;
    if (!patient && !patientIdentifier) {
      this.useScope(undefined);
      this.setPatient({ status: 'idle' });
      return;
    }
    if (!root) {
      this.useScope(undefined);
      this.setPatient({
        status: 'error',
        error: new CoordError('invalid-request', this.config.baseUrl ? 'invalid base-url' : 'missing base-url'),
      });
      return;
    }
    const controller = new AbortController();
    this.resolving = controller;
    // A new scope before anything of the new patient is read: the previous patient's reads are
    // cancelled, and nothing of anyone else sharing the client is touched.
    let client: ScopedClient;
    try {
      client = this.useScope(root.scope({ patient: patient || undefined, viewer: this.viewer }))!;
    } catch (err) {
      this.useScope(undefined);
      this.setPatient({ status: 'error', error: toCoordError(err) });
      return;
    }
    this.setPatient({ status: 'loading' });
    client
      .resolvePatient({ reference: patient, identifier: patient ? undefined : patientIdentifier }, controller.signal)
      .then((resource) => {
        if (controller.signal.aborted) return;
        const reference = `Patient/${resource.id}`;
        // Found by identifier (or under another id): the scope is the patient's from now on.
        const current = this.client;
        if (!current?.matches({ patient: reference, viewer: this.viewer })) {
          this.useScope(root.scope({ patient: reference, viewer: this.viewer }));
        }
        this.setPatient({ status: 'ready', reference, resource, summary: mapPatientToSummary(resource) });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        this.setPatient({ status: 'error', error: toCoordError(err) });
      });
  }

  private setPatient(state: PatientState): void {
    this.patient = state;
    this.emit();
  }

  /** Tells the elements that something of the session changed. */
  emit(): void {
    this.dispatchEvent(new Event('change'));
  }
}
