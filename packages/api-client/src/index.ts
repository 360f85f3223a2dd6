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
