// What a host page may need beside the tags, for the script-tag builds: the client to share
// (`provider.client`), the error type and the event classes. `coord-elements.js` hands it out
// on demand (`loadApi()`); `coord-elements.bundle.js` exports it directly. Bundler users import
// from `@coord/components` / `@coord/api-client` instead.
export { CoordClient, CoordError } from '@coord/api-client';
export { CoordErrorEvent } from './events/coord-error.ts';
export { CoordSelectEvent } from './events/coord-select.ts';
export { CoordAuthRequiredEvent } from './events/coord-auth-required.ts';
export { CoordPatientChangeEvent } from './events/coord-patient-change.ts';
export { CoordFilterChangeEvent } from './events/coord-filter-change.ts';
export { CoordMessageSentEvent } from './events/coord-message-sent.ts';
export { CoordDocumentUploadedEvent } from './events/coord-document-uploaded.ts';
export { CoordViewChangeEvent } from './events/coord-view-change.ts';
/**
 * Sign-out: clears everything the library keeps on the device and in memory (docs/security.md).
 * Its code loads on first use (this module is part of the shared core).
 */
export function purgeLocalData(): Promise<void> {
  return import('./purge.ts').then((m) => m.purgeLocalData());
}
