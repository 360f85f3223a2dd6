/** Templates of the plan itself: header (with the care circle), needs and goals, flagged items. */
import { html, nothing } from 'lit';
import { clock, type MappingIssue, type PpcsPlanChoice, type PpcsView } from '@coord/api-client';
import { formatDate, formatDateTime, type Lang } from '../base/i18n.ts';
import type { CircleMember } from './ppcs.component.ts';
import { datesInWrongOrder, goalUnmet, issueKind, type IssueKind, type Sector } from './ppcs-rules.ts';
import type { PpcsMessageKey } from './ppcs.messages.ts';

export type Translate = (key: PpcsMessageKey, params?: Record<string, string | number>) => string;

/** A FHIR date or dateTime as the user reads it (a day; the time too when there is one). */
export function when(lang: Lang, value: string | undefined): string {
  if (!value) return '';
  return value.length <= 10 ? formatDate(lang, value) : formatDateTime(lang, value, { dateStyle: 'short', timeStyle: 'short' });
}

export function day(lang: Lang, value: string | undefined): string {
  if (!value) return '';
  return value.length <= 10 ? formatDate(lang, value) : formatDateTime(lang, value, { dateStyle: 'short' });
}

export interface HeaderInput {
  ppcs: PpcsView;
  choices: PpcsPlanChoice[];
  chosen: string;
  lastUpdate?: string;
  circle: CircleMember[];
  lang: Lang;
  t: Translate;
  onSwitch: (plan: string) => void;
}

const SECTORS: Sector[] = ['medical', 'medico-social', 'social', 'unknown'];

export function renderHeader(h: HeaderInput): unknown {
  const { ppcs, t, lang } = h;
  const period = ppcs.start
    ? ppcs.end
      ? t('periodRange', { start: day(lang, ppcs.start), end: day(lang, ppcs.end) })
      : t('periodFrom', { start: day(lang, ppcs.start) })
    : '—';
  const referent = ppcs.referent;
  return html`<header class="plan-header" part="header">
    <p class="print-date">${t('printedOn', { date: formatDateTime(lang, clock.now(), { dateStyle: 'long', timeStyle: 'short' }) })}</p>
    <h2>${ppcs.title ?? t('untitled')}</h2>
    ${h.choices.length > 1
      ? html`<div class="switch">
          <p role="note">${t('severalPlans', { count: h.choices.length })}</p>
          <label
            >${t('switchPlan')}
            <select @change=${(e: Event) => h.onSwitch((e.target as HTMLSelectElement).value)}>
              ${h.choices.map((c) => html`<option value=${c.reference} ?selected=${c.reference === h.chosen}>${c.title ?? t('untitled')}${c.start ? ` (${day(lang, c.start)})` : ''}</option>`)}
            </select>
          </label>
        </div>`
      : nothing}
    <dl class="facts">
      <div>
        <dt>${t('referent')}</dt>
        <dd>${referent?.name ? html`${referent.name}${referent.role ? html` <span class="muted">· ${referent.role}</span>` : nothing}` : t('referentUnknown')}</dd>
      </div>
      <div>
        <dt>${t('period')}</dt>
        <dd>${period}</dd>
      </div>
      ${h.lastUpdate
        ? html`<div>
            <dt>${t('lastUpdate')}</dt>
            <dd><time datetime=${h.lastUpdate}>${when(lang, h.lastUpdate)}</time></dd>
          </div>`
        : nothing}
    </dl>
    ${datesInWrongOrder(ppcs.start, ppcs.end)
      ? html`<p class="warning" role="note" data-kind="dates">${t('datesWrongOrder', { start: day(lang, ppcs.start), end: day(lang, ppcs.end) })}</p>`
      : nothing}
    ${ppcs.description ? html`<p class="description">${ppcs.description}</p>` : nothing}
    ${renderCircle(h.circle, t)}
  </header>`;
}

function renderCircle(circle: CircleMember[], t: Translate): unknown {
  return html`<section class="circle" part="circle" aria-labelledby="circle-title">
    <h3 id="circle-title">${t('circle')}</h3>
    ${circle.length === 0
      ? html`<p class="muted">${t('circleEmpty')}</p>`
      : SECTORS.filter((s) => circle.some((m) => m.sector === s)).map(
          (sector) => html`<div class="sector" data-sector=${sector}>
            <h4>${t(`sector.${sector}`)}</h4>
            <ul>
              ${circle
                .filter((m) => m.sector === sector)
                .map(
                  ({ member, organisation }) => html`<li data-sector=${sector}>
                    <span class="name">${member.actor.name ?? t('unresolvedActor')}</span>
                    ${member.roles.length || member.actor.role ? html`<span class="role">${(member.roles.length ? member.roles : [member.actor.role]).join(', ')}</span>` : nothing}
                    ${organisation ? html`<span class="org">${organisation}</span>` : nothing}
                  </li>`,
                )}
            </ul>
          </div>`,
        )}
  </section>`;
}

export function renderNeedsGoals(ppcs: PpcsView, lang: Lang, t: Translate): unknown {
  const now = clock.now();
  const unmet = ppcs.goals.filter((g) => goalUnmet(g, now));
  // Needs outside this plan are not named by their technical reference.
  const needTexts = (refs: string[]): string[] => refs.map((r) => ppcs.needs.find((n) => n.reference === r)?.text).filter((x): x is string => Boolean(x));
  return html`<div class="needs-goals">
    <section class="needs" part="needs" aria-labelledby="needs-title">
      <h3 id="needs-title">${t('needs')}</h3>
      ${ppcs.needs.length === 0
        ? html`<p class="muted">${t('needsEmpty')}</p>`
        : html`<ul>
            ${ppcs.needs.map(
              (n) => html`<li data-active=${String(n.active)} ?data-unresolved=${n.unresolved}>
                ${n.text ?? t('issue.text')}${n.active ? nothing : html` <span class="muted">(${n.clinicalStatusText ?? t('needResolved')})</span>`}
              </li>`,
            )}
          </ul>`}
    </section>
    <section class="goals" part="goals" aria-labelledby="goals-title">
      <h3 id="goals-title">${t('goals')}</h3>
      ${unmet.length ? html`<p class="unmet-summary">${t('unmetCount', { count: unmet.length })}</p>` : nothing}
      ${ppcs.goals.length === 0
        ? html`<p class="muted">${t('goalsEmpty')}</p>`
        : html`<ul>
            ${ppcs.goals.map((g) => {
              const isUnmet = goalUnmet(g, now);
              return html`<li class=${isUnmet ? 'goal unmet' : 'goal'} data-achievement=${g.achievement}>
                <span class="goal-text">${g.description ?? t('issue.text')}</span>
                <span class="chip goal-${g.achievement}">${t(`goal.${g.achievement}`)}</span>
                ${isUnmet ? html`<span class="chip unmet-flag">${t('goalUnmet')}</span>` : nothing}
                ${g.due ? html`<span class="muted">${t('goalDue', { date: day(lang, g.due) })}</span>` : nothing}
                ${needTexts(g.addresses).length ? html`<span class="muted addresses">${t('addresses', { needs: needTexts(g.addresses).join(' ; ') })}</span>` : nothing}
              </li>`;
            })}
          </ul>`}
    </section>
  </div>`;
}

const ISSUE_ORDER: IssueKind[] = ['other-patient', 'unresolved', 'entered-in-error', 'status', 'text', 'other'];

/** What the mapping flagged or left out, grouped and said in the user's language (never silent). */
export function renderIssues(issues: MappingIssue[], t: Translate): unknown {
  if (issues.length === 0) return nothing;
  const byKind = new Map<IssueKind, MappingIssue[]>();
  for (const i of issues) {
    const kind = issueKind(i.problem);
    byKind.set(kind, [...(byKind.get(kind) ?? []), i]);
  }
  return html`<details class="issues" part="issues">
    <summary>${t('issues', { count: issues.length })}</summary>
    <ul>
      ${ISSUE_ORDER.filter((k) => byKind.has(k)).map(
        (k) => html`<li data-kind=${k}>
          ${t(`issue.${k}`)} : ${[...new Set(byKind.get(k)!.map((i) => i.resource))].join(', ')}
        </li>`,
      )}
    </ul>
  </details>`;
}
