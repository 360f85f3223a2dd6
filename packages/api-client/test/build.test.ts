/**
 * One source of each rule: code systems defined once (and the local ones configurable), FHIR
 * resource builders in the API client (what the chat files into the record), search strings
 * through one helper with one patient parameter per type.
 *   node --import tsx --test packages/api-client/test/build.test.ts
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Communication, EpisodeOfCare } from '@medplum/fhirtypes';
import {
  actionFromMessageOp,
  configureCodeSystems,
  DEFAULT_LOCAL_CODE_SYSTEMS,
  documentFromAttachmentOp,
  emptyLookup,
  LOINC_SYSTEM,
  mapCommunication,
  mapEpisodeOfCare,
  noteOp,
  PATIENT_SEARCH_PARAM,
  patientSearch,
  searchPath,
} from '../src/index.ts';

const SRC = new URL('../src/', import.meta.url).pathname;
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });

after(() => configureCodeSystems(DEFAULT_LOCAL_CODE_SYSTEMS));

describe('code systems', () => {
  test('each system URL is written once in the API client, in codes.ts', () => {
    for (const url of ['http://loinc.org', 'urn:oid:1.2.250.1.213.1.1.4.13', 'urn:oid:1.2.250.1.71.1.2.7', 'us-core-documentreference-category', 'coord.example']) {
      const files = sources(SRC).filter((f) => readFileSync(f, 'utf8').includes(url));
      assert.deepEqual(files.map((f) => f.slice(SRC.length)), ['codes.ts'], url);
    }
  });

  test('the local systems are configurable: pathway types are read, filed documents are written, with the one in use', () => {
    const eoc: EpisodeOfCare = {
      resourceType: 'EpisodeOfCare', id: 'e', status: 'active', patient: { reference: 'Patient/p' },
      type: [{ coding: [{ system: 'https://other.example/x', code: 'x' }, { system: 'https://hub.example/parcours', code: 'plaies', display: 'Plaies' }] }],
    };
    assert.equal(mapEpisodeOfCare(eoc, emptyLookup)?.code, 'x', 'unknown system: first coding');
    configureCodeSystems({ pathwayType: 'https://hub.example/parcours', documentCategory: 'https://hub.example/categorie' });
    assert.equal(mapEpisodeOfCare(eoc, emptyLookup)?.code, 'plaies');
    const op = documentFromAttachmentOp({ ...fromChat(), type: 'photo', typeLabel: 'Photo', title: 'plaie.jpg', viewer: 'PractitionerRole/idel', relatedDisplay: 'Message' });
    assert.equal(op.resource.category?.[0]?.coding?.[0]?.system, 'https://hub.example/categorie');
  });
});

describe('noteOp: the note marker', () => {
  test('a new note carries the marker in use (and US Core clinical-note beside it)', () => {
    const codings = (op: ReturnType<typeof noteOp>) => op.resource.category?.flatMap((c) => c.coding ?? []).map((c) => `${c.system}|${c.code}`);
    const first = codings(noteOp({ patient: 'Patient/p', author: 'PractitionerRole/r', text: 'x' }));
    assert.deepEqual(first, [DEFAULT_LOCAL_CODE_SYSTEMS.noteCategory, 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category|clinical-note']);
    configureCodeSystems({ noteCategory: 'urn:hub:cat|NOTE' });
    try {
      assert.equal(codings(noteOp({ patient: 'Patient/p', author: 'PractitionerRole/r', text: 'x' }))?.[0], 'urn:hub:cat|NOTE');
    } finally {
      configureCodeSystems(DEFAULT_LOCAL_CODE_SYSTEMS);
    }
  });
});

function fromChat() {
  const c: Communication = {
    resourceType: 'Communication', id: 'm1', status: 'completed', subject: { reference: 'Patient/p' }, sent: '2026-11-02T08:00:00Z',
    sender: { reference: 'PractitionerRole/idel', display: 'IDEL' },
    payload: [{ contentAttachment: { contentType: 'image/jpeg', url: 'Binary/b1', size: 2048, title: 'plaie.jpg' } }],
  };
  const message = mapCommunication(c, (ref) => (ref === 'PractitionerRole/idel' ? { resourceType: 'PractitionerRole', id: 'idel' } : undefined), [], { patient: 'Patient/p' })!;
  return { message, attachment: message.attachments[0]!, patient: 'Patient/p' };
}

describe('resource builders (from the chat to the record)', () => {
  test('an attachment filed as a document: LOINC type, the same Binary, a link back to the message, a client identifier', () => {
    const op = documentFromAttachmentOp({ ...fromChat(), type: 'photo', typeLabel: 'Photo', title: 'Plaie J3', viewer: 'PractitionerRole/gp', relatedDisplay: 'Message', now: new Date('2026-11-03T00:00:00Z') });
    const doc = op.resource;
    assert.deepEqual(doc.type?.coding?.[0], { system: LOINC_SYSTEM, code: '72170-4', display: 'Photographic image' });
    assert.equal(doc.content?.[0]?.attachment?.url, 'Binary/b1');
    assert.deepEqual(doc.context?.related, [{ reference: 'Communication/m1', display: 'Message' }]);
    assert.equal(doc.author?.[0]?.reference, 'PractitionerRole/idel', 'the sender is the author');
    assert.equal(doc.date, '2026-11-03T00:00:00.000Z');
    assert.ok(doc.identifier?.some((i) => i.system === 'urn:ietf:rfc:3986'));
  });

  test('a message turned into a PPCS action names the message as its reason', () => {
    const op = actionFromMessageOp({ message: fromChat().message, carePlan: 'CarePlan/ppcs', patient: 'Patient/p', description: 'Changer le pansement', viewer: 'PractitionerRole/gp', note: 'Créée depuis un message' });
    assert.deepEqual(op.resource.basedOn, [{ reference: 'CarePlan/ppcs' }]);
    assert.deepEqual(op.resource.reasonReference, { reference: 'Communication/m1' });
    assert.equal(op.resource.note?.[0]?.text, 'Créée depuis un message');
  });
});

describe('search strings', () => {
  test('one helper: undefined left out, arrays repeated, one patient parameter per type (overridable)', () => {
    assert.equal(searchPath('Encounter', { patient: 'Patient/p', date: ['ge2026-01-01', 'le2026-12-31'], _count: 30, x: undefined }), 'Encounter?patient=Patient%2Fp&date=ge2026-01-01&date=le2026-12-31&_count=30');
    assert.equal(searchPath('metadata', {}), 'metadata');
    assert.ok(Object.values(PATIENT_SEARCH_PARAM).every((p) => p === 'patient'));
    assert.deepEqual(patientSearch('Communication', 'Patient/p', { _count: 1 }, { Communication: 'subject' }), { subject: 'Patient/p', _count: 1 });
  });
});
