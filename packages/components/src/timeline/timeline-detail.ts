/**
 * `<coord-timeline-detail>`: the detail of one timeline item in a modal dialog, loaded by the
 * timeline on first open (its own chunk, with the shared media viewer; the timeline's define file
 * registers both tags then). The native `<dialog>`
 * gives the keyboard contract: focus moves in on open, Tab stays inside, Escape closes; the
 * dialog is named by its title (announced on open); on close the timeline puts focus back on the
 * row (`detail-close` with the item's id). A linked document opens in the same dialog, with Back.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { readTimelineDetail, toCoordError, type ContentView, type CoordError, type PathwayView, type ScopedClient, type TimelineDetail, type TimelineItem } from '@coord/api-client';
import { langReady, localize, normalizeLang, type Lang } from '../base/i18n.ts';
import { hostStyles } from '../base/styles.ts';
import { CoordMediaViewer, type MediaItem } from '../base/media-viewer.ts';
import { attachmentSource, fileNameFor, loadAttachment } from '../base/binary.ts';
import { detailMessages, type DetailMessageKey } from './timeline-detail.messages.ts';
import { renderDetailBody, type DetailContext } from './timeline-detail-views.ts';
import { causeText } from './timeline-status.ts';
import { itemTitle, kindIcon } from './timeline-list.ts';
import { timelineMessages, type TimelineMessageKey } from './timeline.messages.ts';

export { CoordMediaViewer };

type Load = { status: 'loading' } | { status: 'ready'; detail?: TimelineDetail } | { status: 'error'; error: CoordError };

export class CoordTimelineDetail extends LitElement {
  static override styles = [
    hostStyles,
    css`
      dialog { width: min(96vw, 44rem); max-height: 92vh; padding: 0; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); color: inherit; }
      dialog::backdrop { background: rgb(0 0 0 / 0.45); }
      header { display: flex; gap: 0.5rem; align-items: flex-start; padding: var(--_space); border-bottom: 1px solid var(--_border); }
      header .icon { width: 1.25rem; height: 1.25rem; flex: none; margin-top: 0.2rem; fill: none; stroke: currentColor; stroke-width: 1.3; }
      .heading { flex: 1; min-width: 0; }
      h2 { margin: 0; font-size: 1.1em; overflow-wrap: anywhere; }
      .kind { margin: 0.15rem 0 0; color: var(--_muted); font-size: 0.875em; }
      .body { padding: var(--_space); overflow: auto; max-height: calc(92vh - 6rem); }
      h3 { font-size: 0.95em; margin: 1rem 0 0.35rem; }
      dl { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.25rem 0.75rem; margin: 0; }
      dt { color: var(--_muted); }
      dd { margin: 0; overflow-wrap: anywhere; }
      ul { margin: 0; padding-left: 1.1rem; }
      li { margin: 0.15rem 0; }
      .conclusion, .text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
      table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
      th, td { text-align: left; padding: 0.25rem 0.4rem; border-bottom: 1px solid var(--_border); vertical-align: top; }
      .flag { font-weight: 600; }
      .flag-high, .flag-low, .flag-abnormal, .flag-critical { color: var(--_danger); }
      .muted { color: var(--_muted); }
      .status { font-weight: 600; }
      button.link { background: none; border: 0; padding: 0; color: var(--_accent); text-decoration: underline; cursor: pointer; font: inherit; text-align: left; }
      .table-wrap { overflow-x: auto; }
    `,
  ];

  @property({ attribute: false }) client?: ScopedClient;
  @property() override lang = '';
  /** The timeline's loaded items (for the documents and results linked to an encounter). */
  @property({ attribute: false }) items: TimelineItem[] = [];
  @property({ attribute: false }) pathways: PathwayView[] = [];
  @property({ attribute: false }) lane: (key: string) => { label: string; colorIndex: number } = (key) => ({ label: key, colorIndex: 7 });

  /** The items opened, the first one the row's: "Back" pops. */
  @state() private stack: TimelineItem[] = [];
  @state() private load: Load = { status: 'loading' };
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('coord-media-viewer') private viewer?: CoordMediaViewer;
  private controller?: AbortController;

  private get language(): Lang {
    return normalizeLang(this.lang) ?? 'fr';
  }

  private m = (key: DetailMessageKey, params?: Record<string, string | number>): string => localize(detailMessages, this.language, key, params);
  private tl = (key: TimelineMessageKey, params?: Record<string, string | number>): string => localize(timelineMessages, this.language, key, params);

  get current(): TimelineItem | undefined {
    return this.stack[this.stack.length - 1];
  }

  get isOpen(): boolean {
    return Boolean(this.dialog?.open);
  }

  /** Opens the dialog on `item` (a new stack). */
  async show(item: TimelineItem): Promise<void> {
    await langReady(this.language);
    this.stack = [item];
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    await this.fetch();
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The item is gone from the timeline (another patient, a reload): nothing of it stays open.
    if (changed.has('items') && this.isOpen && this.stack[0] && !this.items.some((i) => i.id === this.stack[0]!.id)) this.close();
  }

  private async fetch(): Promise<void> {
    this.controller?.abort();
    const item = this.current;
    const client = this.client;
    if (!item || !client) return;
    const controller = (this.controller = new AbortController());
    this.load = { status: 'loading' };
    try {
      const detail = await readTimelineDetail(client, item, { signal: AbortSignal.any([controller.signal, client.signal]) });
      if (!controller.signal.aborted) this.load = { status: 'ready', detail };
    } catch (err) {
      if (!controller.signal.aborted) this.load = { status: 'error', error: toCoordError(err) };
    }
    // Focus stays inside: on the heading once the content is in (announced by the dialog's name).
    await this.updateComplete;
  }

  private openLinked = (item: TimelineItem): void => {
    this.stack = [...this.stack, item];
    void this.fetch().then(() => this.renderRoot.querySelector<HTMLElement>('h2')?.focus());
  };

  private back = (): void => {
    this.stack = this.stack.slice(0, -1);
    void this.fetch().then(() => this.renderRoot.querySelector<HTMLElement>('h2')?.focus());
  };

  private preview = async (media: MediaItem[], index: number): Promise<void> => {
    const viewer = this.viewer;
    if (!viewer) return;
    viewer.items = media;
    await viewer.open(index);
  };

  /** A document's (or a report's) attachment as a viewer item, read through the scoped client. */
  private mediaItem = (key: string, content: ContentView, title: string): MediaItem => {
    const client = this.client!;
    const name = fileNameFor(content.title ?? title, content.contentType);
    const source = attachmentSource(client, content);
    if (source.kind === 'external') return { key, name, contentType: content.contentType, external: { url: source.url, domain: source.domain } };
    if (source.kind === 'none') return { key, name, contentType: content.contentType };
    if (source.kind === 'inline') {
      // Inline bytes are not kept in the view model: read the resource again (cached) for them.
      const reference = this.current?.reference ?? '';
      return {
        key, name, contentType: content.contentType,
        load: async (signal) => {
          const { body } = await client.request<Record<string, unknown>>(reference, { signal });
          const forms = [...((body?.content as { attachment?: { data?: string } }[] | undefined) ?? []).map((c) => c.attachment), ...((body?.presentedForm as { data?: string }[] | undefined) ?? [])];
          const data = forms.find((a) => a?.data)?.data;
          return loadAttachment(client, { ...content, data }, signal);
        },
      };
    }
    return { key, name, contentType: content.contentType, load: (signal) => loadAttachment(client, content, signal) };
  };

  override render() {
    const item = this.current;
    const lang = this.language;
    const title = item ? itemTitle(lang, item) : '';
    return html`<dialog part="dialog" aria-labelledby="detail-title" aria-describedby="detail-kind" @close=${this.onClose}>
      ${item
        ? html`<header>
              ${kindIcon(item.kind)}
              <div class="heading">
                <h2 id="detail-title" tabindex="-1">${title}</h2>
                <p class="kind" id="detail-kind">${this.tl(`kind.${item.kind}` as TimelineMessageKey)}</p>
              </div>
              ${this.stack.length > 1 ? html`<button type="button" class="back" @click=${this.back}>${this.m('back')}</button>` : nothing}
              <button type="button" class="close" @click=${() => this.close()}>${this.m('close')}</button>
            </header>
            <div class="body" part="detail-body">${this.renderBody(item)}</div>`
        : nothing}
      <coord-media-viewer lang=${lang}></coord-media-viewer>
    </dialog>`;
  }

  private renderBody(item: TimelineItem) {
    const load = this.load;
    if (item.hidden) return html`<p class="state-hint">${this.tl(`hidden.${item.hidden.reason}` as TimelineMessageKey)}</p><p class="muted">${this.m('hidden')}</p>`;
    if (load.status === 'loading') return html`<p role="status" aria-busy="true">${this.m('loading')}</p>`;
    if (load.status === 'error') {
      const e = load.error;
      const text = e.kind === 'not-found' || e.kind === 'gone' ? this.m('gone') : e.kind === 'forbidden' ? this.m('forbidden') : this.m('failed', { cause: causeText(this.language, e) });
      const retry = !['not-found', 'gone', 'forbidden', 'auth', 'invalid-request'].includes(e.kind);
      return html`<div class="state" data-tone=${retry ? 'danger' : 'warning'} role="alert" data-kind=${e.kind}>
        <p class="state-title">${text}</p>
        ${retry ? html`<button type="button" @click=${() => void this.fetch()}>${this.m('retry')}</button>` : nothing}
      </div>`;
    }
    const ctx: DetailContext = {
      lang: this.language,
      m: this.m,
      tl: this.tl,
      item,
      items: this.items,
      pathways: this.pathways,
      lane: this.lane,
      openLinked: this.openLinked,
      preview: this.preview,
      mediaItem: this.mediaItem,
    };
    return renderDetailBody(load.detail, ctx);
  }

  private onClose = (): void => {
    if (this.dialog.open) return;
    this.controller?.abort();
    const first = this.stack[0];
    this.viewer?.close();
    if (first) this.dispatchEvent(new CustomEvent('detail-close', { detail: { id: first.id } }));
  };
}
