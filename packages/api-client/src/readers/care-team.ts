/**
 * Reads the care circle: the patient's CareTeams and pathways (the same `?patient=…&_count=100`
 * searches the documents and PPCS readers make, so they are shared through the cache), their
 * members resolved in one batch. Also the small search helpers the other readers share.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { parsePatientReference } from '../references.ts';
import type { SearchParams } from '../search.ts';
import { careCircleReferences, mapCareCircle, type CareMemberView } from '../model/care-team.ts';
import type { Mapped } from '../model/common.ts';


/** The matches of a search page, without `_include`d or outcome entries (type checks are the mappers' job). */
export function bundleResources(bundle: Bundle | undefined): Resource[] {
  return (Array.isArray(bundle?.entry) ? bundle.entry : [])
    .filter((e) => e?.search?.mode !== 'include' && e?.search?.mode !== 'outcome')
    .map((e) => e?.resource)
    .filter((r): r is Resource => Boolean(r));
}

/** `Patient/<id>` from whatever reference form the caller gave; invalid → an invalid-request error. */
export function patientKey(patient: string): string {
  return `Patient/${parsePatientReference(patient)}`;
}

/**
 * Every page of a small search (care teams, care plans, a plan's tasks), following `next` links
 * up to `maxPages`. For long lists (messages, traces) page on demand instead.
 */
export async function searchAllPages(
  client: CoordClient,
  type: Resource['resourceType'],
  params: SearchParams,
  signal?: AbortSignal,
  maxPages = 20,
): Promise<Resource[]> {
  let bundle: Bundle | undefined = await client.search(type, params, signal);
  const out: Resource[] = [];
  for (let page = 0; bundle && page < maxPages; page++) {
    out.push(...bundleResources(bundle));
    bundle = page + 1 < maxPages ? await client.nextPage(bundle, signal) : undefined;
  }
  return out;
}

export interface CareCircleReadOptions {
  signal?: AbortSignal;
  viewer?: string;
  now?: Date | number;
}

/** The care circle of a patient: `CareTeam?patient=` and `EpisodeOfCare?patient=`, members resolved. */
export async function readCareCircle(
  client: CoordClient,
  patient: string,
  options: CareCircleReadOptions = {},
): Promise<Mapped<CareMemberView>> {
  const { signal } = options;
  const subject = patientKey(patient);
  const [teams, pathways] = await Promise.all([
    searchAllPages(client, 'CareTeam', client.forPatient('CareTeam', subject, { _count: 100 }), signal),
    searchAllPages(client, 'EpisodeOfCare', client.forPatient('EpisodeOfCare', subject, { _count: 100 }), signal),
  ]);
  const resources = [...teams, ...pathways];
  client.references.remember(resources);
  const lookup = await client.references.resolve([...careCircleReferences(resources), options.viewer], signal);
  return mapCareCircle(resources, lookup, { patient: subject, viewer: options.viewer, now: options.now });
}
