/**
 * Patients, professionals (Practitioner + PractitionerRole), organizations and hospital units.
 * Portable module: no `node:` imports.
 */
import type {
  CodeableConcept,
  Location,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Resource,
} from '@medplum/fhirtypes';
import { IDS, INS_NIA, INS_NIA_DUPLICATE, INS_NIR, SYSTEMS } from './ids.ts';
import { coding, concept, ref } from './util.ts';

// ---------------------------------------------------------------------------------------------
// Patients

export function patients(): Patient[] {
  return [
    // The two historical patients: keep exactly as they are (tests and demo rely on them).
    {
      resourceType: 'Patient',
      id: IDS.patientMain,
      identifier: [{ system: INS_NIR, value: '2850675123456' }],
      name: [{ family: 'Martin', given: ['Jeanne'], use: 'official' }],
      gender: 'female',
      birthDate: '1945-06-12',
    },
    {
      resourceType: 'Patient',
      id: IDS.patientSecond,
      identifier: [{ system: INS_NIR, value: '1520376987654' }],
      name: [{ family: 'Dubois', given: ['Paul'], use: 'official' }],
      gender: 'male',
      birthDate: '1952-03-04',
    },
    // Duplicate identity: two records with the same INS-NIA (a search by it matches 2).
    {
      resourceType: 'Patient',
      id: IDS.patientDupA,
      identifier: [{ system: INS_NIA, value: INS_NIA_DUPLICATE }],
      name: [{ family: 'Bernard', given: ['Lucie'], use: 'official' }],
      gender: 'female',
      birthDate: '1978-09-21',
      address: [{ city: 'Lisieux', postalCode: '14100', country: 'FR' }],
    },
    {
      resourceType: 'Patient',
      id: IDS.patientDupB,
      identifier: [{ system: INS_NIA, value: INS_NIA_DUPLICATE }],
      name: [{ family: 'Bernard', given: ['Lucie', 'Marie'], use: 'official' }],
      gender: 'female',
      birthDate: '1978-09-12',
      address: [{ city: 'Bayeux', postalCode: '14400', country: 'FR' }],
    },
    // Malformed record: an INS but no name and no birth date.
    {
      resourceType: 'Patient',
      id: IDS.patientIncomplete,
      identifier: [{ system: INS_NIR, value: '2700199000123' }],
      gender: 'unknown',
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Organizations and hospital units (UF)

export function organizations(): Organization[] {
  const org = (id: string, name: string, type: string, city: string, postalCode: string, extra: Partial<Organization> = {}): Organization => ({
    resourceType: 'Organization',
    id,
    active: true,
    name,
    type: [{ text: type }],
    address: [{ city, postalCode, country: 'FR' }],
    ...extra,
  });
  return [
    org(IDS.orgDac, 'DAC du Calvados', "Dispositif d'Appui à la Coordination", 'Caen', '14000', {
      telecom: [{ system: 'phone', value: '02 31 00 00 14' }, { system: 'email', value: 'contact@dac14.example' }],
    }),
    org(IDS.orgChu, 'CHU de Caen Normandie', 'Centre hospitalier universitaire', 'Caen', '14033', {
      identifier: [{ system: SYSTEMS.finess, value: '140000100' }],
      address: [{ line: ['Avenue de la Côte de Nacre'], city: 'Caen', postalCode: '14033', country: 'FR' }],
    }),
    org(IDS.orgPharmacy, 'Pharmacie du Château', "Pharmacie d'officine", 'Falaise', '14700', {
      address: [{ line: ['12 rue du Château'], city: 'Falaise', postalCode: '14700', country: 'FR' }],
    }),
    org(IDS.orgMsp, 'Maison de santé pluriprofessionnelle de Falaise', 'Maison de santé pluriprofessionnelle', 'Falaise', '14700'),
    org(IDS.orgCcas, 'CCAS de Falaise', "Centre communal d'action sociale", 'Falaise', '14700'),
  ];
}

export function locations(): Location[] {
  const uf = (id: string, code: string, name: string, description: string): Location => ({
    resourceType: 'Location',
    id,
    status: 'active',
    mode: 'instance',
    identifier: [{ system: 'https://coord.example/fhir/sid/uf-chu-caen', value: code }],
    name,
    description,
    type: [{ text: 'Unité fonctionnelle (UF)' }],
    physicalType: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'wa', display: 'Ward' }],
      text: 'Service',
    },
    managingOrganization: ref('Organization', IDS.orgChu),
  });
  return [
    uf(IDS.locOnco, '2310', 'UF Oncologie médicale', 'Hospitalisation complète, oncologie médicale — 4e étage'),
    uf(IDS.locNephro, '2450', 'UF Néphrologie', 'Hospitalisation complète, néphrologie — 6e étage'),
    uf(IDS.locSsr, '5120', 'UF Soins de suite', 'Soins médicaux et de réadaptation gériatriques'),
  ];
}

// ---------------------------------------------------------------------------------------------
// Professionals

const PROFESSION = {
  medecin: coding(SYSTEMS.profession, '10', 'Médecin'),
  pharmacien: coding(SYSTEMS.profession, '21', 'Pharmacien'),
  infirmier: coding(SYSTEMS.profession, '60', 'Infirmier'),
} as const;

const SPECIALTY = {
  mg: coding(SYSTEMS.specialty, 'SM54', 'Médecine générale (SM)'),
  onco: coding(SYSTEMS.specialty, 'SM36', 'Oncologie, option médicale (SM)'),
  nephro: coding(SYSTEMS.specialty, 'SM30', 'Néphrologie (SM)'),
  radio: coding(SYSTEMS.specialty, 'SM44', 'Radio-diagnostic (SM)'),
  geriatrie: coding(SYSTEMS.specialty, 'SM18', 'Gériatrie (SM)'),
  urgence: coding(SYSTEMS.specialty, 'SM59', "Médecine d'urgence (SM)"),
} as const;

interface ActorSpec {
  pracId: string;
  roleId: string;
  family: string;
  given: string;
  gender: 'male' | 'female';
  /** Physicians get the "Dr" prefix. */
  doctor?: boolean;
  /** National professional id (health professionals only). */
  idnps?: string;
  email: string;
  /** PractitionerRole.code: a TRE_G15 profession for health professionals, text only otherwise. */
  code: CodeableConcept;
  specialty?: CodeableConcept;
  organization?: string;
  location?: string;
}

const ACTORS: ActorSpec[] = [
  {
    pracId: IDS.pracGp, roleId: IDS.roleGp, family: 'Lefèvre', given: 'Claire', gender: 'female', doctor: true,
    idnps: '810101234567', email: 'claire.lefevre@medecin.mssante.fr',
    code: concept('Médecin généraliste', PROFESSION.medecin), specialty: concept('Médecine générale', SPECIALTY.mg),
    organization: IDS.orgMsp,
  },
  {
    pracId: IDS.pracIdel, roleId: IDS.roleIdel, family: 'Marchand', given: 'Sophie', gender: 'female',
    idnps: '810102345678', email: 'sophie.marchand@infirmier.mssante.fr',
    code: concept('Infirmière libérale (IDEL)', PROFESSION.infirmier), organization: IDS.orgMsp,
  },
  {
    pracId: IDS.pracCoord, roleId: IDS.roleCoord, family: 'Rousseau', given: 'Émilie', gender: 'female',
    email: 'emilie.rousseau@dac14.example',
    code: concept('Coordinatrice de parcours', coding(SYSTEMS.nonHealthRole, 'coordinateur-parcours', 'Coordinateur·rice de parcours')),
    organization: IDS.orgDac,
  },
  {
    pracId: IDS.pracPharm, roleId: IDS.rolePharm, family: 'Girard', given: 'Antoine', gender: 'male',
    idnps: '810103456789', email: 'antoine.girard@pharmacien.mssante.fr',
    code: concept("Pharmacien d'officine", PROFESSION.pharmacien), organization: IDS.orgPharmacy,
  },
  {
    pracId: IDS.pracOnco, roleId: IDS.roleOnco, family: 'Moreau', given: 'Hélène', gender: 'female', doctor: true,
    idnps: '810104567890', email: 'helene.moreau@chu-caen.mssante.fr',
    code: concept('Oncologue médicale', PROFESSION.medecin), specialty: concept('Oncologie médicale', SPECIALTY.onco),
    organization: IDS.orgChu, location: IDS.locOnco,
  },
  {
    pracId: IDS.pracSocial, roleId: IDS.roleSocial, family: 'Benali', given: 'Nadia', gender: 'female',
    email: 'nadia.benali@ccas-falaise.example',
    code: concept('Assistante sociale', coding(SYSTEMS.nonHealthRole, 'assistant-social', 'Assistant·e social·e')),
    organization: IDS.orgCcas,
  },
  {
    pracId: IDS.pracNephro, roleId: IDS.roleNephro, family: 'Lambert', given: 'Julien', gender: 'male', doctor: true,
    idnps: '810105678901', email: 'julien.lambert@chu-caen.mssante.fr',
    code: concept('Néphrologue', PROFESSION.medecin), specialty: concept('Néphrologie', SPECIALTY.nephro),
    organization: IDS.orgChu, location: IDS.locNephro,
  },
  {
    pracId: IDS.pracRadio, roleId: IDS.roleRadio, family: 'Petit', given: 'Thomas', gender: 'male', doctor: true,
    idnps: '810106789012', email: 'thomas.petit@chu-caen.mssante.fr',
    code: concept('Radiologue', PROFESSION.medecin), specialty: concept('Radiologie', SPECIALTY.radio),
    organization: IDS.orgChu,
  },
  {
    pracId: IDS.pracGeriatre, roleId: IDS.roleGeriatre, family: 'Fontaine', given: 'Isabelle', gender: 'female', doctor: true,
    idnps: '810107890123', email: 'isabelle.fontaine@chu-caen.mssante.fr',
    code: concept('Gériatre', PROFESSION.medecin), specialty: concept('Gériatrie', SPECIALTY.geriatrie),
    organization: IDS.orgChu, location: IDS.locSsr,
  },
  {
    pracId: IDS.pracUrgentiste, roleId: IDS.roleUrgentiste, family: 'Haddad', given: 'Karim', gender: 'male', doctor: true,
    idnps: '810108901234', email: 'karim.haddad@chu-caen.mssante.fr',
    code: concept('Médecin urgentiste', PROFESSION.medecin), specialty: concept("Médecine d'urgence", SPECIALTY.urgence),
    organization: IDS.orgChu,
  },
];

/** "Dr Claire Lefèvre" / "Sophie Marchand", by practitioner or role id. */
export function actorName(id: string): string {
  const a = ACTORS.find((x) => x.pracId === id || x.roleId === id);
  if (!a) throw new Error(`Unknown actor ${id}`);
  return `${a.doctor ? 'Dr ' : ''}${a.given} ${a.family}`;
}

export function practitioners(): Practitioner[] {
  return ACTORS.map((a) => {
    const p: Practitioner = {
      resourceType: 'Practitioner',
      id: a.pracId,
      active: true,
      name: [{ use: 'official', family: a.family, given: [a.given], ...(a.doctor ? { prefix: ['Dr'] } : {}) }],
      gender: a.gender,
      telecom: [{ system: 'email', value: a.email }],
    };
    if (a.idnps) p.identifier = [{ system: SYSTEMS.idnps, value: a.idnps }];
    return p;
  });
}

export function practitionerRoles(): PractitionerRole[] {
  return ACTORS.map((a) => {
    const r: PractitionerRole = {
      resourceType: 'PractitionerRole',
      id: a.roleId,
      active: true,
      practitioner: ref('Practitioner', a.pracId, actorName(a.pracId)),
      code: [a.code],
      telecom: [{ system: 'email', value: a.email }],
    };
    if (a.organization) r.organization = ref('Organization', a.organization);
    if (a.specialty) r.specialty = [a.specialty];
    if (a.location) r.location = [ref('Location', a.location)];
    return r;
  });
}

export function actorResources(): Resource[] {
  return [...patients(), ...organizations(), ...locations(), ...practitioners(), ...practitionerRoles()];
}
