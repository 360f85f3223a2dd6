/**
 * Reads the access log newest first, a page at a time: `AuditEvent?patient=…&_sort=-date`
 * (servers without the `patient` parameter get `entity=`). Agents are resolved per page in one
 * batch; entities never are (a masked document's title must not leak through the log).
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { isCoordError } from '../errors.ts';
import type { Mapped } from '../model/common.ts';
import { auditActorReferences, mapAccessTraces, type AccessTraceView } from '../model/audit.ts';
import { bundleResources, patientKey } from './care-team.ts';
import type { PageCursor } from './messages.ts';

export interface AccessTracesPage extends Mapped<AccessTraceView> {
  older?: PageCursor;
  total?: number;
}

export async function readAccessTraces(
  client: CoordClient,
  patient: string,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<AccessTracesPage> {
  const { signal } = options;
  const subject = patientKey(patient);
  const common = { _sort: '-date', _count: options.pageSize ?? 50 };
  let bundle: Bundle;
  try {
    bundle = await client.search('AuditEvent', client.forPatient('AuditEvent', subject, common), signal);
  } catch (err) {
    if (!isCoordError(err) || err.kind !== 'invalid-request' || signal?.aborted) throw err;
    bundle = await client.search('AuditEvent', { entity: subject, ...common }, signal);
  }
  return mapPage(client, bundle, subject, signal);
}

export async function readOlderAccessTraces(client: CoordClient, cursor: PageCursor, options: { signal?: AbortSignal } = {}): Promise<AccessTracesPage> {
  const { signal } = options;
  const bundle = await client.nextPage(cursor.bundle, signal);
  if (!bundle) return { items: [], issues: [] };
  return mapPage(client, bundle, cursor.patient, signal);
}

async function mapPage(client: CoordClient, bundle: Bundle, patient: string, signal?: AbortSignal): Promise<AccessTracesPage> {
  const resources = bundleResources(bundle);
  const lookup = await client.references.resolve(auditActorReferences(resources), signal);
  const mapped = mapAccessTraces(resources, lookup, { patient });
  const hasNext = Boolean(bundle.link?.some((l) => l?.relation === 'next' && l.url));
  return { ...mapped, older: hasNext ? { bundle, patient } : undefined, total: typeof bundle.total === 'number' ? bundle.total : undefined };
}
