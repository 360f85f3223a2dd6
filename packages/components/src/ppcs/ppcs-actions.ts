/** Templates of the actions: grouped lists, one action (status, moves, comments, conflict), the add form. */
import { html, nothing } from 'lit';
import { clock, type ActionStatus, type PpcsActionView, type PpcsView } from '@coord/api-client';
import { formatDateTime, type Lang } from '../base/i18n.ts';
import type { CircleMember } from './ppcs.component.ts';
import type { ActionChange, PendingConflict } from './ppcs-edit.ts';
import { day, when, type Translate } from './ppcs-plan.ts';
import { STATUS_ORDER, datesInWrongOrder, isValidTransition, needsInput, transitionsFrom } from './ppcs-rules.ts';

export type GroupBy = 'status' | 'actor' | 'goal';
type StatusChange = ActionChange & { kind: 'status' };

export interface ActionsContext {
  ppcs: PpcsView;
  lang: Lang;
  t: Translate;
  groupBy: GroupBy;
  mineOnly: boolean;
  viewer?: string;
  circle: CircleMember[];
  canEdit: (a: PpcsActionView) => boolean;
  isOpen: (a: PpcsActionView) => boolean;
  isBusy: (a: PpcsActionView) => boolean;
  errorOf: (a: PpcsActionView) => string | undefined;
  conflictOf: (a: PpcsActionView) => (PendingConflict & { theirs: { status: ActionStatus; changed?: string; lastComment?: string } }) | undefined;
  pendingOf: (a: PpcsActionView) => StatusChange | undefined;
  toggle: (a: PpcsActionView) => void;
  move: (a: PpcsActionView, change: StatusChange, confirmed?: boolean) => void;
  cancelMove: (a: PpcsActionView) => void;
  comment: (a: PpcsActionView, text: string) => Promise<void>;
  reapply: (a: PpcsActionView) => Promise<void>;
  drop: (a: PpcsActionView) => Promise<void>;
  submitAdd: (input: { description: string; owner: string; due?: string }) => Promise<void>;
  cancelAdd: () => void;
}

interface Group {
  id: string;
  label: string;
  hint?: string;
  actions: PpcsActionView[];
}

function groups(ctx: ActionsContext, actions: PpcsActionView[]): Group[] {
  const { t, ppcs } = ctx;
  if (ctx.groupBy === 'status') {
    return STATUS_ORDER.map((s) => ({ id: s, label: t(`status.${s}`), actions: actions.filter((a) => a.status === s) })).filter((g) => g.actions.length);
  }
  if (ctx.groupBy === 'actor') {
    const byActor = new Map<string, Group>();
    for (const a of actions) {
      const p = a.performers[0];
      const id = p?.reference ?? p?.name ?? '';
      const group = byActor.get(id) ?? { id: id || 'none', label: p ? (p.name ?? t('unresolvedActor')) : t('noPerformer'), hint: p?.role, actions: [] };
      group.actions.push(a);
      byActor.set(id, group);
    }
    return [...byActor.values()].sort((x, y) => (x.id === 'none' ? 1 : y.id === 'none' ? -1 : x.label.localeCompare(y.label)));
  }
  const out: Group[] = ppcs.goals.map((g) => ({
    id: g.reference,
    label: g.description ?? g.reference,
    hint: needsOf(ppcs, g.addresses).length ? t('addresses', { needs: needsOf(ppcs, g.addresses).join(' ; ') }) : undefined,
    actions: actions.filter((a) => a.goals.includes(g.reference)),
  }));
  out.push({ id: 'none', label: t('noGoal'), actions: actions.filter((a) => !a.goals.some((r) => ppcs.goals.some((g) => g.reference === r))) });
  return out.filter((g) => g.actions.length);
}

function needsOf(ppcs: PpcsView, refs: string[]): string[] {
  return refs.map((r) => ppcs.needs.find((n) => n.reference === r)?.text).filter((x): x is string => Boolean(x));
}

export function renderActions(ctx: ActionsContext): unknown {
  const { t, ppcs } = ctx;
  const actions = ctx.mineOnly ? ppcs.actions.filter((a) => a.mine) : ppcs.actions;
  if (actions.length === 0) {
    return html`<p class="empty" role="status">${t(ctx.mineOnly ? 'mineEmpty' : 'actionsEmpty')}</p>`;
  }
  return groups(ctx, actions).map(
    (g) => html`<section class="group" part="group" data-group=${g.id} aria-labelledby="g-${cssId(g.id)}">
      <h4 id="g-${cssId(g.id)}">${g.label} <span class="count">(${g.actions.length})</span></h4>
      ${g.hint ? html`<p class="muted group-hint">${g.hint}</p>` : nothing}
      <ul class="action-list">
        ${g.actions.map((a) => renderAction(ctx, a))}
      </ul>
    </section>`,
  );
}

function cssId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function renderAction(ctx: ActionsContext, a: PpcsActionView): unknown {
  const { t, lang } = ctx;
  const open = ctx.isOpen(a);
  const editable = ctx.canEdit(a);
  const busy = ctx.isBusy(a);
  const id = cssId(a.key);
  const performers = a.performers.length
    ? a.performers.map((p) => (p.unresolved && !p.name ? `${t('unresolvedActor')} (${p.reference ?? '?'})` : `${p.name ?? t('unresolvedActor')}${p.role ? ` · ${p.role}` : ''}${p.unresolved ? ` (${t('unresolvedActor')})` : ''}`)).join(', ')
    : t('noPerformer');
  const error = ctx.errorOf(a);
  return html`<li class="action" part="action" data-key=${a.key} data-status=${a.status} ?data-overdue=${a.overdue} ?data-mine=${a.mine} aria-busy=${busy ? 'true' : 'false'}>
    <div class="action-head">
      <button type="button" class="action-title" aria-expanded=${open ? 'true' : 'false'} aria-controls="d-${id}" @click=${() => ctx.toggle(a)}>
        ${a.description ?? html`<em>${t('noDescription')}</em>`}
      </button>
      <span class="chip status s-${a.status}" part="status-chip">${t(`status.${a.status}`)}</span>
      ${a.statusKnown ? nothing : html`<span class="chip unknown" title=${t('issue.status')}>${t('statusUnknown')}</span>`}
      ${a.overdue ? html`<span class="chip overdue" part="overdue">${t('overdue')}</span>` : nothing}
    </div>
    <p class="meta">
      <span class="performer" ?data-unresolved=${a.performers.some((p) => p.unresolved)}>${performers}</span>
      ${a.category ? html` · <span>${a.category}</span>` : nothing}
      ${a.scheduleText ? html` · <span>${a.scheduleText}</span>` : nothing}
      ${a.plannedStart && a.status !== 'done' ? html` · <span>${t('plannedStart', { date: when(lang, a.plannedStart) })}</span>` : nothing}
      ${a.due ? html` · <span class="due">${t('due', { date: day(lang, a.due) })}</span>` : nothing}
      ${a.done ? html` · <span>${t('done', { date: day(lang, a.done) })}</span>` : nothing}
      ${a.businessStatus ? html` · <span>${a.businessStatus}</span>` : nothing}
      ${a.statusReason ? html` · <span class="reason">${a.statusReason}</span>` : nothing}
    </p>
    ${datesInWrongOrder(a.plannedStart, a.due) ? html`<p class="warning" data-kind="dates">${t('actionDatesWrongOrder')}</p>` : nothing}
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    ${renderConflict(ctx, a)}
    ${editable ? renderMoves(ctx, a, busy) : nothing}
    <div class="details" id="d-${id}" ?hidden=${!open}>
      ${!editable ? html`<p class="muted read-only">${t('readOnly')}</p>` : nothing}
      ${renderComments(ctx, a, editable && open, busy)}
    </div>
  </li>`;
}

function moveLabel(t: Translate, from: ActionStatus, to: ActionStatus): string {
  return from === 'on-hold' && to === 'in-progress' ? t('resume') : t(`move.${to}` as 'move.done');
}

function renderMoves(ctx: ActionsContext, a: PpcsActionView, busy: boolean): unknown {
  const { t } = ctx;
  const moves = transitionsFrom(a.status);
  if (moves.length === 0) return nothing;
  const pending = ctx.pendingOf(a);
  return html`<div class="moves" role="group" aria-label=${t('moves')}>
    ${moves.map(
      (to) => html`<button type="button" class="move" data-to=${to} ?disabled=${busy} aria-pressed=${pending?.to === to ? 'true' : 'false'} @click=${() => ctx.move(a, { kind: 'status', to })}>
        ${moveLabel(t, a.status, to)}
      </button>`,
    )}
    ${pending ? renderMoveForm(ctx, a, pending, busy) : nothing}
  </div>`;
}

function renderMoveForm(ctx: ActionsContext, a: PpcsActionView, pending: StatusChange, busy: boolean): unknown {
  const { t } = ctx;
  const input = needsInput(pending.to);
  const submit = (e: Event): void => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    if (input === 'date') {
      const value = String(data.get('start') ?? '');
      const start = value ? new Date(value) : undefined;
      const field = form.querySelector<HTMLInputElement>('input[name="start"]')!;
      if (!start || !Number.isFinite(start.getTime()) || start.getTime() <= clock.now()) {
        field.setCustomValidity(t('dateRequired'));
        field.reportValidity();
        return;
      }
      field.setCustomValidity('');
      ctx.move(a, { ...pending, start: start.toISOString() }, true);
    } else {
      const reason = String(data.get('reason') ?? '').trim();
      ctx.move(a, { ...pending, reason: reason || undefined }, true);
    }
  };
  return html`<form class="move-form" @submit=${submit}>
    ${input === 'date'
      ? html`<label
          >${t('plannedDate')}
          <input type="datetime-local" name="start" required @input=${(e: Event) => (e.target as HTMLInputElement).setCustomValidity('')}
        /></label>`
      : html`<label>${t('reason')} <input type="text" name="reason" maxlength="500" /></label>`}
    <button type="submit" ?disabled=${busy}>${t('confirm')}</button>
    <button type="button" @click=${() => ctx.cancelMove(a)}>${t('cancel')}</button>
  </form>`;
}

function renderComments(ctx: ActionsContext, a: PpcsActionView, canComment: boolean, busy: boolean): unknown {
  const { t, lang } = ctx;
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const area = form.querySelector('textarea')!;
    const text = area.value;
    if (!text.trim()) return;
    await ctx.comment(a, text);
    if (!ctx.errorOf(a) && !ctx.conflictOf(a)) area.value = '';
  };
  return html`<div class="comments" ?data-empty=${a.comments.length === 0}>
    <h5>${t('comments', { count: a.comments.length })}</h5>
    ${a.comments.length === 0
      ? html`<p class="muted">${t('commentsNone')}</p>`
      : html`<ul>
          ${a.comments.map(
            (c) => html`<li class="comment">
              <p class="comment-by muted">
                ${t('commentBy', { author: c.author?.name ?? t('unknownAuthor'), time: c.time ? formatDateTime(lang, c.time, { dateStyle: 'short', timeStyle: 'short' }) : '—' })}
              </p>
              <p class="comment-text">${c.text}</p>
            </li>`,
          )}
        </ul>`}
    ${canComment
      ? html`<form class="comment-form" @submit=${submit}>
          <label for="c-${cssId(a.key)}">${t('addComment')}</label>
          <textarea id="c-${cssId(a.key)}" name="comment" rows="2" maxlength="5000"></textarea>
          <button type="submit" ?disabled=${busy}>${t('send')}</button>
        </form>`
      : nothing}
  </div>`;
}

function renderConflict(ctx: ActionsContext, a: PpcsActionView): unknown {
  const c = ctx.conflictOf(a);
  if (!c) return nothing;
  const { t, lang } = ctx;
  const mine = c.change.kind === 'status' ? t('conflictStatus', { status: t(`status.${c.change.to}`) }) : t('conflictComment', { text: c.change.text });
  const stillValid = c.change.kind === 'comment' || isValidTransition(c.theirs.status, c.change.to);
  return html`<div class="conflict" part="conflict" role="alert">
    <p class="conflict-title"><strong>${t('conflict')}</strong></p>
    <p>${t('conflictHint')}</p>
    <div class="versions">
      <div class="mine">
        <p class="version-title">${t('conflictMine')}</p>
        <p>${mine}</p>
      </div>
      <div class="theirs">
        <p class="version-title">${t('conflictTheirs')}</p>
        <p>${t('conflictStatus', { status: t(`status.${c.theirs.status}`) })}</p>
        ${c.theirs.changed ? html`<p class="muted">${t('conflictChangedBy', { time: when(lang, c.theirs.changed) })}</p>` : nothing}
        ${c.theirs.lastComment ? html`<p class="muted">${t('conflictLastComment', { text: c.theirs.lastComment })}</p>` : nothing}
      </div>
    </div>
    ${stillValid ? nothing : html`<p class="muted">${t('reapplyInvalid', { status: t(`status.${c.theirs.status}`) })}</p>`}
    <div class="conflict-actions">
      <button type="button" class="reapply" ?disabled=${!stillValid || ctx.isBusy(a)} @click=${() => ctx.reapply(a)}>${t('reapply')}</button>
      <button type="button" class="drop" ?disabled=${ctx.isBusy(a)} @click=${() => ctx.drop(a)}>${t('drop')}</button>
    </div>
  </div>`;
}

export function renderAddForm(ctx: ActionsContext, circle: CircleMember[], error: string | undefined): unknown {
  const { t } = ctx;
  const viewer = ctx.viewer;
  const me = circle.find((m) => m.member.mine);
  const submit = (e: Event): void => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    void ctx.submitAdd({
      description: String(data.get('description') ?? ''),
      owner: String(data.get('owner') ?? ''),
      due: String(data.get('due') ?? '') || undefined,
    });
  };
  const options = circle.filter((m) => m.member.actor.reference && m.member.active);
  return html`<form class="add-form" @submit=${submit} aria-labelledby="add-title">
    <h4 id="add-title">${t('newAction')}</h4>
    <label>${t('description')} <textarea name="description" rows="2" maxlength="2000" required></textarea></label>
    <label
      >${t('owner')}
      <select name="owner">
        ${me ? nothing : viewer ? html`<option value=${viewer} selected>${t('ownerMe', { name: viewer })}</option>` : nothing}
        ${options.map(
          (m) => html`<option value=${m.member.actor.reference!} ?selected=${m === me}>
            ${m === me ? t('ownerMe', { name: m.member.actor.name ?? '' }) : (m.member.actor.name ?? m.member.actor.reference)}${m.member.roles[0] ? ` · ${m.member.roles[0]}` : ''}
          </option>`,
        )}
      </select>
    </label>
    <label>${t('dueDate')} <input type="date" name="due" /></label>
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
    <div class="form-actions">
      <button type="submit">${t('addAction')}</button>
      <button type="button" @click=${() => ctx.cancelAdd()}>${t('cancel')}</button>
    </div>
  </form>`;
}
