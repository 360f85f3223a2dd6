/**
 * The messages (MIS) view model: senders, text, attachments, threads, bad input, merging pages
 * and grouping by day.
 *   node --import tsx --test packages/api-client/test/messages-model.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Communication, Resource } from '@medplum/fhirtypes';
import { IDS, seedResources } from '../../dev-server/src/seed/record.ts';
import { medplumPatientMessages } from '../../dev-server/src/fixtures/real-world.ts';
import { lookupFrom, type MappingIssue } from '../src/model/common.ts';
import {
  groupMessagesByDay,
  mapMessageAttachment,
  mapMessages,
  MAX_MESSAGE_CHARS,
  mergeMessages,
  type MessageView,
} from '../src/model/messages.ts';

const NOW = new Date('2026-03-15T10:00:00Z');
const seed = seedResources(NOW);
const lookup = lookupFrom(seed);
const PATIENT = `Patient/${IDS.patientMain}`;
const communications = seed.filter((r) => r.resourceType === 'Communication');
const msg = (id: string, extra: Partial<Communication> = {}): Communication => ({
  resourceType: 'Communication', id, status: 'completed', subject: { reference: PATIENT },
  sent: '2026-03-10T09:00:00Z', sender: { reference: `PractitionerRole/${IDS.roleIdel}` }, payload: [{ contentString: id }], ...extra,
});
const one = (c: Resource, viewer?: string) => mapMessages([c], lookup, { patient: PATIENT, viewer });

describe('mapMessages on the seed', () => {
  const { items, issues } = mapMessages(communications, lookup, { patient: PATIENT, viewer: `Practitioner/${IDS.pracIdel}` });
  const byId = new Map(items.map((m) => [m.id, m]));

  test('keeps only the patient’s messages, oldest first, nothing flagged', () => {
    assert.equal(items.length, 18);
    assert.deepEqual(issues.filter((i) => !/another patient/.test(i.problem)), []);
    assert.equal(items[0]?.id, IDS.msgFirst);
    assert.equal(items.at(-1)?.id, IDS.msgLatest);
    assert.ok(items.every((m, i) => i === 0 || (m.time ?? 0) >= (items[i - 1]?.time ?? 0)));
  });

  test('senders resolve with their role, whether a role, a practitioner or the patient', () => {
    assert.deepEqual(
      [byId.get(IDS.msgReply)?.sender.name, byId.get(IDS.msgReply)?.sender.role],
      ['Sophie Marchand', 'Infirmière libérale (IDEL)'],
    );
    assert.equal(byId.get('msg-martin-15')?.sender.name, 'Dr Claire Lefèvre');
    assert.equal(byId.get(IDS.msgFromPatient)?.sender.name, 'Jeanne Martin');
    assert.ok(items.every((m) => !m.sender.unresolved));
  });

  test('the photo and the PDF become attachments; the photo is an image', () => {
    const photo = byId.get(IDS.msgPhoto)?.attachments[0];
    assert.deepEqual(
      { ...photo, size: typeof photo?.size },
      { contentType: 'image/png', title: 'plaie-talon.png', size: 'number', url: `Binary/${IDS.binPhotoPlaie}`, binary: `Binary/${IDS.binPhotoPlaie}`, inline: false, data: undefined, isImage: true, missing: false },
    );
    const pdf = byId.get(IDS.msgPdf)?.attachments[0];
    assert.equal(pdf?.isImage, false);
    assert.equal(pdf?.title, 'ordonnance-pansements.pdf');
    assert.equal(byId.get(IDS.msgPdf)?.text, 'Oui, stade 3. Voici l’ordonnance de soins infirmiers et de pansements.');
  });

  test('line breaks, replies, identifiers and "mine" (role ↔ practitioner)', () => {
    assert.equal(byId.get(IDS.msgMultiline)?.text?.split('\n').length, 4);
    assert.equal(byId.get(IDS.msgReply)?.inResponseTo, `Communication/${IDS.msgFirst}`);
    assert.match(byId.get(IDS.msgFirst)?.identifier ?? '', /^urn:uuid:/);
    assert.equal(byId.get(IDS.msgReply)?.mine, true, 'sent by PractitionerRole/role-idel, viewer Practitioner/prac-idel');
    assert.equal(byId.get(IDS.msgFirst)?.mine, false);
  });
});

describe('mapMessages on bad input', () => {
  test('a message with no payload is kept and marked empty', () => {
    const { items, issues } = one(msg('empty', { payload: undefined }));
    assert.equal(items[0]?.empty, true);
    assert.ok(issues.some((i) => /without text or attachment/.test(i.problem)));
  });

  test('an unresolved or missing sender is flagged, shown with its display or as unknown', () => {
    const r = one(msg('ghost', { sender: { reference: 'PractitionerRole/gone', display: 'Dr Fantôme' } }));
    assert.deepEqual(r.items[0]?.sender, { reference: 'PractitionerRole/gone', name: 'Dr Fantôme', unresolved: true });
    const anonymous = one(msg('anon', { sender: undefined }));
    assert.deepEqual(anonymous.items[0]?.sender, { unresolved: true });
    assert.ok(anonymous.issues.some((i) => i.problem === 'no sender'));
  });

  test('a 25 000-character message is cut to the cap and flagged, never dropped', () => {
    const text = 'a'.repeat(25_000);
    const { items, issues } = one(msg('long', { payload: [{ contentString: text }] }));
    assert.equal(items[0]?.text?.length, MAX_MESSAGE_CHARS);
    assert.equal(items[0]?.truncated, true);
    assert.equal(items[0]?.fullLength, 25_000);
    assert.ok(issues.some((i) => /cut/.test(i.problem)));
    assert.equal(one(msg('short', { payload: [{ contentString: 'b'.repeat(MAX_MESSAGE_CHARS) }] })).items[0]?.truncated, false);
  });

  test('markup stays text; CRLF becomes LF', () => {
    const text = '<img src=x onerror=alert(1)>\r\n<script>alert(2)</script>';
    assert.equal(one(msg('xss', { payload: [{ contentString: text }] })).items[0]?.text, '<img src=x onerror=alert(1)>\n<script>alert(2)</script>');
  });

  test('attachments: inline data, missing content, unsafe URLs, SVG is not a thumbnail', () => {
    const issues: MappingIssue[] = [];
    const inline = mapMessageAttachment({ contentType: 'image/jpeg; charset=x', data: 'AAAA', title: 'a.jpg' }, 'c', issues);
    assert.deepEqual([inline.inline, inline.data, inline.isImage, inline.contentType, inline.missing], [true, 'AAAA', true, 'image/jpeg', false]);
    assert.equal(mapMessageAttachment({ contentType: 'application/pdf', title: 'vide.pdf' }, 'c', issues).missing, true);
    const js = mapMessageAttachment({ url: 'javascript:alert(1)', title: 'x' }, 'c', issues);
    assert.deepEqual([js.url, js.missing], [undefined, true]);
    assert.equal(mapMessageAttachment({ url: 'https://cdn.example/x.png', contentType: 'image/svg+xml' }, 'c', issues).isImage, false);
    assert.equal(mapMessageAttachment({ url: 'Binary/b1', size: -3 }, 'c', issues).size, undefined);
    assert.ok(issues.some((i) => /unsupported scheme/.test(i.problem)));
    assert.ok(issues.some((i) => /without content/.test(i.problem)));
  });

  test('an image’s stated pixel size is kept (R5 element or R4 cross-version extension); nonsense is dropped', () => {
    const issues: MappingIssue[] = [];
    const ext = (d: string, v: unknown) => ({ url: `http://hl7.org/fhir/5.0/StructureDefinition/extension-Attachment.${d}`, valuePositiveInt: v as number });
    const r4 = mapMessageAttachment({ url: 'Binary/b1', contentType: 'image/png', extension: [ext('width', 16), ext('height', 12)] }, 'c', issues);
    assert.deepEqual([r4.width, r4.height], [16, 12]);
    const r5 = mapMessageAttachment({ url: 'Binary/b1', contentType: 'image/png', width: 640, height: 480 } as never, 'c', issues);
    assert.deepEqual([r5.width, r5.height], [640, 480]);
    for (const bad of [[ext('width', 0), ext('height', 10)], [ext('width', 2.5), ext('height', 10)], [ext('width', 'x'), ext('height', 10)], [ext('width', 10)]]) {
      const m = mapMessageAttachment({ url: 'Binary/b1', contentType: 'image/png', extension: bad }, 'c', issues);
      assert.equal(m.width, undefined, JSON.stringify(bad));
      assert.equal(m.height, undefined);
    }
  });

  test('wrong types, other patients and entered-in-error are skipped and flagged; no date is flagged', () => {
    const { items, issues } = mapMessages(
      [
        { resourceType: 'Patient', id: 'p' } as Resource,
        msg('foreign', { subject: { reference: 'Patient/pat-dubois' } }),
        msg('retracted', { status: 'entered-in-error' }),
        msg('undated', { sent: 'hier' }),
        msg('thread', { partOf: [{ reference: 'Communication/topic' }] }),
      ],
      lookup,
      { patient: PATIENT },
    );
    assert.deepEqual(items.map((m) => m.id), ['thread', 'undated']);
    assert.equal(items[1]?.sentMissing, true);
    assert.equal(items[0]?.partOf, 'Communication/topic');
    assert.equal(issues.length, 4);
  });
});

describe('thread helpers', () => {
  const view = (id: string, sent: string, identifier?: string): MessageView =>
    ({ ...one(msg(id, { sent, identifier: identifier ? [{ value: identifier }] : undefined })).items[0] }) as MessageView;

  test('mergeMessages dedupes by reference and by client identifier (outbox copy replaced)', () => {
    const a = view('a', '2026-03-10T09:00:00Z');
    const pending = { ...view('local-1', '2026-03-10T10:00:00Z', 'urn:uuid:1'), reference: 'Communication/local-1' };
    const b = view('b', '2026-03-10T08:00:00Z');
    const confirmed = view('server-1', '2026-03-10T10:00:01Z', 'urn:uuid:1');
    const merged = mergeMessages([a, pending], [b, a, confirmed]);
    assert.deepEqual(merged.map((m) => m.id), ['b', 'a', 'server-1']);
  });

  test('groupMessagesByDay splits on calendar days of the given time zone', () => {
    const thread = [view('1', '2026-03-09T22:30:00Z'), view('2', '2026-03-09T23:30:00Z'), view('3', '2026-03-10T08:00:00Z')];
    assert.deepEqual(groupMessagesByDay(thread, 'UTC').map((g) => [g.day, g.messages.length]), [['2026-03-09', 2], ['2026-03-10', 1]]);
    assert.deepEqual(groupMessagesByDay(thread, 'Europe/Paris').map((g) => [g.day, g.messages.length]), [['2026-03-09', 1], ['2026-03-10', 2]]);
    assert.deepEqual(groupMessagesByDay([]), []);
  });
});

describe('messages exchanged with the patient (Medplum shape: no subject)', () => {
  const patient = 'Patient/pat-martin';
  const gp = 'Practitioner/pr-gp';
  const seed = seedResources(new Date('2026-03-15T10:00:00Z'));
  const extra = medplumPatientMessages(patient, gp, Date.parse('2026-03-15T08:00:00Z'));
  const lookup = lookupFrom([...seed, ...extra]);

  test('the patient as sender or recipient joins the thread; the patient’s own are marked as theirs', () => {
    const { items } = mapMessages(extra, lookup, { patient });
    assert.deepEqual(items.map((m) => m.id).sort(), ['medplum-from-patient', 'medplum-to-patient']);
    const fromPatient = items.find((m) => m.id === 'medplum-from-patient')!;
    assert.equal(fromPatient.fromPatient, true);
    assert.ok(fromPatient.sender.name, 'the patient’s name resolves');
    assert.equal(items.find((m) => m.id === 'medplum-to-patient')!.fromPatient, false);
  });

  test('a message between professionals without a subject is not the patient’s, nor one about another patient', () => {
    const other: Communication = { ...extra[0]!, id: 'about-other', subject: { reference: 'Patient/pat-dubois' } };
    const issues: MappingIssue[] = [];
    const { items } = mapMessages([extra[2]!, other], lookup, { patient });
    assert.deepEqual(items, []);
    void issues;
  });
});
