import {
  CoordClient,
  CoordError,
  mapPatientToSummary,
  toCoordError,
  type GetToken,
  type PatientSummary,
} from '@coord/api-client';
import type { Patient } from '@medplum/fhirtypes';
import type { Lang } from './i18n.ts';

export type PatientState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; reference: string; resource: Patient; summary: PatientSummary }
  | { status: 'error'; error: CoordError };

export interface Viewer {
  /** `Practitioner/…` or `PractitionerRole/…`. */
  user?: string;
  /** French health-profession code (e.g. `10` physician); absent for non-health actors. */
  profession?: string;
}

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
}

/**
 * What a provider (or a standalone element) holds for everything inside it: one API client, the
 * resolved patient, the viewer and the language. Elements listen for `change`. Each provider has
 * its own session, and by default its own client and cache, so two providers never share data.
 */
export class CoordSession extends EventTarget {
  client?: CoordClient;
  patient: PatientState = { status: 'idle' };
  viewer: Viewer = {};
  lang: Lang = 'fr';
  private config: SessionConfig = {};
  private resolving?: AbortController;
  private readonly onAuthRequired = (): void => {
    this.dispatchEvent(new Event('auth-required'));
  };

  configure(next: SessionConfig): void {
    const prev = this.config;
    this.config = { ...next };
    this.viewer = { user: next.user || undefined, profession: next.profession || undefined };
    this.lang = next.lang ?? 'fr';

    const clientChanged = next.client !== prev.client || (!next.client && next.baseUrl !== prev.baseUrl);
    if (clientChanged) this.replaceClient(next);
    else if (this.client && next.getToken !== prev.getToken) this.client.getToken = next.getToken;

    const patientChanged = next.patient !== prev.patient || next.patientIdentifier !== prev.patientIdentifier;
    if (clientChanged || patientChanged) this.resolvePatient();
    else this.emit();
  }

  /** Resolves the patient again (the "Retry" of a failed resolution). */
  reload(): void {
    this.client?.cache.clear();
    this.resolvePatient();
  }

  dispose(): void {
    this.resolving?.abort();
    this.client?.removeEventListener('auth-required', this.onAuthRequired);
    this.client = undefined;
  }

  private replaceClient(config: SessionConfig): void {
    this.client?.removeEventListener('auth-required', this.onAuthRequired);
    this.client = undefined;
    if (config.client) {
      this.client = config.client;
      if (config.getToken) this.client.getToken = config.getToken;
    } else if (config.baseUrl) {
      try {
        this.client = new CoordClient({ baseUrl: config.baseUrl, getToken: config.getToken });
      } catch {
        this.client = undefined;
      }
    }
    this.client?.addEventListener('auth-required', this.onAuthRequired);
  }

  private resolvePatient(): void {
    this.resolving?.abort();
    const { patient, patientIdentifier } = this.config;
    const client = this.client;
    if (!patient && !patientIdentifier) {
      this.client?.setPatientScope(undefined);
      this.setPatient({ status: 'idle' });
      return;
    }
    if (!client) {
      this.setPatient({
        status: 'error',
        error: new CoordError('invalid-request', this.config.baseUrl ? 'invalid base-url' : 'missing base-url'),
      });
      return;
    }
    const controller = new AbortController();
    this.resolving = controller;
    // Drop the previous patient's cache before anything of the new one is read.
    client.setPatientScope(patient ?? `identifier:${patientIdentifier}`);
    this.setPatient({ status: 'loading' });
    client
      .resolvePatient({ reference: patient, identifier: patient ? undefined : patientIdentifier }, controller.signal)
      .then((resource) => {
        if (controller.signal.aborted) return;
        const reference = `Patient/${resource.id}`;
        client.setPatientScope(reference);
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

  private emit(): void {
    this.dispatchEvent(new Event('change'));
  }
}
