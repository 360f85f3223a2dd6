import { defineCatalog } from '../base/i18n.ts';

const fr = {
  // The refusal (beside the shared "Accès refusé")
  offerHint: 'En cas d’urgence, vous pouvez accéder au dossier (bris de glace) en indiquant un motif. Cet accès est tracé et visible du patient.',
  offerButton: 'Accéder en urgence…',
  whoToAsk: 'Pour obtenir l’accès, demandez au coordinateur du parcours ou au médecin traitant du patient de vous ajouter à son cercle de soins, ou contactez l’administrateur du dossier de coordination de votre structure.',
  refusedInEmergency: 'Même en accès en urgence, le serveur refuse ces informations. Contactez l’administrateur du dossier de coordination.',
  // The dialog
  title: 'Accès en urgence (bris de glace)',
  intro: 'Vous n’avez pas accès à ce dossier. En cas d’urgence, vous pouvez y accéder en indiquant pourquoi : le motif, votre identité et l’heure sont enregistrés dans les traces d’accès, que le patient peut consulter.',
  reason: 'Motif de l’accès en urgence (obligatoire)',
  reasonHint: 'Par exemple : patient admis aux urgences, recherche des antécédents et du traitement en cours.',
  reasonRequired: 'Indiquez le motif de l’accès en urgence.',
  submit: 'Accéder en urgence',
  submitting: 'Demande en cours…',
  cancel: 'Annuler',
  failed: 'L’accès en urgence n’a pas pu être obtenu. Votre motif est conservé : réessayez, ou contactez l’administrateur.',
  noPatient: 'Aucun patient n’est indiqué : l’accès en urgence est impossible.',
  announceActive: 'Accès en urgence ouvert. Le dossier est rechargé ; l’accès est tracé.',
  // The banner
  banner: 'Accès en urgence',
  bannerDetail: 'bris de glace · depuis {time}',
  bannerReason: 'Motif : {reason}',
  auditPending: 'Enregistrement de la trace…',
  auditWritten: 'Accès tracé',
  auditFailed: 'La trace de cet accès n’a pas pu être enregistrée sur le serveur. Signalez-le à l’administrateur.',
  end: 'Terminer l’accès en urgence',
} as const;

export type EmergencyMessageKey = keyof typeof fr;

/** French inline (the default); English in `emergency.messages.en.ts`, loaded on first use. */
export const emergencyMessages = defineCatalog<EmergencyMessageKey>(fr, { en: () => import('./emergency.messages.en.ts') });
