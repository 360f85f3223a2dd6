/**
 * Browser entry of the timeline bench (bundled by timeline.bench.ts with esbuild): a
 * `<coord-timeline>` fed by an in-memory FHIR search (an injected `fetch`, no network, no MSW),
 * so that only mapping and rendering are measured. Exposes `window.timelineBench`.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { CoordClient } from '@coord/api-client';
import { actorResources } from '../../packages/dev-server/src/seed/actors.ts';
import { extraResources } from '../../packages/dev-server/src/seed/extra.ts';
import { pathways } from '../../packages/dev-server/src/seed/pathways.ts';
import '../../packages/components/src/timeline/timeline.ts';
import type { CoordTimeline } from '../../packages/components/src/timeline/timeline.component.ts';

const BASE = 'https://bench.invalid/fhir/R4';
const dateOf = (r: Record<string, any>): string => r.period?.start ?? r.date ?? r.sent ?? '';

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
}

/** Just enough FHIR search: type, `_sort=-…` by date, `_count`/`_offset`; batch reads. */
function memoryFetch(resources: Resource[]) {
  const byType = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource>();
  for (const r of resources) {
    byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
    byKey.set(`${r.resourceType}/${r.id}`, r);
  }
  for (const list of byType.values()) list.sort((a, b) => dateOf(b).localeCompare(dateOf(a)));
  return async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (init?.method === 'POST') {
      const batch = JSON.parse(String(init.body)) as Bundle;
      return json({
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: (batch.entry ?? []).map((e) => ({ resource: byKey.get(e.request?.url ?? ''), response: { status: '200' } })),
      });
    }
    const type = url.pathname.split('/').pop()!;
    const found = byKey.get(`${url.pathname.split('/').slice(-2).join('/')}`);
    if (found && !url.search) return json(found);
    const all = byType.get(type) ?? [];
    const count = Number(url.searchParams.get('_count') ?? 50);
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    const next = new URL(url);
    next.searchParams.set('_offset', String(offset + count));
    return json({
      resourceType: 'Bundle',
      type: 'searchset',
      total: all.length,
      link: offset + count < all.length ? [{ relation: 'next', url: next.toString() }] : [],
      entry: all.slice(offset, offset + count).map((resource) => ({ resource })),
    });
  };
}

const now = new Date();
const directory = [...actorResources(), ...pathways(now).filter((p) => p.patient?.reference === 'Patient/pat-martin')];

async function frames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

function countNodes(el: CoordTimeline): { elements: number; articles: number } {
  const root = el.shadowRoot!;
  return { elements: root.querySelectorAll('*').length, articles: root.querySelectorAll('article').length };
}

/** Mounts a timeline over `n` generated items (all loaded at once) and measures it. */
async function run(n: number): Promise<Record<string, number>> {
  document.body.replaceChildren();
  const client = new CoordClient({ baseUrl: BASE, fetch: memoryFetch([...directory, ...extraResources(n, now)]) });
  const el = document.createElement('coord-timeline');
  el.pollInterval = 0;
  el.pageSize = n;
  el.kinds = 'pathway,encounter,document,message';
  el.client = client;
  el.patient = 'Patient/pat-martin';
  const t0 = performance.now();
  document.body.append(el);
  await waitFor(() => (el.shadowRoot?.querySelectorAll('article').length ?? 0) > 0);
  await frames();
  const firstLoad = performance.now() - t0;
  // Re-render cost: a zoom change recomputes lanes, marks, filters and rows, and repaints.
  const renders: number[] = [];
  for (const zoom of ['year', 'all', 'month', 'all', 'year', 'all'] as const) {
    const t = performance.now();
    el.zoom = zoom;
    await el.updateComplete;
    await frames();
    renders.push(performance.now() - t);
  }
  const atTop = countNodes(el);
  const list = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
  list.scrollTop = list.scrollHeight / 2;
  await frames(6);
  const middle = countNodes(el);
  const loaded = /\d+/.exec(el.shadowRoot!.querySelector('p.visually-hidden[role="status"]')?.textContent ?? '')?.[0];
  return {
    firstLoadMs: firstLoad,
    renderMs: median(renders),
    elements: atTop.elements,
    articles: atTop.articles,
    elementsScrolled: middle.elements,
    loadedItems: Number(loaded ?? 0),
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function waitFor(test: () => boolean, timeout = 60_000): Promise<void> {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > timeout) throw new Error('timed out waiting for the timeline');
    await new Promise((r) => setTimeout(r, 10));
  }
}

declare global {
  interface Window {
    timelineBench: { run: typeof run; show: (n: number) => Promise<void> };
  }
}

window.timelineBench = {
  run,
  /** For screenshots: the seed-like record with `n` generated items, default settings. */
  show: async (n: number) => {
    document.body.replaceChildren();
    const el = document.createElement('coord-timeline');
    el.pollInterval = 0;
    el.client = new CoordClient({ baseUrl: BASE, fetch: memoryFetch([...directory, ...extraResources(n, now)]) });
    el.patient = 'Patient/pat-martin';
    document.body.append(el);
    await waitFor(() => (el.shadowRoot?.querySelectorAll('article').length ?? 0) > 0);
    await frames(4);
  },
};
