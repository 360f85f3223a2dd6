/**
 * What the chat keeps on the device, per server + patient + viewer: the draft being typed
 * (sessionStorage: it survives a reload of the tab, not the end of the session) and the time of
 * the newest message the viewer has seen (localStorage, for "since my last visit"). Storage may
 * be refused (private mode, quotas): every access is guarded, and nothing here is ever logged.
 * Keys carry a hash of server + patient + viewer, never the references (`purgeLocalData()`
 * removes them all).
 */
import { localKey } from '@coord/api-client';

export function chatScope(baseUrl: string, patient: string, viewer: string | undefined): string {
  return localKey(baseUrl, patient, viewer);
}

function storage(kind: 'session' | 'local'): Storage | undefined {
  try {
    return kind === 'session' ? globalThis.sessionStorage : globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function loadDraft(scope: string): string {
  try {
    return storage('session')?.getItem(`coord-chat:draft:${scope}`) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(scope: string, text: string): void {
  try {
    const store = storage('session');
    if (text) store?.setItem(`coord-chat:draft:${scope}`, text);
    else store?.removeItem(`coord-chat:draft:${scope}`);
  } catch {
    // Storage full or refused: the text stays in the composer.
  }
}

export function loadLastRead(scope: string): number | undefined {
  try {
    const value = Number(storage('local')?.getItem(`coord-chat:last-read:${scope}`));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveLastRead(scope: string, time: number): void {
  try {
    const store = storage('local');
    const previous = Number(store?.getItem(`coord-chat:last-read:${scope}`));
    if (!(previous >= time)) store?.setItem(`coord-chat:last-read:${scope}`, String(time));
  } catch {
    // Not kept: the marker will show again next time.
  }
}
