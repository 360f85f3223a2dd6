export { CoordClient, AuthRequiredEvent, ScopedClient, expectBundle, expectResource, kindOf } from './client.ts';
export type { ClientScope, CoordClientOptions, FetchLike, FhirResponse, RequestOptions } from './client.ts';
export { clock, setClock } from './clock.ts';
export type { ClockSource } from './clock.ts';
export { DEFAULT_TIMEOUTS } from './pipeline.ts';
export type { CrossOriginPolicy, IncomingResponse, OutgoingRequest, RequestHook, RequestKind } from './pipeline.ts';
export { PATIENT_SEARCH_PARAM, patientParam, patientSearch, searchPath, searchQuery } from './search.ts';
export type { SearchParams, SearchValue } from './search.ts';
export {
  configureCodeSystems,
  DEFAULT_LOCAL_CODE_SYSTEMS,
  localCodeSystems,
  noteMarker,
  US_CORE_DOCUMENT_CATEGORY_SYSTEM,
} from './codes.ts';
export type { LocalCodeSystems } from './codes.ts';
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
  actorIdentity,
  isViewer,
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
export { CLINICAL_NOTE_SYSTEM, isClinicalNote, isSharedNote, mapDocumentAttachment, mapDocuments, newestFirst } from './model/documents.ts';
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
// Timeline (issue 5): view models and the paged feed.
export {
  compareItems,
  mapCommunicationToTimelineItem,
  mapDiagnosticReportToTimelineItem,
  mapDocumentReferenceToTimelineItem,
  mapEncounterToTimelineItems,
  mapEpisodeOfCareToTimelineItems,
  mapImagingStudyToTimelineItem,
  mapPpcsActions,
  mapResourceToTimelineItems,
  mapTimeline,
  reportKind,
  sortTimelineItems,
  TIMELINE_KINDS,
} from './model/timeline.ts';
export type { TimelineContext, TimelineItem, TimelineKind, TimelineProblem, TimelineStatusKey } from './model/timeline.ts';
export { DEFAULT_TIMELINE_KINDS, TimelineFeed, TimelineFeedChangeEvent } from './feeds/timeline-feed.ts';
export type {
  TimelineFeedChangeDetail,
  TimelineFeedOptions,
  TimelineRefresh,
  TimelineSourceFailure,
  TimelineSourceTruncation,
  TimelineSourceId,
} from './feeds/timeline-feed.ts';
export { readTimelineDetail } from './feeds/timeline-detail.ts';
export {
  mapActionDetail,
  mapActivityDetail,
  mapDocumentDetail,
  mapEncounterDetail,
  mapImagingStudyDetail,
  mapReportDetail,
} from './model/timeline-detail.ts';
export type { MovementView, ParticipantView, ResultFlag, ResultView, SeriesView, StatusStep, StudyView, TimelineDetail } from './model/timeline-detail.ts';
// Chat (issue 6): messages, the write path, the outbox and live updates it builds on.
export {
  groupMessagesByDay,
  mapCommunication,
  mapMessageAttachment,
  mapMessages,
  MAX_MESSAGE_CHARS,
  mergeMessages,
  messageActorReferences,
} from './model/messages.ts';
export type { MessageAttachmentView, MessageDay, MessageOptions, MessageView } from './model/messages.ts';
export { readMessages, readOlderMessages } from './readers/messages.ts';
export type { MessagesPage, MessagesReadOptions, PageCursor } from './readers/messages.ts';
export { bundleResources, patientKey, searchAllPages } from './readers/search-pages.ts';
// Write path (issue 4): conditional writes, outbox, live updates.
export { URI_SYSTEM, clientIdentifierOf, ifMatchFor, ifNoneExistFor, newIdentifier, newUuid } from './ids.ts';
export {
  MASK_LABEL_SYSTEM,
  MASQUE_PS,
  NOTE_CATEGORY_SYSTEM,
  RecordWriter,
  actionCommentOp,
  actionFromMessageOp,
  actionOp,
  ppcsPlanOp,
  actionStatusOp,
  activityCommentOp,
  activityStatusOp,
  bytesToBase64,
  conceptOf,
  createIdempotent,
  documentFromAttachmentOp,
  documentMaskOp,
  executeOp,
  FILED_DOCUMENT_TYPES,
  invalidateTypes,
  isTransient,
  jsonEqual,
  mergeThreeWay,
  messageOp,
  noteOp,
  sameContent,
  updateIfMatch,
  uploadBinary,
  uploadedDocument,
  withClientIdentifier,
} from './writes/index.ts';
export type {
  ActionFromMessageInput,
  ActionInput,
  ActivityStatus,
  AttachmentInput,
  DocumentFromAttachmentInput,
  FiledDocumentTypeKey,
  UploadedDocumentInput,
  BinaryUploadOptions,
  CreateOp,
  DocumentInput,
  ExecuteOptions,
  MergeResult,
  MessageInput,
  NoteInput,
  PpcsPlanInput,
  PendingUpload,
  UpdateOp,
  UploadProgress,
  UploadResult,
  WriteConflict,
  WriteOp,
  WriteOptions,
  WriteResult,
} from './writes/index.ts';
export { Outbox, OutboxChangeEvent, OutboxErrorEvent, OutboxSentEvent } from './outbox.ts';
export type { OutboxEntry, OutboxOptions, OutboxStatus, OutboxStore } from './outbox.ts';
export { IdbOutboxStore, MemoryOutboxStore, openOutboxStore } from './outbox-store.ts';
export { hasOutboxEntries, legacyOutboxScope, OUTBOX_DATABASE, outboxScopes } from './outbox-probe.ts';
export { nextInterval, subscriptionSocketUrl, watch } from './live.ts';
export { LiveHub } from './live-hub.ts';
export type { LiveHubOptions, LiveSubscribeOptions, LiveSubscription, LiveWatcherStats } from './live-hub.ts';
export type {
  LiveChange,
  LiveSocket,
  LiveSocketFactory,
  LiveUpdate,
  LiveWatch,
  VisibilitySource,
  WatchCallback,
  WatchOptions,
} from './live.ts';
export {
  goalAchievement,
  isMyAction,
  isOverdue,
  isPpcsCategory,
  mapPpcs,
  normaliseActionStatus,
  ppcsActorReferences,
  ppcsContentReferences,
  selectPpcsPlan,
} from './model/ppcs.ts';
export type {
  ActionComment,
  ActionStatus,
  GoalAchievement,
  GoalView,
  NeedView,
  PpcsActionView,
  PpcsInput,
  PpcsOptions,
  PpcsResult,
  PpcsView,
} from './model/ppcs.ts';
export { careCircleReferences, mapCareCircle } from './model/care-team.ts';
export type { CareCircleOptions, CareMemberView, CareTeamRef } from './model/care-team.ts';
export { accessTraceActors, auditActionCode, auditActorReferences, filterAccessTraces, filterBounds, isBreakTheGlass, mapAccessTraces, mapAuditEvent } from './model/audit.ts';
export type { AccessTraceActionFilter, AccessTraceFilter, AccessTraceView, AuditAction, AuditEntityView, AuditOptions, AuditOutcome } from './model/audit.ts';
export { findPpcsPlan, foundingPathway, readPpcs } from './readers/ppcs.ts';
export type { PpcsPlanChoice, PpcsReadOptions, PpcsReadResult } from './readers/ppcs.ts';
export { readCareCircle } from './readers/care-team.ts';
export type { CareCircleReadOptions } from './readers/care-team.ts';
export { auditSearchParams, readAccessTraces, readOlderAccessTraces } from './readers/audit.ts';
export type { AccessTracesPage } from './readers/audit.ts';
export { diffLines, mergeText } from './model/note-text.ts';
export type { DiffLine, TextMerge } from './model/note-text.ts';
// Record (issue 15): "Depuis ma dernière visite" and the section badges.
export { DIGEST_SOURCES, FIRST_VISIT_DAYS, SECTION_OF, digestWindow, lastUpdatedAfter, mapDigest } from './model/digest.ts';
export type { Digest, DigestInput, DigestItem, DigestKind, DigestOptions, DigestSection, DigestSource, DigestWindow } from './model/digest.ts';
export { countOverdueActions, readDigest } from './readers/digest.ts';
export type { DigestReadOptions } from './readers/digest.ts';
// Nothing left behind (issue 14): hashed storage keys and the sign-out purge.
export { isLocalKey, listenForPurge, localKey, onPurge, purgeLocalData, PURGE_EVENT, PURGED_EVENT, sha256Hex, trackCache } from './local-data.ts';
// Emergency access (bris de glace): the trace it leaves.
export { ACT_REASON_SYSTEM, BREAK_GLASS_SUBTYPE, MAX_EMERGENCY_REASON, emergencyAccessAuditEvent, writeEmergencyAccessAudit } from './writes/build-audit.ts';
export type { EmergencyAccessAuditInput } from './writes/build-audit.ts';
