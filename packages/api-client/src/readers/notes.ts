/**
 * Reads the patient's shared notes (DocumentReference carrying the note marker), newest first,
 * and — on demand — one note's history (`DocumentReference/<id>/_history`).
 */
import type { Bundle, BundleEntry, DocumentReference } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { CoordError } from '../errors.ts';
import { expectBundle } from '../expect.ts';
import { parsePatientReference, referenceKey } from '../references.ts';
import { searchPath } from '../search.ts';
import type { MappingIssue } from '../model/common.ts';
import type { MappedWithHidden } from '../model/documents.ts';
import { localCodeSystems } from '../codes.ts';
import { mapNoteHistory, mapNotes, type NoteVersionView, type NoteView } from '../model/notes.ts';
import { entriesOf, loadCareCircle, resolveForDocuments, type CareCircleContext, type ReadOptions } from './documents.ts';

export interface NotesPage extends MappedWithHidden<NoteView> {
  next?: (signal?: AbortSignal) => Promise<NotesPage>;
}

export interface NoteHistory {
  /** Newest first; the first one is the current version. */
  items: NoteVersionView[];
  issues: MappingIssue[];
}

/** History pages followed at most (a note with thousands of versions is cut, and flagged). */
const MAX_HISTORY_PAGES = 10;

export async function readNotes(client: CoordClient, patient: string, options: ReadOptions = {}): Promise<NotesPage> {
  const patientKey = `Patient/${parsePatientReference(patient)}`;
  const [bundle, circle] = await Promise.all([
    client.search<DocumentReference>(
      'DocumentReference',
      client.forPatient('DocumentReference', patientKey, {
        // Servers that ignore the filter still work: mapNotes keeps marked notes only.
        category: localCodeSystems().noteCategory,
        _sort: '-date',
        _count: options.count ?? 30,
      }),
      options.signal,
    ),
    loadCareCircle(client, patientKey, options),
  ]);
  return notesPage(client, patientKey, bundle, circle, options);
}

async function notesPage(
  client: CoordClient,
  patientKey: string,
  bundle: Bundle<DocumentReference>,
  circle: CareCircleContext,
  options: ReadOptions,
): Promise<NotesPage> {
  const resources = entriesOf(bundle);
  const { lookup, pathways } = await resolveForDocuments(client, resources, options.viewer, options.signal);
  const mapped = mapNotes(resources, {
    lookup,
    pathways,
    viewer: options.viewer,
    matrix: options.matrix,
    careCircle: circle.index,
    veryRestrictedReaders: options.veryRestrictedReaders,
    patient: patientKey,
  });
  const page: NotesPage = { ...mapped, issues: [...circle.issues, ...mapped.issues] };
  if (bundle.link?.some((l) => l?.relation === 'next')) {
    page.next = async (signal?: AbortSignal) => {
      const more = await client.nextPage(bundle, signal);
      if (!more) return { items: [], hidden: [], issues: [] };
      return notesPage(client, patientKey, more, { ...circle, issues: [] }, { ...options, signal });
    };
  }
  return page;
}

/**
 * Every version of one note, mapped for the viewer. Read fresh (not from the 15 s cache): it is
 * asked for right after someone saved an edit.
 */
export async function readNoteHistory(client: CoordClient, noteReference: string, options: ReadOptions = {}): Promise<NoteHistory> {
  const key = referenceKey(noteReference);
  if (!key?.startsWith('DocumentReference/')) {
    throw new CoordError('invalid-request', 'A note reference looks like DocumentReference/<id>');
  }
  const path = searchPath(`${key}/_history`, { _count: 50 });
  const { body } = await client.request<unknown>(path, { signal: options.signal, cache: false, kind: 'search' });
  let bundle = expectBundle<DocumentReference>(body, client.url(path));
  const entries: BundleEntry[] = [...(bundle.entry ?? [])];
  const issues: MappingIssue[] = [];
  for (let pages = 1; ; pages++) {
    if (!bundle.link?.some((l) => l?.relation === 'next')) break;
    if (pages >= MAX_HISTORY_PAGES) {
      issues.push({ resource: key, problem: 'history cut after the page limit' });
      break;
    }
    const more = await client.nextPage(bundle, options.signal);
    if (!more) break;
    bundle = more;
    entries.push(...(more.entry ?? []));
  }
  const resources = entries.map((e) => e?.resource).filter(Boolean);
  const subject = resources.map((r) => referenceKey((r as DocumentReference).subject?.reference)).find((s) => s?.startsWith('Patient/'));
  const [{ lookup, pathways }, circle] = await Promise.all([
    resolveForDocuments(client, resources, options.viewer, options.signal, false),
    subject ? loadCareCircle(client, subject, options) : Promise.resolve<CareCircleContext>({ issues: [] }),
  ]);
  const mapped = mapNoteHistory(entries, key, {
    lookup,
    pathways,
    viewer: options.viewer,
    matrix: options.matrix,
    careCircle: circle.index,
    veryRestrictedReaders: options.veryRestrictedReaders,
  });
  return { items: mapped.items, issues: [...issues, ...circle.issues, ...mapped.issues] };
}
