/**
 * One row of the thread as a template: the top edge, a day header, the unread marker, or a
 * message (sender, role, time; text with safe links; photos and attachment chips; its sending
 * state; its actions). Pure rendering: state and callbacks come in through `RowContext`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageAttachmentView, MessageView } from '@coord/api-client';
import { formatDateTime, localize, type Lang } from '../base/i18n.ts';
import type { BlobState } from './chat-files.ts';
import { formatBytes } from './chat-files.ts';
import type { PendingInfo, Row } from './chat-rows.ts';
import { collapsedPreview, linkDomain, linkify, safeHref, type TextPart } from './chat-text.ts';
import { icon } from './chat-icons.ts';
import { chatMessages, type ChatMessageKey } from './chat.messages.ts';

export interface AttachmentInfo {
  /** Content state when the chat can fetch it (a Binary of its server, or inline). */
  state?: BlobState;
  fetchable: boolean;
}

export interface RowContext {
  lang: Lang;
  canWrite: boolean;
  /** The article that takes Tab (roving tabindex). */
  activeKey?: string;
  /** Messages in the whole thread when known, -1 while older pages remain. */
  setSize: number;
  expanded: ReadonlySet<string>;
  actionsOpen?: string;
  /** Client identifiers the server confirmed during this visit ("Envoyé"). */
  confirmed: ReadonlySet<string>;
  older: 'none' | 'idle' | 'loading' | 'error';
  attachment(message: MessageView, index: number): AttachmentInfo;
  on: {
    loadOlder(): void;
    toggleExpanded(key: string): void;
    toggleActions(key: string): void;
    openImage(message: MessageView, index: number): void;
    openFile(message: MessageView, index: number): void;
    download(message: MessageView, index: number): void;
    saveDocument(message: MessageView, index: number): void;
    createAction(message: MessageView): void;
    retry(entryId: string): void;
    discard(entryId: string): void;
  };
}

const linkParts = new WeakMap<MessageView, TextPart[]>();

export function attachmentKey(message: MessageView, index: number): string {
  return `${message.reference}#${index}`;
}

export function attachmentName(lang: Lang, a: MessageAttachmentView): string {
  return a.title || localize(chatMessages, lang, a.isImage ? 'photo' : 'untitled');
}

export function renderRow(row: Row, ctx: RowContext): TemplateResult {
  const t = (key: ChatMessageKey, params?: Record<string, string | number>) => localize(chatMessages, ctx.lang, key, params);
  switch (row.type) {
    case 'edge':
      return html`<div class="edge" part="edge">
        ${ctx.older === 'none'
          ? html`<p class="start">${t('start')}</p>`
          : html`${ctx.older === 'error' ? html`<p class="edge-error" role="alert">${t('earlierFailed')}</p>` : nothing}
              <button type="button" class="earlier" part="action earlier" ?disabled=${ctx.older === 'loading'} @click=${ctx.on.loadOlder}>
                ${ctx.older === 'loading' ? t('earlierLoading') : ctx.older === 'error' ? t('retry') : t('earlier')}
              </button>`}
      </div>`;
    case 'day':
      return html`<h3 class="day" part="day-header"><span>${row.label}</span></h3>`;
    case 'unread':
      return html`<p class="unread" part="unread-marker"><span>${t('unread')}</span></p>`;
    case 'message':
      return renderMessage(row, ctx, t);
  }
}

function renderMessage(row: Extract<Row, { type: 'message' }>, ctx: RowContext, t: (key: ChatMessageKey, params?: Record<string, string | number>) => string): TemplateResult {
  const m = row.message;
  const id = `msg-${row.index}`;
  const lang = ctx.lang;
  const name = m.mine ? t('me') : (m.sender.name ?? t('unknownSender'));
  const when = m.time === undefined ? t('undated') : formatDateTime(lang, m.time, { dateStyle: 'long', timeStyle: 'short' });
  const classes = ['msg', m.mine ? 'mine' : 'theirs', row.pending ? `pending ${row.pending.state}` : ''].join(' ');
  return html`<article
    class=${classes}
    part=${m.mine ? 'message message-mine' : 'message'}
    data-key=${row.key}
    tabindex=${ctx.activeKey === row.key ? 0 : -1}
    aria-posinset=${row.index + 1}
    aria-setsize=${ctx.setSize}
    aria-labelledby="${id}-from ${id}-when"
  >
    <p class="meta">
      <span class="from" id="${id}-from">${name}</span>
      ${m.sender.unresolved && !m.mine ? html`<span class="unresolved">${t('unresolvedSender')}</span>` : nothing}
      ${m.fromPatient && !m.mine
        ? html`<span class="role patient" part="patient-tag">${t('patientRole')}</span>`
        : m.sender.role && !m.mine ? html`<span class="role">${m.sender.role}</span>` : nothing}
      <span class="visually-hidden" id="${id}-when">${when}</span>
      ${m.time === undefined
        ? html`<span class="time" aria-hidden="true">${t('undated')}</span>`
        : html`<time class="time" datetime=${m.sent ?? ''} title=${when} aria-hidden="true">${formatDateTime(lang, m.time, { timeStyle: 'short' })}</time>`}
    </p>
    <div class="bubble" part="bubble">
      ${m.text ? renderText(m, row.key, ctx, t) : nothing}
      ${m.attachments.length ? html`<ul class="attachments">${m.attachments.map((a, i) => renderAttachment(m, a, i, ctx, t))}</ul>` : nothing}
      ${m.empty ? html`<p class="empty-message">${t('emptyMessage')}</p>` : nothing}
    </div>
    ${row.pending ? renderPending(row.pending, t, ctx) : renderFooter(m, row.key, ctx, t)}
  </article>`;
}

function renderText(m: MessageView, key: string, ctx: RowContext, t: (key: ChatMessageKey, params?: Record<string, string | number>) => string) {
  const text = m.text ?? '';
  const expanded = ctx.expanded.has(key);
  const preview = collapsedPreview(text);
  let parts: TextPart[];
  if (preview !== undefined && !expanded) parts = linkify(preview);
  else {
    parts = linkParts.get(m) ?? linkify(text);
    linkParts.set(m, parts);
  }
  return html`<p class="text" part="text">${parts.map((p) =>
      p.href
        ? html`<a href=${p.href} target="_blank" rel="noopener noreferrer">${p.text}</a>${p.domain ? html` <span class="link-domain">(${p.domain})</span>` : nothing}`
        : p.text,
    )}</p>
    ${preview !== undefined
      ? html`<button type="button" class="link-button more" aria-expanded=${expanded ? 'true' : 'false'} @click=${() => ctx.on.toggleExpanded(key)}>
          ${expanded ? t('showLess') : t('showMore')}
        </button>`
      : nothing}
    ${m.truncated ? html`<p class="note">${t('truncated', { count: (m.fullLength ?? 0).toLocaleString(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB') })}</p>` : nothing}`;
}

function renderAttachment(
  m: MessageView,
  a: MessageAttachmentView,
  i: number,
  ctx: RowContext,
  t: (key: ChatMessageKey, params?: Record<string, string | number>) => string,
) {
  const name = attachmentName(ctx.lang, a);
  const size = a.size !== undefined ? formatBytes(ctx.lang, a.size) : undefined;
  const info = ctx.attachment(m, i);
  const dataKey = attachmentKey(m, i);
  if (a.missing) {
    return html`<li class="chip missing" part="attachment">
      <span class="file-name">${name}</span> <span class="chip-note">${t('attachmentMissing')}</span>
    </li>`;
  }
  if (!info.fetchable) {
    // Another server's URL: a plain link (no token sent), http(s) only.
    const href = a.url ? safeHref(a.url) : undefined;
    return html`<li class="chip" part="attachment">
      ${href
        ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${name}</a> <span class="chip-note">(${linkDomain(href)})</span>`
        : html`<span class="file-name">${name}</span>`}
    </li>`;
  }
  if (a.isImage) {
    const state = info.state;
    return html`<li class="photo" part="attachment photo">
      <button type="button" class="thumb" data-attachment=${dataKey} aria-label=${t('openImage', { name })} @click=${() => ctx.on.openImage(m, i)}>
        ${state?.status === 'ready'
          ? html`<img src=${state.url} alt="" />`
          : state?.status === 'error'
            ? html`<span class="thumb-note">${t('attachmentFailed')}</span>`
            : html`<span class="skeleton thumb-skeleton"></span><span class="visually-hidden">${t('attachmentLoading')}</span>`}
      </button>
    </li>`;
  }
  return html`<li class="chip" part="attachment">
    <button type="button" class="link-button" data-attachment=${dataKey} aria-label=${t('open', { name })} @click=${() => ctx.on.openFile(m, i)}>
      <span class="file-name">${name}</span>${size ? html` <span class="chip-note">(${size})</span>` : nothing}
    </button>
    <button type="button" class="icon-button" aria-label=${t('download', { name })} title=${t('downloadShort')} @click=${() => ctx.on.download(m, i)}>${icon('download')}</button>
  </li>`;
}

function renderPending(p: PendingInfo, t: (key: ChatMessageKey, params?: Record<string, string | number>) => string, ctx: RowContext) {
  if (p.state === 'sending') return html`<p class="status" part="status">${t('sending')}</p>`;
  const hint =
    p.reason === 'offline'
      ? t('notSentOffline')
      : p.reason === 'auto'
        ? t('notSentAuto')
        : t('notSentRefused', { reason: p.status ? `HTTP ${p.status}` : (p.errorKind ?? '?') });
  return html`<div class="status failed" part="status">
    <p><strong>${t('notSent')}</strong> <span class="hint">${hint}</span></p>
    <button type="button" part="action" @click=${() => ctx.on.retry(p.entryId)}>${t('retry')}</button>
    <button type="button" part="action" class="secondary" @click=${() => ctx.on.discard(p.entryId)}>${t('discard')}</button>
  </div>`;
}

function renderFooter(m: MessageView, key: string, ctx: RowContext, t: (key: ChatMessageKey, params?: Record<string, string | number>) => string) {
  const sent = m.mine && m.identifier && ctx.confirmed.has(m.identifier);
  if (!ctx.canWrite && !sent) return nothing;
  const open = ctx.actionsOpen === key;
  const menuId = `actions-${m.id.replace(/[^A-Za-z0-9-]/g, '')}`;
  const saveable = m.attachments.map((a, i) => ({ a, i })).filter(({ a, i }) => !a.missing && ctx.attachment(m, i).fetchable);
  return html`<div class="footer">
    ${sent ? html`<p class="status sent" part="status">${t('sent')}</p>` : nothing}
    ${ctx.canWrite
      ? html`<button type="button" class="icon-button actions-toggle" aria-label=${t('messageActions')} aria-expanded=${open ? 'true' : 'false'} aria-controls=${menuId} @click=${() => ctx.on.toggleActions(key)}>${icon('more')}</button>
          <div class="actions" id=${menuId} ?hidden=${!open}>
            ${open
              ? html`<button type="button" part="action" @click=${() => ctx.on.createAction(m)}>${t('createAction')}</button>
                  ${saveable.map(({ a, i }) => html`<button type="button" part="action" @click=${() => ctx.on.saveDocument(m, i)}>
                    ${t('saveToDocuments')} <span class="file-name">(${attachmentName(ctx.lang, a)})</span>
                  </button>`)}`
              : nothing}
          </div>`
      : nothing}
  </div>`;
}
