/**
 * Reads the patient's messages backwards (and those exchanged with the patient, see
 * `readWithPatient`): the newest page first
 * (`Communication?patient=…&_sort=-sent`, the timeline's query, so the two share it), then older
 * pages through the Bundle's `next` link, so the chat loads "earlier messages" on scroll up and
 * never downloads a 5 000-message thread to show the last 50. Senders are resolved per page in
 * one batch.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { toTime, type Mapped } from '../model/common.ts';
import { mapMessages, messageActorReferences, type MessageView } from '../model/messages.ts';
import { bundleResources, patientKey } from './search-pages.ts';

/** Where the next (older) page starts. Opaque to callers. */
export interface PageCursor {
  readonly bundle: Bundle;
  readonly patient: string;
  /** Messages exchanged with the patient (no `subject`) older than what was shown, for later pages. */
  readonly withPatient?: readonly Resource[];
}

/** Messages exchanged with the patient but not about them (`subject` absent) read at most this many. */
const WITH_PATIENT_MAX = 200;

export interface MessagesPage extends Mapped<MessageView> {
  /** Present while older messages remain. */
  older?: PageCursor;
  /** Total the server reported for the whole thread, when it did. */
  total?: number;
}

export interface MessagesReadOptions {
  signal?: AbortSignal;
  /** Messages per page (default 50). */
  pageSize?: number;
  viewer?: string;
}

/** The newest page of the thread, oldest first within the page. */
export async function readMessages(
  client: CoordClient,
  patient: string,
  options: MessagesReadOptions = {},
): Promise<MessagesPage> {
  const { signal } = options;
  const subject = patientKey(patient);
  const [bundle, withPatient] = await Promise.all([
    client.search('Communication', client.forPatient('Communication', subject, { _sort: '-sent', _count: options.pageSize ?? 50 }), signal),
    readWithPatient(client, subject, signal),
  ]);
  return mapPage(client, bundle, subject, signal, options, withPatient);
}

/**
 * Messages the patient sent or received that do not carry `subject` (Medplum and others store
 * patient messaging so): `sender=` and `recipient=` searches, a few pages at most, merged into the
 * thread by date. A server that refuses these searches only loses them, not the thread.
 */
async function readWithPatient(client: CoordClient, patient: string, signal: AbortSignal | undefined): Promise<Resource[]> {
  const byKey = new Map<string, Resource>();
  await Promise.all(
    (['sender', 'recipient'] as const).map(async (param) => {
      try {
        let bundle: Bundle | undefined = await client.search('Communication', { [param]: patient, _sort: '-sent', _count: 100 }, signal);
        for (let pages = 0; bundle && pages < WITH_PATIENT_MAX / 100; pages++) {
          for (const r of bundleResources(bundle)) {
            // Those with a subject come through the main search (about this patient) or are not ours.
            if (r.resourceType === 'Communication' && !r.subject) byKey.set(`${r.resourceType}/${r.id}`, r);
          }
          bundle = await client.nextPage(bundle, signal);
        }
      } catch (err) {
        if (signal?.aborted) throw err;
      }
    }),
  );
  return [...byKey.values()];
}

/** The page before `cursor` (older messages); `older` is absent on the last one. */
export async function readOlderMessages(
  client: CoordClient,
  cursor: PageCursor,
  options: Pick<MessagesReadOptions, 'viewer' | 'signal'> = {},
): Promise<MessagesPage> {
  const { signal } = options;
  const bundle = await client.nextPage(cursor.bundle, signal);
  if (!bundle) return { items: [], issues: [] };
  return mapPage(client, bundle, cursor.patient, signal, options, cursor.withPatient ?? []);
}

async function mapPage(
  client: CoordClient,
  bundle: Bundle,
  patient: string,
  signal: AbortSignal | undefined,
  options: Pick<MessagesReadOptions, 'viewer'>,
  withPatient: readonly Resource[] = [],
): Promise<MessagesPage> {
  const hasNext = Boolean(bundle.link?.some((l) => l?.relation === 'next' && l.url));
  const paged = bundleResources(bundle);
  // Messages with the patient join the page they fall in; older ones wait for the next page.
  const oldest = hasNext ? Math.min(...paged.map((r) => (r.resourceType === 'Communication' ? (toTime(r.sent) ?? Infinity) : Infinity))) : -Infinity;
  const sentOf = (r: Resource): number => (r.resourceType === 'Communication' ? (toTime(r.sent) ?? toTime(r.meta?.lastUpdated) ?? 0) : 0);
  const known = new Set(paged.map((r) => `${r.resourceType}/${r.id}`));
  const joining = withPatient.filter((r) => !known.has(`${r.resourceType}/${r.id}`) && sentOf(r) >= oldest);
  const later = withPatient.filter((r) => !known.has(`${r.resourceType}/${r.id}`) && sentOf(r) < oldest);
  const resources = [...paged, ...joining];
  const lookup = await client.references.resolve([...messageActorReferences(resources), options.viewer], signal);
  const mapped = mapMessages(resources, lookup, { patient, viewer: options.viewer });
  if (!newestFirst(paged)) {
    mapped.issues.push({ resource: '?', problem: 'the server ignored _sort=-sent; pages may not run newest to oldest' });
  }
  return {
    ...mapped,
    older: hasNext ? { bundle, patient, withPatient: later } : undefined,
    total: typeof bundle.total === 'number' ? bundle.total : undefined,
  };
}

function newestFirst(resources: Resource[]): boolean {
  let previous = Number.POSITIVE_INFINITY;
  for (const r of resources) {
    const t = r.resourceType === 'Communication' ? toTime(r.sent) : undefined;
    if (t === undefined) continue;
    if (t > previous) return false;
    previous = t;
  }
  return true;
}
