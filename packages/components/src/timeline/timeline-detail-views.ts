/**
 * Templates of the timeline's detail view, one per kind of detail. Pure functions; every record
 * text is bound as text (Lit escapes it). Dates and numbers through `Intl`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ActorView, ContentView, PathwayView, ResultView, StudyView, TimelineDetail, TimelineItem } from '@coord/api-client';
import { formatDate, formatDateTime, type Lang } from '../base/i18n.ts';
import type { MediaItem } from '../base/media-viewer.ts';
import type { DetailMessageKey } from './timeline-detail.messages.ts';
import type { TimelineMessageKey } from './timeline.messages.ts';
import { itemTitle } from './timeline-list.ts';

export interface DetailContext {
  lang: Lang;
  m: (key: DetailMessageKey, params?: Record<string, string | number>) => string;
  tl: (key: TimelineMessageKey, params?: Record<string, string | number>) => string;
  item: TimelineItem;
  items: TimelineItem[];
  pathways: PathwayView[];
  lane: (key: string) => { label: string; colorIndex: number };
  openLinked: (item: TimelineItem) => void;
  preview: (media: MediaItem[], index: number) => void;
  mediaItem: (key: string, content: ContentView, title: string) => MediaItem;
}

function when(lang: Lang, value: string | undefined): string {
  if (!value) return '';
  if (!value.includes('T')) return formatDate(lang, value, 'long');
  return formatDateTime(lang, value, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function period(c: DetailContext, start?: string, end?: string): string {
  if (start && end) return c.m('range', { start: when(c.lang, start), end: when(c.lang, end) });
  if (start) return c.m('from', { date: when(c.lang, start) });
  return end ? when(c.lang, end) : '';
}

function actor(a: ActorView | undefined): string {
  if (!a?.name) return '';
  return a.role ? `${a.name} — ${a.role}` : a.name;
}

/** A definition list of the rows that have a value. */
function facts(rows: [string, string | TemplateResult | undefined][]): TemplateResult | typeof nothing {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '');
  if (!shown.length) return nothing;
  return html`<dl>${shown.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

function status(c: DetailContext, key: string | undefined): string | undefined {
  return key ? c.tl(`status.${key}` as TimelineMessageKey) : undefined;
}

function pathwayNames(c: DetailContext): string | undefined {
  const keys = c.item.pathways;
  if (!keys.length) return c.tl('noPathway');
  return keys.map((k) => c.lane(k).label).join(', ');
}

export function renderDetailBody(detail: TimelineDetail | undefined, c: DetailContext): TemplateResult {
  const pathway = [c.tl('pathwaysFilter'), pathwayNames(c)] as [string, string | undefined];
  switch (detail?.type) {
    case 'encounter':
      return html`${facts([
          [c.m('period'), period(c, detail.start, detail.end)],
          [c.m('status'), status(c, detail.statusKey)],
          [c.m('class'), detail.className],
          [c.m('reason'), detail.reasons.join(' ; ')],
          [c.m('provider'), detail.provider?.name],
          pathway,
        ])}
        <h3>${c.m('participants')}</h3>
        ${detail.participants.length ? html`<ul>${detail.participants.map((p) => html`<li>${p.actor.name}${p.role || p.actor.role ? html` <span class="muted">— ${p.role ?? p.actor.role}</span>` : nothing}</li>`)}</ul>` : html`<p class="muted">—</p>`}
        <h3>${c.m('movements')}</h3>
        ${detail.movements.length
          ? html`<ul class="movements">${detail.movements.map((mv) => html`<li><strong>${mv.unit}</strong> · ${period(c, mv.start, mv.end)}${mv.statusKey ? html` · <span class="status">${status(c, mv.statusKey)}</span>` : nothing}</li>`)}</ul>`
          : html`<p class="muted">${c.m('noMovements')}</p>`}
        ${renderLinked(c)}`;
    case 'report':
      return html`${facts([
          [c.m('effective'), when(c.lang, detail.effective)],
          [c.m('issued'), when(c.lang, detail.issued)],
          [c.m('status'), status(c, detail.statusKey)],
          [c.m('performer'), detail.performers.map(actor).join(', ')],
          pathway,
        ])}
        <h3>${c.m('conclusion')}</h3>
        ${detail.conclusion ? html`<p class="conclusion">${detail.conclusion}</p>` : html`<p class="muted">${c.m('noConclusion')}</p>`}
        ${detail.results.length ? renderResults(c, detail.results) : nothing}
        ${detail.studies.map((s) => html`<h3>${c.m('studies')}</h3>${renderStudy(c, s)}`)}
        ${detail.forms.length ? html`<h3>${c.m('forms')}</h3>${renderContent(c, detail.forms, c.item.title || c.m('forms'))}` : nothing}`;
    case 'imaging':
      return html`${facts([pathway])}${renderStudy(c, detail.study)}`;
    case 'document':
      return html`${facts([
          [c.m('docType'), detail.docType],
          [c.m('date'), when(c.lang, detail.date)],
          [c.m('author'), actor(detail.author)],
          [c.m('description'), detail.description !== detail.title ? detail.description : undefined],
          pathway,
        ])}
        <h3>${c.m('forms')}</h3>
        ${detail.content.length ? renderContent(c, detail.content, detail.title ?? itemTitle(c.lang, c.item)) : html`<p class="muted">${c.m('noContent')}</p>`}`;
    case 'action':
      return html`${facts([
          [c.m('status'), status(c, detail.statusKey)],
          [c.m('due'), when(c.lang, detail.due)],
          [c.m('start'), when(c.lang, detail.start)],
          [c.m('owner'), actor(detail.owner)],
          [c.m('requester'), actor(detail.requester)],
          [c.m('authored'), when(c.lang, detail.authored)],
          c.item.acrossPathways ? [c.tl('pathwaysFilter'), c.tl('allPathways')] : pathway,
        ])}
        ${detail.notes.length ? html`<h3>${c.m('notes')}</h3><ul>${detail.notes.map((n) => html`<li class="text">${n}</li>`)}</ul>` : nothing}
        <h3>${c.m('history')}</h3>
        <ol class="history">${detail.history.map((s) => html`<li><span class="status">${status(c, s.statusKey) ?? s.status}</span>${s.at ? html` · ${when(c.lang, s.at)}` : nothing}${s.reason ? html` — ${s.reason}` : nothing}</li>`)}</ol>
        ${detail.historyFrom === 'current' ? html`<p class="muted">${c.m('historyCurrent')}</p>` : nothing}`;
    default:
      return renderFromItem(c, pathway);
  }
}

/** Pathway steps, messages and other items: what the item itself holds (nothing more to read). */
function renderFromItem(c: DetailContext, pathway: [string, string | undefined]): TemplateResult {
  const item = c.item;
  const p = item.kind === 'pathway-start' || item.kind === 'pathway-end' ? c.pathways.find((x) => x.reference === item.reference) : undefined;
  if (p) {
    return facts([
      [c.m('period'), period(c, p.start, p.end)],
      [c.m('status'), item.statusKey ? status(c, item.statusKey) : undefined],
      [c.m('careManager'), actor(p.careManager)],
      [c.m('provider'), p.organization?.name],
    ]) as TemplateResult;
  }
  return html`${facts([
      [c.m('date'), when(c.lang, item.date)],
      [item.kind === 'message' ? c.m('sender') : c.m('author'), actor(item.author)],
      [c.m('status'), status(c, item.statusKey)],
      pathway,
    ])}
    ${item.kind === 'message' ? html`<h3>${c.m('message')}</h3><p class="text">${item.title}</p>` : item.subtitle ? html`<p class="text">${item.subtitle}</p>` : nothing}`;
}

function renderLinked(c: DetailContext): TemplateResult {
  const linked = c.items.filter((i) => i.encounter === c.item.reference && !i.hidden && !i.parent);
  return html`<h3>${c.m('linked')}</h3>
    ${linked.length
      ? html`<ul class="linked">${linked.map((i) => html`<li><button type="button" class="link" @click=${() => c.openLinked(i)}>${itemTitle(c.lang, i)}</button> <span class="muted">· ${c.tl(`kind.${i.kind}` as TimelineMessageKey)}${i.date ? ` · ${when(c.lang, i.date)}` : ''}</span></li>`)}</ul>`
      : html`<p class="muted">${c.m('noLinked')}</p>`}`;
}

function renderResults(c: DetailContext, results: ResultView[]): TemplateResult {
  const number = new Intl.NumberFormat(c.lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 3 });
  const value = (r: ResultView): string => {
    if (!r.value) return c.m('unreadable');
    if (r.value.number !== undefined) return `${r.value.comparator ?? ''}${number.format(r.value.number)}${r.value.unit ? ` ${r.value.unit}` : ''}`;
    return r.value.text ?? '';
  };
  const range = (r: ResultView): string => {
    if (!r.range) return '';
    if (r.range.low !== undefined && r.range.high !== undefined) return `${number.format(r.range.low)} – ${number.format(r.range.high)}${r.range.unit ? ` ${r.range.unit}` : ''}`;
    if (r.range.low !== undefined) return `≥ ${number.format(r.range.low)}${r.range.unit ? ` ${r.range.unit}` : ''}`;
    if (r.range.high !== undefined) return `≤ ${number.format(r.range.high)}${r.range.unit ? ` ${r.range.unit}` : ''}`;
    return r.range.text ?? '';
  };
  return html`<h3 id="results-title">${c.m('results')}</h3>
    <div class="table-wrap"><table class="results" aria-labelledby="results-title">
      <thead><tr><th scope="col">${c.m('test')}</th><th scope="col">${c.m('value')}</th><th scope="col">${c.m('reference')}</th></tr></thead>
      <tbody>${results.map(
        (r) => html`<tr data-flag=${r.flag ?? nothing}>
          <th scope="row">${r.name}</th>
          <td>${value(r)}${r.flag && r.flag !== 'normal' ? html` <span class="flag flag-${r.flag}">(${c.m(`flag.${r.flag}` as DetailMessageKey)})</span>` : nothing}${r.statusKey ? html` <span class="muted">${status(c, r.statusKey)}</span>` : nothing}</td>
          <td>${range(r)}</td>
        </tr>`,
      )}</tbody>
    </table></div>`;
}

function renderStudy(c: DetailContext, s: StudyView): TemplateResult {
  return html`${facts([
      [c.m('description'), s.title],
      [c.m('modality'), s.modalities.join(', ')],
      [c.m('started'), when(c.lang, s.started)],
      [c.m('series'), s.seriesCount !== undefined ? c.m('seriesCount', { count: s.seriesCount, instances: s.instances ?? '?' }) : undefined],
      [c.m('interpreter'), actor(s.interpreter)],
      [c.m('referrer'), actor(s.referrer)],
    ])}
    ${s.series.length
      ? html`<div class="table-wrap"><table class="series">
          <thead><tr><th scope="col">${c.m('seriesNumber')}</th><th scope="col">${c.m('modality')}</th><th scope="col">${c.m('description')}</th><th scope="col">${c.m('bodySite')}</th><th scope="col">${c.m('instances')}</th></tr></thead>
          <tbody>${s.series.map((x) => html`<tr><td>${x.number ?? ''}</td><td>${x.modality ?? ''}</td><td>${x.description ?? ''}</td><td>${x.bodySite ?? ''}</td><td>${x.instances ?? ''}</td></tr>`)}</tbody>
        </table></div>`
      : nothing}`;
}

/** Attachments as preview buttons (the shared media viewer; next/previous among them). */
function renderContent(c: DetailContext, content: ContentView[], title: string): TemplateResult {
  const media = content.map((x, i) => c.mediaItem(`${c.item.reference}#${i}`, x, title));
  return html`<ul class="content">${media.map(
    (mi, i) => html`<li><button type="button" class="preview" @click=${() => c.preview(media, i)}>${c.m('preview', { name: mi.name })}</button></li>`,
  )}</ul>`;
}
