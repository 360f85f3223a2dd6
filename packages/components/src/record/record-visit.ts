/**
 * The viewer's last visit of a record, kept on the device (localStorage) for "Depuis ma dernière
 * visite". The key is a SHA-256 of server + patient + viewer, so storage never spells out who the
 * patient or the viewer is; the value is an instant (ms) and nothing else. Storage may be refused
 * (private mode, quota): every access is guarded, and the digest then treats
 * each opening as a first visit.
 */

import { localKey } from '@coord/api-client';

const PREFIX = 'coord-record:visit:';

/** The hashed storage key of a server + patient + viewer (the library's one `localKey`). */
export async function visitKey(baseUrl: string, patient: string, viewer: string | undefined): Promise<string | undefined> {
  return PREFIX + localKey(baseUrl, patient, viewer);
}

function store(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function loadVisit(key: string | undefined): number | undefined {
  if (!key) return undefined;
  try {
    const value = Number(store()?.getItem(key));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `time` as the last visit (never moves it back). */
export function saveVisit(key: string | undefined, time: number): void {
  if (!key) return;
  try {
    const s = store();
    const previous = Number(s?.getItem(key));
    if (!(previous >= time)) s?.setItem(key, String(time));
  } catch {
    // Not kept: the next opening shows the last 7 days.
  }
}
