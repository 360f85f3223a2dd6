import { expect, html } from '@open-wc/testing';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { syntheaHistoryAndPhysicalNote } from '@coord/dev-server/fixtures';
import { seedResources } from '@coord/dev-server/seed';
import { clock } from '@coord/api-client';
import type { CarePlan, EpisodeOfCare } from '@medplum/fhirtypes';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import type { View } from './timeline-view.ts';
import { GP, PATIENT, articles, button, feedArticles, shadowText, timeOf, timelineIn, upcomingArticles, withItems } from './timeline.fixtures.ts';

const DAY = 86_400_000;

/** What the timeline opens on: what happened lately, what is next; and what its counts and chips say. */
describe('<coord-timeline> default view', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  const martin = async (attrs = ''): Promise<CoordTimeline> => {
    const el = await timelineIn(html`<coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0"></coord-timeline>`);
    for (const [k, v] of new URLSearchParams(attrs)) el.setAttribute(k, v);
    await withItems(el);
    return el;
  };

  it('upcoming actions sit apart, soonest first, three shown and the rest behind "Voir les N à venir"', async () => {
    const el = await martin();
    await expect(el).shadowDom.to.be.accessible();
    const group = el.shadowRoot!.querySelector('.upcoming')!;
    expect(group.getAttribute('aria-labelledby')).to.equal('upcoming-title');
    const count = Number(/\((\d+)\)/.exec(group.querySelector('h3')!.textContent!)?.[1]);
    expect(count).to.be.greaterThan(3);
    expect(upcomingArticles(el).filter((a) => !a.classList.contains('sub'))).to.have.length(3);
    const toggle = button(el, '.upcoming-toggle');
    expect(toggle.textContent).to.contain(`Voir les ${count} à venir`);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await el.updateComplete;
    const all = upcomingArticles(el).filter((a) => !a.classList.contains('sub')).map(timeOf);
    expect(all).to.have.length(count);
    expect(all).to.deep.equal([...all].sort((a, b) => a - b));
    expect(all.every((t) => t > clock.now())).to.be.true;
    expect(button(el, '.upcoming-toggle').getAttribute('aria-expanded')).to.equal('true');
    // The list below starts at today: nothing in it is in the future.
    expect(feedArticles(el).map(timeOf).filter(Number.isFinite).every((t) => t <= clock.now())).to.be.true;
    // Arrow keys move within the group.
    const first = upcomingArticles(el)[0]!;
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    await waitUntil(() => el.shadowRoot!.activeElement === upcomingArticles(el)[1], 'ArrowDown did not move');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('the overview opens on the last months and the next weeks, not the whole record; "Tout" still shows it all', async () => {
    const el = await martin();
    const view = (el as unknown as { view: View }).view;
    const now = clock.now();
    expect(view.start).to.be.within(now - 120 * DAY, now - 60 * DAY);
    expect(view.end).to.be.within(now + 7 * DAY, now + 70 * DAY);
    button(el, '[data-zoom="all"]').click();
    await el.updateComplete;
    const all = (el as unknown as { view: View }).view;
    expect(all.start, 'the record goes back years').to.be.below(now - 365 * DAY);
  });

  it('counts say what they count while a filter is on', async () => {
    const el = await martin('page-size=200');
    await waitUntil(() => /Tous les éléments sont affichés \(\d+\)/.test(shadowText(el)), 'no total');
    const total = Number(/Tous les éléments sont affichés \((\d+)\)/.exec(shadowText(el))![1]);
    el.kinds = 'imaging';
    await waitUntil(() => el.shadowRoot!.querySelector('.list-footer')?.textContent?.includes('filtres actifs'), 'no filtered count');
    const footer = el.shadowRoot!.querySelector('.list-footer')!.textContent!.replace(/\s+/g, ' ').trim();
    const shown = articles(el).filter((a) => !a.classList.contains('sub')).length;
    await waitUntil(() => !shadowText(el).includes('Tous les éléments sont affichés'), 'the status region still says every item is shown');
    expect(footer).to.equal(`${shown} élément(s) affiché(s) sur ${total} (filtres actifs).`);
    expect(shadowText(el)).not.to.contain('Tous les éléments sont affichés');
  });

  it('an action of the whole plan says "Tous parcours" once instead of a chip per pathway', async () => {
    // The plan's care team is the patient's whole circle, shared by every pathway (as a review saw:
    // four chips on one row).
    const resources = seedResources().map((r) => structuredClone(r));
    const eocs = resources.filter((r): r is EpisodeOfCare => r.resourceType === 'EpisodeOfCare' && r.patient?.reference === PATIENT);
    const teams = eocs.flatMap((e) => e.team ?? []);
    for (const r of resources) if (r.resourceType === 'CarePlan' && r.subject?.reference === PATIENT) (r as CarePlan).careTeam = teams;
    await useHandlers(fhirRecordHandlers({ resources }));
    const el = await martin('kinds=ppcs-action');
    await waitUntil(() => articles(el).some((a) => a.querySelector('.chip.all')), 'no plan-wide action');
    for (const a of articles(el)) {
      const chips = a.querySelectorAll('.chip');
      if (a.querySelector('.chip.all')) {
        expect(chips.length, a.textContent ?? '').to.equal(1);
        expect(chips[0]!.textContent).to.equal('Tous parcours');
        expect(chips[0]!.getAttribute('title')).to.contain('Plaies complexes');
      }
    }
    // Still found under each pathway's filter.
    el.pathways = 'plaies';
    await waitUntil(() => articles(el).some((a) => a.querySelector('.chip.all')), 'plan-wide action gone under a pathway filter');
  });

  it('a report of no known category (Synthea’s "History and physical note") is a "Compte rendu" with a report icon', async () => {
    const note = syntheaHistoryAndPhysicalNote(PATIENT, 'Encounter/enc-hospit', new Date(clock.now() - 3 * DAY).toISOString());
    await useHandlers(fhirRecordHandlers({ resources: [...seedResources(), note] }));
    const el = await martin('query=History and physical');
    await waitUntil(() => el.shadowRoot!.querySelector('.k-report'), 'no report row');
    const row = el.shadowRoot!.querySelector<HTMLElement>('.k-report')!;
    expect(row.textContent).to.contain('Compte rendu').and.not.contain('Autre élément');
    expect(el.shadowRoot!.querySelector('.k-unknown')).to.be.null;
    // The "Documents" chip covers reports.
    button(el, '.chip-toggle[data-kind="document"]').click();
    await waitUntil(() => !el.shadowRoot!.querySelector('.k-report'), 'the Documents chip did not hide reports');
  });
});
