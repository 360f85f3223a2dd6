// Classes only: importing this module registers no tag. Use `define.ts` (or the per-element
// modules) to register them.
export { CoordElement } from './base/coord-element.ts';
export { CoordSession } from './base/session.ts';
export type { PatientState, SessionConfig, Viewer } from './base/session.ts';
export { sessionContext } from './base/context.ts';
export { msg, formatDate, normalizeLang } from './base/i18n.ts';
export type { Lang, MessageKey } from './base/i18n.ts';
export { sanitizeHtml } from './base/sanitize.ts';
export { CoordProvider } from './provider/provider.component.ts';
export { CoordPatientBanner } from './patient-banner/patient-banner.component.ts';
export { CoordTimeline } from './timeline/timeline.component.ts';
export { CoordChat } from './chat/chat.component.ts';
export { CoordNotes } from './notes/notes.component.ts';
export { CoordErrorEvent } from './events/coord-error.ts';
export type { CoordErrorDetail } from './events/coord-error.ts';
export { CoordSelectEvent } from './events/coord-select.ts';
export type { CoordSelectDetail } from './events/coord-select.ts';
export { CoordAuthRequiredEvent } from './events/coord-auth-required.ts';
export type { CoordAuthRequiredDetail } from './events/coord-auth-required.ts';
export { CoordPatientChangeEvent } from './events/coord-patient-change.ts';
export { CoordFilterChangeEvent } from './events/coord-filter-change.ts';
export type { CoordFilterChangeDetail } from './events/coord-filter-change.ts';
export { CoordMessageSentEvent } from './events/coord-message-sent.ts';
export type { CoordMessageSentDetail } from './events/coord-message-sent.ts';
export { CoordNoteSavedEvent } from './events/coord-note-saved.ts';
export type { CoordNoteSavedDetail } from './events/coord-note-saved.ts';
export type { CoordPatientChangeDetail } from './events/coord-patient-change.ts';
export * from '@coord/api-client';
