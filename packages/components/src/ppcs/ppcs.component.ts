import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  RecordWriter,
  clock,
  foundingPathway,
  isViewer,
  readPpcs,
  toCoordError,
  type CoordError,
  type LiveUpdate,
  type PpcsActionView,
  type PpcsReadResult,
  type PpcsView,
  type ResourceLookup,
  type ScopedClient,
  type WriteResult,
} from '@coord/api-client';
import type { EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { CoordElement } from '../base/coord-element.ts';
import { localize, type MessageKey } from '../base/i18n.ts';
import { LiveController } from '../base/live-controller.ts';
import { PatientTask, type PatientTaskContext } from '../base/patient-task.ts';
import { hostStyles } from '../base/styles.ts';
import { CoordActionUpdatedEvent } from '../events/coord-action-updated.ts';
import { CoordSelectEvent } from '../events/coord-select.ts';
import { buildChange, rawOf, serverSide, type ActionChange, type PendingConflict } from './ppcs-edit.ts';
import { renderActions, renderAddForm, type ActionsContext, type GroupBy } from './ppcs-actions.ts';
import { renderHeader, renderIssues, renderNeedsGoals } from './ppcs-plan.ts';
import { actionReference, canEdit, isValidTransition, needsInput, organisationOf, permissionsOf, sectorOf, type Permissions, type Sector } from './ppcs-rules.ts';
import { ppcsMessages, type PpcsMessageKey } from './ppcs.messages.ts';
import { ppcsStyles } from './ppcs.styles.ts';
import type { CareMemberView } from '@coord/api-client';

export interface CircleMember {
  member: CareMemberView;
  sector: Sector;
  organisation?: string;
}

/** What the element shows: the plan as read, plus what the view needs from the resolver. */
export interface PpcsLoaded {
  result: PpcsReadResult;
  circle: CircleMember[];
  permissions: Permissions;
  lookup: ResourceLookup;
}

const WRITE_ERRORS: Partial<Record<CoordError['kind'], MessageKey>> = {
  forbidden: 'error.forbidden',
  network: 'error.network',
  timeout: 'error.timeout',
  server: 'error.server',
  auth: 'error.auth',
  'not-found': 'error.notFound',
  gone: 'error.gone',
  'rate-limited': 'error.rateLimited',
  'invalid-request': 'error.invalidRequest',
};

/**
 * The patient's PPCS (Plan Personnalisé de Coordination en Santé): who leads it and who is in
 * the care circle, the needs and goals (unmet ones marked), and every action — inline in the
 * plan or a Task — by status, actor or goal, with "my actions". Actors move their own actions
 * through the workflow and comment on them; the lead coordinator edits all; everyone else reads.
 * Every change is a conditional write: a change made meanwhile by someone else is shown beside
 * the user's, to re-apply or drop. Changes made elsewhere arrive live. Prints as a dated plan.
 *
 * @summary PPCS: header, care circle, needs, goals and actions, edited by each actor.
 * @csspart ppcs - The whole plan.
 * @csspart header - Title, lead coordinator, period, last update, plan switch.
 * @csspart circle - The care circle.
 * @csspart needs - The needs list.
 * @csspart goals - The goals list.
 * @csspart actions - The actions section.
 * @csspart toolbar - Grouping and "my actions".
 * @csspart group - A group of actions.
 * @csspart action - One action.
 * @csspart status-chip - An action's status.
 * @csspart overdue - The overdue flag.
 * @csspart conflict - A conflict panel (both versions, re-apply / drop).
 * @csspart issues - Items of the record that were flagged or ignored.
 * @csspart state - A loading, empty or error state.
 * @cssproperty --coord-ppcs-overdue - Colour of overdue flags (default: the danger colour).
 * @event coord-select - The user opened an action: `{reference, kind: 'ppcs-action', activityIndex?}`.
 * @event coord-action-updated - A change was confirmed by the server: `{reference, activityIndex?, status, change}`.
 * @event coord-error - A load failed (`source: 'ppcs'`).
 */
export class CoordPpcs extends CoordElement {
  static override styles = [hostStyles, ppcsStyles];

  /** Seconds between checks for changes made elsewhere (0: off). */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 30;
  /** Grouping of the actions: `status` (default), `actor` or `goal`. */
  @property({ attribute: 'group-by', reflect: true }) groupBy: GroupBy = 'status';
  /** Show only the viewer's actions. */
  @property({ type: Boolean, attribute: 'mine-only', reflect: true }) mineOnly = false;

  /** The plan chosen with the switch (`CarePlan/…`), when several are active. */
  @state() private plan?: string;
  /** A fresher read than the task's (after a write or a live change), same patient and viewer. */
  @state() private latest?: PpcsLoaded;
  @state() private open = new Set<string>();
  @state() private busy = new Set<string>();
  @state() private errors = new Map<string, string>();
  @state() private conflicts = new Map<string, PendingConflict>();
  /** The move waiting for its input (a date, a reason), per action. */
  @state() private pendingMove = new Map<string, ActionChange & { kind: 'status' }>();
  @state() private adding = false;
  @state() private addError?: string;
  @state() private announcement = '';
  /** Versions this element wrote, so its own changes coming back live are not announced as others'. */
  private readonly own = new Set<string>();
  private refreshing?: Promise<void>;

  private readonly data = new PatientTask<PpcsLoaded, [string | undefined]>(this, {
    source: 'ppcs',
    args: () => [this.plan],
    load: (ctx, plan) => this.read(ctx, plan),
    reset: () => this.clear(),
  });

  private readonly live = new LiveController(this, {
    types: () => ['Task', 'CarePlan'],
    seconds: () => this.pollInterval,
    enabled: () => this.data.value !== undefined,
    onUpdate: (update, client) => this.onLive(update, client),
  });

  private pt(key: PpcsMessageKey, params?: Record<string, string | number>): string {
    return localize(ppcsMessages, this.effectiveLang, key, params);
  }

  private clear(): void {
    this.plan = undefined;
    this.latest = undefined;
    this.open = new Set();
    this.busy = new Set();
    this.errors = new Map();
    this.conflicts = new Map();
    this.pendingMove = new Map();
    this.adding = false;
    this.announcement = '';
  }

  private async read(ctx: Pick<PatientTaskContext, 'client' | 'patient' | 'viewer'> & { signal?: AbortSignal }, plan: string | undefined): Promise<PpcsLoaded> {
    const viewer = ctx.viewer.user;
    const result = await readPpcs(ctx.client, ctx.patient, { signal: ctx.signal, viewer, plan, now: clock.now() });
    this.latest = undefined;
    const lookup = ctx.client.references.lookup;
    const ppcs = result.ppcs;
    const circle = (ppcs?.actors ?? []).map((member) => ({ member, sector: sectorOf(member), organisation: organisationOf(member, lookup) }));
    const permissions = ppcs ? permissionsOf(ppcs, viewer, (refs) => isViewer(viewer, refs, lookup)) : { referent: false, canAdd: false };
    return { result, circle, permissions, lookup };
  }

  /** Reads again without leaving the plan on screen (after a write, or a change made elsewhere). */
  private refresh(): Promise<void> {
    const client = this.session?.client;
    const patient = client?.patient;
    if (!client || !patient) return Promise.resolve();
    const plan = this.plan;
    const run = this.read({ client, patient, viewer: this.session?.viewer ?? {}, signal: client.signal }, plan).then(
      (loaded) => {
        if (client === this.session?.client && plan === this.plan) this.latest = loaded;
      },
      () => undefined, // a failed refresh keeps what is shown; the next one tries again
    );
    this.refreshing = run;
    return run;
  }

  private onLive(update: LiveUpdate, client: ScopedClient): void {
    if (client !== this.session?.client) return;
    const changed = update.changes.flatMap((c) => c.resources);
    const others = changed.some((r) => !this.own.has(versionKey(r)));
    void this.refresh().then(() => {
      if (others) this.announce(this.pt('updatedElsewhere'));
    });
  }

  /** Checks the server for changes now (otherwise every `poll-interval` seconds). */
  checkForChanges(): Promise<void> {
    return this.live.refresh();
  }

  /** Resolves once the last refresh has landed (tests and hosts that chain on a change). */
  get settled(): Promise<void> {
    return Promise.resolve(this.refreshing).then(() => this.updateComplete).then(() => undefined);
  }

  private get shown(): PpcsLoaded | undefined {
    return this.latest ?? this.data.value;
  }

  override render(): unknown {
    return this.data.render({
      ready: (value) => this.renderLoaded(this.latest ?? value),
      loading: () => html`<div class="state loading" part="state loading" role="status" aria-busy="true">
        <span class="visually-hidden">${this.pt('loading')}</span>
        <span class="skeleton" aria-hidden="true"></span>
        <span class="skeleton" aria-hidden="true"></span>
      </div>`,
    });
  }

  private renderLoaded(loaded: PpcsLoaded): unknown {
    const { result } = loaded;
    const ppcs = result.ppcs;
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
    if (!ppcs) {
      const viewer = this.session?.viewer.user;
      const founder = foundingPathway(result.sources.pathways, viewer, (ref) => isViewer(viewer, [ref], loaded.lookup));
      return html`<div class="state" part="state" role="status" data-kind="no-plan">
          <p class="state-title">${this.pt('none')}</p>
          <p class="state-hint">${this.pt('noneHint')}</p>
          ${founder
            ? html`<p class="state-hint">${this.pt('createPlanHint')}</p>
                <button type="button" part="action" class="create-plan" ?disabled=${this.busy.has('plan')} @click=${() => this.createPlan(founder)}>
                  ${this.pt('createPlan')}
                </button>
                ${this.addError ? html`<p class="error" role="alert">${this.addError}</p>` : nothing}`
            : nothing}
        </div>
        ${renderIssues(result.issues, this.pt.bind(this))}${live}`;
    }
    const ctx = this.actionsContext(loaded, ppcs);
    return html`<article class="ppcs" part="ppcs" aria-label=${this.pt('label')}>
      ${renderHeader({
        ppcs,
        choices: result.choices,
        chosen: this.plan ?? ppcs.reference,
        lastUpdate: lastUpdateOf(ppcs, result.sources.carePlans),
        circle: loaded.circle,
        lang: this.effectiveLang,
        t: this.pt.bind(this),
        onSwitch: (plan) => this.switchPlan(plan),
      })}
      ${renderIssues(result.issues, this.pt.bind(this))}
      ${renderNeedsGoals(ppcs, this.effectiveLang, this.pt.bind(this))}
      <section class="actions" part="actions" aria-labelledby="actions-title">
        <h3 id="actions-title">${this.pt('actions')}</h3>
        <p class="summary">${this.pt('actionsCount', { count: ppcs.actions.length, overdue: ppcs.overdueCount })}</p>
        ${this.renderToolbar(loaded)}
        ${this.adding ? renderAddForm(ctx, loaded.circle, this.addError) : nothing}
        ${renderActions(ctx)}
      </section>
      ${live}
    </article>`;
  }

  private renderToolbar(loaded: PpcsLoaded): unknown {
    const views: GroupBy[] = ['status', 'actor', 'goal'];
    return html`<div class="toolbar" part="toolbar">
      <label>
        ${this.pt('viewBy')}
        <select @change=${(e: Event) => (this.groupBy = (e.target as HTMLSelectElement).value as GroupBy)}>
          ${views.map((v) => html`<option value=${v} ?selected=${v === this.groupBy}>${this.pt(`view.${v}`)}</option>`)}
        </select>
      </label>
      <label class="mine-toggle">
        <input type="checkbox" .checked=${this.mineOnly} @change=${(e: Event) => (this.mineOnly = (e.target as HTMLInputElement).checked)} />
        ${this.pt('mine')}
      </label>
      ${loaded.permissions.canAdd && !this.adding
        ? html`<button type="button" class="add" @click=${() => this.startAdding()}>${this.pt('addAction')}</button>`
        : nothing}
    </div>`;
  }

  private actionsContext(loaded: PpcsLoaded, ppcs: PpcsView): ActionsContext {
    return {
      ppcs,
      lang: this.effectiveLang,
      t: this.pt.bind(this),
      groupBy: this.groupBy,
      mineOnly: this.mineOnly,
      viewer: this.session?.viewer.user,
      circle: loaded.circle,
      canEdit: (a) => canEdit(a, loaded.permissions),
      isOpen: (a) => this.open.has(a.key),
      isBusy: (a) => this.busy.has(a.key),
      errorOf: (a) => this.errors.get(a.key),
      conflictOf: (a) => {
        const c = this.conflicts.get(a.key);
        return c ? { ...c, theirs: serverSide(c.conflict.current, a) } : undefined;
      },
      pendingOf: (a) => this.pendingMove.get(a.key),
      toggle: (a) => this.toggle(a),
      move: (a, change, confirmed) => this.requestMove(a, change, confirmed),
      cancelMove: (a) => this.setPending(a, undefined),
      comment: (a, text) => this.change(a, { kind: 'comment', text }),
      reapply: (a) => this.reapply(a),
      drop: (a) => this.drop(a),
      submitAdd: (input) => this.create(input),
      cancelAdd: () => {
        this.adding = false;
        this.addError = undefined;
      },
    };
  }

  private switchPlan(plan: string): void {
    if (plan === this.plan) return;
    this.latest = undefined;
    this.plan = plan;
  }

  private toggle(action: PpcsActionView): void {
    const open = new Set(this.open);
    if (open.has(action.key)) {
      open.delete(action.key);
    } else {
      open.add(action.key);
      const ref = actionReference(action);
      this.dispatchEvent(new CoordSelectEvent({ ...ref, kind: 'ppcs-action' }));
    }
    this.open = open;
  }

  /**
   * Opens an action by reference (`Task/<id>`, or its `CarePlan/<id>` and `activityIndex`) once
   * the plan is loaded, and moves focus to it (`coord-record` opening an action selected in the
   * timeline). Resolves false when the plan shown has no such action. No `coord-select`.
   */
  reveal(reference: string, activityIndex?: number): Promise<boolean> {
    this.pendingReveal?.resolve(false);
    return new Promise((resolve) => {
      this.pendingReveal = { key: activityIndex === undefined ? reference : `${reference}#activity-${activityIndex}`, resolve };
      this.requestUpdate();
    });
  }

  private pendingReveal?: { key: string; resolve: (found: boolean) => void };

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const pending = this.pendingReveal;
    const state = this.data.state.status;
    if (!pending || state === 'loading' || state === 'patient-loading') return;
    this.pendingReveal = undefined;
    const action = this.shown?.result.ppcs?.actions.find((a) => a.key === pending.key);
    if (!action) return pending.resolve(false);
    if (this.mineOnly && !action.mine) this.mineOnly = false;
    this.open = new Set([...this.open, action.key]);
    void this.updateComplete.then(() => {
      const title = this.renderRoot.querySelector<HTMLElement>(`li[data-key="${CSS.escape(action.key)}"] .action-title`);
      title?.focus();
      title?.scrollIntoView?.({ block: 'nearest' });
      pending.resolve(Boolean(title));
    });
  }

  private setPending(action: PpcsActionView, change: (ActionChange & { kind: 'status' }) | undefined): void {
    const next = new Map(this.pendingMove);
    if (change) next.set(action.key, change);
    else next.delete(action.key);
    this.pendingMove = next;
  }

  /** A move with nothing to ask goes at once; one needing a date or reason opens its small form first. */
  private requestMove(action: PpcsActionView, change: ActionChange & { kind: 'status' }, confirmed = false): void {
    if (!confirmed && needsInput(change.to)) {
      this.setPending(action, change);
      return;
    }
    this.setPending(action, undefined);
    void this.change(action, change);
  }

  private startAdding(): void {
    this.adding = true;
    this.addError = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('form.add-form textarea')?.focus());
  }

  private setMap<V>(name: 'errors' | 'conflicts' | 'busy', key: string, value: V | undefined): void {
    if (name === 'busy') {
      const next = new Set(this.busy);
      if (value) next.add(key);
      else next.delete(key);
      this.busy = next;
      return;
    }
    const next = new Map(this[name] as Map<string, V>);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    (this as unknown as Record<string, Map<string, V>>)[name] = next;
  }

  /** Sends a change of one action, from the version read (or from `from`, when re-applying). */
  private async change(action: PpcsActionView, change: ActionChange, from?: Resource): Promise<void> {
    const loaded = this.shown;
    const client = this.session?.client;
    const author = this.session?.viewer.user;
    if (!loaded || !client || !author || !canEdit(action, loaded.permissions) || this.busy.has(action.key)) return;
    const raw = (from as never) ?? rawOf(action, loaded.result.sources);
    if (!raw) return;
    if (change.kind === 'status' && !isValidTransition(serverSide(raw, action).status, change.to)) return;
    // Read before the buttons are disabled (a disabled button drops focus).
    const focused = this.shadowRoot?.activeElement;
    const hadFocus = Boolean(focused?.closest(`li[data-key="${CSS.escape(action.key)}"]`));
    this.setMap('errors', action.key, undefined);
    this.setMap('busy', action.key, true);
    this.announce(this.pt('saving'));
    let result: WriteResult<Resource>;
    try {
      result = await new RecordWriter(client).execute(buildChange(action, raw, change, author) as never, client.signal);
    } catch (err) {
      result = { ok: false, error: toCoordError(err) };
    }
    if (client !== this.session?.client) return;
    this.setMap('busy', action.key, false);
    if (!result.ok && 'conflict' in result) {
      this.setMap('conflicts', action.key, { change, conflict: result.conflict });
      this.announce(this.pt('conflict'));
      return;
    }
    if (!result.ok) {
      this.setMap('errors', action.key, this.pt('writeFailed', { reason: this.msg(WRITE_ERRORS[result.error.kind] ?? 'error.generic', { detail: result.error.message }) }));
      return;
    }
    this.own.add(versionKey(result.resource));
    this.setMap('conflicts', action.key, undefined);
    const status = serverSide(result.resource, action).status;
    await this.refresh();
    // A move takes the action to another group (a new row): keep the keyboard user on it.
    if (hadFocus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`li[data-key="${CSS.escape(action.key)}"] .action-title`)?.focus());
    this.announce(change.kind === 'comment' ? this.pt('commentSaved') : this.pt('saved', { status: this.pt(`status.${status}`) }));
    this.dispatchEvent(new CoordActionUpdatedEvent({ ...actionReference(action), status, change: change.kind }));
  }

  private async reapply(action: PpcsActionView): Promise<void> {
    const pending = this.conflicts.get(action.key);
    if (!pending) return;
    await this.change(action, pending.change, pending.conflict.current);
  }

  private async drop(action: PpcsActionView): Promise<void> {
    this.setMap('conflicts', action.key, undefined);
    await this.refresh();
    this.announce(this.pt('dropped'));
  }

  /** The referent creates the PPCS from the DAC pathway (idempotent: a lost answer makes one plan). */
  private async createPlan(pathway: EpisodeOfCare): Promise<void> {
    const client = this.session?.client;
    const viewer = this.session?.viewer.user;
    if (!client?.patient || !viewer) return;
    this.setMap('busy', 'plan', true);
    const result = await new RecordWriter(client).createPpcsPlan({ patient: client.patient, author: viewer, pathway }, client.signal);
    if (client !== this.session?.client) return;
    this.setMap('busy', 'plan', false);
    if (!result.ok) {
      this.addError = this.pt('writeFailed', { reason: 'error' in result ? this.msg(WRITE_ERRORS[result.error.kind] ?? 'error.generic', { detail: result.error.message }) : '' });
      return;
    }
    this.addError = undefined;
    this.own.add(versionKey(result.resource));
    this.data.reload();
    this.announce(this.pt('planCreated'));
  }

  private async create(input: { description: string; owner: string; due?: string }): Promise<void> {
    const loaded = this.shown;
    const ppcs = loaded?.result.ppcs;
    const client = this.session?.client;
    const viewer = this.session?.viewer.user;
    if (!ppcs || !client?.patient || !viewer || !loaded.permissions.canAdd) return;
    if (!input.description.trim()) {
      this.addError = this.pt('descriptionRequired');
      return;
    }
    this.setMap('busy', 'new', true);
    const result = await new RecordWriter(client).createPpcsAction(
      { carePlan: ppcs.reference, patient: client.patient, description: input.description.trim(), owner: input.owner || viewer, requester: viewer, due: input.due || undefined },
      client.signal,
    );
    if (client !== this.session?.client) return;
    this.setMap('busy', 'new', false);
    if (!result.ok) {
      this.addError = this.pt('writeFailed', { reason: 'error' in result ? this.msg(WRITE_ERRORS[result.error.kind] ?? 'error.generic', { detail: result.error.message }) : '' });
      return;
    }
    this.own.add(versionKey(result.resource));
    this.adding = false;
    this.addError = undefined;
    await this.refresh();
    this.announce(this.pt('created'));
    this.dispatchEvent(new CoordActionUpdatedEvent({ reference: `Task/${result.resource.id}`, status: 'todo', change: 'created' }));
  }

  private announce(text: string): void {
    // Same text twice in a row must still be read out: clear, then set on the next frame.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }
}

function versionKey(r: Resource): string {
  return `${r.resourceType}/${r.id}@${r.meta?.versionId ?? ''}`;
}

/** The latest change among the plan and its actions. */
function lastUpdateOf(ppcs: PpcsView, plans: Resource[]): string | undefined {
  const plan = plans.find((p) => `CarePlan/${p.id}` === ppcs.reference);
  const stamps = [plan?.meta?.lastUpdated, ...ppcs.actions.map((a) => a.lastModified)].filter((s): s is string => Boolean(s) && Number.isFinite(Date.parse(s!)));
  return stamps.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}
