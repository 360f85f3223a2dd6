/**
 * The viewer's last visit of a record, kept on the device (localStorage) for "Depuis ma dernière
 * visite". The key is a SHA-256 of server + patient + viewer, so storage never spells out who the
 * patient or the viewer is; the value is an instant (ms) and nothing else. Storage may be refused
 * (private mode, quota, no secure context): every access is guarded, and the digest then treats
 * each opening as a first visit.
 */

const PREFIX = 'coord-record:visit:';

/** The hashed storage key of a server + patient + viewer (undefined without WebCrypto). */
export async function visitKey(baseUrl: string, patient: string, viewer: string | undefined): Promise<string | undefined> {
  try {
    const bytes = new TextEncoder().encode(`${baseUrl}\u0000${patient}\u0000${viewer ?? '-'}`);
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return PREFIX + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
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
