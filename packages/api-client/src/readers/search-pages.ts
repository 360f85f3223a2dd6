/**
 * The small search helpers every reader shares: a page's matches, the patient key, and every page
 * of a small search. Apart from the care circle's reader, so that a reader that needs only these
 * (the chat's messages) does not bring the care circle's mapping onto its page (issue #11).
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { parsePatientReference } from '../references.ts';
import type { SearchParams } from '../search.ts';

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
