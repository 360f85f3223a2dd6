/**
 * Fixed ids and code systems of the seed. Tests, stories and the demo name resources by these
 * constants, so renaming an id here is a breaking change for them.
 *
 * Portable module (also imported in the browser by MSW handlers): no `node:` imports.
 */

/** INS-NIR (national health identifier, from the NIR). */
export const INS_NIR = 'urn:oid:1.2.250.1.213.1.4.8';
/** INS-NIA (national health identifier attributed when there is no NIR). */
export const INS_NIA = 'urn:oid:1.2.250.1.213.1.4.9';

/** The INS-NIA value shared by the two duplicate records (an "ambiguous identity" search). */
export const INS_NIA_DUPLICATE = '7000000000001';

export const SYSTEMS = {
  loinc: 'http://loinc.org',
  /** TRE_G15 ProfessionSante (French table of health professions). */
  profession: 'urn:oid:1.2.250.1.71.1.2.7',
  /** TRE_R38 SpecialiteOrdinale (medical specialties). */
  specialty: 'urn:oid:1.2.250.1.71.4.2.5',
  /** RPPS-based national professional identifier (IDNPS). */
  idnps: 'urn:oid:1.2.250.1.71.4.2.1',
  /** FINESS establishment number. */
  finess: 'urn:oid:1.2.250.1.71.4.2.2',
  /** French masking labels of the shared record (MASQUE_PS, INVISIBLE_PATIENT, …). */
  maskLabel: 'urn:oid:1.2.250.1.213.1.1.4.13',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  cim10: 'http://hl7.org/fhir/sid/icd-10',
  parcours: 'https://coord.example/fhir/CodeSystem/parcours',
  careplanCategory: 'https://coord.example/fhir/CodeSystem/careplan-category',
  documentCategory: 'https://coord.example/fhir/CodeSystem/document-category',
  careTeamRole: 'https://coord.example/fhir/CodeSystem/role-cercle',
  nonHealthRole: 'https://coord.example/fhir/CodeSystem/role-non-sante',
  conditionCategory: 'https://coord.example/fhir/CodeSystem/condition-category',
  usCoreDocCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
  encounterClass: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  uri: 'urn:ietf:rfc:3986',
} as const;

export const IDS = {
  // Patients
  patientMain: 'pat-martin',
  patientSecond: 'pat-dubois',
  patientDupA: 'pat-dup-a',
  patientDupB: 'pat-dup-b',
  patientIncomplete: 'pat-incomplete',

  // Organizations and hospital units
  orgDac: 'org-dac',
  orgChu: 'org-chu-caen',
  orgPharmacy: 'org-pharmacie',
  orgMsp: 'org-msp-falaise',
  orgCcas: 'org-ccas-falaise',
  locOnco: 'loc-uf-onco',
  locNephro: 'loc-uf-nephro',
  locSsr: 'loc-uf-ssr',

  // Practitioners
  pracGp: 'prac-gp',
  pracIdel: 'prac-idel',
  pracCoord: 'prac-coord',
  pracPharm: 'prac-pharm',
  pracOnco: 'prac-onco',
  pracSocial: 'prac-social',
  pracNephro: 'prac-nephro',
  pracRadio: 'prac-radio',
  pracGeriatre: 'prac-geriatre',
  pracUrgentiste: 'prac-urg',

  // Practitioner roles (the usual `user=` of a viewer)
  roleGp: 'role-gp',
  roleIdel: 'role-idel',
  roleCoord: 'role-coord',
  rolePharm: 'role-pharm',
  roleOnco: 'role-onco',
  roleSocial: 'role-social',
  roleNephro: 'role-nephro',
  roleRadio: 'role-radio',
  roleGeriatre: 'role-geriatre',
  roleUrgentiste: 'role-urg',

  // Pathways (EpisodeOfCare) and care circles (CareTeam)
  eocDac: 'eoc-dac',
  eocPlaies: 'eoc-plaies',
  eocCancer: 'eoc-cancer',
  eocIrc: 'eoc-irc',
  /** Finished pathway (healed leg ulcer), with an end date. */
  eocPlaiesJambe: 'eoc-plaies-jambe',
  eocDubois: 'eoc-dubois-plaies',
  ctDac: 'ct-dac',
  ctPlaies: 'ct-plaies',
  ctCancer: 'ct-cancer',
  ctIrc: 'ct-irc',
  ctPlaiesJambe: 'ct-plaies-jambe',
  ctDubois: 'ct-dubois',

  // Encounters
  encEvalDacInitial: 'enc-eval-dac-initial',
  encEvalDac: 'enc-eval-dac',
  encGp1: 'enc-consult-gp-1',
  encGp2: 'enc-consult-gp-2',
  encScanner: 'enc-scanner',
  encOnco: 'enc-consult-onco',
  encOncoNext: 'enc-consult-onco-next',
  /** Hospital stay moving between three units (location[] with periods). */
  encHospit: 'enc-hospit',
  encIdel1: 'enc-idel-1',
  encIdel2: 'enc-idel-2',
  encIdel3: 'enc-idel-3',
  encIdel4: 'enc-idel-4',
  encIdelNext: 'enc-idel-next',
  encDoppler: 'enc-doppler',
  encNephroOld: 'enc-consult-nephro-old',
  encNephro: 'enc-consult-nephro',
  encJambe1: 'enc-jambe-1',
  encJambe2: 'enc-jambe-2',
  encDubois: 'enc-dubois-visite',

  // Documents
  docCourrierDac: 'doc-courrier-dac',
  docEvalDac: 'doc-eval-dac',
  docPpcsPdf: 'doc-ppcs-pdf',
  /** Confidentiality R (restricted). */
  docEvalSociale: 'doc-eval-sociale',
  /** Confidentiality V (very restricted). */
  docCrAnnonce: 'doc-cr-annonce',
  docCrScanner: 'doc-cr-scanner',
  docCrOnco: 'doc-cr-consult-onco',
  docHpEntree: 'doc-hp-entree',
  /** Superseded by docCrHospit2. */
  docCrHospit1: 'doc-cr-hospit-1',
  /** Replaces docCrHospit1 (relatesTo replaces). */
  docCrHospit2: 'doc-cr-hospit-2',
  /** Prescription with inline PDF data (no Binary). */
  docOrdoSortie: 'doc-ordo-sortie',
  docOrdoPansements: 'doc-ordo-pansements',
  docPhotoPlaie: 'doc-photo-plaie',
  docDoppler: 'doc-cr-doppler',
  docBioHospit: 'doc-bio-hospit',
  docBioRenal: 'doc-bio-renal',
  docCrNephro: 'doc-cr-consult-nephro',
  /** Masked (MASQUE_PS): never show its title. */
  docMasked: 'doc-cr-memoire',
  docSoinsIdel: 'doc-cr-soins-idel',
  docSyntheseJambe: 'doc-synthese-jambe',
  docDuboisCr: 'doc-dubois-cr',
  docDuboisOrdo: 'doc-dubois-ordo',

  // Shared notes (DocumentReference, category clinical-note)
  noteSuivi: 'note-suivi-domicile',
  noteAides: 'note-organisation-aides',
  noteConciliation: 'note-conciliation',

  // Binaries
  binPhotoPlaie: 'bin-photo-plaie',
  binPhotoPlaieJ25: 'bin-photo-plaie-j25',
  binOrdoPansements: 'bin-ordo-pansements',
  binCrHospit2: 'bin-cr-hospit-2',
  binBioRenal: 'bin-bio-renal',
  binCrScanner: 'bin-cr-scanner',

  // Results
  drBioRenal: 'dr-bio-renal',
  drBioHospit: 'dr-bio-hospit',
  drScanner: 'dr-scanner',
  drDoppler: 'dr-doppler',
  imagingScanner: 'is-scanner-tap',

  // PPCS
  carePlanPpcs: 'cp-ppcs',
  carePlanPpcsInitial: 'cp-ppcs-initial',
  /** A second active CarePlan that is not a PPCS (nursing protocol). */
  carePlanSoins: 'cp-soins-plaie',
  condIrc: 'cond-irc',
  condCancer: 'cond-cancer-sein',
  condEscarre: 'cond-escarre-talon',
  condUlcere: 'cond-ulcere-jambe',
  needIsolement: 'cond-besoin-isolement',
  needChutes: 'cond-besoin-chutes',
  needMedicaments: 'cond-besoin-medicaments',
  needNutrition: 'cond-besoin-nutrition',
  needDroits: 'cond-besoin-droits',
  goalDomicile: 'goal-maintien-domicile',
  goalPortage: 'goal-portage-repas',
  goalPoids: 'goal-poids',
  goalCicatrisation: 'goal-cicatrisation',
  /** status requested, due date in the past: overdue. */
  taskApa: 'task-apa',
  taskRdvOnco: 'task-rdv-onco',
  taskPilulier: 'task-pilulier',
  taskMatelas: 'task-matelas',
  taskTeleassistance: 'task-teleassistance',
  taskKine: 'task-kine',
  /** Referenced only through CarePlan.activity.reference (no basedOn). */
  taskBilanGeriatrique: 'task-bilan-geriatrique',

  // Messages (MIS)
  msgFirst: 'msg-martin-01',
  msgReply: 'msg-martin-02',
  msgPdf: 'msg-martin-03',
  msgPhoto: 'msg-martin-04',
  msgMultiline: 'msg-martin-06',
  msgFromPatient: 'msg-martin-11',
  msgLatest: 'msg-martin-18',

  // Access traces
  auditBreakGlass: 'ae-bris-de-glace',
  auditDenied: 'ae-acces-refuse',
} as const;

export type SeedId = (typeof IDS)[keyof typeof IDS];

/** Ids written several times on purpose (successive versions of an evolving note). */
export const VERSIONED_IDS: readonly string[] = [IDS.noteSuivi, IDS.noteAides];

/** The pathway code system values. */
export const PARCOURS = {
  dac: 'Coordination complexe (DAC)',
  plaies: 'Plaies complexes',
  cancer: 'Cancer',
  irc: 'Insuffisance rénale chronique',
} as const;

export type ParcoursCode = keyof typeof PARCOURS;
