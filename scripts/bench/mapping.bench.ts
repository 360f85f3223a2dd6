/**
 * Mapping throughput of the pure FHIR → view-model mappers (issue 3), in Node, for 100 000
 * resources each: documents (with the access rules applied for a physician viewer) and
 * messages. Inputs are generated from the seed's generator (`extraResources`), so the figures
 * are for realistic resources, not empty shells. The timeline's own figure is in timeline.bench.
 *   npm run bench -- mapping
 */
import type { Communication, DocumentReference, Resource } from '@medplum/fhirtypes';
import { lookupFrom, mapDocuments, mapMessages, PathwayIndex } from '../../packages/api-client/src/index.ts';
import { actorResources } from '../../packages/dev-server/src/seed/actors.ts';
import { extraResources } from '../../packages/dev-server/src/seed/extra.ts';
import type { BenchResult } from './types.ts';

const N = 100_000;

function take<T extends Resource>(type: T['resourceType'], n: number): T[] {
  const out: T[] = [];
  let batch = 0;
  while (out.length < n) {
    for (const r of extraResources(30_000, new Date(Date.UTC(2026, 10, 26 - batch)))) {
      if (r.resourceType === type) out.push({ ...(r as T), id: `${r.id}-${batch}` });
      if (out.length === n) break;
    }
    batch++;
  }
  return out;
}

function rate(name: string, count: number, run: () => { items: unknown[] }): BenchResult {
  run(); // warm-up (JIT)
  const started = performance.now();
  const { items } = run();
  const ms = performance.now() - started;
  return { name: `${name}, ${count} resources`, value: Math.round((count / ms) * 1000), unit: `resources/s (${ms.toFixed(0)} ms, ${items.length} mapped)` };
}

export default async function (): Promise<BenchResult[]> {
  const lookup = lookupFrom(actorResources());
  const pathways = new PathwayIndex([]);
  const documents = take<DocumentReference>('DocumentReference', N);
  const messages = take<Communication>('Communication', N);
  const viewer = { user: 'PractitionerRole/role-gp', profession: '10' };
  return [
    rate('documents (access rules for a physician)', N, () => mapDocuments(documents, { lookup, pathways, viewer, patient: 'Patient/pat-martin' })),
    rate('messages', N, () => mapMessages(messages, lookup, { viewer: viewer.user })),
  ];
}
