/**
 * The chat's modal dialogs, one at a time in one native `<dialog>` (focus is kept inside, Escape
 * closes, focus goes back to what opened it): the photo viewer, "save to documents" and "create
 * a PPCS action" — their templates and the two forms' writes. Fetched on the first dialog opened
 * (`chat-dialogs-controller.ts`, which keeps the state and the focus).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { FILED_DOCUMENT_TYPES, toCoordError, type CoordClient, type FiledDocumentTypeKey, type MessageView } from '@coord/api-client';
import { localize, type Lang } from '../base/i18n.ts';
import type { CoordErrorDetail } from '../events/coord-error.ts';
import { attachmentName } from './chat-message.ts';
import type { BlobState } from './chat-files.ts';
import { chatMessages, type ChatMessageKey } from './chat.messages.ts';

/** The dialogs' styles, added to the chat's shadow root with their code (`chat-dialogs-controller.ts`). */
export const dialogStyles = css`
  .dialog {
    max-width: min(92vw, 52rem);
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
  }
  .dialog::backdrop {
    background: rgb(0 0 0 / 55%);
  }
  .dialog-title {
    margin: 0 0 0.5rem;
    font-size: 1.05em;
    overflow-wrap: anywhere;
  }
  .viewer-image img {
    display: block;
    width: min(80vw, 44rem);
    max-height: 70vh;
    margin: 0 auto;
    object-fit: contain;
  }
  .dialog-form {
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
    min-width: min(80vw, 26rem);
  }
  .dialog-form label {
    font-weight: 600;
    font-size: 0.9em;
  }
  .dialog-error {
    margin: 0;
    color: var(--_danger);
  }
  .dialog-buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.4rem;
    margin-top: 0.75rem;
  }
  .dialog-buttons .primary {
    background: var(--_accent);
    color: var(--_surface);
  }
`;

export type DialogState =
  | { kind: 'viewer'; message: MessageView; index: number }
  | { kind: 'document'; message: MessageView; index: number; saving?: boolean; error?: string }
  | { kind: 'action'; message: MessageView; saving?: boolean; error?: string };

export interface DialogContext {
  lang: Lang;
  canWrite: boolean;
  blob(message: MessageView, index: number): BlobState | undefined;
  on: {
    /** A Close/Cancel button: the dialog closes (focus returns on its \`close\` event). */
    dismiss(): void;
    /** The native dialog's \`close\` event. */
    closed(e: Event): void;
    download(message: MessageView, index: number): void;
    saveDocument(message: MessageView, index: number): void;
    submitDocument(e: SubmitEvent): void;
    submitAction(e: SubmitEvent): void;
  };
}

/** The text an action starts from: the message, shortened. */
export function actionDraft(message: MessageView): string {
  const text = (message.text ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

export function renderDialog(state: DialogState | undefined, ctx: DialogContext): TemplateResult {
  const t = (key: ChatMessageKey, params?: Record<string, string | number>) => localize(chatMessages, ctx.lang, key, params);
  const body = !state
    ? nothing
    : state.kind === 'viewer'
      ? renderViewer(state, ctx, t)
      : state.kind === 'document'
        ? renderDocument(state, ctx, t)
        : renderAction(state, ctx, t);
  return html`<dialog
    class="dialog ${state?.kind ?? ''}"
    part="dialog"
    aria-labelledby="dialog-title"
    @close=${ctx.on.closed}
  >${body}</dialog>`;
}

function renderViewer(state: Extract<DialogState, { kind: 'viewer' }>, ctx: DialogContext, t: (key: ChatMessageKey) => string) {
  const a = state.message.attachments[state.index];
  if (!a) return nothing;
  const name = attachmentName(ctx.lang, a);
  const blob = ctx.blob(state.message, state.index);
  return html`<h2 id="dialog-title" class="dialog-title">${name}</h2>
    <div class="viewer-image">
      ${blob?.status === 'ready'
        ? html`<img src=${blob.url} alt=${name} />`
        : blob?.status === 'error'
          ? html`<p>${t('attachmentFailed')}</p>`
          : html`<p role="status">${t('attachmentLoading')}</p>`}
    </div>
    <div class="dialog-buttons">
      <button type="button" @click=${() => ctx.on.download(state.message, state.index)}>${t('downloadShort')}</button>
      ${ctx.canWrite ? html`<button type="button" @click=${() => ctx.on.saveDocument(state.message, state.index)}>${t('saveToDocuments')}</button>` : nothing}
      <button type="button" class="primary" autofocus @click=${ctx.on.dismiss}>${t('viewerClose')}</button>
    </div>`;
}

function renderDocument(state: Extract<DialogState, { kind: 'document' }>, ctx: DialogContext, t: (key: ChatMessageKey) => string) {
  const a = state.message.attachments[state.index];
  if (!a) return nothing;
  const name = attachmentName(ctx.lang, a);
  const preselected: FiledDocumentTypeKey = a.isImage ? 'photo' : a.contentType === 'application/pdf' ? 'consultation' : 'note';
  return html`<form class="dialog-form" @submit=${ctx.on.submitDocument}>
    <h2 id="dialog-title" class="dialog-title">${t('docDialogTitle')}</h2>
    <p class="file-name">${name}</p>
    <label for="doc-type">${t('docType')}</label>
    <select id="doc-type" name="type">
      ${FILED_DOCUMENT_TYPES.map((d) => html`<option value=${d.key} ?selected=${d.key === preselected}>${t(`type.${d.key}`)}</option>`)}
    </select>
    <label for="doc-title">${t('docTitle')}</label>
    <input id="doc-title" name="title" required maxlength="200" .value=${name} />
    <label for="doc-description">${t('docDescription')}</label>
    <textarea id="doc-description" name="description" rows="2" maxlength="1000"></textarea>
    ${state.error ? html`<p class="dialog-error" role="alert">${state.error}</p>` : nothing}
    <div class="dialog-buttons">
      <button type="button" @click=${ctx.on.dismiss}>${t('cancel')}</button>
      <button type="submit" class="primary" ?disabled=${state.saving}>${state.saving ? t('saving') : t('save')}</button>
    </div>
  </form>`;
}

function renderAction(state: Extract<DialogState, { kind: 'action' }>, ctx: DialogContext, t: (key: ChatMessageKey) => string) {
  return html`<form class="dialog-form" @submit=${ctx.on.submitAction}>
    <h2 id="dialog-title" class="dialog-title">${t('actionDialogTitle')}</h2>
    <label for="action-description">${t('actionDescription')}</label>
    <textarea id="action-description" name="description" rows="4" required maxlength="1000" .value=${actionDraft(state.message)}></textarea>
    <label for="action-due">${t('actionDue')}</label>
    <input id="action-due" name="due" type="date" />
    <p class="hint">${t('actionOwner')}</p>
    ${state.error ? html`<p class="dialog-error" role="alert">${state.error}</p>` : nothing}
    <div class="dialog-buttons">
      <button type="button" @click=${ctx.on.dismiss}>${t('cancel')}</button>
      <button type="submit" class="primary" ?disabled=${state.saving}>${state.saving ? t('saving') : t('create')}</button>
    </div>
  </form>`;
}

/** What the forms work with: the open dialog's state and the chat's session. */
export interface FormsHost {
  state(): DialogState | undefined;
  set(state: DialogState | undefined): void;
  lang(): Lang;
  client(): CoordClient | undefined;
  patient(): string | undefined;
  viewer(): string | undefined;
  notify(text: string): void;
  error(detail: CoordErrorDetail): void;
}

/** The write builders, on the first filed document or action (`chat-writes.ts`). */
const loadWrites = () => import('./chat-writes.ts');

export async function submitDocument(e: SubmitEvent, host: FormsHost): Promise<void> {
  e.preventDefault();
  const state = host.state();
  const client = host.client();
  const patient = host.patient();
  const viewer = host.viewer();
  if (state?.kind !== 'document' || !client || !patient || !viewer || state.saving) return;
  const form = new FormData(e.target as HTMLFormElement);
  const attachment = state.message.attachments[state.index]!;
  const type = String(form.get('type') ?? 'note') as FiledDocumentTypeKey;
  const title = String(form.get('title') ?? '').trim() || attachmentName(host.lang(), attachment);
  const description = String(form.get('description') ?? '');
  await run(
    host,
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

export async function submitAction(e: SubmitEvent, host: FormsHost): Promise<void> {
  e.preventDefault();
  const state = host.state();
  const client = host.client();
  const patient = host.patient();
  const viewer = host.viewer();
  if (state?.kind !== 'action' || !client || !patient || !viewer || state.saving) return;
  const form = new FormData(e.target as HTMLFormElement);
  const description = String(form.get('description') ?? '').trim();
  const due = String(form.get('due') ?? '') || undefined;
  await run(
    host,
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
async function run(
  host: FormsHost,
  state: DialogState,
  source: string,
  write: () => Promise<{ ok: true } | { ok: false; error?: unknown; noPlan?: boolean }>,
  done: ChatMessageKey,
  failed: ChatMessageKey,
): Promise<void> {
  const t = (key: ChatMessageKey) => localize(chatMessages, host.lang(), key);
  host.set({ ...state, saving: true, error: undefined } as DialogState);
  let result: Awaited<ReturnType<typeof write>>;
  try {
    result = await write();
  } catch (err) {
    result = { ok: false, error: err };
  }
  if (host.state()?.message !== state.message) return;
  if (result.ok) {
    host.notify(t(done));
    host.set(undefined);
    return;
  }
  const noPlan = 'noPlan' in result && result.noPlan;
  if (!noPlan) {
    const error = toCoordError('error' in result ? result.error : undefined);
    host.error({ source, kind: error.kind, status: error.status, message: error.message });
  }
  host.set({ ...state, saving: false, error: t(noPlan ? 'actionNoPpcs' : failed) } as DialogState);
}
