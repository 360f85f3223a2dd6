/**
 * Reads what the detail of one timeline item needs, on open: the item's resource (through the
 * scoped client's cache), the references it names (results, studies, people, units; one batch),
 * and for a Task its version history (`Task/<id>/_history`) — a server that does not keep or
 * give history (404, 405, 501, 403) falls back to the current status, never an error.
 *
 * Hidden documents never get here (they carry no reference); items with nothing more to read
 * (pathway steps, messages) return `undefined` and the element shows what the item holds.
 */
import type { Bundle, CarePlan, DiagnosticReport, DocumentReference, Encounter, ImagingStudy, Resource, Task } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { expectBundle, expectResource } from '../expect.ts';
import { toCoordError } from '../errors.ts';
import { referenceKey } from '../references.ts';
import { searchPath } from '../search.ts';
import {
  detailReferences,
  mapActionDetail,
  mapActivityDetail,
  mapDocumentDetail,
  mapEncounterDetail,
  mapImagingStudyDetail,
  mapReportDetail,
  type TimelineDetail,
} from '../model/timeline-detail.ts';
import type { TimelineItem } from '../model/timeline.ts';

const HISTORY_COUNT = 50;

export async function readTimelineDetail(
  client: CoordClient,
  item: Pick<TimelineItem, 'id' | 'kind' | 'reference' | 'hidden'>,
  options: { signal?: AbortSignal; now?: number } = {},
): Promise<TimelineDetail | undefined> {
  const { signal } = options;
  const key = referenceKey(item.reference);
  if (item.hidden || !key) return undefined;
  const type = key.slice(0, key.indexOf('/'));
  if (!['Encounter', 'DiagnosticReport', 'ImagingStudy', 'DocumentReference', 'Task', 'CarePlan'].includes(type)) return undefined;
  const { body } = await client.request<Resource>(key, { signal, kind: 'read' });
  const resource = expectResource<Resource>(body, type as Resource['resourceType'], client.url(key));
  const [lookup, versions] = await Promise.all([
    client.references.resolve(detailReferences(resource), signal),
    type === 'Task' ? readHistory(client, key, signal) : Promise.resolve(undefined),
  ]);
  switch (resource.resourceType) {
    case 'Encounter':
      return mapEncounterDetail(resource as Encounter, lookup, options.now);
    case 'DiagnosticReport':
      return mapReportDetail(resource as DiagnosticReport, lookup);
    case 'ImagingStudy':
      return mapImagingStudyDetail(resource as ImagingStudy, lookup);
    case 'DocumentReference':
      return mapDocumentDetail(resource as DocumentReference, lookup);
    case 'Task':
      return mapActionDetail(resource as Task, versions, lookup, options.now);
    case 'CarePlan': {
      const index = Number(/#activity-(\d+)$/.exec(item.id)?.[1]);
      if (!Number.isInteger(index)) return undefined;
      const plan = resource as CarePlan;
      const performers = (plan.activity?.[index]?.detail?.performer ?? []).map((p) => p?.reference);
      return mapActivityDetail(plan, index, await client.references.resolve(performers, signal), options.now);
    }
    default:
      return undefined;
  }
}

/** A Task's versions, or undefined when the server keeps none or refuses to give them. */
async function readHistory(client: CoordClient, key: string, signal?: AbortSignal): Promise<Task[] | undefined> {
  const path = searchPath(`${key}/_history`, { _count: HISTORY_COUNT });
  try {
    const { body } = await client.request<Bundle>(path, { signal, cache: false, kind: 'search' });
    const bundle = expectBundle<Task>(body, client.url(path));
    return (bundle.entry ?? []).map((e) => e?.resource).filter((r): r is Task => r?.resourceType === 'Task');
  } catch (err) {
    if (signal?.aborted) throw toCoordError(signal.reason ?? err);
    return undefined; // history is a comfort: the current status still shows
  }
}
