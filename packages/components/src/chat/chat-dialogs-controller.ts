/**
 * Opens attachments (viewer, new tab, download — each announced to the host as `coord-select`)
 * and the two "to the record" forms. Keeps the native dialog in step with its state and gives
 * focus back to what opened it. The dialogs themselves (templates and form handling,
 * `chat-dialogs.ts`) are fetched on the first one opened (issue #11): most visits open none.
 */
import { adoptStyles, nothing, type ReactiveController, type ReactiveControllerHost, type ReactiveElement } from 'lit';
import { toCoordError, type CoordClient, type MessageView } from '@coord/api-client';
import { localize, type Lang } from '../base/i18n.ts';
import type { CoordErrorDetail } from '../events/coord-error.ts';
import { CoordSelectEvent } from '../events/coord-select.ts';
import type { DialogContext, DialogState } from './chat-dialogs.ts';
import { downloadBlob, fetchAttachment, isOpenable, safeBlobType, type BlobCache } from './chat-files.ts';
import { attachmentKey, attachmentName } from './chat-message.ts';
import { chatMessages, type ChatMessageKey } from './chat.messages.ts';

type DialogsModule = typeof import('./chat-dialogs.ts');

/** The dialogs' code, on the first dialog opened. */
const loadDialogs = (): Promise<DialogsModule> => import('./chat-dialogs.ts');

export interface ChatDialogsOptions {
  lang(): Lang;
  canWrite(): boolean;
  client(): CoordClient | undefined;
  patient(): string | undefined;
  viewer(): string | undefined;
  blobs(): BlobCache;
  notify(text: string): void;
  error(detail: CoordErrorDetail): void;
}

export class ChatDialogs implements ReactiveController {
  state?: DialogState;
  private opener?: { element: HTMLElement | null; key?: string };
  private dialogs?: DialogsModule;
  /** Counts openings: a dialog whose code arrives after another was asked for (or a close) stays shut. */
  private asked = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ChatDialogsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The dialog, once its code is here (nothing before the first one is opened). */
  render() {
    return this.dialogs ? this.dialogs.renderDialog(this.state, this.context()) : nothing;
  }

  private context(): DialogContext {
    return {
      lang: this.options.lang(),
      canWrite: this.options.canWrite(),
      blob: (m, i) => this.options.blobs().state(attachmentKey(m, i)),
      on: {
        dismiss: () => this.close(),
        closed: (e) => this.onClosed(e),
        download: (m, i) => void this.download(m, i),
        saveDocument: (m, i) => void this.show({ kind: 'document', message: m, index: i }),
        submitDocument: (e) => void this.dialogs?.submitDocument(e, this.forms()),
        submitAction: (e) => void this.dialogs?.submitAction(e, this.forms()),
      },
    };
  }

  /** What the forms' code works with: the open state and the chat's session. */
  private forms() {
    return {
      state: () => this.state,
      set: (state: DialogState | undefined) => this.set(state),
      lang: this.options.lang,
      client: this.options.client,
      patient: this.options.patient,
      viewer: this.options.viewer,
      notify: this.options.notify,
      error: this.options.error,
    };
  }

  openViewer(message: MessageView, index: number): void {
    this.remember();
    const client = this.options.client();
    const a = message.attachments[index];
    if (client && a) void this.options.blobs().get(attachmentKey(message, index), (signal) => fetchAttachment(client, a, signal)).catch(() => undefined);
    this.select(message, index);
    void this.show({ kind: 'viewer', message, index });
  }

  /** Images and PDF open in a new tab; anything else downloads (it could run script in a tab). */
  async openFile(message: MessageView, index: number): Promise<void> {
    const blob = await this.blob(message, index);
    if (!blob) return;
    this.select(message, index);
    const a = message.attachments[index]!;
    if (isOpenable(safeBlobType(a.contentType))) {
      const url = URL.createObjectURL(blob);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      // Not 'noopener' in the features: then open() always returns null and a blocked pop-up could not be told apart.
      const opened = window.open(url, '_blank');
      if (opened) {
        opened.opener = null;
        return;
      }
    }
    downloadBlob(blob, attachmentName(this.options.lang(), a));
  }

  async download(message: MessageView, index: number): Promise<void> {
    const blob = await this.blob(message, index);
    const a = message.attachments[index];
    if (!blob || !a) return;
    this.select(message, index);
    downloadBlob(blob, attachmentName(this.options.lang(), a));
  }

  openDocument(message: MessageView, index: number): void {
    this.remember();
    void this.show({ kind: 'document', message, index });
  }

  openAction(message: MessageView): void {
    this.remember();
    void this.show({ kind: 'action', message });
  }

  close(): void {
    this.asked++;
    this.set(undefined);
  }

  /** Shows a dialog, fetching the dialogs' code first if need be; if it cannot come, says so (focus stays where it was). */
  private async show(state: DialogState): Promise<void> {
    const ticket = ++this.asked;
    if (!this.dialogs) {
      try {
        const dialogs = await loadDialogs();
        // Their styles join the element's own (constructed style sheets: nothing inline, CSP-safe).
        const root = this.host.shadowRoot;
        if (root && !this.dialogs) adoptStyles(root, [...(this.host.constructor as typeof ReactiveElement).elementStyles, dialogs.dialogStyles]);
        this.dialogs = dialogs;
      } catch (err) {
        if (ticket !== this.asked) return;
        const error = toCoordError(err);
        this.options.error({ source: 'chat:dialog', kind: error.kind, status: error.status, message: error.message });
        this.options.notify(this.t('dialogFailed'));
        return;
      }
      if (ticket !== this.asked) return;
    }
    this.set(state);
  }

  /** Opens or closes the native dialog to match the state (after each render). */
  sync(): void {
    const dialog = this.host.shadowRoot?.querySelector('dialog');
    if (!dialog) return;
    if (this.state && !dialog.open) dialog.showModal();
    else if (!this.state && dialog.open) dialog.close();
  }

  private set(state: DialogState | undefined): void {
    this.state = state;
    this.host.requestUpdate();
  }

  private remember(): void {
    const element = this.host.shadowRoot?.activeElement as HTMLElement | null;
    this.opener = { element, key: element?.dataset.attachment ?? element?.closest('article')?.dataset.key };
  }

  /** The dialog closed (Escape, a button, or the state): focus goes back to what opened it. */
  private onClosed(e: Event): void {
    // A late `close` of a dialog since reopened (the event is queued) must not close the new one.
    if ((e.target as HTMLDialogElement).open) return;
    this.state = undefined;
    this.host.requestUpdate();
    const opener = this.opener;
    this.opener = undefined;
    if (!opener) return;
    const root = this.host.shadowRoot;
    const target = opener.element?.isConnected
      ? opener.element
      : opener.key
        ? (root?.querySelector<HTMLElement>(`[data-attachment="${CSS.escape(opener.key)}"]`) ??
          root?.querySelector<HTMLElement>(`article[data-key="${CSS.escape(opener.key)}"]`))
        : null;
    target?.focus();
  }

  private select(message: MessageView, index: number): void {
    const a = message.attachments[index];
    this.host.dispatchEvent(new CoordSelectEvent({ reference: a?.binary ?? message.reference, kind: 'attachment' }));
  }

  private async blob(message: MessageView, index: number): Promise<Blob | undefined> {
    const client = this.options.client();
    const a = message.attachments[index];
    if (!client || !a) return undefined;
    try {
      return await this.options.blobs().get(attachmentKey(message, index), (signal) => fetchAttachment(client, a, signal));
    } catch (err) {
      const error = toCoordError(err);
      this.options.error({ source: 'chat:attachment', kind: error.kind, status: error.status, message: error.message });
      return undefined;
    }
  }

  private t(key: ChatMessageKey): string {
    return localize(chatMessages, this.options.lang(), key);
  }
}
