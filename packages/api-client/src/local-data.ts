/**
 * What the library keeps on the device, and how a host clears it at sign-out.
 *
 * - Storage keys never spell out who viewed which patient: `localKey()` is a SHA-256 (hex) of
 *   server + patient + viewer, computed synchronously so it works without a secure context
 *   (where `crypto.subtle` is missing) and in synchronous storage paths.
 * - `purgeLocalData()` clears everything the library wrote: the outbox (IndexedDB), notes and
 *   chat drafts and "last read" markers (localStorage / sessionStorage keys under our prefixes
 *   only — a host's own keys stay), every client's in-memory cache, and what live components
 *   hold (object URLs, open outbox connections) through `onPurge()` registrations. The host may
 *   also dispatch `coord-purge-local-data` on `document` (docs/security.md); the library answers
 *   with `coord-local-data-purged` once done.
 */

/** The event a host dispatches on `document` to purge, and the one the library answers with. */
export const PURGE_EVENT = 'coord-purge-local-data';
export const PURGED_EVENT = 'coord-local-data-purged';

/** IndexedDB databases the library creates. */
export const LOCAL_DATABASES = ['coord-outbox'];


// ---------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4), synchronous, for storage keys only.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 of a text's UTF-8 bytes, as lowercase hex. */
export function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 9 + 63) >> 6) << 6));
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as number[];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh! + (rotr(e!, 6) ^ rotr(e!, 11) ^ rotr(e!, 25)) + ((e! & f!) ^ (~e! & g!)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a!, 2) ^ rotr(a!, 13) ^ rotr(a!, 22)) + ((a! & b!) ^ (a! & c!) ^ (b! & c!))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d! + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0]! += a!; h[1]! += b!; h[2]! += c!; h[3]! += d!; h[4]! += e!; h[5]! += f!; h[6]! += g!; h[7]! += hh!;
  }
  return [...h].map((x) => x.toString(16).padStart(8, '0')).join('');
}

/** The storage key part of a server + patient + viewer: a hash, never the references themselves. */
export function localKey(baseUrl: string, patient: string, viewer: string | undefined): string {
  return sha256Hex(`${baseUrl}\u0000${patient}\u0000${viewer ?? '-'}`);
}

// ---------------------------------------------------------------------------------------------
// Purge.

type PurgeFn = () => void | Promise<void>;

const callbacks = new Set<PurgeFn>();
const caches = new Set<WeakRef<{ clear(): void }>>();

/** Registers what a live object must drop at a purge; returns its removal. */
export function onPurge(fn: PurgeFn): () => void {
  callbacks.add(fn);
  return () => callbacks.delete(fn);
}

/** An in-memory cache emptied at a purge (held weakly: registering never keeps it alive). */
export function trackCache(cache: { clear(): void }): void {
  if (typeof WeakRef === 'undefined') return;
  if (caches.size > 256) for (const ref of caches) if (!ref.deref()) caches.delete(ref);
  caches.add(new WeakRef(cache));
}

function storages(): Storage[] {
  const out: Storage[] = [];
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    try {
      const s = (globalThis as unknown as Record<string, Storage | undefined>)[name];
      if (s) out.push(s);
    } catch {
      // Storage refused (privacy settings): nothing of ours is there either.
    }
  }
  return out;
}

/** Whether a storage key is one the library wrote. */
export function isLocalKey(key: string): boolean {
  return /^coord-(notes|chat|outbox|elements)[:-]/.test(key);
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = () => resolve();
      // Another tab still has it open: it is deleted as soon as that tab lets go.
      request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}

/**
 * Clears everything the library keeps on this device and in memory (call it at sign-out).
 * Resolves once the storage is cleared; never throws.
 */
export async function purgeLocalData(): Promise<void> {
  for (const fn of [...callbacks]) {
    try {
      await fn();
    } catch {
      // One holder failing must not keep the rest.
    }
  }
  for (const ref of caches) ref.deref()?.clear();
  caches.clear();
  for (const store of storages()) {
    try {
      const ours: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key !== null && isLocalKey(key)) ours.push(key);
      }
      for (const key of ours) store.removeItem(key);
    } catch {
      // Refused: nothing to clear.
    }
  }
  if (typeof indexedDB !== 'undefined') await Promise.all(LOCAL_DATABASES.map(deleteDatabase));
  globalThis.document?.dispatchEvent(new Event(PURGED_EVENT));
}

let listening = false;

/** Answers `coord-purge-local-data` dispatched on `document` (installed once by the entries). */
export function listenForPurge(run: () => Promise<void> = purgeLocalData): void {
  if (listening || !globalThis.document) return;
  listening = true;
  document.addEventListener(PURGE_EVENT, () => void run());
}
