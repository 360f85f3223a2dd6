/**
 * Opens attachments (viewer, new tab, download — each announced to the host as `coord-select`)
 * and runs the two "to the record" forms. Keeps the native dialog in step with its state and
 * gives focus back to what opened it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  toCoordError,
  type CoordClient,
  type FiledDocumentTypeKey,
  type MessageView,
} from '@coord/api-client';
import { localize, type Lang } from '../base/i18n.ts';
import type { CoordErrorDetail } from '../events/coord-error.ts';
import { CoordSelectEvent } from '../events/coord-select.ts';
import type { DialogContext, DialogState } from './chat-dialogs.ts';
import { downloadBlob, fetchAttachment, isOpenable, safeBlobType, type BlobCache } from './chat-files.ts';
import { attachmentKey, attachmentName } from './chat-message.ts';
import { chatMessages, type ChatMessageKey } from './chat.messages.ts';

/** The write builders, on the first filed document or action (`chat-writes.ts`). */
const loadWrites = () => import('./chat-writes.ts');

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

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ChatDialogsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  context(): DialogContext {
    return {
      lang: this.options.lang(),
      canWrite: this.options.canWrite(),
      blob: (m, i) => this.options.blobs().state(attachmentKey(m, i)),
      on: {
        dismiss: () => this.close(),
        closed: (e) => this.onClosed(e),
        download: (m, i) => void this.download(m, i),
        saveDocument: (m, i) => this.openDocument(m, i, false),
        submitDocument: (e) => void this.submitDocument(e),
        submitAction: (e) => void this.submitAction(e),
      },
    };
  }

  openViewer(message: MessageView, index: number): void {
    this.remember();
    const client = this.options.client();
    const a = message.attachments[index];
    if (client && a) void this.options.blobs().get(attachmentKey(message, index), (signal) => fetchAttachment(client, a, signal)).catch(() => undefined);
    this.select(message, index);
    this.set({ kind: 'viewer', message, index });
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

  openDocument(message: MessageView, index: number, remember = true): void {
    if (remember) this.remember();
    this.set({ kind: 'document', message, index });
  }

  openAction(message: MessageView): void {
    this.remember();
    this.set({ kind: 'action', message });
  }

  close(): void {
    this.set(undefined);
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

  private async submitDocument(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const state = this.state;
    const client = this.options.client();
    const patient = this.options.patient();
    const viewer = this.options.viewer();
    if (state?.kind !== 'document' || !client || !patient || !viewer || state.saving) return;
    const form = new FormData(e.target as HTMLFormElement);
    const attachment = state.message.attachments[state.index]!;
    const type = String(form.get('type') ?? 'note') as FiledDocumentTypeKey;
    const title = String(form.get('title') ?? '').trim() || attachmentName(this.options.lang(), attachment);
    const description = String(form.get('description') ?? '');
    await this.run(
      state,
      'chat:document',
      async () => {
        const { documentFromAttachmentOp, executeOp } = await loadWrites();
        const op = documentFromAttachmentOp({
          message: state.message,
          attachment,
          patient,
          type,
          typeLabel: localize(chatMessages, 'fr', `type.${type}` as ChatMessageKey),
          title,
          description,
          viewer,
          relatedDisplay: localize(chatMessages, 'fr', 'docRelatedDisplay'),
        });
        return executeOp(client, op);
      },
      'docSaved',
      'docFailed',
    );
  }

  private async submitAction(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const state = this.state;
    const client = this.options.client();
    const patient = this.options.patient();
    const viewer = this.options.viewer();
    if (state?.kind !== 'action' || !client || !patient || !viewer || state.saving) return;
    const form = new FormData(e.target as HTMLFormElement);
    const description = String(form.get('description') ?? '').trim();
    const due = String(form.get('due') ?? '') || undefined;
    await this.run(
      state,
      'chat:action',
      async () => {
        const { actionFromMessageOp, executeOp, findPpcsPlan } = await loadWrites();
        const carePlan = await findPpcsPlan(client, patient);
        if (!carePlan) return { ok: false as const, noPlan: true };
        const op = actionFromMessageOp({ message: state.message, carePlan, patient, description, viewer, due, note: localize(chatMessages, 'fr', 'actionNote') });
        return executeOp(client, op);
      },
      'actionCreated',
      'actionFailed',
    );
  }

  /** Runs a write for an open form: saving state, then close + notice, or the error in the form. */
  private async run(
    state: DialogState,
    source: string,
    write: () => Promise<{ ok: true } | { ok: false; error?: unknown; noPlan?: boolean }>,
    done: ChatMessageKey,
    failed: ChatMessageKey,
  ): Promise<void> {
    this.set({ ...state, saving: true, error: undefined } as DialogState);
    let result: Awaited<ReturnType<typeof write>>;
    try {
      result = await write();
    } catch (err) {
      result = { ok: false, error: err };
    }
    if (this.state?.message !== state.message) return;
    if (result.ok) {
      this.options.notify(this.t(done));
      this.close();
      return;
    }
    const noPlan = 'noPlan' in result && result.noPlan;
    if (!noPlan) {
      const error = toCoordError('error' in result ? result.error : undefined);
      this.options.error({ source, kind: error.kind, status: error.status, message: error.message });
    }
    this.set({ ...state, saving: false, error: this.t(noPlan ? 'actionNoPpcs' : failed) } as DialogState);
  }
}
