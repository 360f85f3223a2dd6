/**
 * Templates of `coord-notes`: a note, the editor, the conflict view, the history. Pure functions
 * of the element's state and a few callbacks; every text from the record renders as text, the
 * note's formatting only through `renderNoteText` (DOMPurify).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DocumentReference } from '@medplum/fhirtypes';
import { diffLines, type DiffLine, type NoteVersionView, type NoteView } from '@coord/api-client';
import { formatDateTime, type Lang } from '../base/i18n.ts';
import type { NoteDraft } from './notes-drafts.ts';
import { noteExcerpt, renderNoteText } from './notes-format.ts';
import type { NotesMessageKey } from './notes.messages.ts';

export type T = (key: NotesMessageKey, params?: Record<string, string | number>) => string;

export interface EditorState {
  /** `new` or the note's reference. */
  key: string;
  reference?: string;
  baseVersion?: string;
  title: string;
  text: string;
  restored: boolean;
  saving: boolean;
  /** A save was tried: show what is wrong. */
  tried: boolean;
  error?: string;
}

export interface ConflictState {
  reference: string;
  title: string;
  mine: string;
  theirs: string;
  theirsAuthor?: string;
  theirsDate?: string;
  /** The server's version: a resolution is saved over it (If-Match its version). */
  theirsResource: DocumentReference;
  merged: string;
  conflicts: number;
  saving: boolean;
  error?: string;
}

export type HistoryState =
  | { status: 'loading'; version?: string }
  | { status: 'error'; version?: string }
  | { status: 'ready'; version?: string; items: NoteVersionView[]; missing: string[]; missingCurrent?: string };

export function when(lang: Lang, value: string | undefined): string {
  return value ? formatDateTime(lang, value) : '';
}

export function authorName(t: T, author: NoteView['author']): string {
  return author?.name ?? t('unknownAuthor');
}

/** Bytes of a text in UTF-8. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** What is wrong with a text about to be saved, if anything. */
export function textProblem(t: T, text: string, maxBytes: number): string | undefined {
  if (!text.trim()) return t('emptyText');
  const bytes = byteLength(text);
  if (bytes > maxBytes) return t('tooLong', { size: Math.ceil(bytes / 1024), max: Math.floor(maxBytes / 1024) });
  return undefined;
}

export interface EditorCallbacks {
  input: (field: 'title' | 'text', value: string) => void;
  save: () => void;
  cancel: () => void;
}

export function renderEditor(t: T, editor: EditorState, maxBytes: number, on: EditorCallbacks, heading: string, stale = false): TemplateResult {
  const problem = textProblem(t, editor.text, maxBytes);
  const shown = editor.error ?? (editor.tried || byteLength(editor.text) > maxBytes ? problem : undefined);
  const id = `editor-${editor.key.replace(/[^\w-]/g, '_')}`;
  return html`<form class="editor" part="editor" aria-labelledby="${id}-h" novalidate
    @submit=${(e: Event) => {
      e.preventDefault();
      on.save();
    }}>
    <h3 id="${id}-h" class="editor-title">${heading}</h3>
    ${editor.restored ? html`<p class="notice" part="notice">${t('draftRestored')}</p>` : nothing}
    ${stale ? html`<p class="notice" part="notice stale" role="status">${t('staleEdit')}</p>` : nothing}
    <label for="${id}-title">${t('title')}</label>
    <input id="${id}-title" part="title-input" maxlength="300" .value=${editor.title}
      @input=${(e: InputEvent) => on.input('title', (e.target as HTMLInputElement).value)} />
    <label for="${id}-text">${t('text')}</label>
    <textarea id="${id}-text" part="textarea" rows="8" aria-describedby="${id}-hint ${id}-error"
      aria-invalid=${shown ? 'true' : 'false'} .value=${editor.text}
      @input=${(e: InputEvent) => on.input('text', (e.target as HTMLTextAreaElement).value)}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          on.save();
        }
      }}></textarea>
    <p id="${id}-hint" class="hint">${t('formatHint')} <span class="count">${t('size', { chars: editor.text.length })}</span></p>
    <p id="${id}-error" class="error" part="error" role=${shown ? 'alert' : nothing}>${shown ?? ''}</p>
    <div class="buttons">
      <button type="submit" part="save" class="primary" ?disabled=${editor.saving} aria-busy=${editor.saving ? 'true' : 'false'}>
        ${editor.saving ? t('saving') : t('save')}
      </button>
      <button type="button" part="cancel" ?disabled=${editor.saving} @click=${on.cancel}>${t('cancel')}</button>
    </div>
  </form>`;
}

export interface ConflictCallbacks {
  merge: (value: string) => void;
  keepMine: () => void;
  keepTheirs: () => void;
  saveMerge: () => void;
}

export function renderConflict(t: T, c: ConflictState, maxBytes: number, on: ConflictCallbacks): TemplateResult {
  const problem = c.error ?? textProblem(t, c.merged, maxBytes);
  return html`<section class="conflict" part="conflict" role="region" aria-labelledby="conflict-h">
    <h3 id="conflict-h" class="conflict-title" tabindex="-1">${t('conflictTitle')}</h3>
    <p>${t('conflictHint', { author: c.theirsAuthor ?? t('unknownAuthor'), date: c.theirsDate ?? '' })}</p>
    <div class="sides">
      <figure class="side" part="conflict-mine">
        <figcaption>${t('conflictMine')}</figcaption>
        <pre class="plain" tabindex="0">${c.mine}</pre>
      </figure>
      <figure class="side" part="conflict-theirs">
        <figcaption>${t('conflictTheirs')}</figcaption>
        <pre class="plain" tabindex="0">${c.theirs}</pre>
      </figure>
    </div>
    <label for="conflict-merge">${t('conflictMerge')}</label>
    <p id="conflict-merge-hint" class="hint">${c.conflicts ? t('mergeConflicts', { count: c.conflicts }) : t('mergeClean')}</p>
    <textarea id="conflict-merge" part="merge" rows="8" aria-describedby="conflict-merge-hint conflict-error" .value=${c.merged}
      @input=${(e: InputEvent) => on.merge((e.target as HTMLTextAreaElement).value)}></textarea>
    <p id="conflict-error" class="error" part="error" role=${problem ? 'alert' : nothing}>${problem ?? ''}</p>
    <div class="buttons">
      <button type="button" part="keep-mine" ?disabled=${c.saving} @click=${on.keepMine}>${t('keepMine')}</button>
      <button type="button" part="keep-theirs" ?disabled=${c.saving} @click=${on.keepTheirs}>${t('keepTheirs')}</button>
      <button type="button" part="save-merge" class="primary" ?disabled=${c.saving} @click=${on.saveMerge}>${t('saveMerge')}</button>
    </div>
  </section>`;
}

export interface NoteCallbacks {
  toggle: () => void;
  edit: () => void;
  history: () => void;
  diff: (index: number) => void;
}

export interface NoteContext {
  t: T;
  lang: Lang;
  open: boolean;
  draft?: NoteDraft;
  canWrite: boolean;
  readOnlyReason?: string;
  history?: HistoryState;
  historyOpen: boolean;
  openDiffs: ReadonlySet<number>;
  /** The editor or conflict view for this note, when open. */
  editing?: unknown;
}

export function renderNote(note: NoteView, ctx: NoteContext, on: NoteCallbacks): TemplateResult {
  const { t, lang } = ctx;
  const id = `note-${note.reference.replace(/[^\w-]/g, '_')}`;
  const title = note.title ?? t('untitled');
  // While its editor or conflict view is open, the note is being edited already.
  const editDisabled = !ctx.canWrite || note.truncated || note.text === undefined || ctx.editing !== undefined;
  const editReason = !ctx.canWrite ? ctx.readOnlyReason : note.truncated ? t('noEditTruncated') : undefined;
  return html`<li>
    <article class="note" part="note" aria-labelledby="${id}-h" data-ref=${note.reference}>
      <h3 id="${id}-h" class="note-title">
        <button type="button" class="open" part="open" aria-expanded=${ctx.open ? 'true' : 'false'} aria-controls="${id}-body" @click=${on.toggle}>
          ${title}
        </button>
      </h3>
      <p class="meta" part="meta">
        <span class="author">${t('by', { author: authorName(t, note.author) })}</span>${note.author?.role ? html` · <span class="role">${note.author.role}</span>` : nothing}
        · <time datetime=${note.date ?? ''}>${t('on', { date: when(lang, note.date) })}</time>
        ${ctx.draft ? html` · <span class="badge" part="draft-badge">${t('draftBadge')}</span>` : nothing}
      </p>
      <div id="${id}-body" class="body" part="body">
        ${note.text === undefined
          ? html`<p class="notice">${t('noText')}</p>`
          : ctx.open
            ? html`<div class="text" part="text">${renderNoteText(note.text)}</div>`
            : html`<p class="excerpt">${noteExcerpt(note.text)}</p>`}
        ${note.truncated ? html`<p class="notice" role="note">${t('truncated')}</p>` : nothing}
      </div>
      ${ctx.open
        ? html`<div class="buttons">
            <button type="button" part="edit" ?disabled=${editDisabled} aria-describedby=${editReason ? `${id}-why` : nothing} @click=${on.edit}>
              ${ctx.draft ? t('resumeDraft') : t('edit')}
            </button>
            <button type="button" part="history" aria-expanded=${ctx.historyOpen ? 'true' : 'false'} @click=${on.history}>
              ${ctx.historyOpen ? t('hideHistory') : t('history')}
            </button>
            ${editReason ? html`<span id="${id}-why" class="hint">${editReason}</span>` : nothing}
          </div>`
        : nothing}
      ${ctx.editing ?? nothing}
      ${ctx.open && ctx.historyOpen ? renderHistory(ctx, id, on) : nothing}
    </article>
  </li>`;
}

function versionLabel(t: T, items: NoteVersionView[], index: number): string {
  const v = items[index]!;
  const numeric = items.every((i) => !i.versionId || /^\d+$/.test(i.versionId));
  return t('version', { n: numeric && v.versionId ? v.versionId : items.length - index });
}

function renderHistory(ctx: NoteContext, id: string, on: NoteCallbacks): TemplateResult {
  const { t, lang } = ctx;
  const h = ctx.history;
  if (!h || h.status === 'loading') {
    return html`<section class="history" part="history" aria-busy="true"><p role="status">${t('historyLoading')}</p></section>`;
  }
  if (h.status === 'error') {
    return html`<section class="history" part="history"><p class="error" role="alert">${t('historyFailed')}</p>
      <button type="button" @click=${on.history}>${t('hideHistory')}</button></section>`;
  }
  return html`<section class="history" part="history" aria-labelledby="${id}-hh">
    <h4 id="${id}-hh">${t('historyTitle')}</h4>
    ${h.missingCurrent ? html`<p class="notice" role="note" part="missing">${t('missingCurrent', { n: h.missingCurrent })}</p>` : nothing}
    ${h.missing.map((n) => html`<p class="notice" role="note" part="missing">${t('missingVersion', { n })}</p>`)}
    <ol class="versions">
      ${h.items.map((v, index) => {
        const label = versionLabel(t, h.items, index);
        if (v.deleted) return html`<li class="version">${t('deletedVersion')} <time>${when(lang, v.date)}</time></li>`;
        if (v.hidden) return html`<li class="version hidden">${label} — ${t('hiddenVersion')}${v.date ? html` · <time>${when(lang, v.date)}</time>` : nothing}</li>`;
        const older = h.items.slice(index + 1).find((o) => o.text !== undefined);
        const diffOpen = ctx.openDiffs.has(index);
        return html`<li class="version" part="version">
          <p class="version-head">
            <strong>${label}</strong>${v.current ? html` (${t('current')})` : nothing}
            — ${authorName(t, v.author)} · <time datetime=${v.date ?? ''}>${when(lang, v.date)}</time>
            · ${v.change ? t('changes', { added: v.change.added, removed: v.change.removed }) : t('firstVersion')}
          </p>
          ${older && v.text !== undefined
            ? html`<button type="button" part="diff-toggle" aria-expanded=${diffOpen ? 'true' : 'false'} @click=${() => on.diff(index)}>
                ${diffOpen ? t('hideDiff') : t('showDiff')}
              </button>
              ${diffOpen ? renderDiff(t, label, diffOf(older, v)) : nothing}`
            : nothing}
        </li>`;
      })}
    </ol>
  </section>`;
}

/** Diffs already computed, per version shown (a re-render while typing elsewhere does not redo them). */
const diffCache = new WeakMap<NoteVersionView, DiffLine[]>();

function diffOf(older: NoteVersionView, version: NoteVersionView): DiffLine[] {
  let lines = diffCache.get(version);
  if (!lines) diffCache.set(version, (lines = diffLines(older.text ?? '', version.text ?? '')));
  return lines;
}

/** Changed lines with one line of context; long unchanged runs fold into "…". */
function renderDiff(t: T, label: string, lines: DiffLine[]): TemplateResult {
  const changed = (i: number): boolean => lines[i] !== undefined && lines[i]!.kind !== 'same';
  const near = (i: number): boolean => changed(i) || changed(i - 1) || changed(i + 1);
  const rows: TemplateResult[] = [];
  let folded = false;
  lines.forEach((line, i) => {
    if (!near(i)) {
      if (!folded) rows.push(html`<li class="fold" aria-hidden="true">…</li>`);
      folded = true;
      return;
    }
    folded = false;
    const mark = line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' ';
    rows.push(html`<li class="line" data-kind=${line.kind}><span aria-hidden="true">${mark}</span>${line.kind !== 'same'
      ? html`<span class="visually-hidden">${t(line.kind)} : </span>`
      : nothing}${line.kind === 'removed' ? html`<del>${line.text}</del>` : line.kind === 'added' ? html`<ins>${line.text}</ins>` : line.text}</li>`);
  });
  return html`<ol class="diff" part="diff" aria-label=${t('diffLabel', { n: label })}>${rows}</ol>`;
}
