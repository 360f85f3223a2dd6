// Entry of `dist/coord-elements.bundle.js`: the same as `coord-elements.js` in one file, for hosts
// that can serve only one. Every element's code is inside and every tag is registered at once;
// the English strings are inside too (still applied only when English is in use).
import './define.ts';
import { listenForPurge } from '@coord/api-client';
export * from './api.ts';
export { loadLang } from './base/i18n.ts';
export { CoordProvider } from './provider/provider.component.ts';
export { CoordPatientBanner } from './patient-banner/patient-banner.component.ts';
export { CoordTimeline } from './timeline/timeline.component.ts';
export { CoordChat } from './chat/chat.component.ts';
export { CoordNotes } from './notes/notes.component.ts';
export { CoordDocuments } from './documents/documents.component.ts';
export { CoordAudit } from './audit/audit.component.ts';

// `coord-purge-local-data` on document clears what the library keeps (docs/security.md).
listenForPurge();
