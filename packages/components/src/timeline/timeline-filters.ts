/**
 * The filter bar of `<coord-timeline>`: pathway and kind chips (toggle buttons), date range,
 * free text, and the overview's period when one is picked. Pure template; the element holds
 * the values (reflected to its attributes).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { localize, type Lang } from '../base/i18n.ts';
import { timelineMessages, type TimelineMessageKey } from './timeline.messages.ts';
import { KIND_CHIPS, type KindChip, type Lane } from './timeline-view.ts';

export interface FiltersModel {
  lang: Lang;
  lanes: Lane[];
  /** Chips shown as pressed. */
  kinds: Set<KindChip>;
  since?: string;
  until?: string;
  query: string;
  regionLabel?: string;
  active: boolean;
}

export interface FiltersHandlers {
  togglePathway: (key: string) => void;
  toggleKind: (chip: KindChip) => void;
  since: (value: string) => void;
  until: (value: string) => void;
  query: (value: string, done: boolean) => void;
  clear: () => void;
  clearRegion: () => void;
}

const t = (lang: Lang, key: TimelineMessageKey, params?: Record<string, string | number>): string =>
  localize(timelineMessages, lang, key, params);

const value = (e: Event): string => (e.target as HTMLInputElement).value;

export function renderFilters(m: FiltersModel, h: FiltersHandlers): TemplateResult {
  const { lang } = m;
  return html`<form class="filters" part="filters" role="search" aria-label=${t(lang, 'filters')} @submit=${(e: Event) => e.preventDefault()}>
    <div class="chips" role="group" aria-label=${t(lang, 'pathwaysFilter')}>
      ${m.lanes.map(
        (lane) => html`<button
          type="button"
          class="chip-toggle ${lane.colorIndex >= 0 ? `p${lane.colorIndex}` : 'none'}"
          data-pathway=${lane.key}
          aria-pressed=${lane.selected ? 'true' : 'false'}
          @click=${() => h.togglePathway(lane.key)}
        >${lane.label}</button>`,
      )}
    </div>
    <div class="chips" role="group" aria-label=${t(lang, 'kindsFilter')}>
      ${KIND_CHIPS.map(
        (chip) => html`<button
          type="button"
          class="chip-toggle kind"
          data-kind=${chip}
          aria-pressed=${m.kinds.has(chip) ? 'true' : 'false'}
          @click=${() => h.toggleKind(chip)}
        >${t(lang, `chip.${chip}`)}</button>`,
      )}
    </div>
    <div class="fields">
      <label>${t(lang, 'since')} <input type="date" name="since" .value=${live(m.since ?? '')} @change=${(e: Event) => h.since(value(e))} /></label>
      <label>${t(lang, 'until')} <input type="date" name="until" .value=${live(m.until ?? '')} @change=${(e: Event) => h.until(value(e))} /></label>
      <label class="search"
        >${t(lang, 'search')}
        <input
          type="search"
          name="query"
          placeholder=${t(lang, 'searchPlaceholder')}
          .value=${live(m.query)}
          @input=${(e: Event) => h.query(value(e), false)}
          @change=${(e: Event) => h.query(value(e), true)}
      /></label>
      ${m.active ? html`<button type="button" class="clear" @click=${h.clear}>${t(lang, 'clearFilters')}</button>` : nothing}
    </div>
    ${m.regionLabel
      ? html`<p class="region-chip">
          <span>${m.regionLabel}</span>
          <button type="button" class="clear-region" aria-label=${t(lang, 'clearRegion')} @click=${h.clearRegion}>×</button>
        </p>`
      : nothing}
  </form>`;
}
