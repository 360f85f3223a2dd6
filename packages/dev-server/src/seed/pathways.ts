/**
 * Pathways (EpisodeOfCare), care circles (CareTeam), encounters (incl. a hospital stay moving
 * between three units) and the diagnoses the pathways are about (Condition).
 * Portable module: no `node:` imports.
 */
import type { CareTeam, CareTeamParticipant, Condition, Encounter, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { IDS, SYSTEMS, type ParcoursCode } from './ids.ts';
import { coding, concept, dateAgo, daysAgo, daysFromNow, minutesAfter, parcoursType, patientRef, ref, roleRef, type Ref } from './util.ts';

/** When each pathway of the main patient starts (days before now); extra.ts uses it too. */
export const PATHWAY_WINDOWS: { id: string; code: ParcoursCode; startDaysAgo: number; endDaysAgo?: number }[] = [
  { id: IDS.eocIrc, code: 'irc', startDaysAgo: 1850 },
  { id: IDS.eocPlaiesJambe, code: 'plaies', startDaysAgo: 900, endDaysAgo: 600 },
  { id: IDS.eocCancer, code: 'cancer', startDaysAgo: 730 },
  { id: IDS.eocDac, code: 'dac', startDaysAgo: 400 },
  { id: IDS.eocPlaies, code: 'plaies', startDaysAgo: 34 },
];

// ---------------------------------------------------------------------------------------------
// Diagnoses (the "why" of the clinical pathways)

export function diagnoses(now: Date): Condition[] {
  const base = (id: string, code: string, display: string, text: string): Condition => ({
    resourceType: 'Condition',
    id,
    subject: patientRef(IDS.patientMain),
    category: [
      concept('Diagnostic', coding('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item', 'Problem List Item')),
    ],
    code: concept(text, coding(SYSTEMS.cim10, code, display)),
    clinicalStatus: concept('Actif', coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active', 'Active')),
    verificationStatus: concept('Confirmé', coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed', 'Confirmed')),
  });
  return [
    { ...base(IDS.condIrc, 'N18.4', 'Maladie rénale chronique, stade 4', 'Insuffisance rénale chronique stade 4'),
      onsetDateTime: dateAgo(now, 1900), recordedDate: dateAgo(now, 1850), asserter: roleRef(IDS.roleNephro) },
    { ...base(IDS.condCancer, 'C50.9', 'Tumeur maligne du sein, sans précision', 'Cancer du sein gauche (carcinome canalaire infiltrant)'),
      onsetDateTime: dateAgo(now, 735), recordedDate: dateAgo(now, 730), asserter: roleRef(IDS.roleOnco) },
    { ...base(IDS.condEscarre, 'L89.2', 'Escarre de stade III', 'Escarre du talon droit, stade 3'),
      bodySite: [{ text: 'Talon droit' }], onsetDateTime: dateAgo(now, 40), recordedDate: dateAgo(now, 36), asserter: roleRef(IDS.roleOnco) },
    { ...base(IDS.condUlcere, 'I83.0', 'Varices des membres inférieurs avec ulcère', 'Ulcère veineux de la jambe gauche'),
      clinicalStatus: concept('Guéri', coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'resolved', 'Resolved')),
      bodySite: [{ text: 'Jambe gauche, face interne' }], onsetDateTime: dateAgo(now, 905), abatementDateTime: dateAgo(now, 600),
      recordedDate: dateAgo(now, 900), asserter: roleRef(IDS.roleGp) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Care circles

const ROLE = {
  referent: ['referent', 'Référente de parcours'],
  medecinTraitant: ['medecin-traitant', 'Médecin traitant'],
  idel: ['idel', 'Infirmière libérale (IDEL)'],
  idelReferente: ['idel', 'Infirmière référente plaies'],
  pharmacien: ['pharmacien', "Pharmacien d'officine"],
  social: ['assistant-social', 'Assistante sociale'],
  oncologue: ['oncologue', 'Oncologue référente'],
  nephrologue: ['nephrologue', 'Néphrologue référent'],
  radiologue: ['radiologue', 'Radiologue'],
  geriatre: ['geriatre', 'Gériatre'],
} as const satisfies Record<string, readonly [string, string]>;

function participant(member: Ref, role: readonly [string, string], start: string, end?: string): CareTeamParticipant {
  return {
    role: [concept(role[1], coding(SYSTEMS.careTeamRole, role[0], role[1]))],
    member,
    period: end ? { start, end } : { start },
  };
}

export function careTeams(now: Date): CareTeam[] {
  const start = (n: number): string => dateAgo(now, n);
  const team = (id: string, name: string, patient: string, org: string, members: CareTeamParticipant[], status: CareTeam['status'] = 'active'): CareTeam => ({
    resourceType: 'CareTeam',
    id,
    status,
    name,
    subject: patientRef(patient),
    managingOrganization: [ref('Organization', org)],
    participant: members,
  });
  return [
    team(IDS.ctDac, 'Cercle de soins — Mme Martin', IDS.patientMain, IDS.orgDac, [
      participant(roleRef(IDS.roleCoord), ROLE.referent, start(400)),
      participant(roleRef(IDS.roleGp), ROLE.medecinTraitant, start(400)),
      participant(roleRef(IDS.roleIdel), ROLE.idel, start(400)),
      participant(roleRef(IDS.rolePharm), ROLE.pharmacien, start(395)),
      participant(roleRef(IDS.roleSocial), ROLE.social, start(390)),
      participant(roleRef(IDS.roleOnco), ROLE.oncologue, start(380)),
      participant(roleRef(IDS.roleNephro), ROLE.nephrologue, start(380)),
      participant(roleRef(IDS.roleGeriatre), ROLE.geriatre, start(70)),
    ]),
    team(IDS.ctPlaies, 'Équipe plaies complexes', IDS.patientMain, IDS.orgMsp, [
      participant(roleRef(IDS.roleIdel), ROLE.idelReferente, start(34)),
      participant(roleRef(IDS.roleGp), ROLE.medecinTraitant, start(34)),
      participant(roleRef(IDS.rolePharm), ROLE.pharmacien, start(34)),
      participant(roleRef(IDS.roleRadio), ROLE.radiologue, start(29)),
    ]),
    team(IDS.ctCancer, 'Équipe oncologie', IDS.patientMain, IDS.orgChu, [
      participant(roleRef(IDS.roleOnco), ROLE.oncologue, start(730)),
      participant(roleRef(IDS.roleGp), ROLE.medecinTraitant, start(730)),
      // A member given as a Practitioner (not a role), as some servers do.
      participant(ref('Practitioner', IDS.pracRadio), ROLE.radiologue, start(728)),
      participant(roleRef(IDS.roleIdel), ROLE.idel, start(400)),
    ]),
    team(IDS.ctIrc, 'Équipe néphrologie', IDS.patientMain, IDS.orgChu, [
      participant(roleRef(IDS.roleNephro), ROLE.nephrologue, start(1850)),
      participant(roleRef(IDS.roleGp), ROLE.medecinTraitant, start(1850)),
      participant(roleRef(IDS.rolePharm), ROLE.pharmacien, start(1200)),
    ]),
    team(IDS.ctPlaiesJambe, 'Équipe plaies (ulcère de jambe)', IDS.patientMain, IDS.orgMsp, [
      participant(roleRef(IDS.roleIdel), ROLE.idelReferente, start(900), start(600)),
      participant(roleRef(IDS.roleGp), ROLE.medecinTraitant, start(900), start(600)),
    ], 'inactive'),
    team(IDS.ctDubois, 'Cercle de soins — M. Dubois', IDS.patientSecond, IDS.orgMsp, [
      participant(roleRef(IDS.roleIdel), ROLE.idelReferente, start(90)),
      participant(roleRef(IDS.roleGp), ROLE.medecinTraitant, start(90)),
      participant(roleRef(IDS.rolePharm), ROLE.pharmacien, start(88)),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Pathways

export function pathways(now: Date): EpisodeOfCare[] {
  const eoc = (
    id: string,
    code: ParcoursCode,
    patient: string,
    startDays: number,
    org: string,
    manager: string,
    team: string,
    diagnosis?: string,
    endDays?: number,
  ): EpisodeOfCare => {
    const e: EpisodeOfCare = {
      resourceType: 'EpisodeOfCare',
      id,
      status: endDays === undefined ? 'active' : 'finished',
      type: [parcoursType(code)],
      patient: patientRef(patient),
      period: endDays === undefined ? { start: daysAgo(now, startDays, 9) } : { start: daysAgo(now, startDays, 9), end: daysAgo(now, endDays, 17) },
      managingOrganization: ref('Organization', org),
      careManager: roleRef(manager),
      team: [ref('CareTeam', team)],
    };
    if (diagnosis) e.diagnosis = [{ condition: ref('Condition', diagnosis), rank: 1 }];
    if (endDays !== undefined) {
      e.statusHistory = [
        { status: 'active', period: { start: daysAgo(now, startDays, 9), end: daysAgo(now, endDays, 17) } },
      ];
    }
    return e;
  };
  return [
    eoc(IDS.eocDac, 'dac', IDS.patientMain, 400, IDS.orgDac, IDS.roleCoord, IDS.ctDac),
    eoc(IDS.eocPlaies, 'plaies', IDS.patientMain, 34, IDS.orgMsp, IDS.roleIdel, IDS.ctPlaies, IDS.condEscarre),
    eoc(IDS.eocCancer, 'cancer', IDS.patientMain, 730, IDS.orgChu, IDS.roleOnco, IDS.ctCancer, IDS.condCancer),
    eoc(IDS.eocIrc, 'irc', IDS.patientMain, 1850, IDS.orgChu, IDS.roleNephro, IDS.ctIrc, IDS.condIrc),
    eoc(IDS.eocPlaiesJambe, 'plaies', IDS.patientMain, 900, IDS.orgMsp, IDS.roleIdel, IDS.ctPlaiesJambe, IDS.condUlcere, 600),
    eoc(IDS.eocDubois, 'plaies', IDS.patientSecond, 90, IDS.orgMsp, IDS.roleIdel, IDS.ctDubois),
  ];
}

// ---------------------------------------------------------------------------------------------
// Encounters

const CLASS = {
  AMB: coding(SYSTEMS.encounterClass, 'AMB', 'ambulatory'),
  HH: coding(SYSTEMS.encounterClass, 'HH', 'home health'),
  IMP: coding(SYSTEMS.encounterClass, 'IMP', 'inpatient encounter'),
} as const;

interface EncounterSpec {
  id: string;
  cls: keyof typeof CLASS;
  type: string;
  start: string;
  /** Duration in minutes (ignored when `end` is given). */
  minutes?: number;
  end?: string;
  episodes: string[];
  participants: string[];
  patient?: string;
  status?: Encounter['status'];
  serviceProvider?: string;
  location?: string;
  reason?: string;
}

export function encounter(s: EncounterSpec): Encounter {
  const e: Encounter = {
    resourceType: 'Encounter',
    id: s.id,
    status: s.status ?? 'finished',
    class: CLASS[s.cls],
    type: [{ text: s.type }],
    subject: patientRef(s.patient ?? IDS.patientMain),
    participant: s.participants.map((id) => ({ individual: roleRef(id) })),
    period: { start: s.start, end: s.end ?? minutesAfter(s.start, s.minutes ?? 30) },
  };
  if (s.episodes.length) e.episodeOfCare = s.episodes.map((id) => ref('EpisodeOfCare', id));
  if (s.serviceProvider) e.serviceProvider = ref('Organization', s.serviceProvider);
  if (s.location) e.location = [{ location: ref('Location', s.location), status: e.status === 'planned' ? 'planned' : 'completed' }];
  if (s.reason) e.reasonCode = [{ text: s.reason }];
  return e;
}

export function encounters(now: Date): Encounter[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const idelVisit = (id: string, n: number, mm: number, reason: string): Encounter =>
    encounter({ id, cls: 'HH', type: 'Soins infirmiers à domicile', start: at(n, 7, mm), minutes: 40, episodes: [IDS.eocPlaies], participants: [IDS.roleIdel], serviceProvider: IDS.orgMsp, reason });

  // The hospital stay: emergency admission to oncology, transfer to nephrology, then to the
  // follow-up care unit (three "mouvements", each a location with its own period).
  const admit = at(48, 2, 10);
  const toNephro = at(45, 14, 30);
  const toSsr = at(41, 10, 0);
  const discharge = at(36, 11, 0);
  const stay: Encounter = {
    ...encounter({
      id: IDS.encHospit, cls: 'IMP', type: 'Hospitalisation complète', start: admit, end: discharge,
      episodes: [IDS.eocCancer, IDS.eocIrc], participants: [IDS.roleOnco, IDS.roleNephro, IDS.roleGeriatre],
      serviceProvider: IDS.orgChu, reason: "Fièvre à 39 °C et altération de l'état général",
    }),
    hospitalization: {
      admitSource: concept('Admission par les urgences', coding('http://terminology.hl7.org/CodeSystem/admit-source', 'emd', 'From accident/emergency department')),
      dischargeDisposition: concept('Retour à domicile', coding('http://terminology.hl7.org/CodeSystem/discharge-disposition', 'home', 'Home')),
    },
    location: [
      { location: ref('Location', IDS.locOnco, 'UF Oncologie médicale'), status: 'completed', period: { start: admit, end: toNephro } },
      { location: ref('Location', IDS.locNephro, 'UF Néphrologie'), status: 'completed', period: { start: toNephro, end: toSsr } },
      { location: ref('Location', IDS.locSsr, 'UF Soins de suite'), status: 'completed', period: { start: toSsr, end: discharge } },
    ],
  };

  return [
    encounter({ id: IDS.encJambe1, cls: 'HH', type: 'Soins infirmiers à domicile', start: at(880, 7, 30), minutes: 40,
      episodes: [IDS.eocPlaiesJambe], participants: [IDS.roleIdel], serviceProvider: IDS.orgMsp, reason: 'Pansement de l’ulcère de jambe gauche' }),
    encounter({ id: IDS.encJambe2, cls: 'HH', type: 'Soins infirmiers à domicile', start: at(610, 7, 45), minutes: 30,
      episodes: [IDS.eocPlaiesJambe], participants: [IDS.roleIdel], serviceProvider: IDS.orgMsp, reason: 'Dernier pansement : ulcère cicatrisé' }),
    encounter({ id: IDS.encEvalDacInitial, cls: 'HH', type: 'Évaluation multidimensionnelle à domicile', start: at(395, 13, 30), minutes: 90,
      episodes: [IDS.eocDac], participants: [IDS.roleCoord], serviceProvider: IDS.orgDac, reason: 'Demande d’appui du médecin traitant' }),
    encounter({ id: IDS.encNephroOld, cls: 'AMB', type: 'Consultation de néphrologie', start: at(200, 9, 0), minutes: 30,
      episodes: [IDS.eocIrc], participants: [IDS.roleNephro], serviceProvider: IDS.orgChu, location: IDS.locNephro, reason: 'Suivi semestriel' }),
    encounter({ id: IDS.encEvalDac, cls: 'HH', type: 'Réévaluation à domicile', start: at(125, 13, 30), minutes: 75,
      episodes: [IDS.eocDac], participants: [IDS.roleCoord, IDS.roleSocial], serviceProvider: IDS.orgDac, reason: 'Révision du PPCS' }),
    encounter({ id: IDS.encScanner, cls: 'AMB', type: 'Scanner thoraco-abdomino-pelvien', start: at(80, 7, 0), minutes: 20,
      episodes: [IDS.eocCancer], participants: [IDS.roleRadio], serviceProvider: IDS.orgChu, reason: 'Bilan de surveillance' }),
    encounter({ id: IDS.encOnco, cls: 'AMB', type: "Consultation d'oncologie", start: at(78, 9, 30), minutes: 30,
      episodes: [IDS.eocCancer], participants: [IDS.roleOnco], serviceProvider: IDS.orgChu, location: IDS.locOnco, reason: 'Résultats du scanner de surveillance' }),
    encounter({ id: IDS.encGp1, cls: 'AMB', type: 'Consultation de médecine générale', start: at(62, 16, 0), minutes: 20,
      episodes: [IDS.eocDac], participants: [IDS.roleGp], serviceProvider: IDS.orgMsp, reason: 'Chute à domicile, contusion du genou' }),
    stay,
    idelVisit(IDS.encIdel1, 33, 0, 'Premier pansement de l’escarre du talon droit'),
    encounter({ id: IDS.encDoppler, cls: 'AMB', type: 'Écho-doppler artériel des membres inférieurs', start: at(28, 8, 30), minutes: 30,
      episodes: [IDS.eocPlaies], participants: [IDS.roleRadio], serviceProvider: IDS.orgChu, reason: 'Bilan vasculaire de l’escarre' }),
    idelVisit(IDS.encIdel2, 26, 15, 'Pansement, évaluation de la plaie'),
    encounter({ id: IDS.encNephro, cls: 'AMB', type: 'Consultation de néphrologie', start: at(20, 9, 0), minutes: 30,
      episodes: [IDS.eocIrc], participants: [IDS.roleNephro], serviceProvider: IDS.orgChu, location: IDS.locNephro, reason: 'Contrôle après insuffisance rénale aiguë' }),
    idelVisit(IDS.encIdel3, 16, 10, 'Pansement, photo de suivi'),
    encounter({ id: IDS.encGp2, cls: 'AMB', type: 'Consultation de médecine générale', start: at(7, 15, 30), minutes: 25,
      episodes: [IDS.eocDac], participants: [IDS.roleGp], serviceProvider: IDS.orgMsp, reason: 'Suivi post-hospitalisation, perte de poids' }),
    idelVisit(IDS.encIdel4, 2, 20, 'Pansement, plaie en amélioration'),
    encounter({ id: IDS.encIdelNext, cls: 'HH', type: 'Soins infirmiers à domicile', start: daysFromNow(now, 1, 7, 0), minutes: 40, status: 'planned',
      episodes: [IDS.eocPlaies], participants: [IDS.roleIdel], serviceProvider: IDS.orgMsp, reason: 'Pansement' }),
    encounter({ id: IDS.encOncoNext, cls: 'AMB', type: "Consultation d'oncologie", start: daysFromNow(now, 12, 13, 0), minutes: 30, status: 'planned',
      episodes: [IDS.eocCancer], participants: [IDS.roleOnco], serviceProvider: IDS.orgChu, location: IDS.locOnco, reason: 'Consultation de suivi' }),
    // Second patient
    encounter({ id: IDS.encDubois, patient: IDS.patientSecond, cls: 'HH', type: 'Soins infirmiers à domicile', start: at(14, 8, 0), minutes: 30,
      episodes: [IDS.eocDubois], participants: [IDS.roleIdel], serviceProvider: IDS.orgMsp, reason: 'Pansement de la plaie du pied droit' }),
  ];
}

export function pathwayResources(now: Date): Resource[] {
  return [...diagnoses(now), ...careTeams(now), ...pathways(now), ...encounters(now)];
}
