/**
 * Drafts of notes, kept on the device (localStorage) until the server confirmed the save: they
 * survive a reload or a crash, and `purgeLocalData()` removes them. The storage key is a SHA-256
 * of server + patient + viewer (`localKey`, synchronous: no secure context needed), so it
 * never spells out who the patient or the viewer is; the text itself is the draft. Storage may be
 * refused (private mode, quota, no secure context): every access is guarded, and then drafts
 * live in memory only. Nothing here is ever logged.
 */

export interface NoteDraft {
  /** `DocumentReference/<id>` being edited; absent for a new note. */
  reference?: string;
  /** The version the edit started from (for If-Match and the three-way merge). */
  baseVersion?: string;
  title: string;
  text: string;
  /** When the draft was last written (ms). */
  at: number;
}

import { localKey } from '@coord/api-client';

const PREFIX = 'coord-notes:drafts:';
export const NEW_NOTE = 'new';

/** The hashed storage key of a server + patient + viewer. */
export async function draftKey(baseUrl: string, patient: string, viewer: string | undefined): Promise<string | undefined> {
  return PREFIX + localKey(baseUrl, patient, viewer);
}

function store(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The drafts of a scope, by note reference (`new` for a note not created yet). */
export function loadDrafts(key: string | undefined): Record<string, NoteDraft> {
  if (!key) return {};
  try {
    const parsed = JSON.parse(store()?.getItem(key) ?? '{}') as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    const out: Record<string, NoteDraft> = {};
    for (const [id, d] of Object.entries(parsed as Record<string, Partial<NoteDraft>>)) {
      if (d && typeof d.text === 'string' && typeof d.at === 'number') {
        out[id] = { reference: d.reference, baseVersion: d.baseVersion, title: typeof d.title === 'string' ? d.title : '', text: d.text, at: d.at };
      }
    }
    return out;
  } catch {
    return {};
  }
}

export function saveDrafts(key: string | undefined, drafts: Record<string, NoteDraft>): boolean {
  if (!key) return false;
  try {
    if (Object.keys(drafts).length) store()?.setItem(key, JSON.stringify(drafts));
    else store()?.removeItem(key);
    return store() !== undefined;
  } catch {
    return false;
  }
}
