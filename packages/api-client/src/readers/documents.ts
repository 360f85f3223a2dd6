/**
 * Reads the patient's documents a page at a time, newest first, and maps them for the viewer.
 * References (authors, encounters, replaced versions) are resolved in one batch per round; the
 * patient's pathways and care teams (for confidentiality R) are read once and shared through the
 * client's cache with every other element.
 */
import type { Bundle, CareTeam, DocumentReference, Encounter, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { CareCircleIndex, type AccessMatrix, type Viewer } from '../access.ts';
import type { CoordClient } from '../client.ts';
import { isCoordError } from '../errors.ts';
import { parsePatientReference, referenceKey } from '../references.ts';
import { keyOf, type MappingIssue, type ResourceLookup } from '../model/common.ts';
import { mapDocuments, replacedTargets, type DocumentView, type MappedWithHidden } from '../model/documents.ts';
import { PathwayIndex } from '../model/pathways.ts';

export interface ReadOptions {
  viewer?: Viewer;
  matrix?: AccessMatrix;
  veryRestrictedReaders?: (doc: DocumentReference) => Iterable<string>;
  /** Page size asked of the server (default 30). */
  count?: number;
  signal?: AbortSignal;
  now?: Date;
}

export interface DocumentsPage extends MappedWithHidden<DocumentView> {
  /** Reads the next, older page; undefined on the last page. */
  next?: (signal?: AbortSignal) => Promise<DocumentsPage>;
}

/** Rounds of reference resolution, to follow chains of replaced versions. */
const MAX_ROUNDS = 4;

export async function readDocuments(client: CoordClient, patient: string, options: ReadOptions = {}): Promise<DocumentsPage> {
  const patientKey = `Patient/${parsePatientReference(patient)}`;
  const [bundle, circle] = await Promise.all([
    client.search<DocumentReference>(
      'DocumentReference',
      client.forPatient('DocumentReference', patientKey, { _sort: '-date', _count: options.count ?? 30 }),
      options.signal,
    ),
    loadCareCircle(client, patientKey, options),
  ]);
  return documentsPage(client, patientKey, bundle, circle, new Set(), options);
}

async function documentsPage(
  client: CoordClient,
  patientKey: string,
  bundle: Bundle<DocumentReference>,
  circle: CareCircleContext,
  seen: Set<string>,
  options: ReadOptions,
): Promise<DocumentsPage> {
  const resources = entriesOf(bundle);
  const { lookup, pathways } = await resolveForDocuments(client, resources, options.viewer, options.signal);
  const mapped = mapDocuments(resources, {
    lookup,
    pathways,
    viewer: options.viewer,
    matrix: options.matrix,
    careCircle: circle.index,
    veryRestrictedReaders: options.veryRestrictedReaders,
    patient: patientKey,
    seen,
  });
  // Everything on this page is accounted for, and so is everything it replaces.
  const nextSeen = new Set(seen);
  for (const raw of resources) {
    const r = raw as DocumentReference | undefined;
    if (r?.resourceType !== 'DocumentReference') continue;
    nextSeen.add(keyOf(r));
    for (const t of replacedTargets(r)) nextSeen.add(t);
  }
  const page: DocumentsPage = { ...mapped, issues: [...circle.issues, ...mapped.issues] };
  if (bundle.link?.some((l) => l?.relation === 'next')) {
    page.next = async (signal?: AbortSignal) => {
      const more = await client.nextPage(bundle, signal);
      if (!more) return { items: [], hidden: [], issues: [] };
      return documentsPage(client, patientKey, more, { ...circle, issues: [] }, nextSeen, { ...options, signal });
    };
  }
  return page;
}

export function entriesOf<T extends Resource>(bundle: Bundle<T>): unknown[] {
  return (Array.isArray(bundle.entry) ? bundle.entry : [])
    .filter((e) => e?.search?.mode !== 'include' && e?.search?.mode !== 'outcome')
    .map((e) => e?.resource);
}

export interface CareCircleContext {
  /** Undefined when the care teams could not be read: restricted (R) documents then stay hidden. */
  index?: CareCircleIndex;
  issues: MappingIssue[];
}

/** The patient's pathways and care teams (first page of each, shared through the cache). */
export async function loadCareCircle(client: CoordClient, patientKey: string, options: ReadOptions): Promise<CareCircleContext> {
  try {
    const [episodes, teams] = await Promise.all([
      client.search<EpisodeOfCare>('EpisodeOfCare', client.forPatient('EpisodeOfCare', patientKey, { _count: 100 }), options.signal),
      client.search<CareTeam>('CareTeam', client.forPatient('CareTeam', patientKey, { _count: 100 }), options.signal),
    ]);
    client.references.rememberBundle(episodes);
    client.references.rememberBundle(teams);
    const index = new CareCircleIndex(
      entriesOf(episodes) as EpisodeOfCare[],
      entriesOf(teams) as CareTeam[],
      options.now,
    );
    return { index, issues: [] };
  } catch (err) {
    if (options.signal?.aborted || (isCoordError(err) && err.kind === 'auth')) throw err;
    return { issues: [{ resource: patientKey, problem: 'care teams unavailable: restricted documents stay hidden' }] };
  }
}

/**
 * Resolves what DocumentReferences point to — authors, custodian, encounters, replaced versions
 * (and theirs, over a few rounds) and the viewer's own role — then indexes the encounters.
 */
export async function resolveForDocuments(
  client: CoordClient,
  resources: readonly unknown[],
  viewer: Viewer | undefined,
  signal?: AbortSignal,
  remember = true,
): Promise<{ lookup: ResourceLookup; pathways: PathwayIndex }> {
  const docs = resources.filter((r): r is DocumentReference => (r as Resource | undefined)?.resourceType === 'DocumentReference');
  // Not for history entries: old versions must not stand in for the current one.
  if (remember) client.references.remember(docs);
  const encounters = new Set<string>();
  let pending: DocumentReference[] = docs;
  let refs: (string | undefined)[] = [viewer?.user];
  const visited = new Set(docs.map((d) => keyOf(d)));
  let lookup = client.references.lookup;
  for (let round = 0; round < MAX_ROUNDS && (pending.length > 0 || refs.length > 0); round++) {
    const replaced: string[] = [];
    for (const d of pending) {
      for (const a of Array.isArray(d.author) ? d.author : []) refs.push(a?.reference);
      refs.push(d.custodian?.reference);
      for (const e of Array.isArray(d.context?.encounter) ? d.context.encounter : []) {
        const key = referenceKey(e?.reference);
        if (key?.startsWith('Encounter/')) {
          encounters.add(key);
          refs.push(key);
        }
      }
      replaced.push(...replacedTargets(d));
    }
    refs.push(...replaced);
    lookup = await client.references.resolve(refs, signal);
    refs = [];
    pending = [];
    for (const key of replaced) {
      const found = lookup(key) as DocumentReference | undefined;
      if (found?.resourceType === 'DocumentReference' && !visited.has(key)) {
        visited.add(key);
        pending.push(found);
      }
    }
  }
  const found = [...encounters].map((k) => lookup(k)).filter((e): e is Encounter => e?.resourceType === 'Encounter');
  return { lookup, pathways: new PathwayIndex(found) };
}
