/**
 * Documents (DocumentReference + Binary with real tiny PDFs/PNGs), lab and imaging results
 * (DiagnosticReport, Observation, ImagingStudy).
 * Portable module: no `node:` imports.
 */
import type {
  CodeableConcept,
  Coding,
  DiagnosticReport,
  DocumentReference,
  ImagingStudy,
  Observation,
  Period,
  Resource,
} from '@medplum/fhirtypes';
import { binaryResource, makePdf, png, PNG_PLAIE, textContent, type FileContent, type PdfSpec } from './binary.ts';
import { IDS, SYSTEMS } from './ids.ts';
import { coding, concept, daysAgo, frDate, loinc, minutesAfter, patientRef, ref, roleRef, type Ref } from './util.ts';

// ---------------------------------------------------------------------------------------------
// Vocabularies

/** LOINC document types, with the French label users see. */
export const DOC_TYPES = {
  consultation: ['11488-4', 'Consult note', 'Compte rendu de consultation'],
  synthese: ['34133-9', 'Summary of episode note', 'Synthèse'],
  hospitalisation: ['18842-5', 'Discharge summary', "Compte rendu d'hospitalisation"],
  biologie: ['11502-2', 'Laboratory report', 'Compte rendu de biologie'],
  imagerie: ['18748-4', 'Diagnostic imaging study', "Compte rendu d'imagerie"],
  ordonnance: ['57833-6', 'Prescription for medication', 'Ordonnance'],
  observation: ['34117-2', 'History and physical note', 'Observation médicale'],
  photo: ['72170-4', 'Photographic image', 'Photographie'],
  soinsInfirmiers: ['34746-8', 'Nurse Note', 'Compte rendu de soins infirmiers'],
  evaluation: ['51848-0', 'Evaluation note', 'Évaluation'],
  social: ['28653-4', 'Social work Note', 'Évaluation sociale'],
  courrier: ['57133-1', 'Referral note', "Courrier d'adressage"],
  planSoins: ['18776-5', 'Plan of care note', 'Plan de soins'],
  note: ['34109-9', 'Note', 'Note'],
} as const satisfies Record<string, readonly [string, string, string]>;

export type DocType = keyof typeof DOC_TYPES;

export function docType(key: DocType): CodeableConcept {
  const [code, display, text] = DOC_TYPES[key];
  return loinc(code, display, text);
}

/** Local document classes (what a "category" filter shows). */
export const DOC_CATEGORIES = {
  'compte-rendu': 'Compte rendu',
  biologie: 'Biologie',
  imagerie: 'Imagerie',
  prescription: 'Prescription',
  synthese: 'Synthèse',
  photo: 'Photo',
  evaluation: 'Évaluation',
  courrier: 'Courrier',
  plan: 'Plan de soins',
} as const;

export type DocCategory = keyof typeof DOC_CATEGORIES;

export function docCategory(key: DocCategory): CodeableConcept {
  return concept(DOC_CATEGORIES[key], coding(SYSTEMS.documentCategory, key, DOC_CATEGORIES[key]));
}

export const LABELS = {
  normal: coding(SYSTEMS.confidentiality, 'N', 'normal'),
  restricted: coding(SYSTEMS.confidentiality, 'R', 'restricted'),
  veryRestricted: coding(SYSTEMS.confidentiality, 'V', 'very restricted'),
  masqueProfessionnels: coding(SYSTEMS.maskLabel, 'MASQUE_PS', 'Masqué aux professionnels de santé'),
} as const;

// ---------------------------------------------------------------------------------------------
// DocumentReference builder

export interface DocSpec {
  id: string;
  patient?: string;
  type: DocType;
  category: DocCategory;
  /** attachment.title */
  title: string;
  description: string;
  date: string;
  authors: Ref[];
  custodian?: string;
  /** Encounter and/or EpisodeOfCare references (context.encounter). */
  context: Ref[];
  period: Period;
  file: FileContent;
  /** Content by `attachment.url = Binary/<id>`; inline `data` when absent. */
  binaryId?: string;
  security?: Coding[];
  status?: DocumentReference['status'];
  docStatus?: DocumentReference['docStatus'];
  replaces?: string;
}

export function documentReference(s: DocSpec): DocumentReference {
  const attachment = {
    contentType: s.file.contentType,
    language: 'fr-FR',
    title: s.title,
    size: s.file.size,
    creation: s.date,
    ...(s.binaryId ? { url: `Binary/${s.binaryId}` } : { data: s.file.data }),
  };
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    id: s.id,
    status: s.status ?? 'current',
    docStatus: s.docStatus ?? 'final',
    type: docType(s.type),
    category: [docCategory(s.category)],
    subject: patientRef(s.patient ?? IDS.patientMain),
    date: s.date,
    author: s.authors,
    description: s.description,
    content: [{ attachment }],
    context: s.context.length ? { encounter: s.context, period: s.period } : { period: s.period },
  };
  if (s.custodian) doc.custodian = ref('Organization', s.custodian);
  if (s.security) doc.securityLabel = s.security.map((c) => ({ coding: [c] }));
  if (s.replaces) doc.relatesTo = [{ code: 'replaces', target: ref('DocumentReference', s.replaces) }];
  return doc;
}

/** DocumentReference(s) plus the Binary holding the content when it is by url. */
function withBinary(s: DocSpec): Resource[] {
  const doc = documentReference(s);
  return s.binaryId ? [binaryResource(s.binaryId, s.file, ref('DocumentReference', s.id)), doc] : [doc];
}

const enc = (id: string): Ref => ref('Encounter', id);
const eoc = (id: string): Ref => ref('EpisodeOfCare', id);
const org = (id: string): Ref => ref('Organization', id);

function pdf(title: string, subtitle: string, body: string[]): FileContent {
  const spec: PdfSpec = { title, subtitle, body };
  return makePdf(spec);
}

// ---------------------------------------------------------------------------------------------
// The documents

export function documentResources(now: Date): Resource[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const span = (start: string, minutes = 30): Period => ({ start, end: minutesAfter(start, minutes) });
  const stay: Period = { start: at(48, 2, 10), end: at(36, 11, 0) };
  const chu = 'CHU de Caen Normandie';

  const crHospitBody = (corrected: boolean): string[] => [
    `Séjour du ${frDate(stay.start!)} au ${frDate(stay.end!)}. Admission par les urgences.`,
    'Motif : pneumopathie droite avec déshydratation chez une patiente suivie pour un cancer du sein gauche (létrozole) et une insuffisance rénale chronique stade 4.',
    'Parcours dans l’établissement : UF Oncologie médicale, puis UF Néphrologie pour insuffisance rénale aiguë sur chronique (créatinine maximale 245 µmol/L), puis UF Soins de suite pour la reprise de la marche.',
    'Évolution : apyrexie au 3e jour sous amoxicilline-acide clavulanique. Récupération partielle de la fonction rénale (créatinine de sortie 205 µmol/L).',
    'Complication : escarre du talon droit de stade 3 constatée au 8e jour ; soins locaux et mise en décharge.',
    corrected
      ? 'Traitement de sortie : metformine ARRÊTÉE définitivement (DFG < 30). Létrozole, amlodipine, furosémide et atorvastatine poursuivis. Voir l’ordonnance de sortie.'
      : 'Traitement de sortie : traitement habituel repris, voir l’ordonnance de sortie.',
    'Suivi : IDEL quotidienne pour le pansement, consultation de néphrologie à 3 semaines, médecin traitant sous 8 jours.',
    '',
    'Dr Hélène Moreau, oncologie médicale',
  ];

  const specs: DocSpec[] = [
    {
      id: IDS.docCourrierDac, type: 'courrier', category: 'courrier',
      title: "Courrier d'adressage au DAC", description: 'Demande d’appui à la coordination pour une situation complexe à domicile',
      date: at(402, 17, 40), authors: [roleRef(IDS.roleGp)], context: [eoc(IDS.eocDac)], period: span(at(402, 17, 0)),
      binaryId: 'bin-courrier-dac', security: [LABELS.normal],
      file: pdf("Courrier d'adressage au DAC du Calvados", 'Dr Claire Lefèvre, médecin généraliste — MSP de Falaise', [
        'Chère consœur, cher confrère,',
        '',
        'Je vous adresse Mme Jeanne Martin, qui vit seule à Falaise. Elle présente une insuffisance rénale chronique stade 4 suivie au CHU et un cancer du sein en cours de traitement.',
        'Depuis quelques mois : deux chutes, une perte de poids et des difficultés à gérer son traitement (11 médicaments). Sa fille habite à Rennes et ne peut pas être présente au quotidien.',
        'Je sollicite une évaluation globale à domicile et l’appui du DAC pour coordonner les intervenants.',
        '',
        'Bien confraternellement,',
        'Dr Claire Lefèvre',
      ]),
    },
    {
      id: IDS.docEvalDac, type: 'evaluation', category: 'evaluation',
      title: 'Évaluation multidimensionnelle — réévaluation', description: 'Réévaluation à domicile par la coordinatrice du DAC',
      date: at(124, 10, 0), authors: [roleRef(IDS.roleCoord)], custodian: IDS.orgDac, context: [enc(IDS.encEvalDac)], period: span(at(125, 13, 30), 75),
      binaryId: 'bin-eval-dac', security: [LABELS.normal],
      file: pdf('Évaluation multidimensionnelle — réévaluation', 'DAC du Calvados — Émilie Rousseau, coordinatrice de parcours', [
        'Contexte : réévaluation à domicile en présence de Mme Martin et de l’assistante sociale.',
        'Autonomie : GIR 3 estimé. Se déplace avec une canne. Aide pour la toilette.',
        'Santé : insuffisance rénale chronique stade 4 stable, hormonothérapie bien tolérée. Perte de 3 kg en 6 mois.',
        'Environnement : logement de plain-pied, salle de bain non adaptée. Pas de téléassistance.',
        'Social : droits APA non ouverts. Aide-ménagère 2 h par semaine (caisse de retraite).',
        'Conclusion : poursuite de l’accompagnement par le DAC et révision du PPCS (nutrition, prévention des chutes, droits sociaux).',
      ]),
    },
    {
      id: IDS.docPpcsPdf, type: 'planSoins', category: 'plan',
      title: 'PPCS — version signée', description: 'Plan personnalisé de coordination en santé validé avec la patiente',
      date: at(120, 15, 0), authors: [roleRef(IDS.roleCoord)], custodian: IDS.orgDac, context: [eoc(IDS.eocDac)], period: { start: at(120, 9) },
      binaryId: 'bin-ppcs-pdf', security: [LABELS.normal],
      file: pdf('Plan Personnalisé de Coordination en Santé (PPCS)', 'DAC du Calvados — référente : Émilie Rousseau', [
        'Besoins : isolement social ; risque de chute ; gestion du traitement ; dénutrition ; ouverture des droits.',
        'Objectifs : maintien à domicile en sécurité ; portage de repas ; stabilisation du poids ; cicatrisation.',
        'Actions : passages IDEL, pilulier préparé par la pharmacie, portage de repas, dossier APA, kinésithérapie, visite d’un ergothérapeute.',
        '',
        'Version validée avec Mme Martin et son médecin traitant. Chaque intervenant met à jour ses actions dans le dossier de coordination.',
      ]),
    },
    {
      id: IDS.docEvalSociale, type: 'social', category: 'evaluation',
      title: 'Évaluation sociale', description: 'Situation familiale, ressources et droits',
      date: at(95, 11, 0), authors: [roleRef(IDS.roleSocial)], custodian: IDS.orgCcas, context: [eoc(IDS.eocDac)], period: span(at(95, 9, 30), 60),
      binaryId: 'bin-eval-sociale', security: [LABELS.restricted],
      file: pdf('Évaluation sociale', 'CCAS de Falaise — Nadia Benali, assistante sociale', [
        'Situation familiale : veuve ; une fille à Rennes ; un fils à l’étranger, contacts rares.',
        'Ressources : pension de retraite et pension de réversion. Reste à vivre faible après le loyer.',
        'Droits : APA à demander ; complémentaire santé solidaire à vérifier.',
        'Aides en place : aide-ménagère 2 h par semaine.',
        'Préconisations : portage de repas, dossier APA, téléassistance à proposer.',
      ]),
    },
    {
      id: IDS.docCrAnnonce, type: 'consultation', category: 'compte-rendu',
      title: "Consultation d'annonce", description: 'Annonce du diagnostic et du projet thérapeutique',
      date: at(725, 16, 0), authors: [roleRef(IDS.roleOnco)], custodian: IDS.orgChu, context: [eoc(IDS.eocCancer)], period: span(at(725, 14, 0), 60),
      binaryId: 'bin-cr-annonce', security: [LABELS.veryRestricted],
      file: pdf("Consultation d'annonce — oncologie", `${chu} — Dr Hélène Moreau, oncologie médicale`, [
        'Mme Martin est reçue avec sa fille pour l’annonce du diagnostic de carcinome canalaire infiltrant du sein gauche, RH+, HER2−.',
        'Le projet thérapeutique validé en réunion de concertation pluridisciplinaire lui est expliqué : tumorectomie, radiothérapie, puis hormonothérapie par létrozole pendant 5 ans.',
        'La patiente exprime une forte inquiétude ; un temps d’accompagnement infirmier et un soutien psychologique lui sont proposés.',
        'Le programme personnalisé de soins lui est remis.',
      ]),
    },
    {
      id: IDS.docCrScanner, type: 'imagerie', category: 'imagerie',
      title: 'Scanner thoraco-abdomino-pelvien', description: 'Scanner de surveillance, sans injection',
      date: at(80, 11, 20), authors: [roleRef(IDS.roleRadio)], custodian: IDS.orgChu, context: [enc(IDS.encScanner)], period: span(at(80, 7, 0), 20),
      binaryId: IDS.binCrScanner, security: [LABELS.normal],
      file: pdf('Compte rendu — scanner thoraco-abdomino-pelvien', `${chu} — Imagerie — Dr Thomas Petit`, [
        'Indication : surveillance d’un cancer du sein gauche traité.',
        'Technique : acquisition sans injection de produit de contraste (insuffisance rénale chronique).',
        'Résultats : pas de nodule pulmonaire suspect. Pas d’épanchement. Foie de taille normale, sans lésion focale décelable sans injection. Reins atrophiques de façon symétrique. Pas d’adénopathie.',
        'Conclusion : absence d’argument scanographique pour une évolution tumorale.',
      ]),
    },
    {
      id: IDS.docCrOnco, type: 'consultation', category: 'compte-rendu',
      title: "Compte rendu de consultation d'oncologie", description: 'Résultats du scanner de surveillance',
      date: at(78, 12, 0), authors: [roleRef(IDS.roleOnco)], custodian: IDS.orgChu, context: [enc(IDS.encOnco)], period: span(at(78, 9, 30)),
      binaryId: 'bin-cr-onco', security: [LABELS.normal],
      file: pdf("Compte rendu de consultation d'oncologie", `${chu} — Dr Hélène Moreau`, [
        'Patiente vue pour les résultats du scanner de surveillance, normal.',
        'Hormonothérapie par létrozole bien tolérée (arthralgies modérées).',
        'Poids 51 kg, en baisse de 3 kg en 6 mois : à surveiller, avis diététique proposé.',
        'Conduite à tenir : poursuite du létrozole ; prochain contrôle dans 3 mois avec bilan biologique.',
      ]),
    },
    {
      id: IDS.docHpEntree, type: 'observation', category: 'compte-rendu',
      title: "Observation médicale d'entrée", description: 'Admission par les urgences',
      date: at(48, 9, 0), authors: [roleRef(IDS.roleOnco)], custodian: IDS.orgChu, context: [enc(IDS.encHospit)], period: span(at(48, 2, 10), 120),
      binaryId: 'bin-hp-entree', security: [LABELS.normal],
      file: pdf("Observation médicale d'entrée", `${chu} — UF Oncologie médicale`, [
        'Motif d’admission : fièvre à 39,2 °C, frissons et altération de l’état général depuis 48 heures.',
        'Antécédents : cancer du sein gauche sous létrozole ; insuffisance rénale chronique stade 4 ; ulcère veineux de jambe cicatrisé ; deux chutes récentes.',
        'Traitement habituel : létrozole, amlodipine, furosémide, metformine, atorvastatine, paracétamol, cholécalciférol.',
        'Examen : TA 98/60 mmHg, FC 104/min, SpO2 94 %. Crépitants de la base droite. Pli cutané.',
        'Hypothèse : pneumopathie communautaire avec déshydratation et insuffisance rénale aiguë fonctionnelle.',
        'Conduite : hémocultures, antibiothérapie adaptée au DFG, réhydratation, avis néphrologique.',
      ]),
    },
    {
      id: IDS.docCrHospit1, type: 'hospitalisation', category: 'compte-rendu', status: 'superseded',
      title: "Compte rendu d'hospitalisation", description: 'Séjour en oncologie, néphrologie puis soins de suite',
      date: at(36, 14, 0), authors: [roleRef(IDS.roleOnco)], custodian: IDS.orgChu, context: [enc(IDS.encHospit)], period: stay,
      binaryId: 'bin-cr-hospit-1', security: [LABELS.normal],
      file: pdf("Compte rendu d'hospitalisation", `${chu} — Mme Jeanne Martin`, crHospitBody(false)),
    },
    {
      id: IDS.docCrHospit2, type: 'hospitalisation', category: 'compte-rendu', replaces: IDS.docCrHospit1,
      title: "Compte rendu d'hospitalisation (version corrigée)",
      description: 'Version corrigée : arrêt de la metformine ajouté au traitement de sortie',
      date: at(34, 9, 15), authors: [roleRef(IDS.roleOnco)], custodian: IDS.orgChu, context: [enc(IDS.encHospit)], period: stay,
      binaryId: IDS.binCrHospit2, security: [LABELS.normal],
      file: pdf("Compte rendu d'hospitalisation — version corrigée", `${chu} — Mme Jeanne Martin`, crHospitBody(true)),
    },
    {
      // Inline PDF (attachment.data), no Binary.
      id: IDS.docOrdoSortie, type: 'ordonnance', category: 'prescription',
      title: 'Ordonnance de sortie', description: 'Traitement à la sortie d’hospitalisation',
      date: at(36, 10, 30), authors: [roleRef(IDS.roleOnco)], custodian: IDS.orgChu, context: [enc(IDS.encHospit)], period: stay,
      security: [LABELS.normal],
      file: pdf('Ordonnance de sortie', `${chu} — Dr Hélène Moreau`, [
        'Létrozole 2,5 mg : 1 comprimé par jour.',
        'Amlodipine 5 mg : 1 comprimé le matin.',
        'Furosémide 40 mg : 1 comprimé le matin.',
        'Atorvastatine 10 mg : 1 comprimé le soir.',
        'Paracétamol 500 mg : 2 comprimés si douleur, sans dépasser 3 g par jour.',
        'Cholécalciférol 100 000 UI : 1 ampoule tous les 3 mois.',
        'Amoxicilline-acide clavulanique 1 g : 1 sachet matin et soir pendant 3 jours (fin du traitement).',
        '',
        'Metformine : ARRÊTÉE (insuffisance rénale, DFG < 30).',
      ]),
    },
    {
      id: IDS.docOrdoPansements, type: 'ordonnance', category: 'prescription',
      title: 'Ordonnance — soins infirmiers et pansements', description: 'Pansements de l’escarre du talon droit pendant un mois',
      date: at(34, 17, 30), authors: [roleRef(IDS.roleGp)], context: [eoc(IDS.eocPlaies)], period: { start: at(34, 17, 30) },
      binaryId: IDS.binOrdoPansements, security: [LABELS.normal],
      file: pdf('Ordonnance — soins infirmiers et pansements', 'Dr Claire Lefèvre, médecin généraliste — MSP de Falaise', [
        'Soins infirmiers à domicile tous les jours, dimanches et jours fériés compris, pendant 1 mois : pansement de l’escarre du talon droit, surveillance cutanée, prévention des escarres.',
        'Pansement hydrocellulaire adhésif 10 × 10 cm : 30 unités.',
        'Chlorure de sodium 0,9 %, unidoses de 10 mL : 60 unités.',
        'Matelas à air à pression alternée : location 1 mois.',
        '',
        'Dr Claire Lefèvre',
      ]),
    },
    {
      id: IDS.docPhotoPlaie, type: 'photo', category: 'photo',
      title: 'Photo de la plaie du talon droit', description: 'Escarre du talon droit au premier pansement à domicile',
      date: at(33, 7, 25), authors: [roleRef(IDS.roleIdel)], context: [enc(IDS.encIdel1)], period: span(at(33, 7, 0), 40),
      binaryId: IDS.binPhotoPlaie, security: [LABELS.normal],
      file: png(PNG_PLAIE),
    },
    {
      id: IDS.docDoppler, type: 'imagerie', category: 'imagerie',
      title: 'Écho-doppler artériel des membres inférieurs', description: 'Bilan vasculaire de l’escarre du talon',
      date: at(28, 11, 0), authors: [roleRef(IDS.roleRadio)], custodian: IDS.orgChu, context: [enc(IDS.encDoppler)], period: span(at(28, 8, 30)),
      binaryId: 'bin-cr-doppler', security: [LABELS.normal],
      file: pdf('Compte rendu — écho-doppler artériel des membres inférieurs', `${chu} — Imagerie — Dr Thomas Petit`, [
        'Indication : escarre du talon droit, recherche d’une artériopathie.',
        'Résultats : axes artériels perméables. Infiltration athéromateuse diffuse sans sténose significative. IPS droit 0,86 ; gauche 0,91.',
        'Conclusion : artériopathie oblitérante débutante, compatible avec la cicatrisation. Pas d’indication de revascularisation.',
      ]),
    },
    {
      // Plain-text inline content.
      id: IDS.docBioHospit, type: 'biologie', category: 'biologie',
      title: "Bilan biologique d'entrée", description: 'Insuffisance rénale aiguë sur chronique, syndrome inflammatoire',
      date: at(47, 6, 30), authors: [org(IDS.orgChu)], custodian: IDS.orgChu, context: [enc(IDS.encHospit)], period: { start: at(48, 3, 0) },
      security: [LABELS.normal],
      file: textContent([
        `CHU de Caen Normandie — Laboratoire de biologie — prélèvement du ${frDate(at(48, 3, 0))}`,
        '',
        'Créatinine ........ 245 µmol/L   (45 – 90)   ↑',
        'DFG (CKD-EPI) ..... 15 mL/min/1,73 m²',
        'CRP ............... 86 mg/L      (< 5)       ↑',
        'Potassium ......... 5,3 mmol/L   (3,5 – 5,0) ↑',
        '',
        'Conclusion : insuffisance rénale aiguë sur chronique ; syndrome inflammatoire.',
      ].join('\n')),
    },
    {
      id: IDS.docBioRenal, type: 'biologie', category: 'biologie',
      title: 'Bilan biologique — fonction rénale', description: 'Créatinine, DFG, potassium, hémoglobine',
      date: at(20, 13, 0), authors: [org(IDS.orgChu)], custodian: IDS.orgChu, context: [enc(IDS.encNephro)], period: { start: at(21, 6, 30) },
      binaryId: IDS.binBioRenal, security: [LABELS.normal],
      file: pdf('Compte rendu de biologie médicale', `${chu} — Laboratoire de biologie`, [
        'Créatinine : 198 µmol/L (45 – 90)',
        'DFG (CKD-EPI) : 20 mL/min/1,73 m²',
        'Potassium : 4,9 mmol/L (3,5 – 5,0)',
        'Hémoglobine : 10,4 g/dL (12,0 – 16,0)',
        '',
        'Conclusion : insuffisance rénale chronique stade 4, revenue à l’état antérieur. Anémie modérée.',
      ]),
    },
    {
      id: IDS.docCrNephro, type: 'consultation', category: 'compte-rendu',
      title: 'Compte rendu de consultation de néphrologie', description: 'Contrôle après l’insuffisance rénale aiguë',
      date: at(20, 16, 0), authors: [roleRef(IDS.roleNephro)], custodian: IDS.orgChu, context: [enc(IDS.encNephro)], period: span(at(20, 9, 0)),
      binaryId: 'bin-cr-nephro', security: [LABELS.normal],
      file: pdf('Compte rendu de consultation de néphrologie', `${chu} — Dr Julien Lambert`, [
        'Contrôle à distance de l’insuffisance rénale aiguë survenue pendant l’hospitalisation.',
        'Créatinine 198 µmol/L, DFG 20 mL/min/1,73 m² : retour à l’état antérieur.',
        'Anémie à 10,4 g/dL : bilan martial demandé.',
        'Traitement : pas de metformine ; adapter toute nouvelle prescription au DFG ; éviter les AINS.',
        'Les techniques de suppléance ont été présentées ; la patiente préfère un traitement conservateur.',
        'Prochaine consultation dans 3 mois.',
      ]),
    },
    {
      id: IDS.docMasked, type: 'consultation', category: 'compte-rendu',
      title: 'Compte rendu de consultation mémoire', description: 'Bilan des troubles cognitifs',
      date: at(60, 15, 0), authors: [roleRef(IDS.roleGeriatre)], custodian: IDS.orgChu, context: [eoc(IDS.eocDac)], period: span(at(60, 10, 0), 60),
      binaryId: 'bin-cr-memoire', security: [LABELS.masqueProfessionnels, LABELS.normal],
      file: pdf('Compte rendu de consultation mémoire', `${chu} — Dr Isabelle Fontaine, gériatrie`, [
        'Plainte mnésique rapportée par la fille de la patiente.',
        'MMSE 24/30. Test des 5 mots 8/10. Test de l’horloge normal.',
        'Conclusion : troubles cognitifs légers, sans retentissement majeur. IRM cérébrale à programmer.',
        'À la demande de la patiente, ce compte rendu est masqué aux professionnels.',
      ]),
    },
    {
      id: IDS.docSoinsIdel, type: 'soinsInfirmiers', category: 'compte-rendu',
      title: 'Compte rendu de soins infirmiers — plaie du talon', description: 'Évolution favorable de l’escarre',
      date: at(2, 8, 5), authors: [roleRef(IDS.roleIdel)], context: [enc(IDS.encIdel4)], period: span(at(2, 7, 20), 40),
      binaryId: 'bin-cr-soins-idel', security: [LABELS.normal],
      file: pdf('Compte rendu de soins infirmiers — plaie du talon', 'Sophie Marchand, infirmière libérale — MSP de Falaise', [
        'Plaie du talon droit : 2 × 1,5 cm (contre 4 × 3 cm au premier pansement).',
        'Fond bourgeonnant à 80 %, fibrine 20 %. Pas d’odeur, pas de signe infectieux.',
        'Peau périlésionnelle saine. Douleur EVA 2/10 pendant le soin.',
        'Pansement hydrocellulaire renouvelé. Décharge du talon bien respectée.',
        'Prochain passage demain matin.',
      ]),
    },
    {
      id: IDS.docSyntheseJambe, type: 'synthese', category: 'synthese',
      title: 'Synthèse de fin de parcours — plaies complexes', description: 'Ulcère veineux de jambe cicatrisé ; synthèse versée au DMP',
      date: at(600, 16, 0), authors: [roleRef(IDS.roleGp), roleRef(IDS.roleIdel)], context: [eoc(IDS.eocPlaiesJambe)],
      period: { start: at(900, 9), end: at(600, 17) },
      binaryId: 'bin-synthese-jambe', security: [LABELS.normal],
      file: pdf('Synthèse de fin de parcours — plaies complexes', 'Dr Claire Lefèvre et Sophie Marchand, IDEL', [
        'Parcours : ulcère veineux de la jambe gauche, pris en charge pendant 10 mois.',
        'Prise en charge : compression veineuse, pansements à domicile par l’IDEL, deux avis en consultation plaies.',
        'Évolution : cicatrisation complète.',
        'Préconisations : contention au quotidien, hydratation cutanée, surveillance par le médecin traitant.',
        'Cette synthèse est versée au DMP de la patiente.',
      ]),
    },
    // Second patient
    {
      id: IDS.docDuboisCr, patient: IDS.patientSecond, type: 'consultation', category: 'compte-rendu',
      title: 'Compte rendu de consultation — plaie du pied droit', description: 'Mal perforant plantaire chez un patient diabétique',
      date: at(30, 18, 0), authors: [roleRef(IDS.roleGp)], context: [eoc(IDS.eocDubois)], period: span(at(30, 17, 0)),
      binaryId: 'bin-dubois-cr', security: [LABELS.normal],
      file: pdf('Compte rendu de consultation — plaie du pied droit', 'Dr Claire Lefèvre, médecin généraliste — M. Paul Dubois', [
        'M. Dubois, diabétique de type 2 depuis 15 ans, consulte pour une plaie plantaire du pied droit apparue il y a 3 semaines.',
        'Mal perforant plantaire de 1 cm, non infecté. Pouls pédieux perçus. Sensibilité au monofilament diminuée.',
        'HbA1c 8,1 %.',
        'Conduite : soins infirmiers quotidiens, décharge par chaussure adaptée, avis podologue, renforcement du traitement antidiabétique.',
      ]),
    },
    {
      id: IDS.docDuboisOrdo, patient: IDS.patientSecond, type: 'ordonnance', category: 'prescription',
      title: 'Ordonnance — soins infirmiers', description: 'Pansements du pied droit',
      date: at(30, 18, 10), authors: [roleRef(IDS.roleGp)], context: [eoc(IDS.eocDubois)], period: { start: at(30, 18, 10) },
      binaryId: 'bin-dubois-ordo', security: [LABELS.normal],
      file: pdf('Ordonnance — soins infirmiers', 'Dr Claire Lefèvre, médecin généraliste — M. Paul Dubois', [
        'Soins infirmiers à domicile tous les jours pendant 15 jours : pansement du mal perforant plantaire droit.',
        'Pansement hydrocolloïde 10 × 10 cm : 15 unités.',
        'Chaussure de décharge de l’avant-pied : 1 paire.',
      ]),
    },
  ];

  return specs.flatMap(withBinary);
}

// ---------------------------------------------------------------------------------------------
// Results: DiagnosticReport, Observation, ImagingStudy

const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const UCUM = 'http://unitsofmeasure.org';
const INTERP = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

function lab(
  id: string,
  code: string,
  display: string,
  text: string,
  value: number,
  unit: string,
  ucum: string,
  effective: string,
  encounterId: string,
  range?: [number, number],
  flag?: 'H' | 'L' | 'N',
): Observation {
  const o: Observation = {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [concept('Biologie', coding('http://terminology.hl7.org/CodeSystem/observation-category', 'laboratory', 'Laboratory'))],
    code: loinc(code, display, text),
    subject: patientRef(IDS.patientMain),
    encounter: ref('Encounter', encounterId),
    effectiveDateTime: effective,
    valueQuantity: { value, unit, system: UCUM, code: ucum },
  };
  if (range) o.referenceRange = [{ low: { value: range[0], unit, system: UCUM, code: ucum }, high: { value: range[1], unit, system: UCUM, code: ucum } }];
  if (flag) {
    const label = { H: ['High', 'Élevé'], L: ['Low', 'Bas'], N: ['Normal', 'Normal'] }[flag];
    o.interpretation = [concept(label[1]!, coding(INTERP, flag, label[0]))];
  }
  return o;
}

export function resultResources(now: Date): Resource[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const renalSample = at(21, 6, 30);
  const hospitSample = at(48, 3, 0);

  const observations: Observation[] = [
    lab('obs-creat', '14682-9', 'Creatinine [Moles/volume] in Serum or Plasma', 'Créatinine', 198, 'µmol/L', 'umol/L', renalSample, IDS.encNephro, [45, 90], 'H'),
    lab('obs-dfg', '62238-1', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)',
      'DFG (CKD-EPI)', 20, 'mL/min/1,73 m²', 'mL/min/{1.73_m2}', renalSample, IDS.encNephro, undefined, 'L'),
    lab('obs-k', '2823-3', 'Potassium [Moles/volume] in Serum or Plasma', 'Potassium', 4.9, 'mmol/L', 'mmol/L', renalSample, IDS.encNephro, [3.5, 5], 'N'),
    lab('obs-hb', '718-7', 'Hemoglobin [Mass/volume] in Blood', 'Hémoglobine', 10.4, 'g/dL', 'g/dL', renalSample, IDS.encNephro, [12, 16], 'L'),
    lab('obs-creat-hospit', '14682-9', 'Creatinine [Moles/volume] in Serum or Plasma', 'Créatinine', 245, 'µmol/L', 'umol/L', hospitSample, IDS.encHospit, [45, 90], 'H'),
    lab('obs-crp-hospit', '1988-5', 'C reactive protein [Mass/volume] in Serum or Plasma', 'CRP', 86, 'mg/L', 'mg/L', hospitSample, IDS.encHospit, [0, 5], 'H'),
  ];

  const labCategory = [concept('Biologie', coding(V2_0074, 'LAB', 'Laboratory'))];
  const radCategory = [concept('Imagerie', coding(V2_0074, 'RAD', 'Radiology'))];

  const reports: DiagnosticReport[] = [
    {
      resourceType: 'DiagnosticReport',
      id: IDS.drBioHospit,
      status: 'final',
      category: labCategory,
      code: loinc('11502-2', 'Laboratory report', "Bilan biologique d'entrée"),
      subject: patientRef(IDS.patientMain),
      encounter: ref('Encounter', IDS.encHospit),
      effectiveDateTime: hospitSample,
      issued: at(47, 6, 30),
      performer: [ref('Organization', IDS.orgChu)],
      result: [ref('Observation', 'obs-creat-hospit'), ref('Observation', 'obs-crp-hospit')],
      conclusion: 'Insuffisance rénale aiguë sur chronique (créatinine 245 µmol/L, DFG 15). Syndrome inflammatoire (CRP 86 mg/L).',
    },
    {
      resourceType: 'DiagnosticReport',
      id: IDS.drBioRenal,
      status: 'final',
      category: labCategory,
      code: loinc('11502-2', 'Laboratory report', 'Bilan biologique — fonction rénale'),
      subject: patientRef(IDS.patientMain),
      encounter: ref('Encounter', IDS.encNephro),
      effectiveDateTime: renalSample,
      issued: at(20, 13, 0),
      performer: [ref('Organization', IDS.orgChu)],
      resultsInterpreter: [roleRef(IDS.roleNephro)],
      result: ['obs-creat', 'obs-dfg', 'obs-k', 'obs-hb'].map((id) => ref('Observation', id)),
      conclusion: 'Insuffisance rénale chronique stade 4 stable (DFG 20 mL/min/1,73 m²). Anémie modérée (Hb 10,4 g/dL). Kaliémie normale.',
      presentedForm: [{ contentType: 'application/pdf', url: `Binary/${IDS.binBioRenal}`, title: 'Compte rendu de biologie médicale' }],
    },
    {
      resourceType: 'DiagnosticReport',
      id: IDS.drScanner,
      status: 'final',
      category: [...radCategory, concept('Scanner', coding(V2_0074, 'CT', 'CAT Scan'))],
      code: loinc('18748-4', 'Diagnostic imaging study', 'Scanner thoraco-abdomino-pelvien'),
      subject: patientRef(IDS.patientMain),
      encounter: ref('Encounter', IDS.encScanner),
      effectiveDateTime: at(80, 7, 5),
      issued: at(80, 11, 20),
      performer: [roleRef(IDS.roleRadio)],
      imagingStudy: [ref('ImagingStudy', IDS.imagingScanner)],
      conclusion: 'Absence d’argument scanographique pour une évolution tumorale. Reins atrophiques symétriques.',
      presentedForm: [{ contentType: 'application/pdf', url: `Binary/${IDS.binCrScanner}`, title: 'Compte rendu — scanner thoraco-abdomino-pelvien' }],
    },
    {
      resourceType: 'DiagnosticReport',
      id: IDS.drDoppler,
      status: 'final',
      category: [...radCategory, concept('Écho-doppler vasculaire', coding(V2_0074, 'VUS', 'Vascular Ultrasound'))],
      code: loinc('18748-4', 'Diagnostic imaging study', 'Écho-doppler artériel des membres inférieurs'),
      subject: patientRef(IDS.patientMain),
      encounter: ref('Encounter', IDS.encDoppler),
      effectiveDateTime: at(28, 8, 30),
      issued: at(28, 11, 0),
      performer: [roleRef(IDS.roleRadio)],
      conclusion: 'Artériopathie oblitérante débutante (IPS droit 0,86), compatible avec la cicatrisation.',
    },
  ];

  const study: ImagingStudy = {
    resourceType: 'ImagingStudy',
    id: IDS.imagingScanner,
    identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:1.2.250.1.999.14.1.80001' }],
    status: 'available',
    modality: [coding('http://dicom.nema.org/resources/ontology/DCM', 'CT', 'Computed Tomography')],
    subject: patientRef(IDS.patientMain),
    encounter: ref('Encounter', IDS.encScanner),
    started: at(80, 7, 5),
    referrer: roleRef(IDS.roleOnco),
    interpreter: [roleRef(IDS.roleRadio)],
    numberOfSeries: 2,
    numberOfInstances: 412,
    description: 'Scanner thoraco-abdomino-pelvien sans injection',
    series: [
      {
        uid: '1.2.250.1.999.14.1.80001.1',
        number: 1,
        modality: coding('http://dicom.nema.org/resources/ontology/DCM', 'CT', 'Computed Tomography'),
        description: 'Thorax',
        numberOfInstances: 186,
        bodySite: coding('http://snomed.info/sct', '51185008', 'Thoracic structure'),
      },
      {
        uid: '1.2.250.1.999.14.1.80001.2',
        number: 2,
        modality: coding('http://dicom.nema.org/resources/ontology/DCM', 'CT', 'Computed Tomography'),
        description: 'Abdomen et pelvis',
        numberOfInstances: 226,
        bodySite: coding('http://snomed.info/sct', '113345001', 'Abdominal structure'),
      },
    ],
  };

  return [...observations, ...reports, study];
}
