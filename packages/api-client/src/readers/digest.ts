/**
 * Reads "what changed since the last visit" with one `_lastUpdated=gt…` search per resource type
 * (`?patient=…&_lastUpdated=gt<since>&_sort=-_lastUpdated&_count=<n>`), in parallel: documents and
 * notes, messages, PPCS Tasks and plans, encounters (unit movements), lab reports. Only what
 * changed comes back, so a record of years costs what changed in a day. Documents are mapped
 * under the access rules before anything of them is kept. A search that fails leaves its source
 * out (`failed`); only when every one fails does the read fail, with the first error.
 *
 * Also the cheap count behind the PPCS badge (`countOverdueActions`): the plan and Task searches
 * every PPCS reader makes (shared through the cache), mapped without resolving anyone.
 */
import type { Bundle, DocumentReference, Resource } from '@medplum/fhirtypes';
import type { Viewer } from '../access.ts';
import type { CoordClient } from '../client.ts';
import { isCoordError } from '../errors.ts';
import { referenceKey } from '../references.ts';
import { keyOf, toTime } from '../model/common.ts';
import { isSharedNote, mapDocuments } from '../model/documents.ts';
import { DIGEST_SOURCES, digestWindow, lastUpdatedAfter, mapDigest, type Digest, type DigestSource } from '../model/digest.ts';
import { mapPpcs } from '../model/ppcs.ts';
import { bundleResources, patientKey, searchAllPages } from './search-pages.ts';
import { loadCareCircle, resolveForDocuments } from './documents.ts';
import { clock } from '../clock.ts';

export interface DigestReadOptions {
  /** The stored last visit (ms), undefined on a first visit. */
  lastVisit?: number;
  viewer?: Viewer;
  /** Changes read per source (default 50). */
  count?: number;
  /** "Now" (defaults to the library's clock). */
  now?: number;
  signal?: AbortSignal;
}

export async function readDigest(client: CoordClient, patient: string, options: DigestReadOptions = {}): Promise<Digest> {
  const { signal } = options;
  const subject = patientKey(patient);
  const now = options.now ?? clock.now();
  const window = digestWindow(options.lastVisit, now);
  const count = options.count ?? 50;
  const params = { _lastUpdated: lastUpdatedAfter(window.since), _sort: '-_lastUpdated', _count: count };
  const failed: DigestSource[] = [];
  const truncated: DigestSource[] = [];
  let firstError: unknown;

  const bundles = await Promise.all(
    DIGEST_SOURCES.map(async (type): Promise<Bundle | undefined> => {
      try {
        return await client.search(type, client.forPatient(type, subject, params), signal);
      } catch (err) {
        if (signal?.aborted || (isCoordError(err) && err.kind === 'auth')) throw err;
        firstError ??= err;
        failed.push(type);
        return undefined;
      }
    }),
  );
  if (failed.length === DIGEST_SOURCES.length) throw firstError;
  const bySource = new Map<DigestSource, Resource[]>();
  DIGEST_SOURCES.forEach((type, i) => {
    const bundle = bundles[i];
    if (!bundle) return;
    if (bundle.link?.some((l) => l?.relation === 'next')) truncated.push(type);
    bySource.set(type, bundleResources(bundle));
  });

  // Documents: under the access rules (care circle for confidentiality R), the viewer's own kept out later.
  const rawDocs = (bySource.get('DocumentReference') ?? []).filter((r): r is DocumentReference => r?.resourceType === 'DocumentReference');
  const notes = rawDocs.filter((d) => isSharedNote(d));
  const docs = rawDocs.filter((d) => !isSharedNote(d));
  let documents: ReturnType<typeof mapDocuments>['items'] = [];
  const issues: Digest['issues'] = [];
  if (docs.length > 0) {
    const [circle, resolved] = await Promise.all([
      loadCareCircle(client, subject, { signal, viewer: options.viewer }),
      resolveForDocuments(client, docs, options.viewer, signal),
    ]);
    const mapped = mapDocuments(docs, { lookup: resolved.lookup, pathways: resolved.pathways, viewer: options.viewer, careCircle: circle.index, patient: subject });
    documents = mapped.items;
    issues.push(...circle.issues, ...mapped.issues);
  }
  const documentMeta = new Map(docs.map((d) => [keyOf(d), { time: toTime(d.meta?.lastUpdated), version: d.meta?.versionId }]));

  // Names: senders, owners, authors, units, performers — one batch.
  const rest = [...notes, ...(bySource.get('Communication') ?? []), ...(bySource.get('Task') ?? []), ...(bySource.get('Encounter') ?? []), ...(bySource.get('DiagnosticReport') ?? [])];
  const refs: (string | undefined)[] = [options.viewer?.user];
  for (const r of rest as (Resource & Record<string, any>)[]) {
    refs.push(r.sender?.reference, r.owner?.reference, r.author?.[0]?.reference, r.performer?.[0]?.reference);
    for (const loc of Array.isArray(r.location) ? r.location : []) refs.push(loc?.location?.reference);
  }
  const lookup = await client.references.resolve(refs.filter((x) => referenceKey(x)), signal).catch((err: unknown) => {
    if (signal?.aborted) throw err;
    return client.references.lookup;
  });

  const mapped = mapDigest(
    {
      documents,
      documentMeta,
      notes,
      communications: bySource.get('Communication'),
      tasks: bySource.get('Task'),
      carePlans: bySource.get('CarePlan'),
      encounters: bySource.get('Encounter'),
      reports: bySource.get('DiagnosticReport'),
    },
    lookup,
    { since: window.since, viewer: options.viewer?.user, patient: subject, now },
  );
  return { ...window, ...mapped, issues: [...issues, ...mapped.issues], truncated, failed };
}

/** Open PPCS actions past their due date, from the plan and Task searches alone (no one resolved). */
export async function countOverdueActions(client: CoordClient, patient: string, options: { signal?: AbortSignal; now?: number } = {}): Promise<number> {
  const subject = patientKey(patient);
  const [carePlans, tasks] = await Promise.all(
    (['CarePlan', 'Task'] as const).map((type) => searchAllPages(client, type, client.forPatient(type, subject, { _count: 100 }), options.signal)),
  );
  const { ppcs } = mapPpcs({ carePlans: carePlans!, tasks: tasks! }, client.references.lookup, { now: options.now ?? clock.now(), patient: subject });
  return ppcs?.overdueCount ?? 0;
}
