/**
 * Reads the care circle: the patient's CareTeams and pathways (the same `?patient=…&_count=100`
 * searches the documents and PPCS readers make, so they are shared through the cache), their
 * members resolved in one batch.
 */
import type { CoordClient } from '../client.ts';
import { careCircleReferences, mapCareCircle, type CareMemberView } from '../model/care-team.ts';
import type { Mapped } from '../model/common.ts';
import { patientKey, searchAllPages } from './search-pages.ts';

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
