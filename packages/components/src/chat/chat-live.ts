/**
 * Live changes into the thread (pure): new messages appended — without re-sorting a 5 000-message
 * thread when they are simply the newest, the usual case — changed ones replaced, messages marked
 * `entered-in-error` removed. A change to a message older than the pages loaded so far is left
 * for those pages: it is not "new".
 */
import { mergeMessages, type MessageView } from '@coord/api-client';
import type { Resource } from '@medplum/fhirtypes';

export function mergeLive(
  current: MessageView[],
  items: MessageView[],
  resources: Resource[],
  olderPagesRemain: boolean,
): { thread: MessageView[]; fresh: MessageView[] } {
  const removed = new Set(resources.filter((r) => (r as { status?: string }).status === 'entered-in-error').map((r) => `${r.resourceType}/${r.id}`));
  const known = new Set(current.map((m) => m.reference));
  const oldest = current.find((m) => m.time !== undefined)?.time;
  const fresh = items.filter((m) => !known.has(m.reference) && !(olderPagesRemain && oldest !== undefined && (m.time ?? 0) < oldest));
  const updated = items.filter((m) => known.has(m.reference));
  const kept = removed.size ? current.filter((m) => !removed.has(m.reference)) : current;
  return { thread: updated.length ? mergeMessages(kept, [...updated, ...fresh]) : appendNewest(kept, fresh), fresh };
}

/**
 * New messages (not in the thread) added to it: a plain append when they are all newer than the
 * last one — the usual live case, without re-sorting 5 000 messages — otherwise a full merge.
 */
function appendNewest(thread: MessageView[], fresh: MessageView[]): MessageView[] {
  if (!fresh.length) return thread;
  const tail = thread.at(-1);
  if (tail && tail.time === undefined) return mergeMessages(thread, fresh); // undated ones stay last
  const last = tail?.time ?? -Infinity;
  const sorted = [...fresh].sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity));
  const ids = new Set(thread.map((m) => m.identifier).filter(Boolean));
  const inOrder = (sorted[0]!.time ?? -Infinity) >= last && sorted.every((m) => m.time !== undefined && !(m.identifier && ids.has(m.identifier)));
  return inOrder ? [...thread, ...sorted] : mergeMessages(thread, fresh);
}
