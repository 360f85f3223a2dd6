/**
 * Shared notes: DocumentReference whose category carries the note marker (the api-client's default
 * `noteCategory`, `document-category|note-coordination`) beside US Core's `clinical-note` (which alone
 * does not make a note), LOINC 34109-9, inline UTF-8 text. A note listed several times becomes successive versions (its history).
 * Portable module: no `node:` imports.
 */
import type { DocumentReference } from '@medplum/fhirtypes';
import { textContent } from './binary.ts';
import { IDS, SYSTEMS } from './ids.ts';
import { coding, concept, daysAgo, loinc, patientRef, ref, roleRef, type Ref } from './util.ts';

/** The note marker's code in `SYSTEMS.documentCategory` (the api-client's default `noteCategory`). */
export const NOTE_MARKER_CODE = 'note-coordination';

interface NoteVersion {
  date: string;
  author: string;
  text: string;
}

function note(id: string, title: string, context: Ref, version: NoteVersion, index: number): DocumentReference {
  const file = textContent(version.text);
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    docStatus: index === 0 ? 'final' : 'amended',
    type: loinc('34109-9', 'Note', 'Note'),
    category: [
      concept('Note de coordination', coding(SYSTEMS.documentCategory, NOTE_MARKER_CODE, 'Note de coordination')),
      concept('Note clinique', coding(SYSTEMS.usCoreDocCategory, 'clinical-note', 'Clinical Note')),
    ],
    subject: patientRef(IDS.patientMain),
    date: version.date,
    author: [roleRef(version.author)],
    description: title,
    content: [{ attachment: { contentType: file.contentType, language: 'fr-FR', title, size: file.size, data: file.data, creation: version.date } }],
    context: { encounter: [context] },
  };
}

/** Every version of every note, oldest first (the array order is the version order). */
export function noteResources(now: Date): DocumentReference[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const dac = ref('EpisodeOfCare', IDS.eocDac);

  const suivi1 = [
    'Retour à domicile après l’hospitalisation au CHU.',
    '- Passage IDEL quotidien organisé pour le pansement du talon droit.',
    '- Portage de repas à mettre en place.',
    '- Sa fille est prévenue et viendra le week-end.',
  ].join('\n');
  const suivi2 = `${suivi1}\n\nIDEL : plaie en amélioration (3 × 2 cm). Mme Martin mange peu le soir ; le portage de repas a commencé.`;
  const suivi3 = `${suivi2}\n\nDr Lefèvre : poids 48,5 kg (−2,5 kg depuis la sortie). Compléments nutritionnels oraux prescrits. À réévaluer dans 15 jours.`;

  const aides1 = [
    'Organisation des aides :',
    '- aide-ménagère 2 h par semaine (mardi matin) ;',
    '- demande d’APA à lancer ;',
    '- téléassistance proposée, à rediscuter avec la fille de Mme Martin.',
  ].join('\n');
  const aides2 = [
    aides1,
    '',
    'Mise à jour : portage de repas en place depuis la sortie (5 jours sur 7). Téléassistance refusée par Mme Martin pour le moment. Dossier APA en attente de l’avis d’imposition.',
  ].join('\n');

  return [
    note(IDS.noteAides, 'Organisation des aides à domicile', dac, { date: at(60, 11, 0), author: IDS.roleSocial, text: aides1 }, 0),
    note(IDS.noteSuivi, 'Suivi à domicile', dac, { date: at(34, 17, 45), author: IDS.roleCoord, text: suivi1 }, 0),
    note(IDS.noteConciliation, 'Conciliation médicamenteuse', dac, {
      date: at(18, 18, 30),
      author: IDS.rolePharm,
      text: [
        'Conciliation médicamenteuse après la sortie : 9 lignes au lieu de 11.',
        '- Metformine arrêtée (DFG 20).',
        '- Oméprazole arrêté : pas d’indication retrouvée, accord du médecin traitant.',
        'Pilulier hebdomadaire préparé par la pharmacie, livré le lundi.',
      ].join('\n'),
    }, 0),
    note(IDS.noteSuivi, 'Suivi à domicile', dac, { date: at(16, 9, 10), author: IDS.roleIdel, text: suivi2 }, 1),
    note(IDS.noteAides, 'Organisation des aides à domicile', dac, { date: at(12, 14, 20), author: IDS.roleCoord, text: aides2 }, 1),
    note(IDS.noteSuivi, 'Suivi à domicile', dac, { date: at(7, 17, 5), author: IDS.roleGp, text: suivi3 }, 2),
  ];
}
