import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { toCoordError, type CoordError, type ScopedClient, type Viewer } from '@coord/api-client';
import type { CoordElement } from './coord-element.ts';
import { renderErrorState } from './states.ts';

/** What a patient task's loader gets: the scoped client, the ready patient, the viewer, a signal. */
export interface PatientTaskContext {
  client: ScopedClient;
  patient: string;
  viewer: Viewer;
  signal: AbortSignal;
}

export interface PatientTaskOptions<T, A extends unknown[]> {
  /** `source` of the `coord-error` events this task fires (e.g. `documents`). */
  source: string;
  /** Extra inputs: the task runs again when one changes (page size, filters…). */
  args?: () => Readonly<A>;
  /** Loads the element's data. Pass `ctx.signal` down: a superseded load is aborted. */
  load: (ctx: PatientTaskContext, ...args: A) => Promise<T>;
  /** Drops what the element shows, before anything of a new patient or viewer is read. */
  reset?: () => void;
  /** An empty result (rendered by `render`'s `empty`). */
  isEmpty?: (value: T) => boolean;
}

export type PatientTaskState<T> =
  | { status: 'no-patient' }
  | { status: 'patient-loading' }
  | { status: 'patient-error'; error: CoordError }
  | { status: 'loading' }
  | { status: 'error'; error: CoordError }
  | { status: 'empty'; value: T }
  | { status: 'ready'; value: T };

export interface PatientTaskRenderers<T> {
  ready: (value: T) => unknown;
  empty?: (value: T) => unknown;
  loading?: () => unknown;
}

/**
 * The one patient gate of every element: it waits for the session's patient, runs the element's
 * loader with the scoped client, aborts it and clears the element on a patient or viewer switch
 * (nothing of one patient or viewer ever shows under another), and gives one state to render —
 * no patient, patient loading or failed, loading, error (with retry or sign-in), empty, ready —
 * each localised, with `coord-error` fired once per failure. Built on `@lit/task`: the loaded
 * value is the task's value, not a flag beside it.
 */
export class PatientTask<T, A extends unknown[] = []> implements ReactiveController {
  private readonly task: Task<readonly unknown[], T>;
  private reloads = 0;
  private lastKey?: string;
  private reported?: unknown;

  constructor(
    private readonly host: CoordElement,
    private readonly options: PatientTaskOptions<T, A>,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      args: () => [this.client, this.patient, this.viewerKey, this.reloads, ...(options.args?.() ?? [])] as const,
      task: async (args, { signal }) => {
        const [client, patient] = args as unknown as [ScopedClient | undefined, string | undefined];
        const extra = args.slice(4) as unknown as A;
        if (!client || !patient) return undefined as T;
        try {
          return await options.load({ client, patient, viewer: host.session?.viewer ?? {}, signal }, ...extra);
        } catch (err) {
          const error = toCoordError(err);
          if (!signal.aborted && error.kind !== 'aborted' && error !== this.reported) {
            this.reported = error;
            host.emitError({ source: options.source, kind: error.kind, status: error.status, message: error.message });
          }
          throw error;
        }
      },
    });
  }

  hostUpdate(): void {
    // An open emergency access shows its banner in every element of the session.
    this.host.session?.emergency?.decorate(this.host);
    // A new patient or viewer: clear before the next render, so no frame mixes two of them.
    const key = `${this.patient ?? ''}|${this.viewerKey}|${this.client?.patient ?? ''}`;
    if (key !== this.lastKey) {
      if (this.lastKey !== undefined) this.options.reset?.();
      this.lastKey = key;
    }
  }

  private get client(): ScopedClient | undefined {
    return this.host.session?.client;
  }

  private get patient(): string | undefined {
    const p = this.host.session?.patient;
    return p?.status === 'ready' ? p.reference : undefined;
  }

  private get viewerKey(): string {
    const v = this.host.session?.viewer;
    return `${v?.user ?? ''}|${v?.profession ?? ''}`;
  }

  /** The loaded value, when ready. */
  get value(): T | undefined {
    return this.task.status === TaskStatus.COMPLETE ? this.task.value : undefined;
  }

  get state(): PatientTaskState<T> {
    const p = this.host.session?.patient ?? { status: 'idle' as const };
    if (p.status === 'idle') return { status: 'no-patient' };
    if (p.status === 'loading') return { status: 'patient-loading' };
    if (p.status === 'error') return { status: 'patient-error', error: p.error };
    if (this.task.status === TaskStatus.ERROR) return { status: 'error', error: toCoordError(this.task.error) };
    if (this.task.status !== TaskStatus.COMPLETE) return { status: 'loading' };
    const value = this.task.value as T;
    return this.options.isEmpty?.(value) ? { status: 'empty', value } : { status: 'ready', value };
  }

  /** Runs the loader again (the "Retry" of a failed load, or after a write). */
  reload(): void {
    this.reloads++;
    this.host.requestUpdate();
  }

  /**
   * Renders the state. A patient that cannot be resolved is explained once, by the provider's
   * banner or by a standalone element itself: inside a provider, an element shows a short
   * pointer to that message instead of a second, generic error.
   */
  render(renderers: PatientTaskRenderers<T>): unknown {
    const lang = this.host.effectiveLang;
    const t = (key: Parameters<CoordElement['msg']>[0], params?: Record<string, string | number>) => this.host.msg(key, params);
    const state = this.state;
    switch (state.status) {
      case 'no-patient':
        return html`<div class="state" part="state" role="status" data-kind="no-patient">
          <p class="state-title">${t('patient.none')}</p>
          <p class="state-hint">${t('patient.noneHint')}</p>
        </div>`;
      case 'patient-loading':
      case 'loading':
        return renderers.loading?.() ?? html`<div class="state loading" part="state loading" role="status" aria-busy="true">
          <span class="visually-hidden">${t('state.loading')}</span>
          <span class="skeleton" aria-hidden="true"></span>
          <span class="skeleton" aria-hidden="true"></span>
        </div>`;
      case 'patient-error':
        return this.renderPatientError(state.error);
      case 'error':
        return renderErrorState(lang, state.error, {
          onRetry: () => this.reload(),
          onSignIn: () => this.host.requestSignIn(),
        });
      case 'empty':
        return renderers.empty ? renderers.empty(state.value) : renderers.ready(state.value);
      case 'ready':
        return renderers.ready(state.value);
    }
  }

  private renderPatientError(error: CoordError): TemplateResult {
    const lang = this.host.effectiveLang;
    const session = this.host.session;
    if (!this.host.isStandalone && (error.kind === 'not-found' || error.kind === 'ambiguous')) {
      return html`<div class="state" data-tone="warning" part="state" role="status" data-kind="patient-${error.kind}">
        <p class="state-hint">${this.host.msg('patient.seeBanner')}</p>
      </div>`;
    }
    if (error.kind === 'not-found') {
      return html`<div class="state" data-tone="warning" part="state" role="alert" data-kind="not-found">
        <p class="state-title">${this.host.msg('patient.notFound')}</p>
        <p class="state-hint">${this.host.msg('patient.notFoundHint')}</p>
        <button type="button" part="action" @click=${() => session?.reload()}>${this.host.msg('state.retry')}</button>
      </div>`;
    }
    if (error.kind === 'ambiguous') {
      return html`<div class="state" data-tone="warning" part="state" role="alert" data-kind="ambiguous">
        <p class="state-title">${this.host.msg('patient.ambiguous')}</p>
        <p class="state-hint">${this.host.msg('patient.ambiguousHint', { count: error.matches ?? 2 })}</p>
      </div>`;
    }
    return renderErrorState(lang, error, { onRetry: () => session?.reload(), onSignIn: () => this.host.requestSignIn() }) ?? nothing;
  }
}
