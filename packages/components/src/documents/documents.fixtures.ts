/**
 * FHIR fixtures of `<coord-documents>` for stories, tests and the bench: bad input, and a record
 * with many documents. The seed's actors, pathways and care teams are kept.
 */
import { seedResources } from '@coord/dev-server/seed';
import type { DocumentReference, Resource } from '@medplum/fhirtypes';

const PATIENT = 'Patient/pat-martin';
const TYPES = [
  ['11488-4', 'Compte rendu de consultation'],
  ['34746-8', 'Compte rendu de soins infirmiers'],
  ['11502-2', 'Compte rendu de biologie'],
  ['72170-4', 'Photographie'],
  ['57833-6', 'Ordonnance'],
] as const;
const AUTHORS = ['PractitionerRole/role-gp', 'PractitionerRole/role-idel'];
const PATHWAYS = ['EpisodeOfCare/eoc-plaies', 'EpisodeOfCare/eoc-dac', undefined];

function base(): Resource[] {
  return seedResources().filter((r) => r.resourceType !== 'DocumentReference' && r.resourceType !== 'Binary');
}

function documentOf(id: string, i: number, extra: Partial<DocumentReference> = {}): DocumentReference {
  const [code, label] = TYPES[i % TYPES.length]!;
  const pathway = PATHWAYS[i % PATHWAYS.length];
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code }], text: label },
    subject: { reference: PATIENT },
    date: new Date(Date.UTC(2026, 10, 30, 12) - i * 3_600_000 * 7).toISOString(),
    author: [{ reference: AUTHORS[i % AUTHORS.length]! }],
    content: [{ attachment: { contentType: 'application/pdf', title: `${label} n° ${i + 1}`, size: 1000 + ((i * 7919) % 900_000), data: btoa('%PDF-1.4\n%%EOF') } }],
    ...(pathway ? { context: { encounter: [{ reference: pathway }] } } : {}),
    ...extra,
  };
}

/** `n` documents (newest first by date), over five types, two authors, two pathways and none. */
export function manyDocuments(n: number): Resource[] {
  return [...base(), ...Array.from({ length: n }, (_, i) => documentOf(`many-${i}`, i))];
}

/** Markup in titles and file names, a 5 000-character title, a Binary that 404s, another origin, corrupt and unsupported files, masked and restricted documents. */
export function badInputDocuments(): Resource[] {
  const docs: DocumentReference[] = [
    documentOf('markup', 0, { content: [{ attachment: { contentType: 'application/pdf', title: '<img src=x onerror="alert(1)"><b>CR</b>.pdf', data: btoa('%PDF-1.4\n%%EOF') } }] }),
    documentOf('long', 1, { content: [{ attachment: { contentType: 'application/pdf', title: `Titre très long ${'é'.repeat(5000)}`, data: btoa('%PDF-1.4\n%%EOF') } }] }),
    documentOf('gone', 2, { content: [{ attachment: { contentType: 'application/pdf', title: 'Binary disparu', url: 'Binary/does-not-exist' } }] }),
    documentOf('elsewhere', 3, { content: [{ attachment: { contentType: 'application/pdf', title: 'Hébergé ailleurs', url: 'https://autre-serveur.example.org/cr.pdf' } }] }),
    documentOf('corrupt', 4, { content: [{ attachment: { contentType: 'application/pdf', title: 'PDF corrompu', data: btoa('pas un pdf') } }] }),
    documentOf('zip', 5, { content: [{ attachment: { contentType: 'application/zip', title: 'archive.zip', data: btoa('PK') } }] }),
    documentOf('masked', 6, { securityLabel: [{ coding: [{ system: 'urn:oid:1.2.250.1.213.1.1.4.13', code: 'MASQUE_PS' }] }], author: [{ reference: 'PractitionerRole/role-geriatre' }] }),
    documentOf('very', 7, { securityLabel: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'V' }] }], author: [{ reference: 'PractitionerRole/role-geriatre' }] }),
  ];
  return [...base(), ...docs];
}
