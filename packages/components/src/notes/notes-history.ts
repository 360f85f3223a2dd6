import { readNoteHistory, toCoordError, type NoteView, type ScopedClient, type Viewer } from '@coord/api-client';
import type { CoordElement } from '../base/coord-element.ts';
import type { HistoryState } from './notes-views.ts';

/**
 * The version histories of the notes whose history is open: read on demand, fresh (not from the
 * cache), again when the note gets a new version; which diffs are open. A read that lands after a
 * patient or viewer switch is dropped.
 */
export class NoteHistories {
  private open = new Set<string>();
  private states = new Map<string, HistoryState>();
  private diffs = new Map<string, Set<number>>();

  constructor(
    private readonly host: CoordElement,
    private readonly options: { client: () => ScopedClient | undefined; viewer: () => Viewer | undefined },
  ) {}

  reset(): void {
    this.open = new Set();
    this.states = new Map();
    this.diffs = new Map();
  }

  isOpen(reference: string): boolean {
    return this.open.has(reference);
  }

  state(reference: string): HistoryState | undefined {
    return this.states.get(reference);
  }

  openDiffs(reference: string): ReadonlySet<number> {
    return this.diffs.get(reference) ?? new Set();
  }

  toggle(note: NoteView): void {
    if (this.open.delete(note.reference)) return this.host.requestUpdate();
    this.open.add(note.reference);
    const h = this.states.get(note.reference);
    if (!h || h.status === 'error' || h.version !== note.versionId) void this.load(note);
    this.host.requestUpdate();
  }

  /** After the notes were read again: open histories of notes with a new version are read again. */
  refresh(notes: readonly NoteView[]): void {
    for (const note of notes) {
      const h = this.states.get(note.reference);
      if (this.open.has(note.reference) && h && h.status !== 'loading' && h.version !== note.versionId) void this.load(note);
    }
  }

  toggleDiff(reference: string, index: number): void {
    const set = new Set(this.diffs.get(reference));
    if (!set.delete(index)) set.add(index);
    this.diffs.set(reference, set);
    this.host.requestUpdate();
  }

  private async load(note: NoteView): Promise<void> {
    const client = this.options.client();
    if (!client) return;
    const set = (h: HistoryState): void => {
      if (client !== this.host.session?.client) return;
      this.states.set(note.reference, h);
      this.host.requestUpdate();
    };
    set({ status: 'loading', version: note.versionId });
    try {
      const history = await readNoteHistory(client, note.reference, { viewer: this.options.viewer(), signal: client.signal });
      set({ status: 'ready', version: note.versionId, items: history.items, ...missingVersions(history.items, note.versionId) });
    } catch (err) {
      const e = toCoordError(err);
      if (e.kind === 'aborted') return;
      this.host.emitError({ source: 'notes:history', kind: e.kind, status: e.status, message: e.message });
      set({ status: 'error', version: note.versionId });
    }
  }
}

/** Versions a server's history skips (numeric version ids only), and a current version it lacks. */
export function missingVersions(items: { versionId?: string }[], current: string | undefined): { missing: string[]; missingCurrent?: string } {
  const ids = items.map((i) => i.versionId).filter((v): v is string => Boolean(v));
  const missingCurrent = current && !ids.includes(current) ? current : undefined;
  if (!ids.length || !ids.every((v) => /^\d+$/.test(v))) return { missing: [], missingCurrent };
  const numbers = new Set(ids.map(Number));
  const top = Math.max(...numbers, Number(current) || 0);
  const missing: string[] = [];
  for (let n = 1; n <= top && missing.length < 20; n++) if (!numbers.has(n) && String(n) !== missingCurrent) missing.push(String(n));
  return { missing, missingCurrent };
}
