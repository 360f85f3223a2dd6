/**
 * FHIR fixtures and MSW handlers of the timeline tests and stories: bad input, partial failures,
 * scale, and a record that gains a new item while shown. No test-framework imports (stories use it).
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { MOCK_BASE_URL, outcome } from '@coord/dev-server/mocks';
import { clock } from '@coord/api-client';

export const PATIENT = 'Patient/pat-martin';
/** The viewer of most tests: the GP, a physician (profession 10), who reads every document type. */
export const GP = 'PractitionerRole/role-gp';

/** Searches of the given types answer `status`; everything else goes to the next handlers. */
export function failingSearch(status: number, types?: string[], baseUrl = MOCK_BASE_URL): HttpHandler[] {
  return [
    http.get(`${baseUrl}/:type`, ({ params }) => {
      if (params.type === 'Patient') return undefined;
      if (types && !types.includes(String(params.type))) return undefined;
      return outcome(status, `Mocked ${status}`);
    }),
  ];
}

const subject = { reference: PATIENT };

/** A record full of bad input: no date, no pathway, unknown report kind, huge title, markup, masked. */
export function badInputResources(): Resource[] {
  return [
    { resourceType: 'Patient', id: 'pat-martin', name: [{ family: 'Martin', given: ['Jeanne'] }] },
    {
      resourceType: 'EpisodeOfCare', id: 'eoc-plaies', status: 'active', patient: subject,
      type: [{ coding: [{ system: 'https://coord.example/fhir/CodeSystem/parcours', code: 'plaies', display: 'Plaies complexes' }] }],
      period: { start: '2026-01-05T09:00:00Z' },
    },
    {
      resourceType: 'DocumentReference', id: 'doc-undated', status: 'current', subject,
      content: [{ attachment: { title: 'Document sans date' } }], context: { encounter: [{ reference: 'EpisodeOfCare/eoc-plaies' }] },
    },
    {
      resourceType: 'DocumentReference', id: 'doc-long', status: 'current', subject, date: '2026-02-10T10:00:00Z',
      content: [{ attachment: { title: `Très long titre ${'bla '.repeat(1250)}FIN` } }],
    },
    {
      resourceType: 'DocumentReference', id: 'doc-markup', status: 'current', subject, date: '2026-02-09T10:00:00Z',
      content: [{ attachment: { title: '<img src=x onerror="window.__pwned=1"><b>gras</b>' } }],
      context: { encounter: [{ reference: 'EpisodeOfCare/eoc-plaies' }] },
    },
    {
      resourceType: 'DocumentReference', id: 'doc-masked', status: 'current', subject, date: '2026-02-08T10:00:00Z',
      securityLabel: [{ coding: [{ system: 'urn:oid:1.2.250.1.213.1.1.4.13', code: 'MASQUE_PS' }] }],
      description: 'Secret description', content: [{ attachment: { title: 'Consultation secrète' } }],
      context: { encounter: [{ reference: 'EpisodeOfCare/eoc-dac' }] },
    },
    {
      resourceType: 'DiagnosticReport', id: 'dr-other', status: 'final', subject, code: { text: 'Électrocardiogramme' },
      effectiveDateTime: '2026-02-07T10:00:00Z',
    },
    // A wrong type in a DocumentReference search answer (the mock serves by type, so this stays out).
    { resourceType: 'Observation', id: 'obs-stray', status: 'final', code: { text: 'x' }, subject },
  ] as Resource[];
}

/** `n` dated DocumentReferences and Encounters for the main patient (scale tests and stories). */
export function manyResources(n: number, now = clock.now()): Resource[] {
  const out: Resource[] = [
    { resourceType: 'Patient', id: 'pat-martin', name: [{ family: 'Martin', given: ['Jeanne'] }] },
    {
      resourceType: 'EpisodeOfCare', id: 'eoc-dac', status: 'active', patient: subject,
      type: [{ coding: [{ system: 'https://coord.example/fhir/CodeSystem/parcours', code: 'dac', display: 'Coordination complexe (DAC)' }] }],
      period: { start: new Date(now - 5 * 365 * 86_400_000).toISOString() },
    },
  ] as Resource[];
  for (let i = 0; i < n; i++) {
    const date = new Date(now - i * 3_600_000 * 4).toISOString();
    const eoc = i % 10 === 0 ? [] : [{ reference: 'EpisodeOfCare/eoc-dac' }];
    out.push(
      i % 2
        ? ({ resourceType: 'Encounter', id: `enc-${i}`, status: 'finished', class: { code: 'AMB' }, subject, type: [{ text: `Consultation n° ${i}` }], period: { start: date }, episodeOfCare: eoc } as Resource)
        : ({ resourceType: 'DocumentReference', id: `doc-${i}`, status: 'current', subject, date, content: [{ attachment: { title: `Compte rendu n° ${i}` } }], context: { encounter: eoc } } as Resource),
    );
  }
  return out;
}

/**
 * After `afterMs`, change searches (`_lastUpdated=gt…`) of Encounter return one new visit: the
 * "new items" pill in stories. Other requests go on to the next handlers.
 */
export function newVisitAfter(afterMs: number, baseUrl = MOCK_BASE_URL): HttpHandler[] {
  const start = Date.now(); // real time: how long the test has waited
  const visit: Resource = {
    resourceType: 'Encounter', id: 'enc-live', meta: { versionId: '1', lastUpdated: new Date().toISOString() }, // server time
    status: 'in-progress', class: { code: 'HH' }, subject: { reference: PATIENT }, type: [{ text: 'Passage infirmier en cours' }],
    period: { start: clock.date().toISOString() }, episodeOfCare: [{ reference: 'EpisodeOfCare/eoc-plaies' }],
  } as Resource;
  return [
    http.get(`${baseUrl}/Encounter`, ({ request }) => {
      if (!new URL(request.url).searchParams.has('_lastUpdated') || Date.now() - start < afterMs) return undefined;
      const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: visit }] };
      return new HttpResponse(JSON.stringify(bundle), { headers: { 'Content-Type': 'application/fhir+json' } });
    }),
  ];
}
