/**
 * Reduced fault-injection run (the full one, 1 000 messages + 100 updates, is `npm run bench`):
 * through a proxy that drops, delays, 500s, cuts or loses the answer of 30 % of requests, the
 * outbox delivers every message and action update exactly once, in order.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runFaultScenario } from '../../../scripts/bench/fault.bench.ts';
import { seededRandom, startFaultProxy } from '../../dev-server/src/fault-proxy.ts';
import { startDevServer } from '../../dev-server/src/server.ts';

describe('writes through 30 % faults', () => {
  test('60 messages and 10 action updates: none lost, duplicated or out of order', async () => {
    const r = await runFaultScenario({ messages: 60, updates: 10, actions: 3 });
    assert.deepEqual({ lost: r.lost, duplicated: r.duplicated, outOfOrder: r.outOfOrder, stuck: r.stuck }, { lost: 0, duplicated: 0, outOfOrder: 0, stuck: 0 });
    assert.equal(r.sentEvents, 70, 'one `sent` per write');
    // The run really met every kind of fault, lost answers included.
    for (const kind of ['drop', 'delay', 'error', 'cut', 'lost-answer'] as const) assert.ok(r.faults[kind] > 0, `${kind} injected`);
    const share = (r.requests - r.faults.passed) / r.requests;
    assert.ok(share > 0.2 && share < 0.4, `fault share ${share}`);
  });

  test('the proxy is deterministic for a seed and loses answers only after the server wrote', async () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
    const dev = await startDevServer({ port: 0, empty: true });
    const proxy = await startFaultProxy({ target: dev.origin, rate: 1, weights: { drop: 0, delay: 0, error: 0, cut: 0, 'lost-answer': 1 } });
    try {
      const body = JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Perdu' }] });
      await assert.rejects(fetch(`${proxy.baseUrl}/Patient`, { method: 'POST', body, headers: { 'Content-Type': 'application/fhir+json' } }));
      const search = await (await fetch(`${dev.baseUrl}/Patient?name=Perdu`)).json();
      assert.equal(search.total, 1, 'the write reached the server');
    } finally {
      await proxy.close();
      await dev.close();
    }
  });
});
