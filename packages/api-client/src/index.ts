export { CoordClient, AuthRequiredEvent, expectBundle, expectResource } from './client.ts';
export type { CoordClientOptions, FetchLike, FhirResponse, RequestOptions } from './client.ts';
export { CoordError, isCoordError, kindForStatus, outcomeText, toCoordError } from './errors.ts';
export type { CoordErrorKind } from './errors.ts';
export type { GetToken, TokenRequest } from './auth.ts';
export { ResponseCache } from './cache.ts';
export { parsePatientIdentifier, parsePatientReference, referenceKey } from './references.ts';
export {
  INS_NIA_SYSTEM,
  INS_NIR_SYSTEM,
  ageInYears,
  clip,
  mapPatientToSummary,
  validDate,
} from './model/patient.ts';
export type { Gender, InsIdentifier, PatientSummary } from './model/patient.ts';
export { ReferenceResolver } from './resolve.ts';
export {
  conceptText,
  emptyLookup,
  firstCoding,
  hasCoding,
  humanName,
  keyOf,
  lookupFrom,
  mapActor,
  PROFESSION_SYSTEM,
  toTime,
} from './model/common.ts';
export type { ActorView, Mapped, MappingIssue, ResourceLookup } from './model/common.ts';
export { mapEpisodeOfCare, mapPathways, PathwayIndex, PARCOURS_SYSTEM } from './model/pathways.ts';
export type { PathwayStatus, PathwayView } from './model/pathways.ts';
export {
  CareCircleIndex,
  CONFIDENTIALITY_SYSTEM,
  decideAccess,
  DEFAULT_ACCESS_MATRIX,
  documentTypeCode,
  LOINC_SYSTEM,
  MASK_SYSTEM,
  MASK_SYSTEM_NOS,
  normalizeProfession,
  PROFESSIONS,
  readSecurity,
  refersToViewer,
  viewerIdentities,
  viewerKind,
} from './access.ts';
export type {
  AccessContext,
  AccessDecision,
  AccessMatrix,
  AccessReason,
  AccessRule,
  Confidentiality,
  MaskLabel,
  SecurityView,
  Viewer,
  ViewerKind,
} from './access.ts';
export { CLINICAL_NOTE_SYSTEM, isClinicalNote, mapDocumentAttachment, mapDocuments, newestFirst } from './model/documents.ts';
export type {
  ContentView,
  DocumentMappingOptions,
  DocumentVersionView,
  DocumentView,
  HiddenItem,
  MappedWithHidden,
} from './model/documents.ts';
export { decodeAttachmentText, lineChange, mapNoteHistory, mapNotes, MAX_NOTE_BYTES, NOTE_TYPE_CODE } from './model/notes.ts';
export type { DecodedText, NoteMappingOptions, NoteVersionView, NoteView } from './model/notes.ts';
export { readDocuments } from './readers/documents.ts';
export type { DocumentsPage, ReadOptions } from './readers/documents.ts';
export { readNoteHistory, readNotes } from './readers/notes.ts';
export type { NoteHistory, NotesPage } from './readers/notes.ts';
