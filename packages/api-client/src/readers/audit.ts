/**
 * Reads the access log newest first, a page at a time: `AuditEvent?patient=…&_sort=-date`
 * (servers without the `patient` parameter get `entity=`). Agents are resolved per page in one
 * batch; entities never are (a masked document's title must not leak through the log).
 * A filter is asked of the server (`agent`, `action`, `date`) and applied again to what comes
 * back (a server may ignore a parameter); "emergency" has no standard parameter and is applied
 * to each page only.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { isCoordError } from '../errors.ts';
import type { Mapped } from '../model/common.ts';
import { auditActionCode, auditActorReferences, filterAccessTraces, mapAccessTraces, type AccessTraceFilter, type AccessTraceView } from '../model/audit.ts';
import { referenceKey } from '../references.ts';
import { bundleResources, patientKey } from './search-pages.ts';
import type { PageCursor } from './messages.ts';

export interface AccessTracesPage extends Mapped<AccessTraceView> {
  older?: PageCursor & { filter?: AccessTraceFilter };
  total?: number;
  /** Traces of this page the filter left out (the server ignored a parameter, or `emergency`). */
  filteredOut?: number;
}

/** The search parameters of a filter (what a FHIR R4 server can narrow AuditEvent by). */
export function auditSearchParams(filter: AccessTraceFilter = {}): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  const actor = referenceKey(filter.actor);
  if (actor) params.agent = actor;
  const action = auditActionCode(filter.action);
  if (action) params.action = action;
  const range: string[] = [];
  if (filter.since) range.push(`ge${filter.since}`);
  if (filter.until) range.push(`le${filter.until}`);
  if (range.length) params.date = range;
  return params;
}

export async function readAccessTraces(
  client: CoordClient,
  patient: string,
  options: { pageSize?: number; signal?: AbortSignal; filter?: AccessTraceFilter } = {},
): Promise<AccessTracesPage> {
  const { signal, filter } = options;
  const subject = patientKey(patient);
  const common = { ...auditSearchParams(filter), _sort: '-date', _count: options.pageSize ?? 50 };
  let bundle: Bundle;
  try {
    bundle = await client.search('AuditEvent', client.forPatient('AuditEvent', subject, common), signal);
  } catch (err) {
    if (!isCoordError(err) || err.kind !== 'invalid-request' || signal?.aborted) throw err;
    bundle = await client.search('AuditEvent', { entity: subject, ...common }, signal);
  }
  return mapPage(client, bundle, subject, filter, signal);
}

export async function readOlderAccessTraces(client: CoordClient, cursor: PageCursor & { filter?: AccessTraceFilter }, options: { signal?: AbortSignal } = {}): Promise<AccessTracesPage> {
  const { signal } = options;
  const bundle = await client.nextPage(cursor.bundle, signal);
  if (!bundle) return { items: [], issues: [] };
  return mapPage(client, bundle, cursor.patient, cursor.filter, signal);
}

async function mapPage(client: CoordClient, bundle: Bundle, patient: string, filter: AccessTraceFilter | undefined, signal?: AbortSignal): Promise<AccessTracesPage> {
  const resources = bundleResources(bundle);
  const lookup = await client.references.resolve(auditActorReferences(resources), signal);
  const mapped = mapAccessTraces(resources, lookup, { patient });
  const items = filter ? filterAccessTraces(mapped.items, filter) : mapped.items;
  const hasNext = Boolean(bundle.link?.some((l) => l?.relation === 'next' && l.url));
  return {
    items,
    issues: mapped.issues,
    filteredOut: mapped.items.length - items.length,
    older: hasNext ? { bundle, patient, filter } : undefined,
    total: typeof bundle.total === 'number' ? bundle.total : undefined,
  };
}
