/**
 * Where the outbox keeps its entries: IndexedDB (through `idb`) in browsers, so unsent writes
 * survive a reload; an in-memory store elsewhere and in tests (`fake-indexeddb` gives Node an
 * IndexedDB too). Entries hold record content: they are never logged, and each is deleted as
 * soon as the server confirmed it (`Outbox`); `purgeLocalData()` deletes the database (an open
 * connection closes itself when asked, so the deletion is never blocked by this page).
 */
import type { Resource } from '@medplum/fhirtypes';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CoordErrorKind } from './errors.ts';
import { trackCache } from './purge-registry.ts';
import type { WriteOp } from './writes/build.ts';

export type OutboxStatus = 'pending' | 'sending' | 'failed' | 'conflict';

export interface OutboxEntry {
  id: string;
  /** Server + patient + viewer the entry belongs to, as a hash (`localKey`): never the references. */
  scope: string;
  /** Enqueue order; entries are sent in this order. */
  seq: number;
  createdAt: string;
  /** `Communication` for a create, `Task/abc` for an update: what it writes, without content. */
  target: string;
  op: WriteOp;
  status: OutboxStatus;
  attempts: number;
  /** What went wrong last time (kind and HTTP status only). */
  lastError?: { kind: CoordErrorKind; status?: number; at: string };
  /** Not before this time (ms since epoch) unless flushed by hand or by going online. */
  nextAttemptAt?: number;
  /** For `conflict`: the server's current version and the fields both sides changed. */
  conflict?: { current: Resource; fields: string[] };
}

export interface OutboxStore {
  /** The scope's entries in `seq` order. */
  list(scope: string): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
  close?(): void;
}

const bySeq = (a: OutboxEntry, b: OutboxEntry): number => a.seq - b.seq;

/** Entries kept in memory only (lost on reload); copies on the way in and out, like IndexedDB. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();

  constructor() {
    trackCache(this);
  }

  /** Drops every entry (a purge). */
  clear(): void {
    this.entries.clear();
  }

  async list(scope: string): Promise<OutboxEntry[]> {
    return [...this.entries.values()].filter((e) => e.scope === scope).sort(bySeq).map((e) => structuredClone(e));
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const e = this.entries.get(id);
    return e && structuredClone(e);
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.id, structuredClone(entry));
  }

  async delete(id: string): Promise<void> {
    this.entries.delete(id);
  }
}

interface OutboxDb extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { scope: string } };
}

export class IdbOutboxStore implements OutboxStore {
  private constructor(private readonly db: IDBPDatabase<OutboxDb>) {}

  static async open(name = 'coord-outbox'): Promise<IdbOutboxStore> {
    const db = await openDB<OutboxDb>(name, 1, {
      upgrade(database) {
        const store = database.createObjectStore('entries', { keyPath: 'id' });
        store.createIndex('scope', 'scope');
      },
      // A purge (or another tab's upgrade) wants the database: let go of it.
      blocking() {
        db.close();
      },
    });
    return new IdbOutboxStore(db);
  }

  async list(scope: string): Promise<OutboxEntry[]> {
    return (await this.db.getAllFromIndex('entries', 'scope', scope)).sort(bySeq);
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    return this.db.get('entries', id);
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.db.put('entries', entry);
  }

  async delete(id: string): Promise<void> {
    await this.db.delete('entries', id);
  }

  close(): void {
    this.db.close();
  }
}

/** IndexedDB when the platform has it, memory otherwise (or if opening the database fails, e.g. private mode). */
export async function openOutboxStore(name?: string): Promise<OutboxStore> {
  if (typeof indexedDB === 'undefined') return new MemoryOutboxStore();
  try {
    return await IdbOutboxStore.open(name);
  } catch {
    return new MemoryOutboxStore();
  }
}
