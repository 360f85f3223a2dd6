/**
 * Fault injection: messages and PPCS action updates go through the outbox, through a proxy that
 * drops, delays, 500s or cuts 30 % of requests and loses the answer of some writes. Then the
 * server's state (read directly, not through the proxy) is checked: every write lost, duplicated
 * (same client identifier / same comment twice) or out of order (server time against enqueue
 * order) is counted. Target 0 / 0 / 0. `npm test` runs a reduced version (fault.test.ts).
 */
import type { Bundle, Communication, Patient, Task } from '@medplum/fhirtypes';
import { startFaultProxy, type FaultProxy } from '../../packages/dev-server/src/fault-proxy.ts';
import { startDevServer } from '../../packages/dev-server/src/server.ts';
import { CoordClient } from '../../packages/api-client/src/client.ts';
import { clientIdentifierOf } from '../../packages/api-client/src/ids.ts';
import { MemoryOutboxStore } from '../../packages/api-client/src/outbox-store.ts';
import { Outbox } from '../../packages/api-client/src/outbox.ts';
import { actionCommentOp, actionStatusOp, messageOp } from '../../packages/api-client/src/writes/build.ts';
import type { BenchResult } from './types.ts';

export interface FaultScenario {
  messages: number;
  updates: number;
  /** Actions the updates are spread over (default 10). */
  actions?: number;
  rate?: number;
  seed?: number;
}

export interface FaultReport {
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Entries left in the outbox (failed or conflict) — should be 0 too. */
  stuck: number;
  sentEvents: number;
  requests: number;
  faults: FaultProxy['stats'];
}

const SENDER = 'PractitionerRole/role-idel';
const STATUSES = ['in-progress', 'on-hold'] as const;

export async function runFaultScenario(s: FaultScenario): Promise<FaultReport> {
  const dev = await startDevServer({ port: 0, empty: true });
  const proxy = await startFaultProxy({ target: dev.origin, rate: s.rate ?? 0.3, seed: s.seed ?? 1, delayMs: [5, 60] });
  try {
    const direct = async <T>(path: string, init?: RequestInit): Promise<T> => {
      const res = await fetch(`${dev.baseUrl}/${path}`, { ...init, headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' } });
      return (await res.json()) as T;
    };
    // A fresh patient and its actions, written directly (not through the faults).
    const patient = await direct<Patient>('Patient', { method: 'POST', body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Essai' }] }) });
    const patientRef = `Patient/${patient.id}`;
    const actionCount = s.actions ?? 10;
    const tasks: Task[] = [];
    for (let i = 0; i < actionCount; i++) {
      const body: Task = { resourceType: 'Task', status: 'requested', intent: 'plan', description: `Action ${i}`, for: { reference: patientRef } };
      tasks.push(await direct<Task>('Task', { method: 'POST', body: JSON.stringify(body) }));
    }

    const client = new CoordClient({ baseUrl: proxy.baseUrl, timeoutMs: 2_000, retries: 0, backoffMs: 2 });
    const outbox = await Outbox.open({
      client, patient: patientRef, viewer: SENDER, store: new MemoryOutboxStore(), backoffMs: 2, maxBackoffMs: 20, events: null,
    });
    let sentEvents = 0;
    outbox.addEventListener('sent', () => sentEvents++);

    // Enqueue: messages, with the updates interleaved; each update comments (with its number)
    // and changes the status, from the user's optimistic view of the action.
    const expectedMessages: string[] = [];
    const known = new Map(tasks.map((t) => [t.id!, t]));
    const expectedComments = new Map<string, string[]>(tasks.map((t) => [t.id!, []]));
    const expectedStatus = new Map<string, string>();
    const every = Math.max(1, Math.floor(s.messages / Math.max(1, s.updates)));
    let updates = 0;
    for (let i = 0; i < s.messages || updates < s.updates; i++) {
      if (i < s.messages) {
        const op = await messageOp({ patient: patientRef, sender: SENDER, text: `message ${i}` });
        expectedMessages.push(clientIdentifierOf(op.resource)!.value);
        await outbox.enqueue(op);
      }
      if (updates < s.updates && (i % every === every - 1 || i >= s.messages)) {
        const task = known.get(tasks[updates % actionCount]!.id!)!;
        const status = STATUSES[updates % STATUSES.length]!;
        const op = actionCommentOp(actionStatusOp(task, status).resource, `update ${updates}`, SENDER);
        await outbox.enqueue({ ...op, base: task });
        known.set(task.id!, op.resource);
        expectedComments.get(task.id!)!.push(`update ${updates}`);
        expectedStatus.set(task.id!, status);
        updates++;
      }
    }
    await drained(outbox, 120_000);
    const stuck = (await outbox.list()).length;
    outbox.close();

    // Check the server directly.
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    const found = new Map<string, Communication[]>();
    let page: Bundle<Communication> | undefined = await direct<Bundle<Communication>>(
      `Communication?subject=${patientRef}&_count=1000&_sort=_lastUpdated`,
    );
    while (page) {
      for (const e of page.entry ?? []) {
        const value = clientIdentifierOf(e.resource)?.value;
        if (value) found.set(value, [...(found.get(value) ?? []), e.resource!]);
      }
      const next: string | undefined = page.link?.find((l) => l.relation === 'next')?.url;
      page = next ? ((await (await fetch(next)).json()) as Bundle<Communication>) : undefined;
    }
    let previous = -Infinity;
    for (const value of expectedMessages) {
      const copies = found.get(value) ?? [];
      if (copies.length === 0) lost++;
      duplicated += Math.max(0, copies.length - 1);
      const at = Date.parse(copies[0]?.meta?.lastUpdated ?? '');
      if (at < previous) outOfOrder++;
      if (Number.isFinite(at)) previous = at;
    }
    for (const task of tasks) {
      const final = await direct<Task>(`Task/${task.id}`);
      const comments = (final.note ?? []).map((n) => n.text ?? '');
      const expected = expectedComments.get(task.id!)!;
      for (const text of expected) {
        const n = comments.filter((c) => c === text).length;
        if (n === 0) lost++;
        duplicated += Math.max(0, n - 1);
      }
      const order = comments.filter((c) => expected.includes(c)).map((c) => expected.indexOf(c));
      for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) outOfOrder++;
      if (expectedStatus.has(task.id!) && final.status !== expectedStatus.get(task.id!)) lost++;
    }
    return { lost, duplicated, outOfOrder, stuck, sentEvents, requests: proxy.stats.requests, faults: { ...proxy.stats } };
  } finally {
    await proxy.close();
    await dev.close();
  }
}

/** Resolves once nothing is pending or sending (failed/conflict entries stay for the user). */
async function drained(outbox: Outbox, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await outbox.flush();
    const active = (await outbox.list()).filter((e) => e.status === 'pending' || e.status === 'sending');
    if (active.length === 0) return;
    if (Date.now() > end) throw new Error(`outbox not drained: ${active.length} entries left`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export default async function faultBench(): Promise<BenchResult[]> {
  const r = await runFaultScenario({ messages: 1000, updates: 100 });
  const injected = r.requests - r.faults.passed;
  return [
    { name: 'writes lost (1 000 messages + 100 action updates, 30 % faults)', value: r.lost, unit: '', target: '0', ok: r.lost === 0 },
    { name: 'writes duplicated', value: r.duplicated, unit: '', target: '0', ok: r.duplicated === 0 },
    { name: 'writes out of order', value: r.outOfOrder, unit: '', target: '0', ok: r.outOfOrder === 0 },
    { name: 'entries stuck in the outbox', value: r.stuck, unit: '', target: '0', ok: r.stuck === 0 },
    { name: 'requests through the proxy (faults injected)', value: r.requests, unit: `requests (${injected} faults: ${r.faults.drop} drop, ${r.faults.delay} delay, ${r.faults.error} 500, ${r.faults.cut} cut, ${r.faults['lost-answer']} lost answer)` },
  ];
}
