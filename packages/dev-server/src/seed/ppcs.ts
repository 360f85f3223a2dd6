/**
 * The PPCS (Plan Personnalisé de Coordination en Santé): needs (Condition), goals (Goal), the
 * active CarePlan with inline actions (activity.detail) and Task actions, an older completed
 * PPCS, and a second active CarePlan that is not a PPCS (so clients must pick by category).
 * Portable module: no `node:` imports.
 */
import type { Annotation, CarePlan, CarePlanActivity, Condition, Goal, Resource, Task } from '@medplum/fhirtypes';
import { IDS, SYSTEMS } from './ids.ts';
import { coding, concept, dateAgo, daysAgo, daysFromNow, hoursAgo, patientRef, ref, roleRef } from './util.ts';

export const PPCS_CATEGORY = concept(
  'Plan Personnalisé de Coordination en Santé',
  coding(SYSTEMS.careplanCategory, 'ppcs', 'PPCS'),
);

/** UI action states and the FHIR statuses (activity.detail or Task) that express them. */
export const ACTION_STATES = {
  todo: ['not-started', 'requested', 'draft', 'received', 'ready'],
  scheduled: ['scheduled', 'accepted'],
  inProgress: ['in-progress'],
  done: ['completed'],
  cancelled: ['cancelled', 'rejected', 'stopped'],
  onHold: ['on-hold'],
} as const;

// ---------------------------------------------------------------------------------------------
// Needs (Condition)

function need(now: Date, id: string, text: string, recordedDaysAgo: number, recorder: string): Condition {
  return {
    resourceType: 'Condition',
    id,
    subject: patientRef(IDS.patientMain),
    category: [
      concept('Besoin', coding('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item', 'Problem List Item'),
        coding(SYSTEMS.conditionCategory, 'besoin', 'Besoin')),
    ],
    code: { text },
    clinicalStatus: concept('Actif', coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active', 'Active')),
    recordedDate: dateAgo(now, recordedDaysAgo),
    recorder: roleRef(recorder),
  };
}

export function needs(now: Date): Condition[] {
  return [
    need(now, IDS.needIsolement, 'Isolement social : vit seule, sa fille habite à Rennes', 395, IDS.roleCoord),
    need(now, IDS.needChutes, 'Risque de chute : deux chutes dans les six derniers mois', 395, IDS.roleCoord),
    need(now, IDS.needMedicaments, 'Difficultés de gestion du traitement (polymédication, 11 lignes)', 125, IDS.roleCoord),
    need(now, IDS.needNutrition, 'Dénutrition modérée : perte de 4 kg en 3 mois', 125, IDS.roleGp),
    need(now, IDS.needDroits, 'Droits sociaux à ouvrir (APA)', 125, IDS.roleSocial),
  ];
}

// ---------------------------------------------------------------------------------------------
// Goals

const ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

function goal(
  id: string,
  text: string,
  lifecycleStatus: Goal['lifecycleStatus'],
  achievement: ['in-progress' | 'achieved' | 'not-achieved', string, string],
  dueDate: string,
  start: string,
  addresses: string[],
  expressedBy: string,
  statusDate?: string,
): Goal {
  const g: Goal = {
    resourceType: 'Goal',
    id,
    lifecycleStatus,
    achievementStatus: concept(achievement[2], coding(ACHIEVEMENT, achievement[0], achievement[1])),
    description: { text },
    subject: patientRef(IDS.patientMain),
    startDate: start,
    target: [{ dueDate }],
    expressedBy: roleRef(expressedBy),
    addresses: addresses.map((c) => ref('Condition', c)),
  };
  if (statusDate) g.statusDate = statusDate;
  return g;
}

export function goals(now: Date): Goal[] {
  return [
    goal(IDS.goalDomicile, 'Maintenir Mme Martin à son domicile dans de bonnes conditions de sécurité', 'active',
      ['in-progress', 'In Progress', 'En cours'], dateAgo(now, -180), dateAgo(now, 120), [IDS.needIsolement, IDS.needChutes], IDS.roleCoord),
    goal(IDS.goalPortage, 'Mettre en place le portage des repas dès le retour à domicile', 'completed',
      ['achieved', 'Achieved', 'Atteint'], dateAgo(now, 30), dateAgo(now, 120), [IDS.needNutrition, IDS.needIsolement], IDS.roleSocial, dateAgo(now, 33)),
    goal(IDS.goalPoids, 'Stabiliser le poids au-dessus de 50 kg', 'active',
      ['not-achieved', 'Not Achieved', 'Non atteint'], dateAgo(now, 7), dateAgo(now, 120), [IDS.needNutrition], IDS.roleGp, dateAgo(now, 7)),
    goal(IDS.goalCicatrisation, 'Cicatrisation de l’escarre du talon droit', 'active',
      ['in-progress', 'In Progress', 'En cours'], dateAgo(now, -60), dateAgo(now, 34), [IDS.condEscarre], IDS.roleIdel),
  ];
}

// ---------------------------------------------------------------------------------------------
// Tasks (actions entered by each actor)

interface TaskSpec {
  id: string;
  status: Task['status'];
  owner: string;
  /** Practitioner instead of PractitionerRole for the owner. */
  ownerIsPractitioner?: boolean;
  description: string;
  authoredDaysAgo: number;
  due?: string;
  execution?: { start?: string; end?: string };
  statusReason?: string;
  businessStatus?: string;
  notes?: Annotation[];
  /** false: linked only through CarePlan.activity.reference. */
  basedOn?: boolean;
  lastModified: string;
}

function task(now: Date, s: TaskSpec): Task {
  const t: Task = {
    resourceType: 'Task',
    id: s.id,
    status: s.status,
    intent: 'plan',
    priority: 'routine',
    description: s.description,
    code: { text: 'Action du PPCS' },
    for: patientRef(IDS.patientMain),
    requester: roleRef(IDS.roleCoord),
    owner: s.ownerIsPractitioner ? ref('Practitioner', s.owner) : roleRef(s.owner),
    authoredOn: daysAgo(now, s.authoredDaysAgo, 10),
    lastModified: s.lastModified,
  };
  if (s.basedOn !== false) t.basedOn = [ref('CarePlan', IDS.carePlanPpcs)];
  if (s.execution) t.executionPeriod = s.execution;
  if (s.due) t.restriction = { period: { end: s.due } };
  if (s.statusReason) t.statusReason = { text: s.statusReason };
  if (s.businessStatus) t.businessStatus = { text: s.businessStatus };
  if (s.notes) t.note = s.notes;
  return t;
}

export function tasks(now: Date): Task[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const comment = (author: string, time: string, text: string): Annotation => ({ authorReference: roleRef(author), time, text });
  return [
    // To do, overdue (due date in the past, not done).
    task(now, {
      id: IDS.taskApa, status: 'requested', owner: IDS.roleSocial, authoredDaysAgo: 30,
      description: 'Constituer et déposer le dossier de demande d’APA auprès du Conseil départemental',
      due: at(10, 18), lastModified: at(11, 9, 40),
      notes: [comment(IDS.roleSocial, at(11, 9, 40), 'En attente de l’avis d’imposition, que la fille de Mme Martin doit envoyer.')],
    }),
    // Scheduled (accepted, with a future execution period).
    task(now, {
      id: IDS.taskRdvOnco, status: 'accepted', owner: IDS.roleOnco, authoredDaysAgo: 34,
      description: 'Consultation d’oncologie de suivi avec bilan biologique',
      execution: { start: daysFromNow(now, 12, 13), end: daysFromNow(now, 12, 13, 30) }, due: daysFromNow(now, 12, 18),
      businessStatus: 'Rendez-vous fixé', lastModified: hoursAgo(now, 5),
      notes: [comment(IDS.roleOnco, hoursAgo(now, 5), 'Rendez-vous confirmé, bilan sanguin la veille au laboratoire de Falaise.')],
    }),
    task(now, {
      id: IDS.taskPilulier, status: 'in-progress', owner: IDS.rolePharm, authoredDaysAgo: 34,
      description: 'Préparer le pilulier chaque semaine et le livrer au domicile',
      execution: { start: at(32, 9) }, due: daysFromNow(now, 5, 18), lastModified: at(18, 18, 30),
      notes: [comment(IDS.rolePharm, at(18, 18, 30), 'Pilulier adapté après la conciliation (9 lignes). Livraison le lundi.')],
    }),
    task(now, {
      id: IDS.taskMatelas, status: 'completed', owner: IDS.roleIdel, authoredDaysAgo: 35,
      description: 'Commander et faire installer un matelas à air anti-escarres',
      execution: { start: at(35, 10), end: at(31, 15) }, due: at(30, 18), lastModified: at(31, 15),
      notes: [comment(IDS.roleIdel, at(31, 15), 'Matelas installé par le prestataire ; Mme Martin est bien installée.')],
    }),
    task(now, {
      id: IDS.taskTeleassistance, status: 'cancelled', owner: IDS.roleCoord, authoredDaysAgo: 95,
      description: 'Installer un dispositif de téléassistance',
      statusReason: 'Refus de la patiente pour le moment', due: at(60, 18), lastModified: at(28, 11),
      notes: [comment(IDS.roleCoord, at(28, 11), 'Mme Martin ne souhaite pas de téléassistance. À reproposer après la cicatrisation.')],
    }),
    task(now, {
      id: IDS.taskKine, status: 'on-hold', owner: IDS.roleGp, authoredDaysAgo: 120,
      description: 'Prescrire la reprise de la kinésithérapie à domicile (prévention des chutes)',
      statusReason: 'En attente de la cicatrisation du talon', due: daysFromNow(now, 30, 18), lastModified: at(33, 17, 30),
    }),
    // Linked to the plan only through CarePlan.activity.reference.
    task(now, {
      id: IDS.taskBilanGeriatrique, status: 'requested', owner: IDS.pracGeriatre, ownerIsPractitioner: true, authoredDaysAgo: 9,
      description: 'Bilan gériatrique en hôpital de jour (cognition, nutrition, risque de chute)',
      due: daysFromNow(now, 20, 18), basedOn: false, lastModified: at(9, 10),
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Care plans

function detail(d: NonNullable<CarePlanActivity['detail']>): CarePlanActivity {
  return { detail: d };
}

export function carePlans(now: Date): CarePlan[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const ppcs: CarePlan = {
    resourceType: 'CarePlan',
    id: IDS.carePlanPpcs,
    status: 'active',
    intent: 'plan',
    category: [PPCS_CATEGORY],
    title: 'PPCS — Mme Jeanne Martin',
    description:
      'Plan élaboré avec Mme Martin et son médecin traitant lors de la réévaluation du DAC, révisé au retour d’hospitalisation. Priorités : sécuriser le domicile, cicatriser l’escarre, nutrition, droits sociaux.',
    subject: patientRef(IDS.patientMain),
    period: { start: at(120, 9), end: daysFromNow(now, 60, 18) },
    created: at(120, 9),
    author: roleRef(IDS.roleCoord),
    contributor: [IDS.roleCoord, IDS.roleGp, IDS.roleIdel, IDS.roleSocial, IDS.rolePharm].map(roleRef),
    careTeam: [ref('CareTeam', IDS.ctDac)],
    addresses: [IDS.needIsolement, IDS.needChutes, IDS.needMedicaments, IDS.needNutrition, IDS.needDroits].map((id) => ref('Condition', id)),
    goal: [IDS.goalDomicile, IDS.goalPortage, IDS.goalPoids, IDS.goalCicatrisation].map((id) => ref('Goal', id)),
    replaces: [ref('CarePlan', IDS.carePlanPpcsInitial)],
    activity: [
      {
        ...detail({
          kind: 'Task',
          code: { text: 'Soins infirmiers' },
          status: 'in-progress',
          description: 'Passage IDEL quotidien : pansement de l’escarre du talon droit et surveillance cutanée',
          performer: [roleRef(IDS.roleIdel)],
          scheduledPeriod: { start: at(34, 7), end: daysFromNow(now, 30, 18) },
        }),
        progress: [{ authorReference: roleRef(IDS.roleIdel), time: at(2, 8, 5), text: 'Plaie en nette amélioration : 2 × 1,5 cm.' }],
      },
      detail({
        kind: 'Task',
        code: { text: 'Aide à domicile' },
        status: 'completed',
        description: 'Mettre en place le portage de repas à domicile (5 jours sur 7)',
        performer: [roleRef(IDS.roleSocial)],
        scheduledString: 'Dès le retour à domicile',
        goal: [ref('Goal', IDS.goalPortage)],
      }),
      detail({
        kind: 'Appointment',
        code: { text: 'Consultation' },
        status: 'scheduled',
        description: 'Consultation de néphrologie de suivi (contrôle du DFG et de la kaliémie)',
        performer: [roleRef(IDS.roleNephro)],
        scheduledPeriod: { start: daysFromNow(now, 21, 8, 30), end: daysFromNow(now, 21, 9) },
      }),
      detail({
        kind: 'Task',
        code: { text: 'Aménagement du domicile' },
        status: 'not-started',
        description: 'Visite d’un ergothérapeute : aménagement de la salle de bain, barres d’appui',
        performer: [roleRef(IDS.roleCoord)],
        // Due date in the past, not started: overdue.
        scheduledPeriod: { start: at(30, 9), end: at(5, 18) },
      }),
      detail({
        kind: 'Task',
        code: { text: 'Rééducation' },
        status: 'on-hold',
        statusReason: { text: 'Suspendues pendant la cicatrisation du talon' },
        description: 'Séances de kinésithérapie à domicile (équilibre, prévention des chutes)',
        performer: [roleRef(IDS.roleGp)],
        scheduledString: 'Deux séances par semaine',
      }),
      detail({
        kind: 'Task',
        code: { text: 'Accueil de jour' },
        status: 'cancelled',
        statusReason: { text: 'Refus de Mme Martin' },
        description: 'Accueil de jour hebdomadaire en EHPAD',
        performer: [roleRef(IDS.roleCoord)],
        scheduledString: 'Le jeudi',
      }),
      { reference: ref('Task', IDS.taskBilanGeriatrique) },
    ],
    note: [{ authorReference: roleRef(IDS.roleCoord), time: at(33, 10), text: 'PPCS révisé au retour d’hospitalisation.' }],
  };

  const initial: CarePlan = {
    resourceType: 'CarePlan',
    id: IDS.carePlanPpcsInitial,
    status: 'completed',
    intent: 'plan',
    category: [PPCS_CATEGORY],
    title: 'PPCS initial — Mme Jeanne Martin',
    description: 'Premier plan après l’évaluation initiale du DAC.',
    subject: patientRef(IDS.patientMain),
    period: { start: at(390, 9), end: at(120, 9) },
    created: at(390, 9),
    author: roleRef(IDS.roleCoord),
    careTeam: [ref('CareTeam', IDS.ctDac)],
    addresses: [ref('Condition', IDS.needIsolement), ref('Condition', IDS.needChutes)],
    activity: [
      detail({
        status: 'completed',
        description: 'Mettre en place une aide-ménagère 2 h par semaine',
        performer: [roleRef(IDS.roleSocial)],
        scheduledPeriod: { start: at(390, 9), end: at(360, 18) },
      }),
      detail({
        status: 'completed',
        description: 'Revoir l’ordonnance avec le médecin traitant (polymédication)',
        performer: [roleRef(IDS.roleGp)],
        scheduledPeriod: { start: at(390, 9), end: at(370, 18) },
      }),
    ],
  };

  const soins: CarePlan = {
    resourceType: 'CarePlan',
    id: IDS.carePlanSoins,
    status: 'active',
    intent: 'plan',
    category: [concept('Plan de soins infirmiers', coding(SYSTEMS.careplanCategory, 'plan-soins', 'Plan de soins'))],
    title: 'Protocole de soins — escarre du talon droit',
    subject: patientRef(IDS.patientMain),
    period: { start: at(33, 8) },
    created: at(33, 8),
    author: roleRef(IDS.roleIdel),
    careTeam: [ref('CareTeam', IDS.ctPlaies)],
    addresses: [ref('Condition', IDS.condEscarre)],
    goal: [ref('Goal', IDS.goalCicatrisation)],
    activity: [
      detail({
        status: 'in-progress',
        description: 'Détersion, hydrocellulaire adhésif, décharge du talon ; photo chaque semaine',
        performer: [roleRef(IDS.roleIdel)],
        scheduledString: 'Tous les jours',
      }),
    ],
  };

  return [initial, ppcs, soins];
}

export function ppcsResources(now: Date): Resource[] {
  return [...needs(now), ...goals(now), ...carePlans(now), ...tasks(now)];
}
