/**
 * `<coord-media-viewer>`: a modal viewer for attachment content, shared by the elements. Images
 * with zoom; next/previous through a set; plain text inline as text; PDFs through the browser's
 * own viewer; "contenu indisponible" for content that is gone; unsupported or corrupt files said
 * so, with a download where the bytes exist. Keyboard: ← → previous/next, + − 0 zoom, Échap closes.
 *
 * Why PDFs open in the browser's viewer from a Blob and not in an in-page `<iframe sandbox>`:
 * hosts serve us under `default-src 'self'` (no `frame-src`), which blocks a `blob:` frame, and
 * Chromium refuses to start its PDF viewer inside a sandboxed frame anyway. A `blob:` tab opened
 * with no opener gets the browser's PDF viewer, which runs in its own process and origin: the
 * document's scripts (if any) never get the host page's DOM, cookies or token.
 */
import { html, LitElement, nothing, css, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { toCoordError, type CoordError } from '@coord/api-client';
import { defineCatalog, localize, normalizeLang, type Lang } from './i18n.ts';
import { hostStyles } from './styles.ts';
import { downloadBlob, looksValid, previewKind, type PreviewKind } from './binary.ts';

export interface MediaItem {
  /** Stable key (a reference). */
  key: string;
  /** The real file name (shown as text, used for downloads). */
  name: string;
  contentType?: string;
  /** Loads the bytes; throws a CoordError (`not-found` = gone). Absent: nothing to fetch. */
  load?: (signal: AbortSignal) => Promise<Blob>;
  /** Content on another server: never fetched, shown as its domain with a link. */
  external?: { url: string; domain: string };
}

type View =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'external'; url: string; domain: string }
  | { status: 'failed'; error: CoordError }
  | { status: 'corrupt'; blob?: Blob }
  | { status: 'unsupported'; blob: Blob }
  | { status: 'ready'; kind: Exclude<PreviewKind, 'unsupported'>; blob: Blob; url: string; text?: string };

const fr = {
  dialog: 'Aperçu : {name}',
  position: '{index} sur {count}',
  previous: 'Précédent',
  next: 'Suivant',
  zoomIn: 'Agrandir',
  zoomOut: 'Réduire',
  zoomReset: 'Taille réelle',
  zoomLevel: 'Zoom {percent} %',
  download: 'Télécharger',
  close: 'Fermer',
  loading: 'Chargement du contenu…',
  unavailable: 'Contenu indisponible',
  unavailableHint: 'Le fichier de ce document n’existe plus sur le serveur ou n’a jamais été déposé.',
  failed: 'Le contenu n’a pas pu être chargé.',
  retry: 'Réessayer',
  corrupt: 'Fichier illisible',
  corruptHint: 'Le fichier semble endommagé ou ne correspond pas à son type déclaré.',
  unsupported: 'Aperçu impossible pour ce type de fichier',
  unsupportedHint: 'Téléchargez-le pour l’ouvrir avec le logiciel adapté.',
  external: 'Contenu hébergé sur un autre serveur : {domain}',
  externalHint: 'Il n’est pas chargé ici et vos identifiants ne lui sont pas transmis. Le lien s’ouvre dans un nouvel onglet.',
  externalOpen: 'Ouvrir sur {domain}',
  pdf: 'Document PDF',
  pdfHint: 'Le PDF s’ouvre dans le lecteur du navigateur, dans un nouvel onglet, isolé de cette page.',
  pdfOpen: 'Ouvrir le PDF',
  popupBlocked: 'L’onglet n’a pas pu s’ouvrir (fenêtres bloquées) : le fichier a été téléchargé.',
  image: 'Image : {name}',
} as const;

type Key = keyof typeof fr;
const en: Record<Key, string> = {
  dialog: 'Preview: {name}',
  position: '{index} of {count}',
  previous: 'Previous',
  next: 'Next',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomReset: 'Actual size',
  zoomLevel: 'Zoom {percent}%',
  download: 'Download',
  close: 'Close',
  loading: 'Loading the content…',
  unavailable: 'Content unavailable',
  unavailableHint: 'The file of this document no longer exists on the server or was never uploaded.',
  failed: 'The content could not be loaded.',
  retry: 'Retry',
  corrupt: 'Unreadable file',
  corruptHint: 'The file seems damaged or does not match its declared type.',
  unsupported: 'No preview for this type of file',
  unsupportedHint: 'Download it to open it with the right software.',
  external: 'Content hosted on another server: {domain}',
  externalHint: 'It is not loaded here and your credentials are not sent to it. The link opens in a new tab.',
  externalOpen: 'Open on {domain}',
  pdf: 'PDF document',
  pdfHint: 'The PDF opens in the browser’s viewer, in a new tab, isolated from this page.',
  pdfOpen: 'Open the PDF',
  popupBlocked: 'The tab could not open (pop-ups blocked): the file was downloaded.',
  image: 'Image: {name}',
};
// Small enough to keep both languages in this file (no extra request for English).
const messages = defineCatalog<Key>(fr, { en: async () => ({ default: en }) });

const ZOOMS = [0.5, 1, 1.5, 2, 3, 4];
const MAX_TEXT = 200_000;

/**
 * @summary A modal viewer for documents and photos (images, PDF, text), keyboard-driven.
 * @csspart dialog - The `<dialog>`.
 * @csspart toolbar - The bar of actions.
 * @csspart content - The area showing the file.
 * @event close - The viewer closed.
 */
export class CoordMediaViewer extends LitElement {
  static override styles = [
    hostStyles,
    css`
      dialog { width: min(96vw, 60rem); max-height: 92vh; padding: 0; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); color: inherit; }
      dialog::backdrop { background: rgb(0 0 0 / 0.6); }
      .bar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; padding: 0.5rem var(--_space); border-bottom: 1px solid var(--_border); }
      .name { flex: 1 1 12rem; margin: 0; font-weight: 600; overflow-wrap: anywhere; }
      .pos { color: var(--_muted); }
      .content { padding: var(--_space); overflow: auto; max-height: calc(92vh - 4rem); min-height: 12rem; }
      .content img { display: block; margin: auto; max-width: 100%; }
      .content[data-zoom] img { max-width: none; }
      .content[data-zoom='0.5'] img { width: 50%; }
      .content[data-zoom='1.5'] img { width: 150%; }
      .content[data-zoom='2'] img { width: 200%; }
      .content[data-zoom='3'] img { width: 300%; }
      .content[data-zoom='4'] img { width: 400%; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font-family: ui-monospace, monospace; }
      a { color: var(--_accent); }
    `,
  ];

  @property({ attribute: false }) items: MediaItem[] = [];
  @property() override lang = '';
  @state() private index = 0;
  @state() private view: View = { status: 'loading' };
  @state() private zoom = 1;
  @state() private notice = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  private controller?: AbortController;
  private objectUrl?: string;

  private get language(): Lang {
    return normalizeLang(this.lang) ?? normalizeLang(this.closest('[lang]')?.getAttribute('lang')) ?? 'fr';
  }

  private m(key: Key, params?: Record<string, string | number>): string {
    return localize(messages, this.language, key, params);
  }

  get current(): MediaItem | undefined {
    return this.items[this.index];
  }

  get isOpen(): boolean {
    return Boolean(this.dialog?.open);
  }

  /** Opens the viewer on `index` of `items`. */
  async open(index = 0): Promise<void> {
    this.index = Math.max(0, Math.min(index, this.items.length - 1));
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    void this.show();
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('items') && this.isOpen && this.index >= this.items.length) this.close();
  }

  private release(): void {
    this.controller?.abort();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = undefined;
  }

  private async show(): Promise<void> {
    this.release();
    this.zoom = 1;
    this.notice = '';
    const item = this.current;
    if (!item) return;
    if (item.external) {
      this.view = { status: 'external', ...item.external };
      return;
    }
    if (!item.load) {
      this.view = { status: 'unavailable' };
      return;
    }
    const controller = (this.controller = new AbortController());
    this.view = { status: 'loading' };
    let blob: Blob;
    try {
      blob = await item.load(controller.signal);
    } catch (err) {
      if (controller.signal.aborted) return;
      const error = toCoordError(err);
      this.view = error.kind === 'not-found' ? { status: 'unavailable' } : { status: 'failed', error };
      return;
    }
    if (controller.signal.aborted) return;
    const kind = previewKind(item.contentType ?? blob.type);
    if (kind === 'unsupported') {
      this.view = { status: 'unsupported', blob };
      return;
    }
    if (!(await looksValid(blob, kind))) {
      this.view = { status: 'corrupt', blob: blob.size ? blob : undefined };
      return;
    }
    const text = kind === 'text' ? (await blob.text()).slice(0, MAX_TEXT) : undefined;
    if (controller.signal.aborted) return;
    this.objectUrl = URL.createObjectURL(blob);
    this.view = { status: 'ready', kind, blob, url: this.objectUrl, text };
  }

  private go(delta: number): void {
    const next = this.index + delta;
    if (next < 0 || next >= this.items.length) return;
    this.index = next;
    void this.show();
  }

  private setZoom(direction: -1 | 0 | 1): void {
    const i = ZOOMS.indexOf(this.zoom);
    this.zoom = direction === 0 ? 1 : ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i + direction))]!;
  }

  private onKey = (e: KeyboardEvent): void => {
    if ((e.target as HTMLElement).closest?.('a')) return;
    if (e.key === 'ArrowRight') this.go(1);
    else if (e.key === 'ArrowLeft') this.go(-1);
    else if (this.view.status === 'ready' && this.view.kind === 'image' && (e.key === '+' || e.key === '=')) this.setZoom(1);
    else if (this.view.status === 'ready' && this.view.kind === 'image' && e.key === '-') this.setZoom(-1);
    else if (this.view.status === 'ready' && this.view.kind === 'image' && e.key === '0') this.setZoom(0);
    else return;
    e.preventDefault();
  };

  private download(): void {
    const v = this.view;
    const blob = v.status === 'ready' || v.status === 'unsupported' ? v.blob : v.status === 'corrupt' ? v.blob : undefined;
    if (blob && this.current) downloadBlob(blob, this.current.name);
  }

  private openPdf(): void {
    if (this.view.status !== 'ready') return;
    const opened = window.open(this.view.url, '_blank');
    if (opened) {
      opened.opener = null;
      return;
    }
    this.notice = this.m('popupBlocked');
    this.download();
  }

  override render() {
    const item = this.current;
    const v = this.view;
    const image = v.status === 'ready' && v.kind === 'image';
    const canDownload = v.status === 'ready' || v.status === 'unsupported' || (v.status === 'corrupt' && v.blob !== undefined);
    return html`<dialog part="dialog" aria-label=${item ? this.m('dialog', { name: item.name }) : ''} @keydown=${this.onKey} @close=${this.onClose}>
      <div class="bar" part="toolbar">
        <p class="name">${item?.name ?? ''} ${this.items.length > 1 ? html`<span class="pos">· ${this.m('position', { index: this.index + 1, count: this.items.length })}</span>` : nothing}</p>
        ${this.items.length > 1
          ? html`<button type="button" ?disabled=${this.index === 0} @click=${() => this.go(-1)}>${this.m('previous')}</button>
              <button type="button" ?disabled=${this.index >= this.items.length - 1} @click=${() => this.go(1)}>${this.m('next')}</button>`
          : nothing}
        ${image
          ? html`<button type="button" aria-label=${this.m('zoomOut')} ?disabled=${this.zoom === ZOOMS[0]} @click=${() => this.setZoom(-1)}>−</button>
              <button type="button" aria-label=${`${Math.round(this.zoom * 100)} % — ${this.m('zoomReset')}`} @click=${() => this.setZoom(0)}>${Math.round(this.zoom * 100)} %</button>
              <button type="button" aria-label=${this.m('zoomIn')} ?disabled=${this.zoom === ZOOMS[ZOOMS.length - 1]} @click=${() => this.setZoom(1)}>+</button>`
          : nothing}
        ${canDownload ? html`<button type="button" class="download" @click=${() => this.download()}>${this.m('download')}</button>` : nothing}
        <button type="button" class="close" @click=${() => this.close()}>${this.m('close')}</button>
      </div>
      <div class="content" part="content" tabindex="0" data-state=${v.status} data-zoom=${image && this.zoom !== 1 ? String(this.zoom) : nothing}>
        ${this.renderContent(v, item)}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.notice || (image ? this.m('zoomLevel', { percent: Math.round(this.zoom * 100) }) : '')}</p>
    </dialog>`;
  }

  private renderContent(v: View, item: MediaItem | undefined) {
    switch (v.status) {
      case 'loading':
        return html`<p role="status">${this.m('loading')}</p>`;
      case 'unavailable':
        return html`<div class="state" data-tone="warning" role="status"><p class="state-title">${this.m('unavailable')}</p><p class="state-hint">${this.m('unavailableHint')}</p></div>`;
      case 'failed':
        return html`<div class="state" data-tone="danger" role="alert"><p class="state-title">${this.m('failed')}</p>
          <button type="button" @click=${() => void this.show()}>${this.m('retry')}</button></div>`;
      case 'external':
        return html`<div class="state" role="status"><p class="state-title">${this.m('external', { domain: v.domain })}</p><p class="state-hint">${this.m('externalHint')}</p>
          <a href=${v.url} target="_blank" rel="noopener noreferrer">${this.m('externalOpen', { domain: v.domain })}</a></div>`;
      case 'corrupt':
        return html`<div class="state" data-tone="warning" role="status"><p class="state-title">${this.m('corrupt')}</p><p class="state-hint">${this.m('corruptHint')}</p></div>`;
      case 'unsupported':
        return html`<div class="state" role="status"><p class="state-title">${this.m('unsupported')}</p><p class="state-hint">${this.m('unsupportedHint')}</p></div>`;
      case 'ready':
        if (v.kind === 'image') return html`<img src=${v.url} alt=${this.m('image', { name: item?.name ?? '' })} @error=${this.onImageError} />`;
        if (v.kind === 'text') return html`<pre tabindex="0">${v.text}</pre>`;
        return html`<div class="state" role="status"><p class="state-title">${this.m('pdf')}</p><p class="state-hint">${this.m('pdfHint')}</p>
          <button type="button" class="open-pdf" @click=${() => this.openPdf()}>${this.m('pdfOpen')}</button></div>`;
    }
  }

  private onImageError = (): void => {
    if (this.view.status === 'ready') this.view = { status: 'corrupt', blob: this.view.blob };
  };

  private onClose = (): void => {
    // `close` is queued: the viewer may have been opened again in between.
    if (this.dialog.open) return;
    this.release();
    this.view = { status: 'loading' };
    this.dispatchEvent(new Event('close', { bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'coord-media-viewer': CoordMediaViewer;
  }
}

