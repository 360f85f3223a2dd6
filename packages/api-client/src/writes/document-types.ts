/**
 * Document types offered when filing a message's attachment as a document (`documentFromAttachmentOp`
 * in `build.ts`). Apart from the write builders so that a form listing them loads no write code.
 */

/** Document types offered when filing an attachment: LOINC code and local category (`localCodeSystems().documentCategory`). */
export const FILED_DOCUMENT_TYPES = [
  { key: 'photo', code: '72170-4', display: 'Photographic image', category: 'photo', categoryLabel: 'Photo' },
  { key: 'ordonnance', code: '57833-6', display: 'Prescription for medication', category: 'prescription', categoryLabel: 'Prescription' },
  { key: 'consultation', code: '11488-4', display: 'Consult note', category: 'compte-rendu', categoryLabel: 'Compte rendu' },
  { key: 'soins', code: '34746-8', display: 'Nurse Note', category: 'compte-rendu', categoryLabel: 'Compte rendu' },
  { key: 'courrier', code: '57133-1', display: 'Referral note', category: 'courrier', categoryLabel: 'Courrier' },
  { key: 'note', code: '34109-9', display: 'Note', category: undefined, categoryLabel: undefined },
] as const;

export type FiledDocumentTypeKey = (typeof FILED_DOCUMENT_TYPES)[number]['key'];
