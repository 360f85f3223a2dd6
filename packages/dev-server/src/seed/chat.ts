/**
 * Secure messaging (MIS): Communications around the patient — replies, photos, a PDF, a
 * multi-line message, one from the patient herself. Each has a fixed client identifier.
 * Portable module: no `node:` imports.
 */
import type { Communication, CommunicationPayload, Resource } from '@medplum/fhirtypes';
import { binaryResource, png, PNG_PLAIE, PNG_PLAIE_J25 } from './binary.ts';
import { IDS } from './ids.ts';
import { daysAgo, hoursAgo, messageIdentifier, patientRef, ref, roleRef, type Ref } from './util.ts';

/** Namespace tag of the seed message UUIDs (extra.ts uses another one). */
const UUID_TAG = 0x6d15_0001;

interface MessageSpec {
  id: string;
  patient?: string;
  sent: string;
  sender: Ref;
  text?: string;
  recipients?: string[];
  replyTo?: string;
  attachment?: CommunicationPayload['contentAttachment'];
  about?: Ref[];
}

function message(s: MessageSpec, n: number): Communication {
  const payload: CommunicationPayload[] = [];
  if (s.text) payload.push({ contentString: s.text });
  if (s.attachment) payload.push({ contentAttachment: s.attachment });
  const c: Communication = {
    resourceType: 'Communication',
    id: s.id,
    identifier: [messageIdentifier(UUID_TAG, n)],
    status: 'completed',
    subject: patientRef(s.patient ?? IDS.patientMain),
    sent: s.sent,
    sender: s.sender,
    payload,
  };
  if (s.recipients) c.recipient = s.recipients.map(roleRef);
  if (s.replyTo) c.inResponseTo = [ref('Communication', s.replyTo)];
  if (s.about) c.about = s.about;
  return c;
}

export function chatResources(now: Date): Resource[] {
  const at = (n: number, hh: number, mm = 0): string => daysAgo(now, n, hh, mm);
  const photoJ25 = png(PNG_PLAIE_J25);
  const id = (n: number): string => `msg-martin-${String(n).padStart(2, '0')}`;

  const martin: MessageSpec[] = [
    { id: id(1), sent: at(35, 8, 30), sender: roleRef(IDS.roleCoord),
      text: 'Bonjour à tous, Mme Martin est rentrée à domicile hier après son hospitalisation au CHU. Je vous propose de faire le point ici sur l’organisation du retour.' },
    { id: id(2), sent: at(35, 10, 15), sender: roleRef(IDS.roleIdel), replyTo: id(1),
      text: 'Bien noté. Je passe dès que j’ai l’ordonnance. Le compte rendu de sortie signale une escarre au talon droit, c’est bien ça ?' },
    { id: id(3), sent: at(34, 17, 40), sender: roleRef(IDS.roleGp), replyTo: id(2),
      text: 'Oui, stade 3. Voici l’ordonnance de soins infirmiers et de pansements.',
      attachment: { contentType: 'application/pdf', url: `Binary/${IDS.binOrdoPansements}`, title: 'ordonnance-pansements.pdf' },
      about: [ref('DocumentReference', IDS.docOrdoPansements)] },
    { id: id(4), sent: at(33, 8, 5), sender: roleRef(IDS.roleIdel),
      text: 'Photo de la plaie ce matin, avant le pansement.',
      attachment: { contentType: 'image/png', url: `Binary/${IDS.binPhotoPlaie}`, title: 'plaie-talon.png', size: png(PNG_PLAIE).size } },
    { id: id(5), sent: at(32, 12, 20), sender: roleRef(IDS.rolePharm),
      text: 'J’ai bien reçu l’ordonnance de sortie. Attention : la metformine a été arrêtée au CHU (DFG 20), je l’ai retirée du pilulier.' },
    { id: id(6), sent: at(30, 16, 0), sender: roleRef(IDS.roleSocial),
      text: [
        'Point social :',
        '- dossier APA à constituer (GIR 3 estimé) ;',
        '- portage de repas : accord de la mairie, début lundi ;',
        '- téléassistance : à rediscuter avec la fille de Mme Martin.',
      ].join('\n') },
    { id: id(7), sent: at(28, 11, 5), sender: roleRef(IDS.roleCoord), replyTo: id(6),
      text: 'Merci Nadia. Je mets à jour le PPCS avec ces actions.' },
    { id: id(8), sent: at(26, 8, 50), sender: roleRef(IDS.roleIdel),
      text: 'Plaie propre, bourgeonnante. Pas de signe d’infection.' },
    { id: id(9), sent: at(20, 16, 30), sender: roleRef(IDS.roleNephro),
      text: 'Bilan du jour : créatinine 198 µmol/L, DFG 20. Retour à l’état antérieur. Prochain contrôle dans 3 mois.' },
    { id: id(10), sent: at(18, 18, 40), sender: roleRef(IDS.rolePharm),
      text: 'Conciliation faite : 9 lignes au lieu de 11. Détails dans les notes partagées.' },
    { id: id(11), sent: at(14, 10, 0), sender: patientRef(IDS.patientMain),
      text: 'Bonjour, je voulais vous dire que l’infirmière passe bien tous les matins. Merci à tous. Jeanne Martin' },
    { id: id(12), sent: at(12, 9, 0), sender: roleRef(IDS.roleCoord), recipients: [IDS.roleSocial],
      text: 'Nadia, où en est le dossier APA ?' },
    { id: id(13), sent: at(11, 9, 45), sender: roleRef(IDS.roleSocial), recipients: [IDS.roleCoord], replyTo: id(12),
      text: 'J’attends l’avis d’imposition, la fille de Mme Martin doit me l’envoyer cette semaine.' },
    { id: id(14), sent: at(9, 8, 15), sender: roleRef(IDS.roleIdel),
      text: 'Évolution de la plaie, trois semaines après le premier pansement.',
      attachment: { contentType: 'image/png', url: `Binary/${IDS.binPhotoPlaieJ25}`, title: 'plaie-talon-j25.png', size: photoJ25.size } },
    { id: id(15), sent: at(7, 17, 10), sender: ref('Practitioner', IDS.pracGp),
      text: 'Vue en consultation ce jour. Poids 48,5 kg, en baisse. J’ajoute des compléments nutritionnels oraux.' },
    { id: id(16), sent: at(4, 13, 0), sender: roleRef(IDS.roleCoord),
      text: [
        'Rappel : synthèse de coordination jeudi à 14 h en visio.',
        'Ordre du jour :',
        '1. Plaie du talon',
        '2. Nutrition',
        '3. Dossier APA',
      ].join('\n') },
    { id: id(17), sent: at(2, 8, 10), sender: roleRef(IDS.roleIdel),
      text: 'Passage ce matin : plaie en nette amélioration, 2 × 1,5 cm.' },
    { id: id(18), sent: hoursAgo(now, 5), sender: roleRef(IDS.roleOnco),
      text: 'Rendez-vous de suivi d’oncologie confirmé dans 12 jours ; bilan sanguin la veille.' },
  ];
  const dubois: MessageSpec[] = [
    { id: 'msg-dubois-01', patient: IDS.patientSecond, sent: at(14, 9, 0), sender: roleRef(IDS.roleIdel),
      text: 'Plaie du pied de M. Dubois stable, pas de signe d’infection. Il ne porte pas toujours sa chaussure de décharge.' },
    { id: 'msg-dubois-02', patient: IDS.patientSecond, sent: at(13, 18, 20), sender: roleRef(IDS.roleGp), replyTo: 'msg-dubois-01',
      text: 'Merci, je le revois la semaine prochaine et je lui en reparle. Glycémies à surveiller.' },
    { id: 'msg-dubois-03', patient: IDS.patientSecond, sent: at(3, 11, 30), sender: roleRef(IDS.rolePharm),
      text: 'Chaussure de décharge neuve délivrée ce matin, pointure ajustée.' },
  ];

  const messages = [...martin, ...dubois].map((s, i) => message(s, i + 1));
  return [binaryResource(IDS.binPhotoPlaieJ25, photoJ25, ref('Communication', id(14))), ...messages];
}
