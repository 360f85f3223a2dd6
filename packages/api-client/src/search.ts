/**
 * Search strings, built in one place. Every search the client, the readers, the timeline feed
 * and the live watchers send goes through these helpers, so one resource type is always scoped
 * to the patient with the same parameter — and so two elements asking the same thing send the
 * very same URL, which the cache then shares.
 */

export type SearchValue = string | number | readonly (string | number)[] | undefined;
export type SearchParams = Record<string, SearchValue>;

/**
 * The search parameter that scopes each type to the patient. R4 defines `patient` on every one
 * of them (e.g. `Communication.subject.where(resolve() is Patient)`), so one name serves every
 * server; a server that differs is configured once with `CoordClientOptions.patientParams`.
 */
export const PATIENT_SEARCH_PARAM: Readonly<Record<string, string>> = Object.freeze({
  AuditEvent: 'patient',
  CarePlan: 'patient',
  CareTeam: 'patient',
  Communication: 'patient',
  Condition: 'patient',
  DiagnosticReport: 'patient',
  DocumentReference: 'patient',
  Encounter: 'patient',
  EpisodeOfCare: 'patient',
  Goal: 'patient',
  ImagingStudy: 'patient',
  Observation: 'patient',
  Task: 'patient',
});

/** The parameter naming the patient in a search of `type` (an override table first). */
export function patientParam(type: string, overrides?: Readonly<Record<string, string>>): string {
  return overrides?.[type] ?? PATIENT_SEARCH_PARAM[type] ?? 'patient';
}

/** `{ [patientParam]: patient, ...extra }`: the parameters of a patient-scoped search. */
export function patientSearch(
  type: string,
  patient: string,
  extra: SearchParams = {},
  overrides?: Readonly<Record<string, string>>,
): SearchParams {
  return { [patientParam(type, overrides)]: patient, ...extra };
}

/** A query string (no `?`): undefined values are left out, arrays repeat the parameter. */
export function searchQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  return query.toString();
}

/** `Type?query` (or `Type` alone when there is no parameter). */
export function searchPath(type: string, params: SearchParams): string {
  const query = searchQuery(params);
  return query ? `${type}?${query}` : type;
}
