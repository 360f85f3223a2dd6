/**
 * The seed data: referential integrity, ids, real file contents, the states the components
 * must render, and that it loads and searches on the dev server.
 *   node --import tsx --test packages/dev-server/test/seed.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type {
  Attachment,
  AuditEvent,
  Binary,
  Bundle,
  CarePlan,
  Communication,
  DocumentReference,
  Encounter,
  EpisodeOfCare,
  Goal,
  Patient,
  PractitionerRole,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { DEFAULT_LOCAL_CODE_SYSTEMS } from '../../api-client/src/codes.ts';
import { extraResources } from '../src/seed/extra.ts';
import { ACTION_STATES, IDS, INS_NIA, INS_NIA_DUPLICATE, INS_NIR, seedResources, SYSTEMS, VERSIONED_IDS } from '../src/seed/record.ts';
import { startDevServer, type DevServer } from '../src/server.ts';

const NOW = new Date('2026-03-15T10:00:00Z');
const seed = seedResources(NOW);
const key = (r: Resource): string => `${r.resourceType}/${r.id}`;
const byKey = new Map(seed.map((r) => [key(r), r] as const)); // last version wins
const ofType = <T extends Resource>(type: T['resourceType']): T[] => {
  const latest = new Map<string, T>();
  for (const r of seed) if (r.resourceType === type) latest.set(r.id!, r as T);
  return [...latest.values()];
};
const bytes = (b64: string): Buffer => Buffer.from(b64, 'base64');

/** Every `reference` string in a resource, plus attachment urls of the form `Binary/<id>`. */
function references(value: unknown, path = ''): { path: string; reference: string }[] {
  const out: { path: string; reference: string }[] = [];
  const walk = (v: unknown, p: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.reference === 'string') out.push({ path: p, reference: o.reference });
      if (typeof o.contentType === 'string' && typeof o.url === 'string') out.push({ path: `${p}.url`, reference: o.url });
      for (const [k, x] of Object.entries(o)) walk(x, p ? `${p}.${k}` : k);
    }
  };
  walk(value, path);
  return out;
}

const EXTERNAL = /^(https?:|urn:|#)/;
const LOCAL_REF = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

function assertReferencesResolve(resources: Resource[], known: Set<string>): void {
  const problems: string[] = [];
  for (const r of resources) {
    for (const { path, reference } of references(r)) {
      if (EXTERNAL.test(reference)) continue;
      if (!LOCAL_REF.test(reference)) problems.push(`${key(r)} ${path}: not Type/id: ${reference}`);
      else if (!known.has(reference)) problems.push(`${key(r)} ${path}: dangling ${reference}`);
    }
  }
  assert.deepEqual(problems, []);
}

/** Every attachment of the seed with its decoded bytes (inline data or the Binary it points to). */
function attachments(resources: Resource[]): { owner: string; attachment: Attachment; data: Buffer }[] {
  const out: { owner: string; attachment: Attachment; data: Buffer }[] = [];
  const add = (owner: string, a: Attachment | undefined): void => {
    if (!a) return;
    if (a.data) out.push({ owner, attachment: a, data: bytes(a.data) });
    else if (a.url?.startsWith('Binary/')) {
      const bin = byKey.get(a.url) as Binary | undefined;
      assert.ok(bin?.data, `${owner}: ${a.url} has no data`);
      out.push({ owner, attachment: a, data: bytes(bin.data) });
    }
  };
  for (const r of resources) {
    if (r.resourceType === 'DocumentReference') r.content?.forEach((c) => add(key(r), c.attachment));
    if (r.resourceType === 'Communication') r.payload?.forEach((p) => add(key(r), p.contentAttachment));
    if (r.resourceType === 'DiagnosticReport') r.presentedForm?.forEach((a) => add(key(r), a));
  }
  return out;
}

function crc32(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function assertValidPdf(label: string, data: Buffer): void {
  const text = data.toString('latin1');
  assert.ok(text.startsWith('%PDF-'), `${label}: no %PDF- header`);
  assert.ok(!text.includes('?'), `${label}: a character was lost to WinAnsiEncoding`);
  assert.ok(text.trimEnd().endsWith('%%EOF'), `${label}: no %%EOF`);
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  assert.equal(text.slice(startxref, startxref + 4), 'xref', `${label}: startxref does not point at xref`);
  const [, first, count] = /^xref\s+(\d+) (\d+)\s/.exec(text.slice(startxref)) ?? [];
  assert.equal(first, '0');
  const entries = text.slice(startxref).split('\n').slice(2, 2 + Number(count));
  entries.forEach((entry, n) => {
    assert.equal(entry.length, 19, `${label}: xref entry ${n} is not 20 bytes`);
    if (n === 0) return;
    const offset = Number(entry.slice(0, 10));
    assert.ok(text.startsWith(`${n} 0 obj`, offset), `${label}: object ${n} not at offset ${offset}`);
  });
  const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)?.[1]);
  const streamStart = text.indexOf('stream\n') + 'stream\n'.length;
  assert.equal(text.slice(streamStart + length, streamStart + length + 10), '\nendstream', `${label}: wrong /Length`);
}

function assertValidPng(label: string, data: Buffer): void {
  assert.deepEqual([...data.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${label}: PNG signature`);
  let at = 8;
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let type = '';
  while (at < data.length) {
    const len = data.readUInt32BE(at);
    type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + len);
    assert.equal(data.readUInt32BE(at + 8 + len), crc32(data.subarray(at + 4, at + 8 + len)), `${label}: bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(body);
    at += 12 + len;
  }
  assert.equal(type, 'IEND');
  assert.ok(width > 0 && height > 0);
  // 8-bit palette: one filter byte + one byte per pixel per row.
  assert.equal(inflateSync(Buffer.concat(idat)).length, height * (width + 1), `${label}: IDAT size`);
}

describe('seed data', () => {
  test('is deterministic for a given now, and dates follow now', () => {
    assert.deepEqual(seedResources(NOW), seed);
    const later = seedResources(new Date(NOW.getTime() + 86_400_000));
    const doc = (rs: Resource[]): DocumentReference => rs.find((r) => key(r) === `DocumentReference/${IDS.docCrHospit2}`) as DocumentReference;
    assert.equal(Date.parse(doc(later).date!) - Date.parse(doc(seed).date!), 86_400_000);
  });

  test('every reference is Type/id and points to a resource in the seed', () => {
    assertReferencesResolve(seed, new Set(byKey.keys()));
  });

  test('ids are unique per type, except the intentional versions of notes', () => {
    const counts = new Map<string, number>();
    for (const r of seed) {
      assert.ok(r.id, `${r.resourceType} without id`);
      counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    }
    const repeated = [...counts].filter(([, n]) => n > 1).map(([k]) => k).sort();
    assert.deepEqual(repeated, VERSIONED_IDS.map((id) => `DocumentReference/${id}`).sort());
    for (const id of VERSIONED_IDS) {
      const versions = seed.filter((r) => key(r) === `DocumentReference/${id}`) as DocumentReference[];
      assert.ok(versions.length >= 2);
      assert.equal(new Set(versions.map((v) => v.subject?.reference)).size, 1);
      assert.equal(new Set(versions.map((v) => v.date)).size, versions.length, `${id}: each version has its own date`);
    }
  });

  test('the exported ids exist', () => {
    const ids = new Set(seed.map((r) => r.id));
    for (const [name, id] of Object.entries(IDS)) assert.ok(ids.has(id), `IDS.${name} = ${id} is not in the seed`);
  });

  test('patients: the two historical ones unchanged, a duplicate INS-NIA, an incomplete record', () => {
    const patients = ofType<Patient>('Patient');
    const martin = patients.find((p) => p.id === IDS.patientMain)!;
    assert.deepEqual(martin.identifier, [{ system: INS_NIR, value: '2850675123456' }]);
    assert.equal(martin.birthDate, '1945-06-12');
    const dubois = patients.find((p) => p.id === IDS.patientSecond)!;
    assert.deepEqual(dubois.identifier, [{ system: INS_NIR, value: '1520376987654' }]);
    const dup = patients.filter((p) => p.identifier?.some((i) => i.system === INS_NIA && i.value === INS_NIA_DUPLICATE));
    assert.deepEqual(dup.map((p) => p.id).sort(), [IDS.patientDupA, IDS.patientDupB]);
    const incomplete = patients.find((p) => p.id === IDS.patientIncomplete)!;
    assert.equal(incomplete.name, undefined);
    assert.equal(incomplete.birthDate, undefined);
    assert.ok(incomplete.identifier?.length);
  });

  test('health professionals carry a TRE_G15 profession code, non-health actors do not', () => {
    const roles = ofType<PractitionerRole>('PractitionerRole');
    const profession = (id: string): string | undefined =>
      roles.find((r) => r.id === id)?.code?.flatMap((c) => c.coding ?? []).find((c) => c.system === SYSTEMS.profession)?.code;
    assert.equal(profession(IDS.roleGp), '10');
    assert.equal(profession(IDS.rolePharm), '21');
    assert.equal(profession(IDS.roleIdel), '60');
    assert.equal(profession(IDS.roleCoord), undefined);
    assert.equal(profession(IDS.roleSocial), undefined);
  });

  test('PDFs are valid (header, xref offsets, stream length) and PNGs decode', () => {
    let pdfs = 0;
    let pngs = 0;
    for (const r of seed) {
      if (r.resourceType !== 'Binary') continue;
      if (r.contentType === 'application/pdf') {
        assertValidPdf(key(r), bytes(r.data!));
        pdfs++;
      }
      if (r.contentType === 'image/png') {
        assertValidPng(key(r), bytes(r.data!));
        pngs++;
      }
    }
    for (const { owner, attachment, data } of attachments(seed)) {
      if (attachment.contentType === 'application/pdf' && attachment.data) {
        assertValidPdf(owner, data);
        pdfs++;
      }
    }
    assert.ok(pdfs >= 15, `${pdfs} PDFs`);
    assert.ok(pngs >= 2, `${pngs} PNGs`);
  });

  test('attachment sizes match their content; text is UTF-8', () => {
    for (const { owner, attachment, data } of attachments(seed)) {
      assert.equal(attachment.size, data.length, `${owner} ${attachment.title}`);
      assert.ok(attachment.title, `${owner}: attachment without title`);
      if (attachment.contentType?.startsWith('text/plain')) {
        assert.equal(attachment.contentType, 'text/plain; charset=utf-8');
        assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(data));
      }
    }
  });

  test('every DocumentReference has a patient subject, a LOINC type, a date and an author', () => {
    for (const d of [...seed, ...extraResources(300, NOW)].filter((r): r is DocumentReference => r.resourceType === 'DocumentReference')) {
      assert.match(d.subject?.reference ?? '', /^Patient\//, d.id);
      assert.equal(d.type?.coding?.[0]?.system, 'http://loinc.org', d.id);
      assert.ok(d.date && d.author?.length && d.content[0]?.attachment.contentType, d.id);
    }
  });

  test('documents: 12+ for the main patient, a replaced one, masked and confidential ones', () => {
    const docs = ofType<DocumentReference>('DocumentReference').filter((d) => d.subject?.reference === `Patient/${IDS.patientMain}`);
    const notNotes = docs.filter((d) => !d.category?.some((c) => c.coding?.some((x) => `${x.system}|${x.code}` === DEFAULT_LOCAL_CODE_SYSTEMS.noteCategory)));
    assert.ok(notNotes.length >= 12);
    assert.ok(new Set(notNotes.map((d) => d.type?.coding?.[0]?.code)).size >= 8);
    const replacing = docs.find((d) => d.relatesTo?.some((r) => r.code === 'replaces'))!;
    const replaced = replacing.relatesTo![0]!.target.reference!;
    assert.equal((byKey.get(replaced) as DocumentReference).status, 'superseded');
    const labels = docs.flatMap((d) => d.securityLabel?.flatMap((l) => l.coding ?? []) ?? []);
    assert.ok(labels.some((c) => c.system === SYSTEMS.maskLabel && c.code === 'MASQUE_PS'));
    assert.ok(labels.some((c) => c.system === SYSTEMS.confidentiality && c.code === 'R'));
    assert.ok(labels.some((c) => c.system === SYSTEMS.confidentiality && c.code === 'V'));
    for (const d of docs) assert.ok(d.date! <= NOW.toISOString(), `${d.id} dated in the future`);
  });

  test('notes: 3 shared notes (the note marker) with inline text, 2 with several versions', () => {
    const notes = seed.filter(
      (r): r is DocumentReference =>
        r.resourceType === 'DocumentReference' && !!r.category?.some((c) => c.coding?.some((x) => `${x.system}|${x.code}` === DEFAULT_LOCAL_CODE_SYSTEMS.noteCategory)),
    );
    assert.equal(new Set(notes.map((n) => n.id)).size, 3);
    for (const n of notes) {
      assert.equal(n.type?.coding?.[0]?.code, '34109-9');
      assert.match(bytes(n.content[0]!.attachment.data!).toString('utf8'), /[éèàô’]/);
    }
    const versions = (id: string): number => notes.filter((n) => n.id === id).length;
    assert.ok([...new Set(notes.map((n) => n.id!))].filter((id) => versions(id) >= 2).length >= 2);
  });

  test('pathways: four types, one finished with an end date, each with a care team', () => {
    const eocs = ofType<EpisodeOfCare>('EpisodeOfCare').filter((e) => e.patient.reference === `Patient/${IDS.patientMain}`);
    const codes = new Set(eocs.map((e) => e.type?.[0]?.coding?.[0]?.code));
    assert.deepEqual([...codes].sort(), ['cancer', 'dac', 'irc', 'plaies']);
    const finished = eocs.filter((e) => e.status === 'finished');
    assert.equal(finished.length, 1);
    assert.ok(finished[0]!.period?.end);
    for (const e of eocs) assert.ok(e.team?.length && e.careManager && e.managingOrganization, e.id);
  });

  test('the hospital stay moves between three units', () => {
    const stay = byKey.get(`Encounter/${IDS.encHospit}`) as Encounter;
    assert.equal(stay.location?.length, 3);
    for (let i = 1; i < 3; i++) assert.equal(stay.location![i]!.period?.start, stay.location![i - 1]!.period?.end);
    assert.ok(stay.serviceProvider && stay.episodeOfCare?.length);
  });

  test('PPCS: actions cover every status, one is overdue, goals cover every achievement', () => {
    const plans = ofType<CarePlan>('CarePlan');
    const ppcs = plans.filter((p) => p.status === 'active' && p.category?.some((c) => c.coding?.some((x) => x.code === 'ppcs')));
    assert.equal(ppcs.length, 1);
    const plan = ppcs[0]!;
    assert.ok(plans.some((p) => p.status === 'completed' && p.category?.some((c) => c.coding?.some((x) => x.code === 'ppcs'))));
    assert.ok((plan.addresses?.length ?? 0) >= 3 && (plan.goal?.length ?? 0) >= 3 && plan.author && plan.careTeam);

    const planRef = `CarePlan/${plan.id}`;
    const linked = new Set(plan.activity?.map((a) => a.reference?.reference).filter(Boolean));
    const tasks = ofType<Task>('Task').filter((t) => t.basedOn?.some((b) => b.reference === planRef) || linked.has(`Task/${t.id}`));
    assert.ok(tasks.length >= 4);
    assert.ok(tasks.some((t) => !t.basedOn && linked.has(`Task/${t.id}`)), 'a task reached only through activity.reference');
    const details = plan.activity?.flatMap((a) => (a.detail ? [a.detail] : [])) ?? [];
    assert.ok(details.length >= 3);

    const statuses = new Set<string>([...details.map((d) => d.status), ...tasks.map((t) => t.status)]);
    for (const [state, codes] of Object.entries(ACTION_STATES)) {
      assert.ok(codes.some((c) => statuses.has(c)), `no action in state ${state}`);
    }
    for (const s of ['not-started', 'scheduled', 'in-progress', 'completed', 'cancelled', 'on-hold']) {
      assert.ok(details.some((d) => d.status === s), `no activity.detail ${s}`);
    }
    for (const s of ['requested', 'in-progress', 'completed', 'cancelled', 'on-hold']) {
      assert.ok(tasks.some((t) => t.status === s), `no Task ${s}`);
    }
    const open = (s: string): boolean => !['completed', 'cancelled', 'on-hold'].includes(s);
    const overdueTask = tasks.some((t) => open(t.status) && t.restriction?.period?.end && t.restriction.period.end < NOW.toISOString());
    const overdueDetail = details.some((d) => open(d.status) && d.scheduledPeriod?.end && d.scheduledPeriod.end < NOW.toISOString());
    assert.ok(overdueTask && overdueDetail, 'an overdue task and an overdue inline action');

    const goals = ofType<Goal>('Goal');
    const achievement = new Set(goals.map((g) => g.achievementStatus?.coding?.[0]?.code));
    for (const a of ['achieved', 'not-achieved', 'in-progress']) assert.ok(achievement.has(a), a);
    for (const g of goals) assert.ok(g.target?.[0]?.dueDate, g.id);
  });

  test('messages: 15+, fixed identifiers, a reply, a photo, a PDF, a multi-line text', () => {
    const all = ofType<Communication>('Communication');
    const msgs = all.filter((c) => c.subject?.reference === `Patient/${IDS.patientMain}`);
    assert.ok(msgs.length >= 15);
    assert.equal(all.filter((c) => c.subject?.reference === `Patient/${IDS.patientSecond}`).length, 3);
    const identifiers = all.map((c) => c.identifier?.[0]?.value ?? '');
    assert.equal(new Set(identifiers).size, all.length);
    for (const id of identifiers) assert.match(id, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const c of all) {
      assert.equal(c.status, 'completed');
      assert.ok(c.sent! <= NOW.toISOString() && c.sender && c.payload?.length);
    }
    assert.ok(msgs.some((c) => c.inResponseTo?.length));
    assert.ok(msgs.some((c) => c.payload?.some((p) => p.contentAttachment?.contentType === 'image/png' && p.contentAttachment.title === 'plaie-talon.png')));
    assert.ok(msgs.some((c) => c.payload?.some((p) => p.contentAttachment?.contentType === 'application/pdf')));
    assert.ok(msgs.some((c) => c.payload?.some((p) => p.contentString?.includes('\n'))));
  });

  test('access traces include an emergency access with its reason', () => {
    const events = ofType<AuditEvent>('AuditEvent');
    assert.ok(events.length >= 3);
    const bg = events.find((e) => e.id === IDS.auditBreakGlass)!;
    assert.ok(bg.purposeOfEvent?.some((p) => p.coding?.some((c) => c.code === 'ETREAT')));
    assert.ok(bg.outcomeDesc);
    assert.ok(bg.entity?.some((e) => e.what?.reference?.startsWith('DocumentReference/')));
  });

  test('seed modules are portable (no node: imports, no Buffer)', () => {
    const dir = join(import.meta.dirname, '../src/seed');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const src = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      assert.doesNotMatch(src, /from ['"]node:|\brequire\(|\bBuffer\s*[.(]|\bprocess\./, file);
    }
  });
});

describe('extraResources', () => {
  // No wall-clock bound here: it flakes on a busy machine (the benches build 10 000 of them as setup).
  test('yields n deterministic, unique, well-linked items', () => {
    const extra = extraResources(10_000, NOW);
    assert.equal(extra.length, 10_000);
    assert.equal(new Set(extra.map(key)).size, 10_000);
    assert.equal(new Set(extra.map(key).filter((k) => byKey.has(k))).size, 0, 'no id clashes with the seed');
    assert.deepEqual(extraResources(50, NOW), extra.slice(0, 50));
    const types = new Set(extra.map((r) => r.resourceType));
    assert.deepEqual([...types].sort(), ['Communication', 'DocumentReference', 'Encounter']);
    assertReferencesResolve(extra.slice(0, 2000), new Set([...byKey.keys(), ...extra.map(key)]));
    const oldest = Math.min(...extra.map((r) => Date.parse((r as Encounter).period?.start ?? (r as DocumentReference).date ?? (r as Communication).sent!)));
    assert.ok(NOW.getTime() - oldest > 4 * 365 * 86_400_000, 'spread over years');
    assert.deepEqual(extraResources(0, NOW), []);
  });
});

describe('dev server with the seed', () => {
  let dev: DevServer;
  before(async () => {
    dev = await startDevServer({ port: 0 });
  });
  after(async () => {
    await dev?.close();
  });

  const get = async <T extends Resource>(path: string): Promise<T> => {
    const res = await fetch(`${dev.baseUrl}/${path}`, { headers: { accept: 'application/fhir+json' } });
    assert.equal(res.status, 200, path);
    return (await res.json()) as T;
  };

  test('documents of the main patient page with a next link', async () => {
    const bundle = await get<Bundle>(`DocumentReference?patient=Patient/${IDS.patientMain}&_count=5`);
    assert.equal(bundle.entry?.length, 5);
    assert.ok(bundle.link?.some((l) => l.relation === 'next'));
    assert.ok((bundle.total ?? 0) >= 15);
  });

  test('the INS-NIA search is ambiguous (2 patients), the INS-NIR one is not', async () => {
    const nia = await get<Bundle>(`Patient?identifier=${encodeURIComponent(`${INS_NIA}|${INS_NIA_DUPLICATE}`)}`);
    assert.equal(nia.entry?.length, 2);
    const nir = await get<Bundle>(`Patient?identifier=${encodeURIComponent(`${INS_NIR}|2850675123456`)}`);
    assert.deepEqual(nir.entry?.map((e) => e.resource?.id), [IDS.patientMain]);
  });

  test('a versioned note has its history, and a Binary serves real bytes', async () => {
    const history = await get<Bundle>(`DocumentReference/${IDS.noteSuivi}/_history`);
    assert.equal(history.entry?.length, 3);
    const res = await fetch(`${dev.baseUrl}/Binary/${IDS.binCrHospit2}`);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('switching patient changes everything', async () => {
    const count = async (path: string): Promise<number> => (await get<Bundle>(path)).total ?? -1;
    assert.equal(await count(`EpisodeOfCare?patient=Patient/${IDS.patientSecond}`), 1);
    assert.equal(await count(`DocumentReference?patient=Patient/${IDS.patientSecond}`), 2);
    assert.equal(await count(`Communication?patient=Patient/${IDS.patientSecond}`), 3);
    assert.equal(await count(`EpisodeOfCare?patient=Patient/${IDS.patientMain}`), 5);
  });

  test('PPCS: the active plans and its tasks are searchable', async () => {
    const plans = await get<Bundle<CarePlan>>(`CarePlan?patient=Patient/${IDS.patientMain}&status=active`);
    assert.deepEqual(plans.entry?.map((e) => e.resource?.id).sort(), [IDS.carePlanPpcs, IDS.carePlanSoins].sort());
    const tasks = await get<Bundle<Task>>(`Task?based-on=CarePlan/${IDS.carePlanPpcs}`);
    assert.ok((tasks.entry?.length ?? 0) >= 4);
  });
});
