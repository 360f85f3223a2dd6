/**
 * Access traces (AuditEvent): reads and an update by the care circle, an access refused by the
 * DMP access matrix, and an emergency access ("bris de glace") with its reason.
 * Portable module: no `node:` imports.
 */
import type { AuditEvent } from '@medplum/fhirtypes';
import { IDS } from './ids.ts';
import { coding, concept, daysAgo, patientRef, ref, roleRef, type Ref } from './util.ts';

const REST = coding('http://terminology.hl7.org/CodeSystem/audit-event-type', 'rest', 'RESTful Operation');
const INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const BREAK_GLASS = coding('https://coord.example/fhir/CodeSystem/audit-subtype', 'bris-de-glace', 'Bris de glace');
const EMERGENCY = coding('http://terminology.hl7.org/CodeSystem/v3-ActReason', 'ETREAT', 'Emergency Treatment');
const TREATMENT = coding('http://terminology.hl7.org/CodeSystem/v3-ActReason', 'TREAT', 'treatment');

interface TraceSpec {
  id: string;
  recorded: string;
  who: Ref;
  action: 'R' | 'U' | 'C';
  what: Ref[];
  outcome?: AuditEvent['outcome'];
  outcomeDesc?: string;
  breakGlass?: boolean;
}

function trace(s: TraceSpec): AuditEvent {
  const subtype = coding(INTERACTION, s.action === 'R' ? 'read' : s.action === 'U' ? 'update' : 'create');
  const purpose = s.breakGlass
    ? [concept('Bris de glace — accès en urgence', EMERGENCY)]
    : [concept('Prise en charge', TREATMENT)];
  const e: AuditEvent = {
    resourceType: 'AuditEvent',
    id: s.id,
    type: REST,
    subtype: s.breakGlass ? [subtype, BREAK_GLASS] : [subtype],
    action: s.action,
    recorded: s.recorded,
    outcome: s.outcome ?? '0',
    purposeOfEvent: purpose,
    agent: [{ who: s.who, requestor: true, purposeOfUse: purpose }],
    source: { observer: { display: 'Dossier de coordination' } },
    entity: [
      { what: patientRef(IDS.patientMain), type: coding(ENTITY_TYPE, '1', 'Person') },
      ...s.what.map((what) => ({ what, type: coding(ENTITY_TYPE, '2', 'System Object') })),
    ],
  };
  if (s.outcomeDesc) e.outcomeDesc = s.outcomeDesc;
  return e;
}

export function auditResources(now: Date): AuditEvent[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const doc = (id: string): Ref => ref('DocumentReference', id);
  return [
    trace({
      id: IDS.auditBreakGlass, recorded: at(48, 2, 40), who: roleRef(IDS.roleUrgentiste), action: 'R', breakGlass: true,
      what: [doc(IDS.docCrOnco), doc(IDS.docCrScanner), doc(IDS.docEvalDac)],
      outcomeDesc:
        'Accès en urgence (bris de glace) : patiente admise aux urgences, fébrile et confuse ; recherche des antécédents et du traitement en cours. Médecin hors du cercle de soins.',
    }),
    trace({ id: 'ae-lecture-cr-hospit', recorded: at(33, 17, 20), who: roleRef(IDS.roleGp), action: 'R', what: [doc(IDS.docCrHospit2)] }),
    trace({ id: 'ae-lecture-ordo-sortie', recorded: at(32, 12, 5), who: roleRef(IDS.rolePharm), action: 'R', what: [doc(IDS.docOrdoSortie)] }),
    trace({ id: 'ae-lecture-photo', recorded: at(9, 8, 20), who: roleRef(IDS.roleIdel), action: 'R', what: [doc(IDS.docPhotoPlaie)] }),
    trace({ id: 'ae-maj-ppcs', recorded: at(28, 11, 10), who: roleRef(IDS.roleCoord), action: 'U', what: [ref('CarePlan', IDS.carePlanPpcs)] }),
    trace({
      id: IDS.auditDenied, recorded: at(12, 15, 0), who: roleRef(IDS.roleSocial), action: 'R', what: [doc(IDS.docCrHospit2)],
      outcome: '4', outcomeDesc: 'Accès refusé : type de document non autorisé pour ce profil (matrice d’habilitation du DMP).',
    }),
  ];
}
