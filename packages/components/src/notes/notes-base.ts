import { expectResource, toCoordError, type ScopedClient } from '@coord/api-client';
import type { DocumentReference } from '@medplum/fhirtypes';

/**
 * The version an edit started from (`_history/<vid>`, read fresh): the base of the `If-Match`
 * update and of the three-way merge. A server without that version gives its current one,
 * flagged `stale` when it is newer (the edit then goes straight to the conflict view).
 */
export async function readEditBase(
  client: ScopedClient,
  reference: string,
  version: string | undefined,
): Promise<{ base: DocumentReference; stale?: DocumentReference }> {
  if (version) {
    try {
      const path = `${reference}/_history/${encodeURIComponent(version)}`;
      const { body } = await client.request<DocumentReference>(path, { cache: false, kind: 'read' });
      return { base: expectResource<DocumentReference>(body, 'DocumentReference', client.url(path)) };
    } catch (err) {
      const e = toCoordError(err);
      if (e.kind !== 'not-found' && e.kind !== 'gone' && e.kind !== 'invalid-request') throw e;
    }
  }
  const { body } = await client.request<DocumentReference>(reference, { cache: false, kind: 'read' });
  const current = expectResource<DocumentReference>(body, 'DocumentReference', client.url(reference));
  return version && current.meta?.versionId !== version ? { base: current, stale: current } : { base: current };
}
