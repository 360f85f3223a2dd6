/**
 * One row of the thread as a template: the top edge, a day header, the unread marker, or a
 * message (sender, role, time; text with safe links; photos and attachment chips; its sending
 * state; its actions). Pure rendering: state and callbacks come in through `RowContext`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { clock, type MessageAttachmentView, type MessageView } from '@coord/api-client';
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
  /** The message whose actions menu is open. */
  menuOpen?: string;
  /** Tabindex of the controls inside a message: only the active message's are in the Tab order. */
  inner?: number;
  /** Client identifiers the server confirmed during this visit ("Envoyé"). */
  confirmed: ReadonlySet<string>;
  older: 'none' | 'idle' | 'loading' | 'error';
  attachment(message: MessageView, index: number): AttachmentInfo;
  on: {
    loadOlder(): void;
    toggleExpanded(key: string): void;
    /** Opens (or closes, when open) a message's actions menu; focus goes to its first item. */
    toggleMenu(key: string): void;
    /** Closes the menu; `refocus`: focus goes back to its message (Escape, an item chosen). */
    closeMenu(refocus: boolean): void;
    copy(message: MessageView): void;
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

/** Photos' natural sizes once decoded, so a row the virtualiser renders again keeps its box. */
const naturalSizes = new Map<string, { width: number; height: number }>();

function rememberSize(key: string, img: HTMLImageElement): void {
  if (img.naturalWidth && img.naturalHeight) naturalSizes.set(key, { width: img.naturalWidth, height: img.naturalHeight });
}

type Translate = (key: ChatMessageKey, params?: Record<string, string | number>) => string;

export function senderName(m: MessageView, t: Translate): string {
  return m.mine ? t('me') : (m.sender.name ?? t('unknownSender'));
}

function messageDate(m: MessageView, lang: Lang, t: Translate): string {
  return m.time === undefined ? t('undated') : formatDateTime(lang, m.time, { dateStyle: 'long', timeStyle: 'short' });
}

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

function renderMessage(row: Extract<Row, { type: 'message' }>, rows: RowContext, t: (key: ChatMessageKey, params?: Record<string, string | number>) => string): TemplateResult {
  const m = row.message;
  const active = rows.activeKey === row.key;
  const ctx: RowContext = { ...rows, inner: active ? 0 : -1 };
  const id = `msg-${row.index}`;
  const lang = ctx.lang;
  const name = senderName(m, t);
  const when = messageDate(m, lang, t);
  const items = menuItems(row, ctx, t);
  const menu = items.length ? { key: row.key, id: `menu-${row.index}`, items, label: menuName(m, ctx, t, name) } : undefined;
  const classes = ['msg', m.mine ? 'mine' : 'theirs', active ? 'active' : '', row.pending ? `pending ${row.pending.state}` : ''].join(' ');
  return html`<article
    class=${classes}
    part=${m.mine ? 'message message-mine' : 'message'}
    data-key=${row.key}
    tabindex=${active ? 0 : -1}
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
      ${menu ? renderMenuButton(menu, ctx, t) : nothing}
    </p>
    <div class="bubble" part="bubble">
      ${m.text ? renderText(m, row.key, ctx, t) : nothing}
      ${m.attachments.length ? html`<ul class="attachments">${m.attachments.map((a, i) => renderAttachment(m, a, i, ctx, t))}</ul>` : nothing}
      ${m.empty ? html`<p class="empty-message">${t('emptyMessage')}</p>` : nothing}
    </div>
    ${row.pending ? renderPending(row.pending, t, ctx) : renderFooter(m, ctx, t)}
    ${menu ? renderMenu(menu, ctx) : nothing}
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
        ? html`<a href=${p.href} target="_blank" rel="noopener noreferrer" tabindex=${ctx.inner ?? 0}>${p.text}</a>${p.domain ? html` <span class="link-domain">(${p.domain})</span>` : nothing}`
        : p.text,
    )}</p>
    ${preview !== undefined
      ? html`<button type="button" class="link-button more" tabindex=${ctx.inner ?? 0} aria-expanded=${expanded ? 'true' : 'false'} @click=${() => ctx.on.toggleExpanded(key)}>
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
        ? html`<a href=${href} target="_blank" rel="noopener noreferrer" tabindex=${ctx.inner ?? 0}>${name}</a> <span class="chip-note">(${linkDomain(href)})</span>`
        : html`<span class="file-name">${name}</span>`}
    </li>`;
  }
  if (a.isImage) {
    const state = info.state;
    // Natural size (the CSS caps it to the bubble, never enlarges it); the box is reserved when the size is known.
    const size = a.width && a.height ? { width: a.width, height: a.height } : naturalSizes.get(dataKey);
    const alt = a.title || t('photoAlt', { name: senderName(m, t), date: messageDate(m, ctx.lang, t) });
    return html`<li class="photo" part="attachment photo">
      <button type="button" class="thumb" data-attachment=${dataKey} aria-label=${t('openImage', { name })} tabindex=${ctx.inner} @click=${() => ctx.on.openImage(m, i)}>
        ${state?.status === 'ready'
          ? html`<img src=${state.url} alt=${alt} width=${size?.width ?? nothing} height=${size?.height ?? nothing} @load=${(e: Event) => rememberSize(dataKey, e.target as HTMLImageElement)} />`
          : state?.status === 'error'
            ? html`<span class="thumb-note">${t('attachmentFailed')}</span>`
            : html`${size
                ? html`<svg class="skeleton thumb-box" viewBox="0 0 ${size.width} ${size.height}" width=${size.width} height=${size.height} aria-hidden="true"></svg>`
                : html`<span class="skeleton thumb-skeleton"></span>`}<span class="visually-hidden">${t('attachmentLoading')}</span>`}
      </button>
    </li>`;
  }
  return html`<li class="chip" part="attachment">
    <button type="button" class="link-button" data-attachment=${dataKey} tabindex=${ctx.inner ?? 0} aria-label=${t('open', { name })} @click=${() => ctx.on.openFile(m, i)}>
      <span class="file-name">${name}</span>${size ? html` <span class="chip-note">(${size})</span>` : nothing}
    </button>
    <button type="button" class="icon-button" tabindex=${ctx.inner ?? 0} aria-label=${t('download', { name })} title=${t('downloadShort')} @click=${() => ctx.on.download(m, i)}>${icon('download')}</button>
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
    <button type="button" part="action" tabindex=${ctx.inner ?? 0} @click=${() => ctx.on.retry(p.entryId)}>${t('retry')}</button>
    <button type="button" part="action" class="secondary" tabindex=${ctx.inner ?? 0} @click=${() => ctx.on.discard(p.entryId)}>${t('discard')}</button>
  </div>`;
}

/** What a message's menu offers, in order (empty: no menu). */
export function menuItems(row: Extract<Row, { type: 'message' }>, ctx: RowContext, t: Translate): MenuSpec['items'] {
  const m = row.message;
  const items: MenuSpec['items'] = [];
  if (row.pending) {
    const id = row.pending.entryId;
    if (row.pending.state === 'failed') items.push({ label: t('retry'), run: () => ctx.on.retry(id) }, { label: t('discard'), run: () => ctx.on.discard(id) });
  }
  if (m.text) items.push({ label: t('copyText'), run: () => ctx.on.copy(m) });
  if (ctx.canWrite && !row.pending) {
    items.push({ label: t('createAction'), run: () => ctx.on.createAction(m) });
    m.attachments.forEach((a, i) => {
      if (a.missing || !ctx.attachment(m, i).fetchable) return;
      items.push({ label: html`${t('saveToDocuments')} <span class="file-name">(${attachmentName(ctx.lang, a)})</span>`, run: () => ctx.on.saveDocument(m, i) });
    });
  }
  return items;
}

/** "Actions sur le message de Sophie Marchand, 14:02": the menu button's and the menu's name. */
function menuName(m: MessageView, ctx: RowContext, t: Translate, name: string): string {
  const time = m.time === undefined ? t('undated') : formatDateTime(ctx.lang, m.time, sameDay(m.time) ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
  return t('messageActionsOf', { name, time });
}

function sameDay(time: number): boolean {
  return new Date(time).toDateString() === new Date(clock.now()).toDateString();
}

interface MenuSpec {
  key: string;
  id: string;
  label: string;
  items: { label: TemplateResult | string; run: () => void }[];
}

/**
 * The message's actions button: out of the Tab order (the message itself is the stop, and Enter,
 * the context-menu key or Shift+F10 open the same menu), named after its message, shown on the
 * active or hovered message. Its three dots are drawn by CSS (no SVG): one button, one element,
 * per message on screen (the thread's DOM budget, scripts/bench/chat.bench.ts).
 */
function renderMenuButton(menu: MenuSpec, ctx: RowContext, t: Translate) {
  const open = ctx.menuOpen === menu.key;
  return html`<button
    type="button"
    class="icon-button actions-toggle"
    part="actions-toggle"
    tabindex="-1"
    aria-label=${menu.label}
    title=${t('messageActions')}
    aria-haspopup="menu"
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls=${open ? menu.id : nothing}
    @click=${() => ctx.on.toggleMenu(menu.key)}
  ></button>`;
}

/** The WAI-ARIA menu of a message's actions, while open. */
function renderMenu(menu: MenuSpec, ctx: RowContext) {
  if (ctx.menuOpen !== menu.key) return nothing;
  return html`<div class="menu" part="menu" role="menu" id=${menu.id} aria-label=${menu.label} @keydown=${(e: KeyboardEvent) => onMenuKey(e, ctx)} @focusout=${(e: FocusEvent) => onMenuFocusOut(e, ctx)}>
    ${menu.items.map((item) => html`<button type="button" role="menuitem" tabindex="-1" @click=${() => { ctx.on.closeMenu(true); item.run(); }}>${item.label}</button>`)}
  </div>`;
}

/** Arrow keys, Home and End move between items (wrapping); Escape closes (focus back to the message). */
function onMenuKey(e: KeyboardEvent, ctx: RowContext): void {
  const menu = e.currentTarget as HTMLElement;
  const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const at = items.indexOf(e.target as HTMLElement);
  const go = (i: number) => items[(i + items.length) % items.length]?.focus();
  switch (e.key) {
    case 'ArrowDown': go(at + 1); break;
    case 'ArrowUp': go(at - 1); break;
    case 'Home': case 'PageUp': go(0); break;
    case 'End': case 'PageDown': go(items.length - 1); break;
    case 'Escape': ctx.on.closeMenu(true); break;
    case 'Tab': ctx.on.closeMenu(false); return;
    default: return;
  }
  e.preventDefault();
  e.stopPropagation();
}

/** Focus left the menu (a click elsewhere, Tab): it closes, leaving focus where it went. */
function onMenuFocusOut(e: FocusEvent, ctx: RowContext): void {
  const menu = e.currentTarget as HTMLElement;
  const to = e.relatedTarget as Node | null;
  // Staying inside, or on its button (whose click toggles it), is not leaving.
  if (to && (menu.contains(to) || (to instanceof Element && to.classList.contains('actions-toggle') && to.closest('article')?.contains(menu)))) return;
  ctx.on.closeMenu(false);
}

function renderFooter(m: MessageView, ctx: RowContext, t: Translate) {
  const sent = m.mine && m.identifier && ctx.confirmed.has(m.identifier);
  return sent ? html`<p class="status sent" part="status">${t('sent')}</p>` : nothing;
}
