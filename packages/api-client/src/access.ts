/**
 * Who may see a document: a pure, configurable DMP-style access decision. Rules, in order (see
 * docs/access-matrix.md): the author always sees their own document; masking labels hide it from
 * the audience they name; the access matrix (viewer profession × LOINC document type) decides for
 * professionals; confidentiality V opens it to its authors (and an explicit list) only, R to the
 * care circle of its pathway. The decision carries the reason, so elements can explain.
 */
import type { CareTeam, Coding, DocumentReference, EpisodeOfCare } from '@medplum/fhirtypes';
import { referenceKey } from './references.ts';
import { actorIdentity, emptyLookup, toTime, type ResourceLookup } from './model/common.ts';
import { clock } from './clock.ts';

import { CONFIDENTIALITY_SYSTEM, LOINC_SYSTEM, MASK_SYSTEM, MASK_SYSTEM_NOS } from './codes.ts';
export { CONFIDENTIALITY_SYSTEM, LOINC_SYSTEM, MASK_SYSTEM, MASK_SYSTEM_NOS };

export type MaskLabel = 'MASQUE_PS' | 'INVISIBLE_PATIENT' | 'INVISIBLE_REPRESENTANTS_LEGAUX';
export type Confidentiality = 'normal' | 'restricted' | 'very-restricted';

export interface Viewer {
  /** `Practitioner/…`, `PractitionerRole/…` (professionals), `Patient/…` or `RelatedPerson/…`. */
  user?: string;
  /** TRE_G15 health-profession code (`10` physician…); absent for non-health actors. */
  profession?: string;
}

export type ViewerKind = 'health-professional' | 'non-health' | 'patient' | 'representative';

export type AccessReason =
  | 'allowed'
  | 'author'
  | 'matrix'
  | 'unknown-type'
  | 'masked'
  | 'confidential-restricted'
  | 'confidential-very-restricted';

export interface AccessDecision {
  visible: boolean;
  reason: AccessReason;
  /** The masking label that hid it (reason `masked`). */
  mask?: MaskLabel;
}

/** Who may read one document type: TRE_G15 codes, and whether non-health actors may. */
export interface AccessRule {
  label?: string;
  professions: readonly string[];
  nonHealth: boolean;
}

export interface AccessMatrix {
  /** The health professions the matrix knows (TRE_G15 code → label); others count as non-health. */
  professions: Readonly<Record<string, string>>;
  /** LOINC document type code → rule. */
  types: Readonly<Record<string, AccessRule>>;
  /** Rule for a document whose type is absent, not LOINC, or not in `types`. */
  unknownType: AccessRule;
}

export interface AccessContext {
  matrix?: AccessMatrix;
  /** Resolves the viewer's PractitionerRole (→ Practitioner) and authors' roles. */
  lookup?: ResourceLookup;
  /** Members of the document's care circle (for R); undefined when unknown: R stays hidden. */
  careCircle?: ReadonlySet<string>;
  /** References explicitly allowed to read a V document besides its authors. */
  veryRestrictedReaders?: (doc: DocumentReference) => Iterable<string>;
}

// ---------------------------------------------------------------------------------------------
// Security labels

export interface SecurityView {
  /** MASQUE_PS: hidden from every professional except the author. */
  masked: boolean;
  invisibleToPatient: boolean;
  invisibleToRepresentatives: boolean;
  confidentiality: Confidentiality;
}

const MASKS: readonly MaskLabel[] = ['MASQUE_PS', 'INVISIBLE_PATIENT', 'INVISIBLE_REPRESENTANTS_LEGAUX'];

/** Labels from `securityLabel` and `meta.security`; the most restrictive confidentiality wins. */
export function readSecurity(doc: DocumentReference): SecurityView {
  const codings: Coding[] = [];
  for (const c of Array.isArray(doc?.securityLabel) ? doc.securityLabel : []) {
    if (Array.isArray(c?.coding)) codings.push(...c.coding.filter(Boolean));
  }
  if (Array.isArray(doc?.meta?.security)) codings.push(...doc.meta.security.filter(Boolean));
  const masks = new Set<string>();
  let level = 0;
  for (const c of codings) {
    if ((c.system === MASK_SYSTEM || c.system === MASK_SYSTEM_NOS) && MASKS.includes(c.code as MaskLabel)) masks.add(c.code!);
    if (c.system === CONFIDENTIALITY_SYSTEM) level = Math.max(level, c.code === 'V' ? 2 : c.code === 'R' ? 1 : 0);
  }
  return {
    masked: masks.has('MASQUE_PS'),
    invisibleToPatient: masks.has('INVISIBLE_PATIENT'),
    invisibleToRepresentatives: masks.has('INVISIBLE_REPRESENTANTS_LEGAUX'),
    confidentiality: (['normal', 'restricted', 'very-restricted'] as const)[level]!,
  };
}

// ---------------------------------------------------------------------------------------------
// Viewer

/** `10`, `G15_10`, `urn:oid:…|10` → `10`; anything else → undefined. */
export function normalizeProfession(code: string | undefined): string | undefined {
  if (typeof code !== 'string') return undefined;
  const raw = code.trim().split('|').pop()!.replace(/^G15_/, '');
  return /^\d{1,3}$/.test(raw) ? raw : undefined;
}

export function viewerKind(viewer: Viewer | undefined, matrix: AccessMatrix = DEFAULT_ACCESS_MATRIX): ViewerKind {
  const type = referenceKey(viewer?.user)?.split('/')[0];
  if (type === 'Patient') return 'patient';
  if (type === 'RelatedPerson') return 'representative';
  const code = normalizeProfession(viewer?.profession);
  // A code the matrix does not know gets the most restrictive professional column.
  return code && Object.hasOwn(matrix.professions ?? {}, code) ? 'health-professional' : 'non-health';
}

/** The viewer's own reference and, for a PractitionerRole, its Practitioner. */
export function viewerIdentities(viewer: Viewer | undefined, lookup?: ResourceLookup): Set<string> {
  return new Set(actorIdentity(viewer?.user, lookup ?? emptyLookup));
}

/** Whether a reference designates the viewer: same resource, or a role of the same practitioner. */
export function refersToViewer(reference: string | undefined, identities: ReadonlySet<string>, lookup?: ResourceLookup): boolean {
  if (identities.size === 0) return false;
  return actorIdentity(reference, lookup ?? emptyLookup).some((key) => identities.has(key));
}

// ---------------------------------------------------------------------------------------------
// The decision

export function documentTypeCode(doc: DocumentReference): string | undefined {
  const codings = Array.isArray(doc?.type?.coding) ? doc.type.coding : [];
  const code = codings.find((c) => c?.system === LOINC_SYSTEM && typeof c.code === 'string')?.code;
  return code?.trim() || undefined;
}

export function decideAccess(doc: DocumentReference, viewer: Viewer | undefined, context: AccessContext = {}): AccessDecision {
  const matrix = context.matrix ?? DEFAULT_ACCESS_MATRIX;
  const lookup = context.lookup;
  const identities = viewerIdentities(viewer, lookup);
  const authors = (Array.isArray(doc?.author) ? doc.author : []).map((a) => a?.reference);
  if (authors.some((a) => refersToViewer(a, identities, lookup))) return { visible: true, reason: 'author' };

  const security = readSecurity(doc);
  const kind = viewerKind(viewer, matrix);
  const professional = kind === 'health-professional' || kind === 'non-health';
  if (professional && security.masked) return { visible: false, reason: 'masked', mask: 'MASQUE_PS' };
  if (kind !== 'health-professional' && kind !== 'non-health') {
    if (security.invisibleToPatient) return { visible: false, reason: 'masked', mask: 'INVISIBLE_PATIENT' };
    if (kind === 'representative' && security.invisibleToRepresentatives) {
      return { visible: false, reason: 'masked', mask: 'INVISIBLE_REPRESENTANTS_LEGAUX' };
    }
  }

  if (professional) {
    const code = documentTypeCode(doc);
    const known = code !== undefined && Object.hasOwn(matrix.types ?? {}, code);
    const rule = known ? matrix.types[code!] : matrix.unknownType;
    if (!ruleAllows(rule, kind, normalizeProfession(viewer?.profession))) {
      return { visible: false, reason: known ? 'matrix' : 'unknown-type' };
    }
  }

  if (security.confidentiality === 'very-restricted') {
    const explicit = [...(context.veryRestrictedReaders?.(doc) ?? [])];
    if (!explicit.some((r) => refersToViewer(r, identities, lookup))) {
      return { visible: false, reason: 'confidential-very-restricted' };
    }
  } else if (security.confidentiality === 'restricted' && professional) {
    const circle = context.careCircle;
    const member = circle !== undefined && [...circle].some((m) => refersToViewer(m, identities, lookup));
    if (!member) return { visible: false, reason: 'confidential-restricted' };
  }
  return { visible: true, reason: 'allowed' };
}

function ruleAllows(rule: AccessRule | undefined, kind: ViewerKind, profession: string | undefined): boolean {
  if (!rule) return false;
  if (kind === 'non-health') return rule.nonHealth === true;
  return Array.isArray(rule.professions) && profession !== undefined && rule.professions.includes(profession);
}

// ---------------------------------------------------------------------------------------------
// Care circle (for R): members of the care teams of a document's pathways

export class CareCircleIndex {
  private readonly teamsByEpisode = new Map<string, string[]>();
  private readonly membersByTeam = new Map<string, Set<string>>();

  constructor(episodes: Iterable<EpisodeOfCare>, careTeams: Iterable<CareTeam>, now: Date = clock.date()) {
    for (const e of episodes) {
      if (e?.resourceType !== 'EpisodeOfCare' || !e.id) continue;
      const teams = (Array.isArray(e.team) ? e.team : []).map((t) => referenceKey(t?.reference)).filter((k): k is string => !!k);
      this.teamsByEpisode.set(`EpisodeOfCare/${e.id}`, teams);
    }
    for (const t of careTeams) {
      if (t?.resourceType !== 'CareTeam' || !t.id || t.status === 'entered-in-error' || t.status === 'inactive') continue;
      const members = new Set<string>();
      for (const p of Array.isArray(t.participant) ? t.participant : []) {
        const end = toTime(p?.period?.end);
        const key = referenceKey(p?.member?.reference);
        if (key && (end === undefined || end >= now.getTime())) members.add(key);
      }
      this.membersByTeam.set(`CareTeam/${t.id}`, members);
    }
  }

  private readonly memo = new Map<string, Set<string>>();

  /** Current members of the teams of these pathways; with no pathway, of every team. */
  membersFor(pathways: readonly string[]): Set<string> {
    const memoKey = pathways.join(' ');
    const known = this.memo.get(memoKey);
    if (known) return known;
    const out = this.collect(pathways);
    this.memo.set(memoKey, out);
    return out;
  }

  private collect(pathways: readonly string[]): Set<string> {
    const teams = pathways.length
      ? pathways.flatMap((p) => this.teamsByEpisode.get(p) ?? [])
      : [...this.membersByTeam.keys()];
    const out = new Set<string>();
    for (const t of teams) for (const m of this.membersByTeam.get(t) ?? []) out.add(m);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The default matrix (documented in docs/access-matrix.md)

/** TRE_G15 health professions the default matrix knows. */
export const PROFESSIONS = {
  medecin: '10',
  pharmacien: '21',
  audioprothesiste: '26',
  opticien: '28',
  chirurgienDentiste: '40',
  sageFemme: '50',
  infirmier: '60',
  infirmierPsy: '69',
  kinesitherapeute: '70',
  podologue: '80',
  orthoprothesiste: '81',
  podoOrthesiste: '82',
  orthopedisteOrthesiste: '83',
  oculariste: '84',
  epithesiste: '85',
  technicienLabo: '86',
  orthophoniste: '91',
  orthoptiste: '92',
  ergotherapeute: '94',
  dieteticien: '95',
  psychomotricien: '96',
  manipulateurRadio: '98',
} as const;

const P = PROFESSIONS;
const NURSES = [P.infirmier, P.infirmierPsy];
const CORE = [P.medecin, P.pharmacien, P.chirurgienDentiste, P.sageFemme, ...NURSES];
const REHAB = [P.kinesitherapeute, P.podologue, P.orthophoniste, P.orthoptiste, P.ergotherapeute, P.dieteticien, P.psychomotricien];
const ALL_HEALTH = /* @__PURE__ */ Object.values(P);

const rule = (label: string, professions: readonly string[], nonHealth = false): AccessRule => ({ label, professions, nonHealth });

export const DEFAULT_ACCESS_MATRIX: AccessMatrix = /* @__PURE__ */ deepFreeze({
  professions: {
    [P.medecin]: 'Médecin', [P.pharmacien]: 'Pharmacien', [P.audioprothesiste]: 'Audioprothésiste',
    [P.opticien]: 'Opticien-lunetier', [P.chirurgienDentiste]: 'Chirurgien-dentiste', [P.sageFemme]: 'Sage-femme',
    [P.infirmier]: 'Infirmier', [P.infirmierPsy]: 'Infirmier psychiatrique', [P.kinesitherapeute]: 'Masseur-kinésithérapeute',
    [P.podologue]: 'Pédicure-podologue', [P.orthoprothesiste]: 'Orthoprothésiste', [P.podoOrthesiste]: 'Podo-orthésiste',
    [P.orthopedisteOrthesiste]: 'Orthopédiste-orthésiste', [P.oculariste]: 'Oculariste', [P.epithesiste]: 'Épithésiste',
    [P.technicienLabo]: 'Technicien de laboratoire médical', [P.orthophoniste]: 'Orthophoniste', [P.orthoptiste]: 'Orthoptiste',
    [P.ergotherapeute]: 'Ergothérapeute', [P.dieteticien]: 'Diététicien', [P.psychomotricien]: 'Psychomotricien',
    [P.manipulateurRadio]: "Manipulateur d'électroradiologie médicale",
  },
  types: {
    // Reports
    '11488-4': rule('Compte rendu de consultation', [...CORE, ...REHAB]),
    '34108-1': rule('Compte rendu de consultation externe', [...CORE, ...REHAB]),
    '11506-3': rule("Note d'évolution", [...CORE, ...REHAB]),
    '28570-0': rule("Compte rendu d'acte", [...CORE, P.kinesitherapeute, P.podologue]),
    '34874-8': rule('Compte rendu opératoire', [P.medecin, P.chirurgienDentiste, P.sageFemme, ...NURSES, P.kinesitherapeute]),
    '18842-5': rule("Compte rendu d'hospitalisation", [...CORE, ...REHAB]),
    '11490-0': rule('Lettre de liaison à la sortie', [...CORE, ...REHAB]),
    '18761-7': rule('Synthèse de transfert', [...CORE, ...REHAB]),
    '34111-5': rule('Compte rendu des urgences', [...CORE]),
    '34117-2': rule('Observation médicale', [P.medecin, P.chirurgienDentiste, P.sageFemme, ...NURSES]),
    '34746-8': rule('Compte rendu de soins infirmiers', [P.medecin, P.pharmacien, P.sageFemme, ...NURSES, P.kinesitherapeute, P.podologue]),
    '34745-0': rule('Synthèse infirmière de sortie', [P.medecin, P.pharmacien, P.sageFemme, ...NURSES, P.kinesitherapeute, P.podologue]),
    // Results and images
    '11502-2': rule('Compte rendu de biologie', [...CORE]),
    '11526-1': rule("Compte rendu d'anatomie et cytologie pathologiques", [P.medecin, P.chirurgienDentiste, P.sageFemme]),
    '18748-4': rule("Compte rendu d'imagerie", [P.medecin, P.chirurgienDentiste, P.sageFemme, ...NURSES, P.kinesitherapeute, P.podologue, P.manipulateurRadio]),
    '72170-4': rule('Photographie', [P.medecin, P.chirurgienDentiste, P.sageFemme, ...NURSES, P.kinesitherapeute, P.podologue]),
    // Prescriptions
    '57833-6': rule('Prescription de médicaments', [...CORE]),
    '57832-8': rule("Prescription d'examens ou de soins", [...CORE, ...REHAB]),
    // Syntheses
    '34133-9': rule('Synthèse', [...CORE, ...REHAB]),
    '60591-5': rule('Volet de synthèse médicale', [...CORE, ...REHAB]),
    '11369-6': rule('Historique des vaccinations', [...CORE]),
    '42348-3': rule('Directives anticipées', ALL_HEALTH),
    // Coordination: also open to non-health actors (coordinators, social workers)
    '51848-0': rule('Évaluation (coordination)', ALL_HEALTH, true),
    '28653-4': rule('Évaluation sociale', [P.medecin, ...NURSES], true),
    '57133-1': rule("Courrier d'adressage", ALL_HEALTH, true),
    '18776-5': rule('Plan de soins / PPCS', ALL_HEALTH, true),
    '51851-4': rule('Document administratif', ALL_HEALTH, true),
    '34109-9': rule('Note partagée', ALL_HEALTH, true),
  },
  // An unrecognised type: physicians only (they see nearly every type in the DMP matrix).
  unknownType: rule('Type non reconnu', [P.medecin]),
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
