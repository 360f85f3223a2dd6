/**
 * React wrappers (`@coord/components/react`), made with `@lit/react`: properties (objects, functions
 * such as `getToken`) are set as properties, attributes as attributes, and each `coord-*` event is
 * an `on…` prop (`onCoordSelect`, `onCoordError`…). Importing this module registers the tags of the
 * elements it wraps. React and `@lit/react` are peer dependencies, left to the host's bundler.
 *
 * ```jsx
 * import { CoordProvider, CoordTimeline } from '@coord/components/react';
 * <CoordProvider baseUrl="/fhir/R4" patient="Patient/123" getToken={getToken}>
 *   <CoordTimeline onCoordSelect={(e) => open(e.detail.reference)} />
 * </CoordProvider>
 * ```
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { CoordProvider as ProviderElement } from '../provider/provider.ts';
import { CoordPatientBanner as BannerElement } from '../patient-banner/patient-banner.ts';
import { CoordTimeline as TimelineElement } from '../timeline/timeline.ts';
import { CoordChat as ChatElement } from '../chat/chat.ts';
import { CoordNotes as NotesElement } from '../notes/notes.ts';
import { CoordPpcs as PpcsElement } from '../ppcs/ppcs.ts';
import { CoordDocuments as DocumentsElement } from '../documents/documents.ts';
import type { CoordActionUpdatedEvent } from '../events/coord-action-updated.ts';
import type { CoordAuthRequiredEvent } from '../events/coord-auth-required.ts';
import type { CoordDocumentUploadedEvent } from '../events/coord-document-uploaded.ts';
import type { CoordErrorEvent } from '../events/coord-error.ts';
import type { CoordFilterChangeEvent } from '../events/coord-filter-change.ts';
import type { CoordMessageSentEvent } from '../events/coord-message-sent.ts';
import type { CoordNoteSavedEvent } from '../events/coord-note-saved.ts';
import type { CoordPatientChangeEvent } from '../events/coord-patient-change.ts';
import type { CoordSelectEvent } from '../events/coord-select.ts';

/** Events every element may fire. */
const common = {
  onCoordError: 'coord-error' as EventName<CoordErrorEvent>,
  onCoordAuthRequired: 'coord-auth-required' as EventName<CoordAuthRequiredEvent>,
  onCoordPatientChange: 'coord-patient-change' as EventName<CoordPatientChangeEvent>,
};
const onCoordSelect = 'coord-select' as EventName<CoordSelectEvent>;

/** One wrapper: the common events plus the element's own. */
function wrap<I extends HTMLElement, E extends Record<string, EventName | string>>(tagName: string, elementClass: new () => I, displayName: string, events: E) {
  return createComponent({ react: React, tagName, elementClass, displayName, events: { ...common, ...events } });
}

export const CoordProvider = wrap('coord-provider', ProviderElement, 'CoordProvider', {});
export const CoordPatientBanner = wrap('coord-patient-banner', BannerElement, 'CoordPatientBanner', {});
export const CoordTimeline = wrap('coord-timeline', TimelineElement, 'CoordTimeline', {
  onCoordSelect,
  onCoordFilterChange: 'coord-filter-change' as EventName<CoordFilterChangeEvent>,
});
export const CoordChat = wrap('coord-chat', ChatElement, 'CoordChat', {
  onCoordSelect,
  onCoordMessageSent: 'coord-message-sent' as EventName<CoordMessageSentEvent>,
});
export const CoordNotes = wrap('coord-notes', NotesElement, 'CoordNotes', {
  onCoordSelect,
  onCoordNoteSaved: 'coord-note-saved' as EventName<CoordNoteSavedEvent>,
});
export const CoordPpcs = wrap('coord-ppcs', PpcsElement, 'CoordPpcs', {
  onCoordSelect,
  onCoordActionUpdated: 'coord-action-updated' as EventName<CoordActionUpdatedEvent>,
});
export const CoordDocuments = wrap('coord-documents', DocumentsElement, 'CoordDocuments', {
  onCoordSelect,
  onCoordDocumentUploaded: 'coord-document-uploaded' as EventName<CoordDocumentUploadedEvent>,
});
