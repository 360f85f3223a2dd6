/**
 * The PPCS, messages, care-circle and access-trace readers over real HTTP against the dev FHIR
 * server (Medplum's engine, seeded): search parameters it honours, paging, batch resolution.
 *   node --import tsx --test packages/api-client/test/readers.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { IDS } from '../../dev-server/src/seed/ids.ts';
import { CoordClient, type FetchLike } from '../src/client.ts';
import { CoordError } from '../src/errors.ts';
import { readAccessTraces, readOlderAccessTraces } from '../src/readers/audit.ts';
import { readCareCircle } from '../src/readers/care-team.ts';
import { readMessages, readOlderMessages } from '../src/readers/messages.ts';
import { readPpcs } from '../src/readers/ppcs.ts';
import type { MessageView } from '../src/model/messages.ts';

const PATIENT = `Patient/${IDS.patientMain}`;
let server: DevServer;

/** A client counting its HTTP requests; `refuse` answers 400 to URLs it matches (a stricter server). */
function client(refuse?: RegExp): { client: CoordClient; requests: string[] } {
  const requests: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    if (refuse?.test(url)) {
      const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', details: { text: 'Unknown search parameter' } }] };
      return new Response(JSON.stringify(outcome), { status: 400, headers: { 'Content-Type': 'application/fhir+json' } });
    }
    return globalThis.fetch(url, init);
  };
  return { client: new CoordClient({ baseUrl: server.baseUrl, fetch, retries: 0 }), requests };
}

before(async () => {
  server = await startDevServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

describe('readPpcs', () => {
  test('the seed PPCS: every action state, inline and Task actions, the overdue ones, in few requests', async () => {
    const { client: c, requests } = client();
    const { ppcs, issues } = await readPpcs(c, PATIENT, { viewer: `Practitioner/${IDS.pracGeriatre}` });
    assert.deepEqual(issues, []);
    assert.equal(ppcs?.reference, `CarePlan/${IDS.carePlanPpcs}`);
    const actions = ppcs?.actions ?? [];
    assert.deepEqual(new Set(actions.map((a) => a.status)), new Set(['todo', 'scheduled', 'in-progress', 'done', 'cancelled', 'on-hold']));
    assert.equal(actions.filter((a) => a.source === 'inline').length, 6);
    assert.equal(actions.filter((a) => a.key === `Task/${IDS.taskBilanGeriatrique}`).length, 1, 'the activity.reference-only Task, once');
    assert.equal(actions.filter((a) => a.source === 'task').length, 7);
    assert.deepEqual(actions.filter((a) => a.overdue).map((a) => a.key).sort(), [`CarePlan/${IDS.carePlanPpcs}#activity-3`, `Task/${IDS.taskApa}`].sort());
    assert.ok(actions.every((a) => a.versionId), 'every action knows the version to send with If-Match');
    assert.deepEqual(actions.filter((a) => a.mine).map((a) => a.key), [`Task/${IDS.taskBilanGeriatrique}`]);
    assert.ok(actions.every((a) => a.performers.every((p) => p.name && !p.unresolved)));
    assert.equal(ppcs?.needs.filter((n) => n.text && !n.unresolved).length, 5);
    assert.equal(ppcs?.goals.filter((g) => g.description && !g.unresolved).length, 4);
    assert.ok((ppcs?.actors.length ?? 0) >= 6);
    assert.equal(ppcs?.referent?.name, 'Émilie Rousseau');
    // Four searches in parallel, then one batch (+ the roles' practitioners).
    assert.ok(requests.length <= 6, `made ${requests.length} requests:\n${requests.join('\n')}`);
  });

  test('a patient without a PPCS gets "no PPCS", not an error', async () => {
    const { ppcs } = await readPpcs(client().client, `Patient/${IDS.patientSecond}`);
    assert.equal(ppcs, undefined);
  });

  test('shares its searches with the care circle through the client cache', async () => {
    const { client: c, requests } = client();
    await readCareCircle(c, PATIENT);
    const before = requests.length;
    const { ppcs } = await readPpcs(c, PATIENT);
    const added = requests.slice(before);
    assert.equal(ppcs?.actions.length, 13);
    assert.ok(!added.some((r) => /CareTeam\?|EpisodeOfCare\?/.test(r)), added.join('\n'));
    assert.ok(added.some((r) => r.includes('Task?patient=Patient%2Fpat-martin')));
  });

  test('an invalid patient reference is an invalid-request error', async () => {
    await assert.rejects(readPpcs(client().client, 'Patient/../x'), (e: unknown) => e instanceof CoordError && e.kind === 'invalid-request');
  });
});

describe('readMessages', () => {
  test('pages backwards: newest page first, then older pages until the first message', async () => {
    const { client: c, requests } = client();
    const viewer = `PractitionerRole/${IDS.roleIdel}`;
    let page = await readMessages(c, PATIENT, { pageSize: 5, viewer });
    assert.equal(page.total, 18);
    assert.deepEqual(page.items.map((m) => m.id), [14, 15, 16, 17, 18].map((n) => `msg-martin-${n}`));
    assert.ok(requests[0]?.includes('_sort=-sent') && requests[0].includes('patient=Patient%2Fpat-martin'));
    const thread: MessageView[][] = [page.items];
    while (page.older) {
      page = await readOlderMessages(c, page.older, { viewer });
      assert.deepEqual(page.issues, []);
      thread.unshift(page.items);
    }
    const all = thread.flat();
    assert.equal(all.length, 18);
    assert.equal(all[0]?.id, IDS.msgFirst);
    assert.ok(all.every((m, i) => i === 0 || (m.time ?? 0) >= (all[i - 1]?.time ?? 0)), 'concatenated pages stay in order');
    const mine = all.filter((m) => m.mine);
    assert.equal(mine.length, 5, 'the home nurse sent five of the messages');
    assert.ok(mine.every((m) => m.sender.name === 'Sophie Marchand'));
  });

  test('the photo and PDF attachments are mapped and sender roles resolved', async () => {
    const { client: c } = client();
    const page = await readMessages(c, PATIENT, { pageSize: 18 });
    const byId = new Map(page.items.map((m) => [m.id, m]));
    const photo = byId.get(IDS.msgPhoto)?.attachments[0];
    assert.deepEqual([photo?.isImage, photo?.binary, photo?.title], [true, `Binary/${IDS.binPhotoPlaie}`, 'plaie-talon.png']);
    assert.ok((photo?.size ?? 0) > 0);
    const pdf = byId.get(IDS.msgPdf)?.attachments[0];
    assert.deepEqual([pdf?.contentType, pdf?.isImage, pdf?.missing], ['application/pdf', false, false]);
    assert.equal(byId.get(IDS.msgFirst)?.sender.role, 'Coordinatrice de parcours');
    assert.ok(page.items.every((m) => m.sender.name && !m.sender.unresolved));
    assert.equal(page.older, undefined);
  });
});

describe('readCareCircle and readAccessTraces', () => {
  test('the care circle: every actor once, with roles and pathways', async () => {
    const { items, issues } = await readCareCircle(client().client, PATIENT);
    assert.deepEqual(issues, []);
    assert.ok(items.length >= 6);
    assert.ok(items.every((m) => m.actor.name && m.actor.role && m.pathways.length > 0));
    assert.equal(new Set(items.map((m) => m.actor.name)).size, items.length);
  });

  test('access traces newest first, the emergency access flagged; `entity=` when `patient=` is refused', async () => {
    const first = await readAccessTraces(client().client, PATIENT, { pageSize: 4 });
    assert.equal(first.total, 6);
    assert.ok(first.older);
    const rest = await readOlderAccessTraces(client().client, first.older);
    const all = [...first.items, ...rest.items];
    assert.equal(all.length, 6);
    assert.ok(all.every((t, i) => i === 0 || (t.time ?? 0) <= (all[i - 1]?.time ?? 0)));
    assert.deepEqual(all.filter((t) => t.breakTheGlass).map((t) => t.id), [IDS.auditBreakGlass]);
    assert.equal(all.at(-1)?.who?.name, 'Dr Karim Haddad');

    const { client: strict, requests } = client(/AuditEvent\?patient=/);
    const viaEntity = await readAccessTraces(strict, PATIENT);
    assert.equal(viaEntity.items.length, 6);
    assert.ok(requests.some((r) => r.includes('AuditEvent?entity=')));
  });
});
