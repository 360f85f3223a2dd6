/**
 * Mapping on the path production runs, in Node, over an in-memory FHIR answer (memory-fhir.ts:
 * no server, no network; the JSON text is built once): a new `CoordClient` per sample, then
 * - the timeline: `new TimelineFeed(…).loadMore(10 000)` as `<coord-timeline>` calls it (every
 *   source searched and merged, references resolved in one batch, each resource mapped when
 *   buffered and again when emitted, access rules for a physician);
 * - documents: `readDocuments` as `<coord-documents>` calls it (search + care circle + access);
 * - messages: `readMessages` as `<coord-chat>` calls it.
 * Target: ≥ 12 000 items/s — a first page of 50 within one 60 Hz frame (16.7 ms) on a phone
 * 4× slower than this machine (50 / 4.2 ms). Inputs: the seed's generator (`extraResources`),
 * realistic resources, not empty shells.
 *   npm run bench -- mapping
 */
import type { Resource } from '@medplum/fhirtypes';
import { CoordClient, readDocuments, readMessages, TimelineFeed } from '../../packages/api-client/src/index.ts';
import { actorResources } from '../../packages/dev-server/src/seed/actors.ts';
import { extraResources } from '../../packages/dev-server/src/seed/extra.ts';
import { careTeams, pathways } from '../../packages/dev-server/src/seed/pathways.ts';
import { memoryFhir } from './memory-fhir.ts';
import { MIN_SAMPLES, fmt, spread, summarize } from './stats.ts';
import type { BenchResult } from './types.ts';

const N = 10_000;
const BASE = 'https://bench.invalid/fhir/R4';
const PATIENT = 'Patient/pat-martin';
const VIEWER = { user: 'PractitionerRole/role-gp', profession: '10' };
const TARGET = 12_000;

/** `n` generated resources of one type (several generator runs, ids made unique). */
function take(type: string, n: number): Resource[] {
  const out: Resource[] = [];
  for (let batch = 0; out.length < n; batch++) {
    for (const r of extraResources(30_000, new Date(Date.UTC(2026, 10, 26 - batch)))) {
      if (r.resourceType === type) out.push({ ...r, id: `${r.id}-${batch}` });
      if (out.length === n) break;
    }
  }
  return out;
}

async function rate(name: string, sample: string, resources: Resource[], run: (client: CoordClient) => Promise<number>): Promise<BenchResult> {
  const now = new Date();
  const fetch = memoryFhir(BASE, [...actorResources(), ...careTeams(now), ...pathways(now), ...resources]);
  const client = () => new CoordClient({ baseUrl: BASE, fetch });
  await run(client()); // warm-up: JIT, and the stand-in server's texts
  const ms: number[] = [];
  let items = 0;
  for (let i = 0; i < MIN_SAMPLES; i++) {
    const t = performance.now();
    items = await run(client());
    ms.push(performance.now() - t);
  }
  const s = summarize(ms);
  const perSecond = Math.round((items / s.median) * 1000);
  return {
    name,
    value: perSecond,
    unit: `items/s (${items} items in ${fmt(s.median)} ms)`,
    target: `≥ ${TARGET} items/s`,
    ok: perSecond >= TARGET,
    sample,
    spread: spread(s),
  };
}

export default async function (): Promise<BenchResult[]> {
  const mixed = extraResources(N);
  return [
    await rate('timeline feed, 10 000 items (what `<coord-timeline>` runs)', `a new client, then TimelineFeed.loadMore(${N}) over ${N} generated encounters, documents and messages, access rules for a physician`, mixed, async (client) => {
      const feed = new TimelineFeed({ client, patient: PATIENT, kinds: ['pathway-start', 'pathway-end', 'encounter', 'movement', 'document', 'message'], pageSize: N, access: { viewer: VIEWER } });
      const items = await feed.loadMore(N);
      feed.close();
      return items.filter((i) => !i.parent).length;
    }),
    await rate('documents reader, 10 000 documents (what `<coord-documents>` runs)', `a new client, then readDocuments(count ${N}) with the physician's access rules`, take('DocumentReference', N), async (client) => {
      const page = await readDocuments(client, PATIENT, { viewer: VIEWER, count: N });
      return page.items.length + page.hidden.length;
    }),
    await rate('messages reader, 10 000 messages (what `<coord-chat>` runs)', `a new client, then readMessages(pageSize ${N})`, take('Communication', N), async (client) => {
      const page = await readMessages(client, PATIENT, { pageSize: N, viewer: VIEWER.user });
      return page.items.length;
    }),
  ];
}
