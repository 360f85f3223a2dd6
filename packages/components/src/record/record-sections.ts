/**
 * The sections of `<coord-record>` and how each one's element arrives: a dynamic import of its
 * module, on first opening only (a page showing the record pays for the sections the viewer
 * opens). The modules define their tags themselves, so this works the same under the script-tag
 * loader (`coord-elements.js` does not see inside the record's shadow root) and for bundler users.
 */
import type { RecordView } from '../events/coord-view-change.ts';

export const VIEWS: readonly RecordView[] = ['overview', 'timeline', 'documents', 'notes', 'ppcs', 'chat', 'audit'];
export const DEFAULT_VIEW: RecordView = 'overview';

export function toView(value: string | null | undefined): RecordView {
  return VIEWS.includes(value as RecordView) ? (value as RecordView) : DEFAULT_VIEW;
}

/** The element each section shows (the overview is the record's own). */
export const SECTION_TAGS: Readonly<Record<Exclude<RecordView, 'overview'>, string>> = {
  timeline: 'coord-timeline',
  documents: 'coord-documents',
  notes: 'coord-notes',
  ppcs: 'coord-ppcs',
  chat: 'coord-chat',
  audit: 'coord-audit',
};

/** A section whose element is not part of this build. */
export class SectionUnavailableError extends Error {
  constructor(tag: string) {
    super(`<${tag}> is not available`);
    this.name = 'SectionUnavailableError';
  }
}

const loaders: Record<string, () => Promise<unknown>> = {
  'coord-patient-banner': () => import('../patient-banner/patient-banner.ts'),
  'coord-timeline': () => import('../timeline/timeline.ts'),
  'coord-documents': () => import('../documents/documents.ts'),
  'coord-notes': () => import('../notes/notes.ts'),
  'coord-ppcs': () => import('../ppcs/ppcs.ts'),
  'coord-chat': () => import('../chat/chat.ts'),
  'coord-audit': () => import('../audit/audit.ts'),
};

const loading = new Map<string, Promise<void>>();

/** Loads a section's element once; resolves when its tag is defined. A failed load may be retried. */
export function loadSection(tag: string): Promise<void> {
  if (customElements.get(tag)) return Promise.resolve();
  let pending = loading.get(tag);
  if (!pending) {
    const importer = loaders[tag];
    pending = (importer ? importer() : Promise.reject(new SectionUnavailableError(tag))).then(
      () => customElements.whenDefined(tag).then(() => undefined),
      (err: unknown) => {
        loading.delete(tag);
        throw err;
      },
    );
    loading.set(tag, pending);
  }
  return pending;
}
