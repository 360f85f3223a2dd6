/**
 * Browser entry of the chat bench (bundled by chat.bench.ts with esbuild): a `<coord-chat>` fed
 * by an in-memory FHIR server (an injected `fetch`: no network, no MSW), so only mapping and
 * rendering are measured. Exposes `window.chatBench`.
 */
import type { Bundle, Communication, Resource } from '@medplum/fhirtypes';
import { CoordClient, MemoryOutboxStore } from '@coord/api-client';
import { actorResources } from '../../packages/dev-server/src/seed/actors.ts';
import { manyMessages } from '../../packages/components/src/chat/chat.fixtures.ts';
import { CoordChat } from '../../packages/components/src/chat/chat.ts';

if (!customElements.get('coord-chat')) customElements.define('coord-chat', CoordChat);

const BASE = 'https://bench.invalid/fhir/R4';
const PATIENT = 'Patient/pat-martin';

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
}

const field = (r: Resource, name: string): string =>
  String((name === '_lastUpdated' ? r.meta?.lastUpdated : (r as unknown as Record<string, unknown>)[name]) ?? '');

/** Just enough FHIR for the chat: search (`_sort`, `_lastUpdated=gt`, paging), read, batch. */
class MemoryServer {
  private readonly byKey = new Map<string, Resource>();
  private clock = Date.now() - 60_000;

  constructor(resources: Resource[]) {
    for (const r of resources) this.put(r);
  }

  put(r: Resource): void {
    const meta = { versionId: '1', lastUpdated: new Date(this.clock++).toISOString(), ...r.meta };
    this.byKey.set(`${r.resourceType}/${r.id}`, { ...r, meta } as Resource);
  }

  add(r: Resource): void {
    this.clock = Math.max(Date.now(), this.clock + 1);
    this.byKey.set(`${r.resourceType}/${r.id}`, { ...r, meta: { versionId: '1', lastUpdated: new Date(this.clock).toISOString() } } as Resource);
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const path = url.pathname.slice(new URL(BASE).pathname.length + 1);
    if (init?.method === 'POST') {
      const batch = JSON.parse(String(init.body)) as Bundle;
      return json({
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: (batch.entry ?? []).map((e) => {
          const found = this.byKey.get(e.request?.url ?? '');
          return found ? { resource: found, response: { status: '200' } } : { response: { status: '404' } };
        }),
      });
    }
    if (path === 'metadata') return json({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
    const found = this.byKey.get(path);
    if (found) return json(found);
    const type = path.split('/')[0]!;
    const since = /^gt(.+)$/.exec(url.searchParams.get('_lastUpdated') ?? '')?.[1];
    let all: Resource[];
    if (since) {
      // Resources are kept in write order: the changes are at the end (the server's cost stays out of the figures).
      const after = new Date(since).toISOString();
      const values = [...this.byKey.values()];
      let i = values.length;
      while (i > 0 && field(values[i - 1]!, '_lastUpdated') > after) i--;
      all = values.slice(i).filter((r) => r.resourceType === type);
    } else all = [...this.byKey.values()].filter((r) => r.resourceType === type);
    const sort = url.searchParams.get('_sort');
    if (sort) {
      const desc = sort.startsWith('-');
      const name = desc ? sort.slice(1) : sort;
      all.sort((a, b) => (desc ? -1 : 1) * field(a, name).localeCompare(field(b, name)));
    }
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

async function frames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

async function waitFor(test: () => boolean, timeout = 60_000): Promise<void> {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > timeout) throw new Error('timed out waiting for the chat');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const shows = (el: CoordChat, text: string) => () =>
  [...(el.shadowRoot?.querySelectorAll('article .text') ?? [])].some((p) => p.textContent === text || p.textContent?.startsWith(`${text}\n`));

/** Mounts a chat over `n` messages (`pageSize` per page; default all at once) and measures it. */
async function run(n: number, pageSize = n): Promise<Record<string, number>> {
  document.body.replaceChildren();
  const server = new MemoryServer([...actorResources(), ...manyMessages(n, PATIENT)]);
  const el = document.createElement('coord-chat');
  el.pollInterval = 3600; // the watch is set up; arrivals are fetched on demand with refresh()
  el.pageSize = pageSize;
  el.outboxStore = new MemoryOutboxStore();
  el.client = new CoordClient({ baseUrl: BASE, fetch: server.fetch });
  el.patient = PATIENT;
  el.user = 'PractitionerRole/role-idel';
  const t0 = performance.now();
  document.body.append(el);
  await waitFor(shows(el, `Message ${n}`));
  await frames();
  const firstLoad = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 200)); // the watch takes its baseline

  // A message from someone else arrives: fetched, mapped, merged, rows rebuilt, rendered, scrolled to.
  const arrivals: number[] = [];
  for (let k = 1; k <= 7; k++) {
    const message: Communication = {
      resourceType: 'Communication',
      id: `live-${k}`,
      status: 'completed',
      subject: { reference: PATIENT },
      sender: { reference: 'PractitionerRole/role-gp' },
      sent: new Date().toISOString(),
      payload: [{ contentString: `Live ${k}` }],
    };
    server.add(message);
    const t = performance.now();
    await el.refresh();
    await waitFor(shows(el, `Live ${k}`));
    await frames();
    arrivals.push(performance.now() - t);
  }

  // Re-render: a language switch rebuilds every row (day labels) and repaints the visible ones.
  const renders: number[] = [];
  for (const lang of ['en', 'fr', 'en', 'fr', 'en', 'fr']) {
    const t = performance.now();
    el.lang = lang;
    await el.updateComplete;
    await frames();
    renders.push(performance.now() - t);
  }

  const count = () => ({ elements: el.shadowRoot!.querySelectorAll('*').length, articles: el.shadowRoot!.querySelectorAll('article').length });
  const atBottom = count();
  const thread = el.shadowRoot!.querySelector<HTMLElement>('.thread')!;
  thread.scrollTop = thread.scrollHeight / 2;
  await frames(6);
  const middle = count();
  return {
    firstLoadMs: firstLoad,
    arrivalMs: median(arrivals),
    renderMs: median(renders),
    elements: atBottom.elements,
    articles: atBottom.articles,
    elementsScrolled: middle.elements,
  };
}

declare global {
  interface Window {
    chatBench: { run: typeof run };
  }
}

window.chatBench = { run };
