/**
 * Reads the patient's messages backwards: the newest page first
 * (`Communication?patient=…&_sort=-sent`, the timeline's query, so the two share it), then older
 * pages through the Bundle's `next` link, so the chat loads "earlier messages" on scroll up and
 * never downloads a 5 000-message thread to show the last 50. Senders are resolved per page in
 * one batch.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { CoordClient } from '../client.ts';
import { toTime, type Mapped } from '../model/common.ts';
import { mapMessages, messageActorReferences, type MessageView } from '../model/messages.ts';
import { bundleResources, patientKey } from './care-team.ts';

/** Where the next (older) page starts. Opaque to callers. */
export interface PageCursor {
  readonly bundle: Bundle;
  readonly patient: string;
}

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
  const bundle = await client.search('Communication', client.forPatient('Communication', subject, { _sort: '-sent', _count: options.pageSize ?? 50 }), signal);
  return mapPage(client, bundle, subject, signal, options);
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
  return mapPage(client, bundle, cursor.patient, signal, options);
}

async function mapPage(
  client: CoordClient,
  bundle: Bundle,
  patient: string,
  signal: AbortSignal | undefined,
  options: Pick<MessagesReadOptions, 'viewer'>,
): Promise<MessagesPage> {
  const resources = bundleResources(bundle);
  const lookup = await client.references.resolve([...messageActorReferences(resources), options.viewer], signal);
  const mapped = mapMessages(resources, lookup, { patient, viewer: options.viewer });
  if (!newestFirst(resources)) {
    mapped.issues.push({ resource: '?', problem: 'the server ignored _sort=-sent; pages may not run newest to oldest' });
  }
  const hasNext = Boolean(bundle.link?.some((l) => l?.relation === 'next' && l.url));
  return {
    ...mapped,
    older: hasNext ? { bundle, patient } : undefined,
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
