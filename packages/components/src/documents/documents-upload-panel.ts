/**
 * The upload side of `<coord-documents>`: the drop zone (drop, picker, camera, paste), the
 * checks and their messages, the short metadata form, and one progress row per file with cancel
 * and retry. Owned by the element; renders into it.
 */
import { html, nothing } from 'lit';
import { toCoordError, type DocumentView } from '@coord/api-client';
import type { DocumentReference } from '@medplum/fhirtypes';
import { formatBytes } from '../base/binary.ts';
import type { DocumentsMessageKey } from './documents.messages.ts';
import type { CoordDocuments, DocumentsStore } from './documents.component.ts';
import {
  checkFiles,
  MAX_TITLE,
  newJob,
  runUpload,
  titleFromName,
  UPLOAD_TYPES,
  type Confidentiality,
  type FileProblem,
  type UploadJob,
} from './documents-upload.ts';

interface Staged {
  file: File;
  title: string;
}

export class DocumentsUpload {
  jobs: UploadJob[] = [];
  private staged: Staged[] = [];
  private problems: FileProblem[] = [];
  private type = '';
  private pathway = '';
  private confidentiality: Confidentiality = 'N';
  private replaces?: { doc: DocumentView; raw: DocumentReference };
  private formError = '';
  private dragging = false;

  constructor(private readonly host: CoordDocuments) {}

  private get lang() {
    return this.host.effectiveLang;
  }

  private tl(key: DocumentsMessageKey, params?: Record<string, string | number>): string {
    return this.host.tl(key, params);
  }

  private get canUpload(): boolean {
    return !this.host.readonly && Boolean(this.host.session?.viewer.user);
  }

  typeLabel(code: string | undefined): string | undefined {
    const t = UPLOAD_TYPES.find((x) => x.code === code);
    return t ? t[this.lang] : undefined;
  }

  reset(): void {
    for (const job of this.jobs) job.controller?.abort();
    this.jobs = [];
    this.staged = [];
    this.problems = [];
    this.replaces = undefined;
    this.formError = '';
  }

  /** Files chosen, dropped or pasted: checked, then staged for the form. */
  add(files: File[]): void {
    if (!this.canUpload || files.length === 0) return;
    const { ok, problems } = checkFiles(files, this.host.accept, this.host.maxFileSize);
    this.problems = problems;
    // A new version takes one file.
    const take = this.replaces ? ok.slice(0, 1) : ok;
    this.staged = this.replaces ? take.map((file) => ({ file, title: this.staged[0]?.title ?? file.name })) : [...this.staged, ...take.map((file) => ({ file, title: titleFromName(file.name) }))];
    if (this.replaces && this.staged[0]) this.staged[0].title = this.replaces.doc.title ?? titleFromName(this.staged[0].file.name);
    this.formError = '';
    this.host.requestUpdate();
    if (take.length) void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLInputElement>('.upload-form input[name="title"]')?.focus());
  }

  /** "Replace with a new version": the form, bound to the document's current version (for If-Match). */
  async startReplace(doc: DocumentView): Promise<void> {
    const client = this.host.session?.client;
    if (!client) return;
    try {
      const { body } = await client.request<DocumentReference>(doc.reference, { cache: false });
      if (body?.resourceType !== 'DocumentReference') return;
      this.replaces = { doc, raw: body };
      this.staged = [];
      this.type = doc.type?.code && UPLOAD_TYPES.some((t) => t.code === doc.type?.code) ? doc.type.code : '';
      this.pathway = doc.pathways[0] ?? '';
      this.confidentiality = doc.security.confidentiality === 'very-restricted' ? 'V' : doc.security.confidentiality === 'restricted' ? 'R' : 'N';
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLInputElement>('.upload input[type="file"]:not([capture])')?.focus();
    } catch (err) {
      this.host.announce(this.tl('maskFailed', { detail: toCoordError(err).message }));
    }
  }

  private cancelForm(): void {
    this.staged = [];
    this.replaces = undefined;
    this.formError = '';
    this.host.requestUpdate();
  }

  private submit(e: Event): void {
    e.preventDefault();
    const session = this.host.session;
    const client = session?.client;
    const patient = client?.patient;
    const author = session?.viewer.user;
    if (!client || !patient || !author) return;
    const titles = this.staged.map((s) => s.title.trim());
    if (titles.some((t) => !t)) return this.fail(this.tl('form.titleRequired'));
    if (titles.some((t) => t.length > MAX_TITLE)) return this.fail(this.tl('form.titleTooLong', { max: MAX_TITLE }));
    const type = this.type || UPLOAD_TYPES[0].code;
    for (const [i, s] of this.staged.entries()) {
      const job = newJob({
        file: s.file,
        title: titles[i]!,
        type,
        typeLabel: this.typeLabel(type) ?? type,
        pathway: this.pathway || undefined,
        confidentiality: this.confidentiality,
        replaces: this.replaces?.raw,
      });
      this.jobs = [...this.jobs, job];
      void this.run(job, { client, patient, author });
    }
    this.staged = [];
    this.replaces = undefined;
    this.host.changed();
  }

  private fail(message: string): void {
    this.formError = message;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLInputElement>('.upload-form input[name="title"]')?.focus());
  }

  private targets = new WeakMap<UploadJob, Parameters<typeof runUpload>[1]>();

  private async run(job: UploadJob, target: Parameters<typeof runUpload>[1]): Promise<void> {
    this.targets.set(job, target);
    await runUpload(job, target, () => this.host.changed());
    if (target.client !== this.host.session?.client) return;
    if (job.status === 'done' && job.saved) {
      this.host.confirmDocument(job.saved, job.replaces?.id ? `DocumentReference/${job.replaces.id}` : undefined);
      this.host.announce(this.tl('upload.announceDone', { name: job.title }));
      // Kept only when something is left to say (the old version could not be marked replaced).
      if (!job.supersedeConflict) this.jobs = this.jobs.filter((j) => j !== job);
    } else if (job.status === 'failed') {
      this.host.announce(this.tl('upload.announceFailed', { name: job.title }));
      const e = job.error;
      if (e) this.host.emitError({ source: 'documents', kind: e.kind, status: e.status, message: e.message });
    }
    this.host.changed();
  }

  private retry(job: UploadJob): void {
    const target = this.targets.get(job);
    if (target && target.client === this.host.session?.client) void this.run(job, target);
  }

  private dismiss(job: UploadJob): void {
    this.jobs = this.jobs.filter((j) => j !== job);
    this.host.changed();
  }

  // ------------------------------------------------------------------ events

  onDragOver = (e: DragEvent): void => {
    if (!this.canUpload || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    if (!this.dragging) {
      this.dragging = true;
      this.host.requestUpdate();
    }
  };

  onDragLeave = (e: DragEvent): void => {
    if (e.relatedTarget && this.host.renderRoot.contains(e.relatedTarget as Node)) return;
    this.dragging = false;
    this.host.requestUpdate();
  };

  onDrop = (e: DragEvent): void => {
    if (!this.canUpload) return;
    e.preventDefault();
    this.dragging = false;
    this.add([...(e.dataTransfer?.files ?? [])]);
  };

  onPaste = (e: ClipboardEvent): void => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (!this.canUpload || files.length === 0) return;
    e.preventDefault();
    this.add(files);
  };

  private onPick = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    this.add([...(input.files ?? [])]);
    input.value = '';
  };

  // ------------------------------------------------------------------ render

  render(store: DocumentsStore) {
    if (!this.canUpload) return this.renderJobs();
    const types = this.host.accept.split(',').map((a) => a.trim().split('/').pop()!.toUpperCase().replace('*', '').replace('PLAIN', 'TXT')).filter(Boolean).join(', ');
    const max = formatBytes(this.lang, this.host.maxFileSize);
    return html`<div class="upload${this.dragging ? ' dragging' : ''}" part="upload">
        <p class="drop">${this.dragging ? this.tl('dropActive') : this.tl('dropHere')}
          <label class="pick">${this.tl('pick')}<input type="file" class="visually-hidden" multiple accept=${this.host.accept} @change=${this.onPick} /></label>
          ${this.host.accept.includes('image') ? html`<label class="pick camera">${this.tl('camera')}<input type="file" class="visually-hidden" accept="image/*" capture="environment" @change=${this.onPick} /></label>` : nothing}
        </p>
        <p class="limits">${this.tl('limits', { types, size: max })}</p>
        ${this.problems.length
          ? html`<div role="alert"><ul class="problems">${this.problems.map((p) => html`<li>${p.kind === 'size'
              ? this.tl('problem.size', { name: p.name, max, size: formatBytes(this.lang, p.size) })
              : this.tl(`problem.${p.kind}`, { name: p.name, types })}</li>`)}</ul></div>`
          : nothing}
        ${this.staged.length || this.replaces ? this.renderForm(store) : nothing}
      </div>
      ${this.renderJobs()}`;
  }

  private renderForm(store: DocumentsStore) {
    const pathways = [...store.pathways.values()];
    const heading = this.replaces ? this.tl('formReplace', { title: this.replaces.doc.title ?? this.tl('untitled') }) : this.tl('form');
    return html`<form class="upload-form" aria-label=${heading} @submit=${(e: Event) => this.submit(e)}>
      <p class="form-title">${heading}</p>
      ${this.staged.map((s, i) => html`<label class="f-title">${this.tl('form.title')} <span class="file-name">(${s.file.name} · ${formatBytes(this.lang, s.file.size)})</span>
        <input name="title" .value=${s.title} maxlength=${MAX_TITLE} required aria-invalid=${this.formError ? 'true' : 'false'}
          @input=${(e: Event) => (this.staged[i]!.title = (e.target as HTMLInputElement).value)} /></label>`)}
      <label>${this.tl('form.type')}
        <select name="type" @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value)}>
          ${UPLOAD_TYPES.map((t) => html`<option value=${t.code} ?selected=${t.code === (this.type || UPLOAD_TYPES[0].code)}>${t[this.lang]}</option>`)}
        </select></label>
      <label>${this.tl('form.pathway')}
        <select name="pathway" @change=${(e: Event) => (this.pathway = (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.pathway}>${this.tl('noPathway')}</option>
          ${pathways.map((p) => html`<option value=${p.reference} ?selected=${p.reference === this.pathway}>${p.label}</option>`)}
        </select></label>
      <label>${this.tl('form.confidentiality')}
        <select name="confidentiality" @change=${(e: Event) => (this.confidentiality = (e.target as HTMLSelectElement).value as Confidentiality)}>
          ${(['N', 'R', 'V'] as const).map((c) => html`<option value=${c} ?selected=${c === this.confidentiality}>${this.tl(c === 'N' ? 'conf.normal' : c === 'R' ? 'conf.restricted' : 'conf.very-restricted')}</option>`)}
        </select></label>
      ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" ?disabled=${this.staged.length === 0}>${this.tl('form.send')}</button>
        <button type="button" @click=${() => this.cancelForm()}>${this.tl('form.cancel')}</button>
      </div>
    </form>`;
  }

  private renderJobs() {
    if (this.jobs.length === 0) return nothing;
    return html`<ul class="jobs" aria-label=${this.tl('upload.pending')}>
      ${this.jobs.map((job) => {
        const percent = Math.round((job.loaded / job.total) * 100);
        const status =
          job.status === 'sending' ? this.tl('upload.sending', { percent })
          : job.status === 'saving' ? this.tl('upload.saving')
          : job.status === 'done' ? this.tl('upload.done')
          : job.status === 'cancelled' ? this.tl('upload.cancelled')
          : this.tl('upload.failed', { detail: job.error?.message ?? '' });
        return html`<li class="job s-${job.status}" data-job=${job.id}>
          <span class="job-title">${job.title}</span> <span class="file-name">${job.file.name}</span>
          <progress part="progress" max=${job.total} .value=${job.loaded} aria-label=${this.tl('upload.progress', { name: job.title })}></progress>
          <span class="job-status">${status}</span>
          ${job.supersedeConflict ? html`<span class="job-warning" role="status">${this.tl('upload.supersedeConflict')}</span>` : nothing}
          ${job.status === 'sending' ? html`<button type="button" class="cancel" @click=${() => job.controller?.abort()}>${this.tl('upload.cancel')}</button>` : nothing}
          ${job.status === 'failed' || job.status === 'cancelled'
            ? html`<button type="button" class="retry" @click=${() => this.retry(job)}>${this.tl('upload.retry')}</button>
                <button type="button" class="dismiss" @click=${() => this.dismiss(job)}>${this.tl('upload.dismiss')}</button>`
            : nothing}
          ${job.status === 'done' ? html`<button type="button" class="dismiss" @click=${() => this.dismiss(job)}>${this.tl('upload.dismiss')}</button>` : nothing}
        </li>`;
      })}
    </ul>`;
  }
}
