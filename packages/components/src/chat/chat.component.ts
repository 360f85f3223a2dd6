import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  mapCommunication,
  mapMessages,
  mergeMessages,
  messageActorReferences,
  readMessages,
  readOlderMessages,
  toCoordError,
  type CoordClient,
  type CoordError,
  type LiveUpdate,
  type MessageView,
  type OutboxStore,
  type PageCursor,
} from '@coord/api-client';
import type { Communication } from '@medplum/fhirtypes';
import { CoordElement } from '../base/coord-element.ts';
import { LiveController } from '../base/live-controller.ts';
import { PatientTask } from '../base/patient-task.ts';
import { localize } from '../base/i18n.ts';
import { renderErrorState } from '../base/states.ts';
import { hostStyles } from '../base/styles.ts';
import { CoordMessageSentEvent } from '../events/coord-message-sent.ts';
import { ComposerController } from './chat-composer.ts';
import { ChatDialogs } from './chat-dialogs-controller.ts';
import { DEFAULT_MAX_FILE_BYTES, fileType } from './chat-files.ts';
import { renderRow, type RowContext } from './chat-message.ts';
import { ChatOutbox } from './chat-outbox.ts';
import { mergeLive } from './chat-live.ts';
import { buildRows, type Row } from './chat-rows.ts';
import { captureAnchor, focusRow, keyMove, restoreAnchor, topDayRow, type Anchor } from './chat-scroll.ts';
import { LazyList } from '../base/lazy-list.ts';
import { BottomFollower } from './chat-follow.ts';
import { chatScope, loadLastRead, saveLastRead } from './chat-storage.ts';
import { chatMessages, type ChatMessageKey } from './chat.messages.ts';
import { chatStyles } from './chat.styles.ts';

/** The write builders (`chat-writes.ts`), fetched on the first send (or as the viewer starts writing). */
const loadWrites = () => import('./chat-writes.ts');

/**
 * Secure messaging (MIS) around the patient: the thread of `Communication`s grouped by day,
 * virtualised and paged backwards; photos and documents; a composer whose messages go through
 * the API client's outbox (they show at once, survive a reload and go out exactly once); others'
 * messages arrive live. From a message, a photo or file can be saved to the documents and a
 * PPCS action created, each linked back to it.
 *
 * @summary Secure messaging thread with composer, attachments, outbox and live updates.
 * @csspart chat - The whole chat.
 * @csspart skip-links - "Go to the message box" / "Go to the newest message", shown on focus.
 * @csspart thread - The scrolling thread (role log; arrivals are announced in a summary, not row by row).
 * @csspart day-header - A day header.
 * @csspart day-strip - The strip above the thread with the day of the topmost message on screen.
 * @csspart actions-toggle - A message's actions button (shown on the active or hovered message).
 * @csspart menu - A message's actions menu.
 * @csspart unread-marker - The "since my last visit" marker.
 * @csspart message - One message (article); own ones also have `message-mine`.
 * @csspart bubble - A message's body.
 * @csspart text - A message's text.
 * @csspart attachment - A photo or attachment chip.
 * @csspart status - Sending state of a message.
 * @csspart new-messages - The "new messages" pill.
 * @csspart composer - The message form.
 * @csspart textarea - The text area.
 * @csspart send - The send button.
 * @csspart attach - The attach button.
 * @csspart read-only - Why the composer is disabled.
 * @csspart dialog - The photo viewer and the forms.
 * @csspart notice - Outcome of "save to documents" / "create a PPCS action".
 * @csspart state - A loading, empty or error state.
 * @csspart action - A button in a state or a message.
 * @cssproperty --coord-chat-height - Height of the chat (default 36rem).
 * @cssproperty --coord-chat-mine-background - Background of the viewer's messages.
 * @cssproperty --coord-chat-theirs-background - Background of others' messages.
 * @cssproperty --coord-chat-thumbnail-size - Size of a photo's placeholder while it loads, when its size is unknown (default 9rem).
 * @cssproperty --coord-chat-photo-max-height - Tallest a photo is shown in the thread (default 20rem; photos are never enlarged).
 * @event coord-message-sent - The server confirmed a message: `detail.reference` (`Communication/<id>`), `detail.identifier`.
 * @event coord-select - The user opened an attachment: `detail.reference` (`Binary/<id>`, else the message), `detail.kind` `attachment`.
 * @event coord-error - Loading, sending or saving failed: `{source: 'chat' | 'chat:send' | 'chat:older' | 'chat:document' | 'chat:action' | 'chat:dialog', kind, status?, message}`.
 */
export class CoordChat extends CoordElement {
  static override styles = [hostStyles, chatStyles];

  /** Seconds between checks for others' messages (default 5; 0 = off). Paused while the page is hidden. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 5;
  /** Messages per page (default 50). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;
  /** Largest file the composer accepts, in bytes (default 10 MB). */
  @property({ type: Number, attribute: 'max-file-size' }) maxFileSize = DEFAULT_MAX_FILE_BYTES;
  /** Read only: the composer is disabled (with the reason shown). */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Where unsent messages are kept (default: IndexedDB, shared by the page's chats). */
  @property({ attribute: false }) outboxStore?: OutboxStore;

  @state() private messages: MessageView[] = [];
  @state() private older?: PageCursor;
  @state() private olderState: 'idle' | 'loading' | 'error' = 'idle';
  @state() private unreadAfter?: number;
  @state() private newCount = 0;
  /** What the live region says, as a key (it follows a language switch). */
  @state() private announcement?: { key: ChatMessageKey; params?: Record<string, string | number> };
  @state() private notice = '';
  @state() private activeKey?: string;
  /** Key of the day header of the topmost message on screen (the day strip shows its label). */
  @state() private topDay?: string;
  private expanded = new Set<string>();
  /** The message whose actions menu is open. */
  private menuOpen?: string;
  private confirmed = new Set<string>();
  private firstNew?: string;
  /** Keeps the newest message in view until the user scrolls the thread. */
  private readonly follower = new BottomFollower(
    (following) => {
      if (following) this.reachedEnd();
    },
    () => this.threadRows.correctingScroll(),
  );
  /** The thread's rows: plain while few, virtualised (its code fetched then) once many. */
  private readonly threadRows = new LazyList(this, { container: () => this.threadEl, trackNear: true });
  private readonly scrollToRow = (index: number, block?: ScrollLogicalPosition): void => this.threadRows.scrollToIndex(index, block);
  private dayFrame = 0;
  private pin?: { index: number; block: ScrollLogicalPosition };
  private pinRendered?: boolean;
  private anchor?: Anchor;
  private rows: Row[] = [];
  private rowsInput: unknown[] = [];
  /** Row facts kept with the rows (so a render never walks 5 000 rows). */
  private rowIndex = new Map<string, number>();
  private messageRows = 0;
  private lastMessageKey?: string;
  private scopeKey?: string;
  /** The send path's code was asked for ahead of a send (`prepareSend`). */
  private sendPathAsked = false;

  @query('.thread') private threadEl?: HTMLElement;

  private readonly composer = new ComposerController(this, {
    lang: () => this.effectiveLang,
    maxBytes: () => (Number.isFinite(this.maxFileSize) && this.maxFileSize > 0 ? this.maxFileSize : DEFAULT_MAX_FILE_BYTES),
    send: (text, files) => this.send(text, files),
    writing: () => this.prepareSend(),
  });

  private readonly outbox = new ChatOutbox(this, {
    store: () => this.outboxStore,
    sent: (message, pendingKey, identifier) => this.onSent(message, pendingKey, identifier),
    error: (detail) => this.emitError(detail),
  });

  private readonly dialogs = new ChatDialogs(this, {
    lang: () => this.effectiveLang,
    canWrite: () => this.canWrite,
    client: () => this.session?.client,
    patient: () => this.readyPatient,
    viewer: () => this.viewer,
    blobs: () => this.outbox.blobs,
    notify: (text) => (this.notice = text),
    error: (detail) => this.emitError(detail),
  });

  /** The newest page of the thread, through the base's patient gate (aborted on a switch). */
  private readonly data = new PatientTask<Awaited<ReturnType<typeof readMessages>>, [pageSize: number]>(this, {
    source: 'chat',
    args: () => [this.pageSizeValue],
    load: async ({ client, patient, viewer, signal }, pageSize) => {
      const page = await readMessages(client, patient, { signal, pageSize, viewer: viewer.user });
      if (signal.aborted) throw toCoordError(signal.reason);
      // Messages that arrived (sent or live) while the page was loading are kept.
      this.messages = mergeMessages(page.items, this.messages);
      this.older = page.older;
      this.olderState = 'idle';
      this.scrollToStart();
      return page;
    },
  });

  /** New messages through the scope's live hub (shared with every element watching Communication). */
  private readonly live = new LiveController(this, {
    types: () => ['Communication'],
    seconds: () => Number(this.pollInterval),
    minSeconds: 1,
    // A conversation: at most twice the interval when idle (two people chatting see each other in seconds).
    idleFactor: 2,
    enabled: () => this.data.value !== undefined,
    onUpdate: (update, client) => {
      const patient = this.readyPatient;
      if (patient) void this.onLive(client, patient, update);
    },
  });

  // ---------------------------------------------------------------------------------------------
  // Session and lifecycle

  private get readyPatient(): string | undefined {
    const p = this.session?.patient;
    return p?.status === 'ready' ? p.reference : undefined;
  }

  private get viewer(): string | undefined {
    return this.session?.viewer.user;
  }

  private get pageSizeValue(): number {
    const n = Number(this.pageSize);
    return Number.isFinite(n) && n > 0 ? Math.min(10_000, Math.floor(n)) : 50;
  }

  /** Why the composer is disabled, if it is. */
  private get readOnlyReason(): string | undefined {
    if (!this.viewer) return this.tc('readOnlyNoViewer');
    if (this.readonly) return this.tc('readOnlyHost');
    if (this.outbox.forbidden) return this.tc('readOnlyForbidden');
    return undefined;
  }

  private get canWrite(): boolean {
    return !this.readOnlyReason;
  }

  protected override sessionChanged(): void {
    const client = this.session?.client;
    const patient = this.readyPatient;
    const scope = client && patient ? chatScope(client.baseUrl, patient, this.viewer) : undefined;
    if (scope === this.scopeKey) return;
    // Never show one patient's messages under another, even for one frame.
    this.scopeKey = scope;
    this.messages = [];
    this.older = undefined;
    this.olderState = 'idle';
    this.newCount = 0;
    this.firstNew = undefined;
    this.expanded = new Set();
    this.confirmed = new Set();
    this.activeKey = undefined;
    this.menuOpen = undefined;
    this.topDay = undefined;
    this.dialogs.close();
    this.unreadAfter = scope ? loadLastRead(scope) : undefined;
    this.composer.useScope(scope);
    this.outbox.open(client, patient, this.viewer);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.onNetwork);
    addEventListener('offline', this.onNetwork);
    document.addEventListener('visibilitychange', this.onVisibility);
    const client = this.session?.client;
    const patient = this.readyPatient;
    if (this.scopeKey && !this.outbox.isOpen) this.outbox.open(client, patient, this.viewer);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onNetwork);
    removeEventListener('offline', this.onNetwork);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.outbox.close();
    this.follower.detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.computeRows();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A pin applies once, to the thread render that carried it (the virtualiser keeps it until the user scrolls).
    if (this.pinRendered) this.pin = this.pinRendered = undefined;
    this.dialogs.sync();
    this.follower.attach(this.threadEl);
    this.scheduleTopDay();
    const anchor = this.anchor;
    this.anchor = undefined;
    const index = this.indexOfKey(anchor?.key);
    if (anchor && this.threadEl && index >= 0) void restoreAnchor(this.threadEl, anchor, index, this.scrollToRow);
  }

  private tc(key: ChatMessageKey, params?: Record<string, string | number>): string {
    return localize(chatMessages, this.effectiveLang, key, params);
  }

  // ---------------------------------------------------------------------------------------------
  // Rows

  private computeRows(): void {
    const pendingIds = new Set(this.outbox.pending.map((p) => p.identifier));
    const sent = this.outbox.pending.length ? new Set(this.messages.filter((m) => pendingIds.has(m.identifier)).map((m) => m.identifier)) : undefined;
    const pending = this.outbox.pending.filter((p) => !p.identifier || !sent?.has(p.identifier));
    const input = [this.messages, this.outbox.pending, this.unreadAfter, this.effectiveLang, this.outbox.online];
    if (input.every((v, i) => v === this.rowsInput[i])) return;
    this.rowsInput = input;
    this.rows = buildRows({
      messages: this.messages,
      pending: pending.map((p) => ({ message: p.message, info: p.info })),
      unreadAfter: this.unreadAfter,
      lang: this.effectiveLang,
    });
    this.rowIndex = new Map(this.rows.map((r, i) => [r.key, i]));
    this.messageRows = this.messages.length + pending.length;
    this.lastMessageKey = this.rows.findLast((r) => r.type === 'message')?.key;
  }

  private indexOfKey(key: string | undefined): number {
    return key === undefined ? -1 : (this.rowIndex.get(key) ?? -1);
  }

  /** First view of a thread: the unread marker when there is one, else the newest message. */
  private scrollToStart(): void {
    this.computeRows();
    const unread = this.indexOfKey('unread');
    this.pin = unread >= 0 ? { index: unread, block: 'start' } : { index: Math.max(0, this.rows.length - 1), block: 'end' };
    if (unread >= 0) this.follower.release();
    else this.follower.follow();
  }

  private scrollToEnd(): void {
    this.computeRows();
    this.pin = { index: Math.max(0, this.rows.length - 1), block: 'end' };
    this.follower.follow();
    this.newCount = 0;
    this.firstNew = undefined;
    this.requestUpdate();
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  protected override render() {
    const state = this.data.state;
    // No patient, or one that cannot be identified: the base's one message (no composer to type into).
    if (state.status === 'no-patient' || state.status === 'patient-error') return this.data.render({ ready: () => nothing });
    const loading = state.status === 'patient-loading' || state.status === 'loading';
    const error = state.status === 'error' ? state.error : undefined;
    if (error?.kind === 'forbidden' || error?.kind === 'auth') return renderErrorState(this.effectiveLang, error, { onSignIn: () => this.requestSignIn() });
    return html`<section
      class="chat ${this.composer.dragging ? 'dragging' : ''}"
      part="chat"
      aria-label=${this.tc('label')}
      @dragover=${this.composer.onDragOver}
      @dragleave=${this.composer.onDragLeave}
      @drop=${this.composer.onDrop}
    >
      ${this.renderSkipLinks(loading)}
      ${error ? renderErrorState(this.effectiveLang, error, { onRetry: () => this.data.reload() }) : nothing}
      ${loading ? this.renderSkeleton() : this.renderThread(error)}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement ? this.tc(this.announcement.key, this.announcement.params) : ''}</div>
      <p class="notice" part="notice" role="status">${this.notice}</p>
      ${this.composer.render({ disabledReason: this.readOnlyReason })}
      ${this.dialogs.render()}
    </section>`;
  }

  /** Jumps for keyboard users, first in the chat's Tab order and shown on focus: to the composer, to the newest message. */
  private renderSkipLinks(loading: boolean) {
    const toLast = !loading && this.messageRows > 0;
    return html`<div class="skips" part="skip-links">
      <button type="button" class="skip" @click=${() => this.focusComposer()}>${this.tc('skipToComposer')}</button>
      ${toLast ? html`<button type="button" class="skip" @click=${() => this.focusNewest()}>${this.tc('skipToNewest')}</button>` : nothing}
    </div>`;
  }

  /** Puts focus in the message box (hosts may call it, e.g. from their own shortcut). */
  focusComposer(): void {
    this.shadowRoot?.querySelector<HTMLTextAreaElement>('#composer-text')?.focus();
  }

  /** Brings the newest message into view and focuses it. */
  async focusNewest(): Promise<void> {
    const index = this.indexOfKey(this.lastMessageKey);
    if (index < 0) return;
    this.scrollToEnd();
    await this.updateComplete;
    await this.focusArticle(index);
  }

  private renderSkeleton() {
    return html`<div class="state loading thread-skeleton" part="state loading" role="status" aria-busy="true">
      <span class="visually-hidden">${this.tc('loading')}</span>
      ${[0, 1, 2, 3].map((i) => html`<span class="skeleton sk-bubble ${i % 2 ? 'sk-mine' : ''}" aria-hidden="true"></span>`)}
    </div>`;
  }

  private renderThread(error: CoordError | undefined) {
    const hasMessages = this.messageRows > 0;
    if (!hasMessages && !error) {
      return html`<div class="state empty" part="state empty" role="status" data-kind="empty">
        <p class="state-title">${this.tc('empty')}</p>
        <p class="state-hint">${this.tc('emptyHint')}</p>
      </div>`;
    }
    if (!hasMessages) return nothing;
    const ctx = this.rowContext();
    const client = this.session?.client;
    const far: RowContext = { ...ctx, attachment: (m, i) => this.outbox.attachmentInfo(client, m, i, false) };
    if (this.pin) {
      this.pinRendered = true;
      this.follower.pinned = true;
    }
    return html`<div class="thread-wrap">
      ${this.renderDayStrip()}
      <div
        class="thread"
        part="thread"
        role="log"
        aria-live="off"
        tabindex="-1"
        aria-label=${this.tc('threadLabel')}
        aria-busy=${this.olderState === 'loading' ? 'true' : 'false'}
        @keydown=${this.onThreadKey}
        @focusin=${this.onThreadFocus}
        @contextmenu=${this.onContextMenu}
        @scroll=${this.onScroll}
        @visibilityChanged=${this.onVisible}
      >
        ${this.threadRows.render({
          items: this.rows,
          keyFunction: (r: Row) => r.key,
          // Photos load for the rows near the view only (all rows are in the DOM while few).
          renderItem: (r: Row, i: number) => renderRow(r, this.threadRows.isNear(i) ? ctx : far),
          pin: this.pin,
        })}
      </div>
      ${this.newCount
        ? html`<button type="button" class="pill" part="new-messages" @click=${this.jumpToNew}>
            ${this.newCount === 1 ? this.tc('newMessages') : this.tc('newMessagesCount', { count: this.newCount })}
          </button>`
        : nothing}
    </div>`;
  }

  /** The day of the topmost message, in a strip of its own above the thread (it never covers a message). */
  private renderDayStrip() {
    const row = this.rows[this.indexOfKey(this.topDay)];
    const day = row?.type === 'day' ? row : undefined;
    return html`<p class="day-strip" part="day-strip" aria-hidden="true">
      ${day ? html`<span class="day-long">${day.label}</span><span class="day-short">${day.short}</span>` : nothing}
    </p>`;
  }

  private rowContext(): RowContext {
    const client = this.session?.client;
    const activeKey = this.activeKey && this.indexOfKey(this.activeKey) >= 0 ? this.activeKey : this.lastMessageKey;
    return {
      lang: this.effectiveLang,
      canWrite: this.canWrite,
      activeKey,
      setSize: this.older ? -1 : this.messageRows,
      expanded: this.expanded,
      menuOpen: this.menuOpen,
      confirmed: this.confirmed,
      older: this.older ? this.olderState : 'none',
      attachment: (m, i) => this.outbox.attachmentInfo(client, m, i),
      on: {
        loadOlder: () => void this.loadOlder(),
        toggleExpanded: (key) => this.toggle(this.expanded, key),
        toggleMenu: (key) => (this.menuOpen === key ? this.closeMenu(true) : void this.openMenu(key)),
        closeMenu: (refocus) => this.closeMenu(refocus),
        copy: (m) => void this.copyText(m),
        openImage: (m, i) => this.dialogs.openViewer(m, i),
        openFile: (m, i) => void this.dialogs.openFile(m, i),
        download: (m, i) => void this.dialogs.download(m, i),
        saveDocument: (m, i) => this.dialogs.openDocument(m, i),
        createAction: (m) => this.dialogs.openAction(m),
        retry: (id) => void this.outbox.retry(id),
        discard: (id) => void this.discard(id),
      },
    };
  }

  private toggle(set: Set<string>, key: string): void {
    if (set.has(key)) set.delete(key);
    else set.add(key);
    this.requestUpdate();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  private async send(text: string, files: File[]): Promise<boolean> {
    const patient = this.readyPatient;
    const viewer = this.viewer;
    if (!patient || !viewer || !this.canWrite) return false;
    try {
      // The write builders and the queue arrive on the first send (or as the viewer starts
      // writing, `prepareSend`); a failed import is a send error, and the text stays.
      const [{ messageOp }] = await Promise.all([loadWrites(), this.outbox.ready()]);
      const op = await messageOp({
        patient,
        sender: viewer,
        text,
        attachments: files.map((f) => ({ data: f, contentType: fileType(f), title: f.name })),
      });
      await this.outbox.enqueue(op);
      this.scrollToEnd();
      return true;
    } catch (err) {
      const error = toCoordError(err);
      this.emitError({ source: 'chat:send', kind: error.kind, status: error.status, message: error.message });
      return false;
    }
  }

  /** The viewer started writing: fetch the send path now, so that a send made offline is still kept. */
  private prepareSend(): void {
    if (this.sendPathAsked || !this.canWrite) return;
    this.sendPathAsked = true;
    loadWrites().catch(() => (this.sendPathAsked = false));
    this.outbox.warmUp();
  }

  /** Gives up an unsent message; its text goes back to an empty composer, so nothing typed is lost. */
  private async discard(entryId: string): Promise<void> {
    const pending = this.outbox.pending.find((p) => p.entry.id === entryId);
    await this.outbox.discard(entryId);
    if (pending?.message.text && !this.composer.text.trim()) this.composer.restore(pending.message.text);
    this.announcement = { key: 'discarded' };
  }

  /** The server confirmed one of ours: it joins the thread, and the host hears of it. */
  private onSent(resource: Communication, pendingKey: string, identifier: string | undefined): void {
    const client = this.session?.client;
    const patient = this.readyPatient;
    if (!client || !patient) return;
    const message = mapCommunication(resource, client.references.lookup, [], { patient, viewer: this.viewer });
    if (message) {
      this.outbox.adoptBlobs(pendingKey, message);
      this.messages = mergeMessages(this.messages, [message]);
    }
    if (identifier) this.confirmed.add(identifier);
    if (this.follower.following) this.scrollToEnd();
    this.dispatchEvent(new CoordMessageSentEvent({ reference: `Communication/${resource.id}`, identifier }));
  }

  // ---------------------------------------------------------------------------------------------
  // Earlier messages

  /** Loads the page before the oldest message shown, keeping the view where it is. */
  async loadOlder(): Promise<void> {
    const client = this.session?.client;
    const cursor = this.older;
    if (!client || !cursor || this.olderState === 'loading') return;
    this.olderState = 'loading';
    const scope = this.scopeKey;
    try {
      const page = await readOlderMessages(client, cursor, { viewer: this.viewer });
      if (scope !== this.scopeKey) return;
      this.anchor = captureAnchor(this.threadEl);
      this.messages = mergeMessages(this.messages, page.items);
      this.older = page.older;
      this.olderState = 'idle';
    } catch (err) {
      if (scope !== this.scopeKey) return;
      const error = toCoordError(err);
      this.olderState = 'error';
      this.emitError({ source: 'chat:older', kind: error.kind, status: error.status, message: error.message });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Live

  /** Checks for new messages now (also done every `poll-interval` seconds). */
  async refresh(): Promise<void> {
    await this.live.refresh();
  }

  private async onLive(client: CoordClient, patient: string, update: LiveUpdate): Promise<void> {
    const resources = update.changes.flatMap((c) => c.resources).filter((r) => r.resourceType === 'Communication');
    if (!resources.length) return;
    const lookup = await client.references.resolve([...messageActorReferences(resources), this.viewer]).catch(() => client.references.lookup);
    if (client !== this.session?.client || patient !== this.readyPatient) return;
    const { items } = mapMessages(resources, lookup, { patient, viewer: this.viewer });
    const { thread, fresh } = mergeLive(this.messages, items, resources, Boolean(this.older));
    this.messages = thread;
    const others = fresh.filter((m) => !m.mine);
    if (!others.length) {
      if (fresh.length && this.follower.following) this.scrollToEnd();
      return;
    }
    const names = [...new Set(others.map((m) => m.sender.name ?? this.tc('unknownSender')))].slice(0, 3).join(', ');
    this.announcement = others.length === 1 ? { key: 'announceOne', params: { names } } : { key: 'announceMany', params: { count: others.length, names } };
    if (this.follower.following && document.visibilityState !== 'hidden') {
      this.scrollToEnd();
      this.markRead();
    } else {
      this.firstNew ??= others[0]!.reference;
      this.newCount += others.length;
    }
  }

  private readonly jumpToNew = (): void => {
    const index = this.indexOfKey(this.firstNew);
    this.newCount = 0;
    this.firstNew = undefined;
    if (index < 0) return this.scrollToEnd();
    this.follower.release();
    this.pin = { index, block: 'start' };
    this.activeKey = this.rows[index]?.key;
    this.requestUpdate();
    void this.updateComplete.then(() => this.focusArticle(index));
  };

  /** Remembers the newest message seen, for "since my last visit" next time. */
  private markRead(): void {
    const newest = this.messages.reduce((max, m) => Math.max(max, m.time ?? 0), 0);
    if (this.scopeKey && newest > 0) saveLastRead(this.scopeKey, newest);
  }

  private readonly onNetwork = (): void => this.outbox.setOnline(navigator.onLine);

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible' && this.follower.following) this.markRead();
  };

  // ---------------------------------------------------------------------------------------------
  // Scrolling and keyboard

  private readonly onScroll = (): void => {
    const el = this.threadEl;
    if (!el) return;
    this.follower.onScroll();
    this.scheduleTopDay();
    if (el.scrollTop < 200 && this.older && this.olderState === 'idle' && !this.pin && !this.follower.following) void this.loadOlder();
  };

  /** The newest message is in view again: nothing is new any more. */
  private reachedEnd(): void {
    if (this.newCount) {
      this.newCount = 0;
      this.firstNew = undefined;
    }
    this.markRead();
  }

  private readonly onVisible = (): void => this.scheduleTopDay();

  /** The day strip follows the topmost message on screen (measured once per frame). */
  private scheduleTopDay(): void {
    if (this.dayFrame) return;
    this.dayFrame = requestAnimationFrame(() => {
      this.dayFrame = 0;
      const thread = this.threadEl;
      if (!thread) return;
      const key = topDayRow(thread, this.rows, (k) => this.indexOfKey(k))?.key;
      if (key !== this.topDay) this.topDay = key;
    });
  }

  private readonly onThreadFocus = (e: FocusEvent): void => {
    const article = (e.target as Element).closest?.('article');
    if (article?.dataset.key && article.dataset.key !== this.activeKey) this.activeKey = article.dataset.key;
  };

  private readonly onThreadKey = (e: KeyboardEvent): void => {
    const article = (e.target as Element).closest?.('article');
    if (!article || e.target !== article) return;
    if (e.key === 'Enter' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      if (!article.querySelector('.actions-toggle')) return;
      e.preventDefault();
      void this.openMenu(article.dataset.key!);
      return;
    }
    const move = keyMove(this.rows, this.indexOfKey(article.dataset.key), e.key);
    if (!move) return;
    e.preventDefault();
    void this.focusArticle(move.index);
    if (move.pastStart) void this.loadOlder();
  };

  /** A right click (or a long press) on a message opens its menu, except on a link or a photo. */
  private readonly onContextMenu = (e: MouseEvent): void => {
    const target = e.composedPath()[0] as Element;
    const article = target.closest?.('article');
    if (!article?.dataset.key || target.closest('a, img') || !article.querySelector('.actions-toggle')) return;
    e.preventDefault();
    void this.openMenu(article.dataset.key);
  };

  /** Opens a message's menu and puts focus on its first item (once the virtualiser has rendered it). */
  private async openMenu(key: string): Promise<void> {
    this.menuOpen = key;
    this.activeKey = key;
    this.requestUpdate();
    await this.updateComplete;
    for (let frame = 0; frame < 60 && this.menuOpen === key; frame++) {
      const item = this.threadEl?.querySelector<HTMLElement>(`article[data-key="${CSS.escape(key)}"] [role="menuitem"]`);
      if (item) return item.focus();
      await new Promise((r) => requestAnimationFrame(r));
    }
  }

  private closeMenu(refocus: boolean): void {
    const key = this.menuOpen;
    if (key === undefined) return;
    this.menuOpen = undefined;
    this.requestUpdate();
    if (refocus) this.threadEl?.querySelector<HTMLElement>(`article[data-key="${CSS.escape(key)}"]`)?.focus();
  }

  private async copyText(m: MessageView): Promise<void> {
    try {
      await navigator.clipboard.writeText(m.text ?? '');
      this.notice = this.tc('copied');
    } catch {
      this.notice = this.tc('copyFailed');
    }
  }

  private focusArticle(index: number): Promise<void> {
    const key = this.rows[index]?.key;
    if (!key) return Promise.resolve();
    this.activeKey = key;
    return focusRow(this.threadEl, index, key, this.scrollToRow);
  }
}
