/**
 * The composer: a multi-line text area (Enter sends, Shift+Enter goes to the line, Enter while an
 * IME is composing does nothing), files by picker, camera, drop and paste, with type/size checks
 * told in words. What is typed is kept as a draft (per patient and viewer) until the message is
 * safely in the outbox.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { localize, type Lang } from '../base/i18n.ts';
import { ACCEPT_ATTRIBUTE, checkFiles, fileType, formatBytes, MAX_FILES, type FileProblem } from './chat-files.ts';
import { loadDraft, saveDraft } from './chat-storage.ts';
import { icon } from './chat-icons.ts';
import { chatMessages, type ChatMessageKey } from './chat.messages.ts';

export interface ComposerOptions {
  lang(): Lang;
  maxBytes(): number;
  /** Hands the message over; resolves true once it is safely kept (then the composer empties). */
  send(text: string, files: File[]): Promise<boolean>;
  /** The viewer started writing (typed, or added a file): the send path may be fetched ahead. */
  writing?(): void;
}

export class ComposerController implements ReactiveController {
  text = '';
  files: File[] = [];
  problems: FileProblem[] = [];
  /** A localised error about the last send attempt. */
  error = '';
  busy = false;
  dragging = false;
  private scope?: string;
  private composing = false;
  private readonly previews = new Map<File, string>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ComposerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.clearPreviews();
  }

  /** Switches to another patient/viewer: their draft comes back, attached files are dropped. */
  useScope(scope: string | undefined): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.text = scope ? loadDraft(scope) : '';
    this.files = [];
    this.problems = [];
    this.error = '';
    this.clearPreviews();
    this.host.requestUpdate();
  }

  /** Puts text back in the composer (and the draft), e.g. a message the user gave up sending. */
  restore(text: string): void {
    this.text = text;
    if (this.scope) saveDraft(this.scope, text);
    this.host.requestUpdate();
  }

  addFiles(list: Iterable<File>): void {
    const { accepted, problems } = checkFiles([...list], this.files.length, this.options.maxBytes());
    this.files = [...this.files, ...accepted];
    this.problems = problems;
    if (accepted.length) this.options.writing?.();
    this.host.requestUpdate();
  }

  removeFile(file: File): void {
    this.files = this.files.filter((f) => f !== file);
    const url = this.previews.get(file);
    if (url) URL.revokeObjectURL(url);
    this.previews.delete(file);
    this.problems = [];
    this.host.requestUpdate();
  }

  async submit(): Promise<void> {
    if (this.busy || (!this.text.trim() && this.files.length === 0)) return;
    this.busy = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      const ok = await this.options.send(this.text, this.files);
      if (ok) {
        this.text = '';
        this.files = [];
        this.problems = [];
        this.clearPreviews();
        if (this.scope) saveDraft(this.scope, '');
      } else {
        this.error = this.t('sendFailed');
      }
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** Drag and drop over the whole chat. */
  readonly onDragOver = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.host.requestUpdate();
    }
  };

  readonly onDragLeave = (e: DragEvent): void => {
    if (e.relatedTarget && this.host.contains(e.relatedTarget as Node)) return;
    this.dragging = false;
    this.host.requestUpdate();
  };

  readonly onDrop = (e: DragEvent): void => {
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    this.dragging = false;
    this.addFiles(e.dataTransfer.files);
  };

  private readonly onInput = (e: Event): void => {
    this.text = (e.target as HTMLTextAreaElement).value;
    if (this.scope) saveDraft(this.scope, this.text);
    if (this.text.trim()) this.options.writing?.();
    this.host.requestUpdate();
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    // An IME turns Enter into "confirm the composition": never send then.
    if (this.composing || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    void this.submit();
  };

  private readonly onPaste = (e: ClipboardEvent): void => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (!files.length) return;
    if (!e.clipboardData?.getData('text/plain')) e.preventDefault();
    this.addFiles(files);
  };

  private readonly onPick = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    this.addFiles(input.files ?? []);
    input.value = '';
  };

  private pick(selector: string): void {
    this.host.shadowRoot?.querySelector<HTMLInputElement>(selector)?.click();
  }

  private preview(file: File): string {
    let url = this.previews.get(file);
    if (!url) {
      url = URL.createObjectURL(file);
      this.previews.set(file, url);
    }
    return url;
  }

  private clearPreviews(): void {
    for (const url of this.previews.values()) URL.revokeObjectURL(url);
    this.previews.clear();
  }

  private t(key: ChatMessageKey, params?: Record<string, string | number>): string {
    return localize(chatMessages, this.options.lang(), key, params);
  }

  private problemText(p: FileProblem): string {
    const lang = this.options.lang();
    if (p.kind === 'type') return this.t('fileType', { name: p.name });
    if (p.kind === 'count') return this.t('tooManyFiles', { max: MAX_FILES });
    return this.t('fileTooBig', { name: p.name, max: formatBytes(lang, this.options.maxBytes()), size: formatBytes(lang, p.size) });
  }

  render(state: { disabledReason?: string }) {
    const disabled = Boolean(state.disabledReason);
    const lines = this.text.split('\n').length;
    const coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    const messages = [...this.problems.map((p) => this.problemText(p)), ...(this.error ? [this.error] : [])];
    return html`<form class="composer" part="composer" @submit=${(e: Event) => (e.preventDefault(), void this.submit())}>
      ${this.dragging ? html`<p class="drop-hint" aria-hidden="true">${this.t('dropHere')}</p>` : nothing}
      ${this.files.length
        ? html`<ul class="pending-files" aria-label=${this.t('attachment')}>
            ${this.files.map(
              (f) => html`<li class="pending-file">
                ${fileType(f).startsWith('image/') ? html`<img src=${this.preview(f)} alt="" />` : nothing}
                <span class="file-name">${f.name}</span>
                <button type="button" class="icon-button" aria-label=${this.t('removeFile', { name: f.name })} @click=${() => this.removeFile(f)}>${icon('remove')}</button>
              </li>`,
            )}
          </ul>`
        : nothing}
      <div class="composer-row">
        <label class="visually-hidden" for="composer-text">${this.t('composerLabel')}</label>
        <textarea
          id="composer-text"
          part="textarea"
          rows=${Math.min(8, Math.max(2, lines))}
          placeholder=${this.t('composerPlaceholder')}
          aria-describedby="composer-hint${disabled ? ' composer-reason' : ''}${messages.length ? ' composer-problems' : ''}"
          ?disabled=${disabled}
          .value=${this.text}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
          @compositionstart=${() => (this.composing = true)}
          @compositionend=${() => (this.composing = false)}
          @paste=${this.onPaste}
        ></textarea>
        <div class="composer-buttons">
          <button type="button" class="icon-button attach" part="attach" ?disabled=${disabled} aria-label=${this.t('attach')} title=${this.t('attach')} @click=${() => this.pick('#file-input')}>${icon('attach')}</button>
          ${coarse
            ? html`<button type="button" class="icon-button" ?disabled=${disabled} aria-label=${this.t('camera')} title=${this.t('camera')} @click=${() => this.pick('#camera-input')}>${icon('camera')}</button>`
            : nothing}
          <button type="submit" class="send" part="send" ?disabled=${disabled || this.busy}>${this.t('send')}</button>
        </div>
        <input id="file-input" type="file" multiple accept=${ACCEPT_ATTRIBUTE} hidden @change=${this.onPick} />
        <input id="camera-input" type="file" accept="image/*" capture="environment" hidden @change=${this.onPick} />
      </div>
      <p class="hint" id="composer-hint">${this.t('composerHint')}</p>
      ${disabled ? html`<p class="reason" id="composer-reason" part="read-only">${state.disabledReason}</p>` : nothing}
      <div id="composer-problems" role="alert" class="problems">${messages.map((m) => html`<p>${m}</p>`)}</div>
    </form>`;
  }
}
