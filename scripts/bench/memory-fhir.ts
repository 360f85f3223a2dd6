/**
 * An in-memory FHIR answer for Node benches (a `fetch` for `CoordClient`): search by type with
 * the patient's reference, `_sort=-<date>`, `_count` / `_offset` and `next` links; reads; batch
 * GETs. Each answer's JSON text is built once and kept, so a sample times the client's side —
 * parsing, the feed or reader, mapping — not this stand-in server.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';

type Loose = Resource & Record<string, any>;
const dateOf = (r: Loose): string => r.period?.start ?? r.date ?? r.sent ?? r.started ?? r.effectiveDateTime ?? r.authoredOn ?? '';
const subjectOf = (r: Loose): string | undefined => r.subject?.reference ?? r.patient?.reference ?? r.for?.reference;

export function memoryFhir(base: string, resources: Resource[]): typeof fetch {
  const byType = new Map<string, Loose[]>();
  const byKey = new Map<string, Resource>();
  for (const r of resources) {
    byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r as Loose]);
    byKey.set(`${r.resourceType}/${r.id}`, r);
  }
  for (const list of byType.values()) list.sort((a, b) => dateOf(b).localeCompare(dateOf(a)));
  const bodies = new Map<string, string>();
  const answer = (text: string): Response => new Response(text, { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });

  const search = (url: URL): string => {
    const type = url.pathname.split('/').pop()!;
    const patient = url.searchParams.get('patient') ?? url.searchParams.get('subject');
    const all = (byType.get(type) ?? []).filter((r) => !patient || !subjectOf(r) || subjectOf(r) === patient);
    const count = Number(url.searchParams.get('_count') ?? 50);
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    const next = new URL(url);
    next.searchParams.set('_offset', String(offset + count));
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: all.length,
      link: offset + count < all.length ? [{ relation: 'next', url: next.toString() }] : [],
      entry: all.slice(offset, offset + count).map((resource) => ({ resource })),
    };
    return JSON.stringify(bundle);
  };

  return (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const path = url.pathname.slice(new URL(base).pathname.length + 1);
    if ((init?.method ?? 'GET') === 'POST') {
      const batch = JSON.parse(String(init?.body)) as Bundle;
      return answer(
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: (batch.entry ?? []).map((e) => {
            const found = byKey.get(e.request?.url ?? '');
            return found ? { resource: found, response: { status: '200' } } : { response: { status: '404' } };
          }),
        }),
      );
    }
    if (path === 'metadata') return answer(JSON.stringify({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' }));
    const known = bodies.get(url.href);
    if (known) return answer(known);
    const found = byKey.get(path);
    const text = found ? JSON.stringify(found) : search(url);
    bodies.set(url.href, text);
    return answer(text);
  }) as typeof fetch;
}
