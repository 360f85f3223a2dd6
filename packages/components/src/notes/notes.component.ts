import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { property, state } from 'lit/decorators.js';
import {
  decodeAttachmentText,
  invalidateTypes,
  MAX_NOTE_BYTES,
  mergeText,
  clock,
  readNotes,
  toCoordError,
  type CoordError,
  type NotesPage,
  type NoteView,
  type RecordWriter,
  type ScopedClient,
  type WriteResult,
} from '@coord/api-client';
import type { DocumentReference } from '@medplum/fhirtypes';
import { CoordElement } from '../base/coord-element.ts';
import { localize, msg } from '../base/i18n.ts';
import { LiveController } from '../base/live-controller.ts';
import { PatientTask } from '../base/patient-task.ts';
import { hostStyles } from '../base/styles.ts';
import { CoordNoteSavedEvent } from '../events/coord-note-saved.ts';
import { CoordSelectEvent } from '../events/coord-select.ts';
import { NoteHistories } from './notes-history.ts';
import { readEditBase } from './notes-base.ts';
import { draftKey, loadDrafts, NEW_NOTE, saveDrafts, type NoteDraft } from './notes-drafts.ts';
import { NOTE_CONTENT_TYPE } from './notes-format.ts';
import { renderConflict, renderEditor, renderNote, textProblem, when, type ConflictState, type EditorState } from './notes-views.ts';
import { notesMessages, type NotesMessageKey } from './notes.messages.ts';
import { notesStyles } from './notes.styles.ts';

interface Loaded {
  page: NotesPage;
  /** The scope the page was read for (drafts and history belong to it). */
  client: ScopedClient;
  patient: string;
}

/**
 * Shared coordination notes of the patient, newest first: read, create, edit (each save a new
 * version, `PUT` with `If-Match`), the history of versions with a readable diff, and a conflict
 * view when someone else saved first (both texts side by side; keep mine, keep theirs, or an
 * editable merge pre-filled by the three-way merge) — an edit is never lost. Drafts stay on the
 * device until the server confirmed the save. Notes are stored as `text/markdown` (paragraphs,
 * lists, bold, links), rendered through the one DOMPurify path.
 *
 * @summary Shared notes with versions, history, conflict resolution and drafts.
 * @csspart notes - The whole element.
 * @csspart new - The "New note" button.
 * @csspart note - One note (article).
 * @csspart open - A note's title button (opens and closes it).
 * @csspart meta - Author and date of a note.
 * @csspart body - A note's text area; `text` the formatted text once open.
 * @csspart text - The formatted text of an open note.
 * @csspart edit - The "Edit" button.
 * @csspart history - The history button and panel.
 * @csspart version - One version in the history.
 * @csspart diff - The changes of a version.
 * @csspart diff-toggle - "Show changes".
 * @csspart missing - A version missing from the server's history.
 * @csspart editor - The note form.
 * @csspart title-input - The title field.
 * @csspart textarea - The text field.
 * @csspart save - The save button.
 * @csspart cancel - The cancel button.
 * @csspart error - Why a save cannot go ahead.
 * @csspart notice - A draft restored, a note cut, a note without text.
 * @csspart draft-badge - "Unsaved draft" on a note.
 * @csspart conflict - The conflict view; `conflict-mine`, `conflict-theirs`, `merge`, `keep-mine`, `keep-theirs`, `save-merge` its pieces.
 * @csspart state - A loading, empty or error state.
 * @cssproperty --coord-notes-max-height - Height of the list before it scrolls (default none).
 * @cssproperty --coord-notes-added-background - Background of added lines in a diff.
 * @cssproperty --coord-notes-removed-background - Background of removed lines in a diff.
 * @event coord-select - A note was opened: `detail.reference` (`DocumentReference/<id>`), `detail.kind` `note`.
 * @event coord-note-saved - The server confirmed a note: `detail.reference`, `detail.version` (`meta.versionId`), `detail.change` (`created` | `updated`).
 * @event coord-error - Loading, saving or reading a history failed: `{source: 'notes' | 'notes:save' | 'notes:history', kind, status?, message}`.
 */
export class CoordNotes extends CoordElement {
  static override styles = [hostStyles, notesStyles];

  /** Seconds between checks for others' notes (default 15; 0 = off). */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 15;
  /** Read only: no note can be created or edited (the reason is shown). */
  @property({ type: Boolean, reflect: true }) readonly = false;

  @state() private editor?: EditorState;
  @state() private conflict?: ConflictState;
  @state() private announcement = '';
  @state() private expanded = new Set<string>();
  private drafts: Record<string, NoteDraft> = {};
  private storeKey?: string;
  private restoredFor?: string;
  private last?: Loaded;
  private focusAfter?: string;
  /** Versions this element saved (`ref|version`): not announced as someone else's change. */
  private readonly ownVersions = new Set<string>();

  private readonly data = new PatientTask<Loaded>(this, {
    source: 'notes',
    load: async ({ client, patient, viewer, signal }) => {
      const key = await draftKey(client.baseUrl, patient, viewer.user);
      const page = await readNotes(client, patient, { viewer, signal });
      if (key !== this.storeKey) {
        this.storeKey = key;
        this.drafts = loadDrafts(key);
      }
      this.announceChanges(this.last?.client === client ? this.last.page : undefined, page);
      const loaded = { page, client, patient };
      this.last = loaded;
      this.restoreDraft(page, `${key}`);
      this.history.refresh(page.items);
      return loaded;
    },
    reset: () => {
      this.last = undefined;
      this.editor = undefined;
      this.conflict = undefined;
      this.expanded = new Set();
      this.history.reset();
      this.drafts = {};
      this.storeKey = undefined;
      this.announcement = '';
    },
    isEmpty: (v) => v.page.items.length === 0 && v.page.hidden.length === 0,
  });

  private readonly history = new NoteHistories(this, {
    client: () => this.last?.client,
    viewer: () => this.session?.viewer,
  });

  private readonly live = new LiveController(this, {
    types: () => ['DocumentReference'],
    seconds: () => this.pollInterval,
    enabled: () => this.last !== undefined,
    onUpdate: (_update, client) => {
      invalidateTypes(client, ['DocumentReference']);
      this.data.reload();
    },
  });

  private tn(key: NotesMessageKey, params?: Record<string, string | number>): string {
    return localize(notesMessages, this.effectiveLang, key, params);
  }

  private readonly tt = (key: NotesMessageKey, params?: Record<string, string | number>): string => this.tn(key, params);

  private get readOnlyReason(): string | undefined {
    if (this.readonly) return this.tn('readOnlyHost');
    if (!this.session?.viewer.user) return this.tn('readOnlyNoViewer');
    return undefined;
  }

  /** Reads the notes again now, past the cache (others' changes also arrive on their own every `poll-interval`). */
  async refresh(): Promise<void> {
    const client = this.session?.client;
    if (client) invalidateTypes(client, ['DocumentReference']);
    this.data.reload();
    await this.live.refresh();
  }

  // -------------------------------------------------------------------------------------------
  // Drafts

  private restoreDraft(page: NotesPage, scope: string): void {
    if (this.restoredFor === scope || this.editor || this.readOnlyReason) return;
    this.restoredFor = scope;
    const latest = Object.entries(this.drafts).sort(([, a], [, b]) => b.at - a.at)[0];
    if (!latest) return;
    const [key, draft] = latest;
    if (key !== NEW_NOTE && !page.items.some((n) => n.reference === key)) return;
    this.editor = { key, reference: draft.reference, baseVersion: draft.baseVersion, title: draft.title, text: draft.text, restored: true, saving: false, tried: false };
    if (draft.reference) this.expanded = new Set([...this.expanded, draft.reference]);
  }

  private keepDraft(editor: EditorState): void {
    this.drafts = { ...this.drafts, [editor.key]: { reference: editor.reference, baseVersion: editor.baseVersion, title: editor.title, text: editor.text, at: clock.now() } };
    saveDrafts(this.storeKey, this.drafts);
  }

  private dropDraft(key: string): void {
    const { [key]: _dropped, ...rest } = this.drafts;
    this.drafts = rest;
    saveDrafts(this.storeKey, this.drafts);
  }

  // -------------------------------------------------------------------------------------------
  // User actions

  private toggle(note: NoteView): void {
    const next = new Set(this.expanded);
    if (next.has(note.reference)) next.delete(note.reference);
    else {
      next.add(note.reference);
      this.dispatchEvent(new CoordSelectEvent({ reference: note.reference, kind: 'note' }));
    }
    this.expanded = next;
  }

  private startNew(): void {
    if (this.editor?.key === NEW_NOTE) return;
    const draft = this.drafts[NEW_NOTE];
    this.editor = { key: NEW_NOTE, title: draft?.title ?? '', text: draft?.text ?? '', restored: Boolean(draft), saving: false, tried: false };
    this.conflict = undefined;
    this.focusAfter = 'textarea';
  }

  private startEdit(note: NoteView): void {
    const draft = this.drafts[note.reference];
    this.conflict = undefined;
    this.editor = draft
      ? { key: note.reference, reference: note.reference, baseVersion: draft.baseVersion, title: draft.title, text: draft.text, restored: true, saving: false, tried: false }
      : { key: note.reference, reference: note.reference, baseVersion: note.versionId, title: note.title ?? '', text: note.text ?? '', restored: false, saving: false, tried: false };
    this.focusAfter = 'textarea';
  }

  private input(field: 'title' | 'text', value: string): void {
    if (!this.editor) return;
    this.editor = { ...this.editor, [field]: value, error: undefined };
    this.keepDraft(this.editor);
  }

  private cancel(): void {
    const editor = this.editor;
    if (!editor) return;
    this.dropDraft(editor.key);
    this.editor = undefined;
    this.conflict = undefined;
    this.focusAfter = editor.reference ? `[data-ref="${editor.reference}"] [part~="edit"]` : '[part~="new"]';
  }

  private async save(): Promise<void> {
    const editor = this.editor;
    const loaded = this.last;
    if (!editor || editor.saving || !loaded || this.readOnlyReason) return;
    const problem = textProblem(this.tt, editor.text, MAX_NOTE_BYTES);
    if (problem) {
      this.editor = { ...editor, tried: true };
      this.focusAfter = 'textarea';
      return;
    }
    this.editor = { ...editor, saving: true, tried: true, error: undefined };
    const writer = await this.writer(loaded.client);
    if (!writer) return;
    const input = { patient: loaded.patient, author: this.session!.viewer.user!, text: editor.text, title: editor.title.trim() || undefined, contentType: NOTE_CONTENT_TYPE };
    if (!editor.reference) {
      this.settle(await writer.saveNote(input), editor);
      return;
    }
    let base: DocumentReference;
    let stale: DocumentReference | undefined;
    try {
      ({ base, stale } = await readEditBase(loaded.client, editor.reference, editor.baseVersion));
    } catch (err) {
      this.failed(toCoordError(err));
      return;
    }
    if (stale) {
      // The version edited from is gone from the server's history and the note moved on: a conflict.
      this.openConflict(editor, { current: stale, base: undefined });
      return;
    }
    this.settle(await writer.saveNote({ ...input, existing: base }), editor);
  }

  /** The write path arrives on the first save (`notes-writes.ts`); if it cannot, the save fails with the text kept. */
  private async writer(client: ScopedClient): Promise<RecordWriter | undefined> {
    try {
      const { RecordWriter } = await import('./notes-writes.ts');
      return new RecordWriter(client);
    } catch (err) {
      this.failed(toCoordError(err));
      return undefined;
    }
  }

  /** The outcome of a save: saved, a conflict to show, or an error kept beside the text. */
  private settle(result: WriteResult<DocumentReference>, editor: EditorState): void {
    if (result.ok) return this.saved(result.resource, editor);
    if ('conflict' in result) return this.openConflict(editor, result.conflict);
    this.failed(result.error);
  }

  private failed(error: CoordError): void {
    this.emitError({ source: 'notes:save', kind: error.kind, status: error.status, message: error.message });
    const reason = msg(this.effectiveLang, error.kind === 'forbidden' ? 'error.forbidden' : error.kind === 'network' ? 'error.network' : 'error.generic');
    const text = this.tn('saveFailed', { reason: `${reason}.` });
    if (this.conflict) this.conflict = { ...this.conflict, saving: false, error: text };
    else if (this.editor) this.editor = { ...this.editor, saving: false, error: text };
    this.announcement = text;
  }

  private openConflict(editor: EditorState, conflict: { current: DocumentReference; base?: DocumentReference }): void {
    const textOf = (doc?: DocumentReference): string => decodeAttachmentText(doc?.content?.find((c) => c.attachment?.data)?.attachment).text ?? '';
    const theirs = textOf(conflict.current);
    const baseText = conflict.base ? textOf(conflict.base) : '';
    const merge = mergeText(baseText, editor.text, theirs);
    const author = conflict.current.author?.[0];
    const listed = this.last?.page.items.find((n) => n.reference === editor.reference);
    this.editor = { ...editor, saving: false };
    this.conflict = {
      reference: editor.reference!,
      title: editor.title,
      mine: editor.text,
      theirs,
      theirsAuthor: author?.display ?? (listed?.versionId === conflict.current.meta?.versionId ? listed?.author?.name : undefined),
      theirsDate: when(this.effectiveLang, conflict.current.date ?? conflict.current.meta?.lastUpdated),
      theirsResource: conflict.current,
      merged: merge.text,
      conflicts: merge.conflicts,
      saving: false,
    };
    this.announcement = this.tn('conflictTitle');
    this.focusAfter = '#conflict-h';
    // The list shows their version behind the conflict view.
    this.data.reload();
  }

  /** Saves `text` as a new version over theirs (If-Match their version). */
  private async resolve(text: string): Promise<void> {
    const c = this.conflict;
    const loaded = this.last;
    if (!c || c.saving || !loaded || !this.editor) return;
    const problem = textProblem(this.tt, text, MAX_NOTE_BYTES);
    if (problem) {
      this.conflict = { ...c, error: problem };
      return;
    }
    this.conflict = { ...c, saving: true, error: undefined };
    const editor: EditorState = { ...this.editor, text, baseVersion: c.theirsResource.meta?.versionId };
    this.editor = editor;
    this.keepDraft(editor);
    const writer = await this.writer(loaded.client);
    if (!writer) return;
    const result = await writer.saveNote({
      patient: loaded.patient,
      author: this.session!.viewer.user!,
      text,
      title: editor.title.trim() || undefined,
      existing: c.theirsResource,
      contentType: NOTE_CONTENT_TYPE,
    });
    this.settle(result, editor);
  }

  private keepTheirs(): void {
    const editor = this.editor;
    if (!editor) return;
    this.dropDraft(editor.key);
    this.editor = undefined;
    this.conflict = undefined;
    this.announcement = this.tn('theirsKept');
    this.focusAfter = `[data-ref="${editor.reference}"] [part~="open"]`;
  }

  private saved(resource: DocumentReference, editor: EditorState): void {
    const reference = `DocumentReference/${resource.id}`;
    const version = resource.meta?.versionId;
    this.ownVersions.add(`${reference}|${version}`);
    this.dropDraft(editor.key);
    this.editor = undefined;
    this.conflict = undefined;
    this.expanded = new Set([...this.expanded, reference]);
    this.announcement = this.tn('saved', { version: version ?? '?' });
    this.focusAfter = `[data-ref="${reference}"] [part~="open"]`;
    this.dispatchEvent(new CoordNoteSavedEvent({ reference, version, change: editor.reference ? 'updated' : 'created' }));
    this.data.reload();
  }

  /** Others' new versions, read by a live update or a refresh, are announced (not our own saves). */
  private announceChanges(before: NotesPage | undefined, after: NotesPage): void {
    if (!before) return;
    const old = new Map(before.items.map((n) => [n.reference, n.versionId]));
    const changed = after.items.filter((n) => old.has(n.reference) && old.get(n.reference) !== n.versionId && !this.ownVersions.has(`${n.reference}|${n.versionId}`));
    if (changed.length) {
      this.announcement = changed.map((n) => this.tn('changedBy', { title: n.title ?? this.tn('untitled'), author: n.author?.name ?? this.tn('unknownAuthor') })).join(' ');
    }
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  /** Where keyboard focus was before this update, to put it back if the update re-created it. */
  private focusBefore?: { selector: string; start: number | null; end: number | null };

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const active = this.shadowRoot?.activeElement as HTMLElement | null | undefined;
    this.focusBefore = active ? focusSelector(active) : undefined;
  }

  protected override updated(): void {
    const selector = this.focusAfter;
    if (!selector) {
      this.restoreFocus();
      return;
    }
    const target = this.renderRoot.querySelector<HTMLElement>(selector.startsWith('[') || selector.startsWith('#') ? selector : `[part~="${selector}"]`);
    if (target) {
      this.focusAfter = undefined;
      target.focus();
    }
  }

  /**
   * A refresh can move a note (newest first: someone else's save puts it on top) or re-create the
   * piece that had focus (the conflict view, the editor): focus goes back to its twin, caret included.
   */
  private restoreFocus(): void {
    const before = this.focusBefore;
    this.focusBefore = undefined;
    if (!before || this.shadowRoot?.activeElement) return;
    const twin = this.renderRoot.querySelector<HTMLElement>(before.selector);
    if (!twin) return;
    twin.focus({ preventScroll: true });
    if ((twin instanceof HTMLTextAreaElement || twin instanceof HTMLInputElement) && before.start !== null) {
      twin.setSelectionRange(before.start, before.end ?? before.start);
    }
  }

  override render(): unknown {
    return html`<section class="notes" part="notes" aria-labelledby="notes-h">
      <div class="head">
        <h2 id="notes-h">${this.tn('label')}</h2>
        ${this.last && !this.readOnlyReason
          ? html`<button type="button" part="new" class="primary" ?disabled=${this.editor?.key === NEW_NOTE} @click=${() => this.startNew()}>${this.tn('newNote')}</button>`
          : nothing}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.data.render({
        loading: () => (this.last ? this.renderReady(this.last) : undefined),
        empty: (v) => this.renderReady(v),
        ready: (v) => this.renderReady(v),
      })}
    </section>`;
  }

  private renderEditing(reference: string | undefined): unknown {
    const editor = this.editor;
    if (!editor || editor.reference !== reference) return nothing;
    if (this.conflict && this.conflict.reference === reference) {
      const c = this.conflict;
      // Their author's name: from the list once it is re-read at their version.
      const listed = this.last?.page.items.find((n) => n.reference === c.reference && n.versionId === c.theirsResource.meta?.versionId);
      return renderConflict(this.tt, { ...c, theirsAuthor: c.theirsAuthor ?? listed?.author?.name }, MAX_NOTE_BYTES, {
        merge: (value) => (this.conflict = { ...this.conflict!, merged: value, error: undefined }),
        keepMine: () => void this.resolve(this.conflict!.mine),
        keepTheirs: () => this.keepTheirs(),
        saveMerge: () => void this.resolve(this.conflict!.merged),
      });
    }
    const heading = reference ? this.tn('editorEdit', { title: editor.title || this.tn('untitled') }) : this.tn('editorNew');
    const listed = reference ? this.last?.page.items.find((n) => n.reference === reference) : undefined;
    const stale = Boolean(listed?.versionId && editor.baseVersion && listed.versionId !== editor.baseVersion);
    return renderEditor(this.tt, editor, MAX_NOTE_BYTES, { input: (f, v) => this.input(f, v), save: () => void this.save(), cancel: () => this.cancel() }, heading, stale);
  }

  private renderReady({ page }: Loaded): unknown {
    const notes = page.items;
    const readOnly = this.readOnlyReason;
    return html`
      ${this.renderEditing(undefined)}
      ${readOnly ? html`<p class="hint" part="read-only">${readOnly}</p>` : nothing}
      ${notes.length === 0
        ? html`<div class="state" part="state" role="status" data-kind="empty">
            <p class="state-title">${this.tn('empty')}</p>
            <p class="state-hint">${this.tn('emptyHint')}</p>
          </div>`
        : html`<ul class="list" part="list" aria-label=${notes.length === 1 ? this.tn('countOne') : this.tn('count', { count: notes.length })}>
            ${repeat(notes, (note) => note.reference, (note) =>
              renderNote(
                note,
                {
                  t: this.tt,
                  lang: this.effectiveLang,
                  open: this.expanded.has(note.reference),
                  draft: this.editor?.key === note.reference ? undefined : this.drafts[note.reference],
                  canWrite: !readOnly,
                  readOnlyReason: readOnly,
                  history: this.history.state(note.reference),
                  historyOpen: this.history.isOpen(note.reference),
                  openDiffs: this.history.openDiffs(note.reference),
                  editing: this.editor?.reference === note.reference ? this.renderEditing(note.reference) : undefined,
                },
                {
                  toggle: () => this.toggle(note),
                  edit: () => this.startEdit(note),
                  history: () => this.history.toggle(note),
                  diff: (index) => this.history.toggleDiff(note.reference, index),
                },
              ),
            )}
          </ul>`}
      ${page.hidden.length ? html`<p class="hint" part="hidden">${this.tn('hiddenNotes', { count: page.hidden.length })}</p>` : nothing}
    `;
  }
}

/** A selector that finds the same piece of the view after a re-render (its id, or its note and part). */
function focusSelector(el: HTMLElement): { selector: string; start: number | null; end: number | null } | undefined {
  const field = el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement ? el : undefined;
  const caret = { start: field?.selectionStart ?? null, end: field?.selectionEnd ?? null };
  if (el.id) return { selector: `#${CSS.escape(el.id)}`, ...caret };
  const part = el.getAttribute('part')?.split(/\s+/)[0];
  const ref = el.closest<HTMLElement>('[data-ref]')?.dataset.ref;
  if (!part) return undefined;
  return { selector: ref ? `[data-ref="${CSS.escape(ref)}"] [part~="${CSS.escape(part)}"]` : `[part~="${CSS.escape(part)}"]`, ...caret };
}
