import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, Communication, DocumentReference, Task } from '@medplum/fhirtypes';
import { startDevServer, type DevServer } from '../../dev-server/src/server.ts';
import { CoordClient, type FetchLike } from '../src/client.ts';
import { clientIdentifierOf } from '../src/ids.ts';
import { actionCommentOp, actionStatusOp, messageOp, mergeThreeWay, RecordWriter, type UploadProgress } from '../src/writes/index.ts';
import { fhir, scriptedFetch } from './fake-fetch.ts';

const PATIENT = 'Patient/pat-martin';
const ME = 'PractitionerRole/role-idel';
const OTHER = 'PractitionerRole/role-gp';
let server: DevServer;

before(async () => {
  server = await startDevServer({ port: 0 });
});
after(() => server.close());

const direct = (extra: Partial<ConstructorParameters<typeof CoordClient>[0]> = {}) =>
  new CoordClient({ baseUrl: server.baseUrl, backoffMs: 1, ...extra });

async function byIdentifier(value: string, type = 'Communication'): Promise<number> {
  const res = await fetch(`${server.baseUrl}/${type}?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${value}`)}`);
  return ((await res.json()) as Bundle).total ?? -1;
}

describe('three-way merge', () => {
  const base: Task = { resourceType: 'Task', id: 't', status: 'requested', intent: 'plan', note: [{ id: 'a', text: 'a' }], lastModified: '2026-01-01T00:00:00Z' };

  test('keeps both sides when they touch different fields, and both comments', () => {
    const mine: Task = { ...base, status: 'in-progress', lastModified: '2026-01-02T00:00:00Z' };
    const theirs: Task = { ...base, note: [...base.note!, { id: 'b', text: 'b' }], lastModified: '2026-01-03T00:00:00Z' };
    const r = mergeThreeWay(base, { ...mine, note: [...base.note!, { id: 'c', text: 'c' }] }, theirs);
    assert.ok(r.ok);
    assert.equal(r.merged.status, 'in-progress');
    assert.deepEqual(r.merged.note?.map((n) => n.id), ['a', 'b', 'c']);
    assert.equal(r.merged.lastModified, '2026-01-03T00:00:00Z');
  });

  test('reports the fields both sides changed differently', () => {
    const r = mergeThreeWay(base, { ...base, status: 'completed' }, { ...base, status: 'cancelled' });
    assert.deepEqual(r, { ok: false, fields: ['status'] });
  });

  test('never duplicates a comment the server already has (our own lost answer)', () => {
    const c = { id: 'c', text: 'c' };
    const r = mergeThreeWay(base, { ...base, note: [...base.note!, c] }, { ...base, note: [...base.note!, c, { id: 'd', text: 'd' }] });
    assert.ok(r.ok);
    assert.deepEqual(r.merged.note?.map((n) => n.id), ['a', 'c', 'd']);
  });
});

describe('idempotent creates', () => {
  test('a message carries a urn:uuid identifier and If-None-Exist on it', async () => {
    const fake = scriptedFetch([(req) => fhir({ ...JSON.parse(req.body!), id: 'm1', meta: { versionId: '1' } }, 201)]);
    const writer = new RecordWriter(new CoordClient({ baseUrl: 'https://hub.example/fhir/R4', fetch: fake }));
    const r = await writer.sendMessage({ patient: PATIENT, sender: ME, text: 'Bonjour' });
    assert.ok(r.ok);
    const call = fake.calls[0]!;
    const sent = JSON.parse(call.body!) as Communication;
    const id = clientIdentifierOf(sent)!;
    assert.match(id.value, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal(call.method, 'POST');
    assert.equal(call.headers['If-None-Exist'], `identifier=urn:ietf:rfc:3986|${id.value}`);
    assert.equal(sent.subject?.reference, PATIENT);
    assert.equal(sent.payload?.[0]?.contentString, 'Bonjour');
  });

  test('sending the same create twice leaves one resource on the server', async () => {
    const writer = new RecordWriter(direct());
    const op = await messageOp({ patient: PATIENT, sender: ME, text: 'Une seule fois' });
    const first = await writer.execute(op);
    const second = await writer.execute(op);
    assert.ok(first.ok && second.ok);
    assert.equal(second.resource.id, first.resource.id);
    assert.equal(await byIdentifier(clientIdentifierOf(op.resource)!.value), 1);
  });

  test('a create whose answer is lost is retried without creating a twin', async () => {
    let lost = 0;
    const losing: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (init?.method === 'POST' && lost++ === 0) throw new TypeError('connection reset after the server wrote');
      return res;
    };
    const writer = new RecordWriter(direct({ fetch: losing }));
    const r = await writer.sendMessage({ patient: PATIENT, sender: ME, text: 'Réponse perdue' });
    assert.ok(r.ok, 'the retry finds the first copy');
    assert.equal(lost, 1, 'found by identifier before sending again (also for servers that ignore If-None-Exist)');
    assert.equal(await byIdentifier(clientIdentifierOf(r.resource)!.value), 1);
  });

  test('an empty message is refused before any request', async () => {
    const fake = scriptedFetch([fhir({})]);
    const writer = new RecordWriter(new CoordClient({ baseUrl: 'https://hub.example/fhir/R4', fetch: fake }));
    const r = await writer.sendMessage({ patient: PATIENT, sender: ME, text: '   ' });
    assert.ok(!r.ok && 'error' in r && r.error.kind === 'invalid-request');
    assert.equal(fake.calls.length, 0);
  });
});

describe('messages with attachments', () => {
  test('uploads the Binary first, then links it with type, title and size', async () => {
    const client = direct();
    const bytes = new TextEncoder().encode('%PDF-1.4 tiny');
    const file = new File([bytes], 'ordonnance.pdf', { type: 'application/pdf' });
    const r = await new RecordWriter(client).sendMessage({ patient: PATIENT, sender: ME, text: 'Voici', attachments: [{ data: file }] });
    assert.ok(r.ok);
    const att = r.resource.payload?.[1]?.contentAttachment;
    assert.match(att?.url ?? '', /^Binary\/[\w-]+$/);
    assert.equal(att?.contentType, 'application/pdf');
    assert.equal(att?.title, 'ordonnance.pdf');
    assert.equal(att?.size, bytes.byteLength);
    const raw = await fetch(`${server.baseUrl}/${att!.url}`);
    assert.equal(await raw.text(), '%PDF-1.4 tiny');
  });
});

describe('conditional updates', () => {
  test('updates send If-Match with the version read', async () => {
    const task: Task = { resourceType: 'Task', id: 't1', status: 'requested', intent: 'plan', meta: { versionId: '3' } };
    const fake = scriptedFetch([(req) => fhir({ ...JSON.parse(req.body!), meta: { versionId: '4' } })]);
    const r = await new RecordWriter(new CoordClient({ baseUrl: 'https://hub.example/fhir/R4', fetch: fake })).setActionStatus(task, 'completed');
    assert.ok(r.ok);
    assert.equal(fake.calls[0]?.method, 'PUT');
    assert.equal(fake.calls[0]?.url, 'https://hub.example/fhir/R4/Task/t1');
    assert.equal(fake.calls[0]?.headers['If-Match'], 'W/"3"');
  });

  test('a 412 on a field both changed is a conflict result with the current version re-read', async () => {
    const a = new RecordWriter(direct());
    const b = new RecordWriter(direct());
    const task = await direct().read<Task>('Task', 'task-kine');
    const first = await a.setActionStatus(task, 'in-progress');
    assert.ok(first.ok);
    const second = await b.setActionStatus(task, 'cancelled', { reason: 'Autre avis' });
    assert.ok(!second.ok && 'conflict' in second, 'surfaced, not thrown, not overwritten');
    assert.equal(second.conflict.current.status, 'in-progress');
    assert.equal(second.conflict.current.meta?.versionId, first.resource.meta?.versionId);
    assert.equal(second.conflict.mine.status, 'cancelled');
    assert.deepEqual(second.conflict.fields, ['status']);
    assert.equal((await direct().read<Task>('Task', 'task-kine')).status, 'in-progress');
  });

  test('an update whose answer was lost is recognised on retry, not reported as a conflict', async () => {
    let lost = 0;
    const losing: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (init?.method === 'PUT' && lost++ === 0) throw new TypeError('socket hang up');
      return res;
    };
    const task = await direct().read<Task>('Task', 'task-pilulier');
    const r = await new RecordWriter(direct({ fetch: losing })).addActionComment(task, 'Livré lundi', ME);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.resource.note?.filter((n) => n.text === 'Livré lundi').length, 1);
  });

  test('masks and unmasks a document with the MASQUE_PS label', async () => {
    const writer = new RecordWriter(direct());
    const doc = await direct().read<DocumentReference>('DocumentReference', 'doc-cr-scanner');
    const masked = await writer.setDocumentMasked(doc, true);
    assert.ok(masked.ok);
    assert.ok(masked.resource.securityLabel?.some((l) => l.coding?.some((c) => c.code === 'MASQUE_PS')));
    const unmasked = await writer.setDocumentMasked(masked.resource, false);
    assert.ok(unmasked.ok);
    assert.ok(!unmasked.resource.securityLabel?.some((l) => l.coding?.some((c) => c.code === 'MASQUE_PS')));
  });

  test('a write drops the cached reads it makes stale', async () => {
    const client = direct();
    const query = { subject: PATIENT, _count: 200 };
    const before = await client.search<Communication>('Communication', query);
    const r = await new RecordWriter(client).sendMessage({ patient: PATIENT, sender: ME, text: 'Nouveau' });
    assert.ok(r.ok);
    const afterWrite = await client.search<Communication>('Communication', query);
    assert.equal(afterWrite.total, (before.total ?? 0) + 1);
  });
});

describe('notes and actions', () => {
  test('a note is created, then edited as a new version', async () => {
    const writer = new RecordWriter(direct());
    const created = await writer.saveNote({ patient: PATIENT, author: ME, title: 'Passage', text: 'Première version' });
    assert.ok(created.ok);
    const edited = await writer.saveNote({ patient: PATIENT, author: OTHER, text: 'Deuxième version', existing: created.resource });
    assert.ok(edited.ok);
    assert.notEqual(edited.resource.meta?.versionId, created.resource.meta?.versionId);
    const data = edited.resource.content?.[0]?.attachment?.data ?? '';
    assert.equal(new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0))), 'Deuxième version');
    assert.equal(edited.resource.author?.[0]?.reference, OTHER);
  });

  test('a PPCS action is a Task based on the care plan; status and comment follow', async () => {
    const writer = new RecordWriter(direct());
    const created = await writer.createPpcsAction({
      carePlan: 'CarePlan/cp-ppcs', patient: PATIENT, description: 'Appeler la fille', owner: ME, requester: OTHER, due: '2026-12-31',
    });
    assert.ok(created.ok);
    assert.deepEqual(created.resource.basedOn, [{ reference: 'CarePlan/cp-ppcs' }]);
    assert.equal(created.resource.restriction?.period?.end, '2026-12-31');
    const done = await writer.setActionStatus(created.resource, 'completed');
    assert.ok(done.ok);
    const commented = await writer.addActionComment(done.resource, 'Fait ce matin', ME);
    assert.ok(commented.ok);
    assert.equal(commented.resource.status, 'completed');
    assert.equal(commented.resource.note?.[0]?.text, 'Fait ce matin');
    assert.equal(commented.resource.note?.[0]?.authorReference?.reference, ME);
  });

  test('queued status and comment ops keep their own base (serialisable data)', () => {
    const task: Task = { resourceType: 'Task', id: 't', status: 'requested', intent: 'plan', meta: { versionId: '1' } };
    const op = actionCommentOp(actionStatusOp(task, 'in-progress').resource, 'ok', ME);
    assert.deepEqual(structuredClone(op), op);
    assert.equal(op.resource.status, 'in-progress');
  });
});

describe('documents', () => {
  test('uploads Binary + DocumentReference with progress, and replaces an older version', async () => {
    const writer = new RecordWriter(direct());
    const old = await direct().read<DocumentReference>('DocumentReference', 'doc-cr-consult-nephro');
    const progress: UploadProgress[] = [];
    const r = await writer.uploadDocument({
      patient: PATIENT, file: new Blob(['%PDF-1.4 v2'], { type: 'application/pdf' }), type: '11488-4', title: 'CR néphrologie v2',
      author: OTHER, replaces: old, onProgress: (p) => progress.push(p),
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.resource.content?.[0]?.attachment?.url, `Binary/${r.binary?.id}`);
    assert.deepEqual(r.resource.relatesTo, [{ code: 'replaces', target: { reference: `DocumentReference/${old.id}` } }]);
    assert.ok(r.superseded?.ok && r.superseded.resource.status === 'superseded');
    assert.deepEqual(progress.map((p) => p.phase), ['binary', 'binary', 'document', 'done']);
    assert.equal(progress[1]?.loaded, progress[1]?.total);
  });

  test('with XMLHttpRequest: upload progress events, and cancel leaves no document', async () => {
    const client = new CoordClient({ baseUrl: server.baseUrl, getToken: () => 'tok' });
    const xhrs: FakeXhr[] = [];
    const writer = new RecordWriter(client, { createXhr: () => { const x = new FakeXhr(); xhrs.push(x); return x as unknown as XMLHttpRequest; } });
    const controller = new AbortController();
    const seen: number[] = [];
    const pending = writer.uploadDocument({
      patient: PATIENT, file: new Uint8Array(4096), contentType: 'image/png', type: '72170-4', title: 'photo.png', author: ME,
      signal: controller.signal, onProgress: (p) => { if (p.phase === 'binary') seen.push(p.loaded); },
    });
    await new Promise((r) => setTimeout(r, 5));
    const xhr = xhrs[0]!;
    assert.equal(xhr.headers['Authorization'], 'Bearer tok');
    xhr.progress(1000, 5464);
    xhr.progress(3000, 5464);
    controller.abort();
    const r = await pending;
    assert.ok(!r.ok && 'error' in r && r.error.kind === 'aborted');
    assert.deepEqual(seen, [0, 1000, 3000]);
    assert.equal(xhrs.length, 1, 'no DocumentReference request after a cancel');
  });
});

/** Just enough XMLHttpRequest for the upload path. */
class FakeXhr extends EventTarget {
  readonly upload = new EventTarget();
  readonly headers: Record<string, string> = {};
  status = 0;
  responseText = '';
  open(): void {}
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(): void {}
  abort(): void {
    this.dispatchEvent(new Event('abort'));
  }
  progress(loaded: number, total: number): void {
    const e = Object.assign(new Event('progress'), { loaded, total, lengthComputable: true });
    this.upload.dispatchEvent(e);
  }
}
