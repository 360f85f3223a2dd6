import { expect, fixture, html } from '@open-wc/testing';
import { MOCK_BASE_URL, fhirRecordHandlers } from '@coord/dev-server/mocks';
import { useHandlers } from '../testing/msw.ts';
import { waitUntil } from '../testing/wait.ts';
import './timeline.ts';
import type { CoordTimeline } from './timeline.component.ts';
import { fitLaneLabel, layoutAxis, textWidth } from './timeline-axis.ts';
import { laneSuffixes } from './timeline-view.ts';
import { LABEL_W } from './timeline-overview.ts';
import { GP, PATIENT, withItems } from './timeline.fixtures.ts';
import type { PathwayView } from '@coord/api-client';

type Box = { left: number; right: number; top: number; bottom: number; text: string };
const overlap = (a: Box, b: Box): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function overlaps(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) out.push(`"${boxes[i]!.text}" × "${boxes[j]!.text}"`);
  return out;
}

describe('timeline axis and lane labels (pure)', () => {
  it('today wins: a tick whose label would touch it yields; ticks never touch each other', () => {
    const ticks = [150, 180, 200, 260, 300, 330].map((x) => ({ x, text: '2026' }));
    const labels = layoutAxis(ticks, { x: 305, text: 'Aujourd’hui' }, 150, 500);
    const today = labels.find((l) => l.today)!;
    expect(today.anchor).to.equal('end');
    const boxes = labels.map((l) => ({ left: l.left, right: l.right, top: 0, bottom: 1, text: l.text }));
    expect(overlaps(boxes)).to.deep.equal([]);
    expect(labels.filter((l) => !l.today).every((l) => l.right < today.left || l.left > today.right)).to.be.true;
    expect(labels.some((l) => !l.today && l.x === 303), 'the tick under today yields').to.be.false;
  });

  it('today near the left edge is drawn right of its line, inside the plot', () => {
    const labels = layoutAxis([{ x: 160, text: 'janv.' }], { x: 155, text: 'Aujourd’hui' }, 150, 400);
    const today = labels.find((l) => l.today)!;
    expect(today.anchor).to.equal('start');
    expect(today.left).to.be.at.least(150);
    expect(labels).to.have.length(1);
  });

  it('a shortened lane label keeps what tells it apart', () => {
    const label = fitLaneLabel('Plaies complexes de la jambe gauche', '2024–2025', LABEL_W - 10);
    expect(label.endsWith('… (2024–2025)'), label).to.be.true;
    expect(textWidth(label, true)).to.be.at.most(LABEL_W - 10);
    expect(fitLaneLabel('Cancer', '', LABEL_W - 10)).to.equal('Cancer');
  });

  it('same-named pathways are told apart by years, else start date, else organisation, else a number', () => {
    const p = (id: string, start: string, end?: string, org?: string): PathwayView => ({
      reference: `EpisodeOfCare/${id}`, label: 'Plaies complexes', status: 'active', start, end, careTeams: [], colorIndex: 1, organization: org ? { name: org, unresolved: false } : undefined,
    });
    const since = (iso: string) => `depuis le ${iso.slice(0, 10)}`;
    expect(laneSuffixes([p('a', '2024-02-01', '2025-01-01'), p('b', '2026-03-01')], { since })).to.deep.equal(['2024–2025', '2026']);
    expect(laneSuffixes([p('a', '2026-01-05'), p('b', '2026-03-01')], { since })).to.deep.equal(['depuis le 2026-01-05', 'depuis le 2026-03-01']);
    expect(laneSuffixes([p('a', '2026-01-05', undefined, 'CHU'), p('b', '2026-01-05', undefined, 'HAD')], { since })).to.deep.equal(['CHU', 'HAD']);
    const same = laneSuffixes([p('a', '2026-01-05'), p('b', '2026-01-05')], { since });
    expect(new Set(same).size).to.equal(2);
  });
});

describe('timeline axis and lane labels (measured in the browser)', () => {
  beforeEach(async () => {
    await useHandlers(fhirRecordHandlers());
  });

  for (const width of [390, 1280]) {
    for (const zoom of ['recent', 'week', 'month', 'year', 'all']) {
      it(`no two axis texts overlap, lane labels fit and are unique (${width} px, ${zoom})`, async () => {
        const wrapper = await fixture<HTMLDivElement>(html`<div style="width: ${width}px">
          <coord-timeline base-url=${MOCK_BASE_URL} patient=${PATIENT} user=${GP} profession="10" poll-interval="0" zoom=${zoom}></coord-timeline>
        </div>`);
        const el = wrapper.querySelector('coord-timeline') as CoordTimeline;
        await withItems(el);
        const svg = () => el.shadowRoot!.querySelector<SVGSVGElement>('svg.chart')!;
        await waitUntil(() => Math.abs(Number(svg().getAttribute('width')) - (width - 2)) <= 2, `chart not at ${width} px`);
        await el.updateComplete;
        const texts = [...svg().querySelectorAll<SVGTextElement>('text.tick, text.today-label')];
        expect(texts.length, 'some axis labels').to.be.greaterThan(zoom === 'all' ? 0 : 1);
        const boxes = texts.map((t) => {
          const r = t.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: t.textContent ?? '' };
        });
        expect(overlaps(boxes), 'overlapping axis labels').to.deep.equal([]);
        const chart = svg().getBoundingClientRect();
        for (const b of boxes) expect(b.right <= chart.right + 0.5 && b.left >= chart.left + LABEL_W - 0.5, `"${b.text}" inside the plot: ${JSON.stringify([b.left - chart.left, b.right - chart.left, chart.width])}`).to.be.true;
        if (el.shadowRoot!.querySelector('.today')) expect(texts.some((t) => t.classList.contains('today-label')), 'today is labelled').to.be.true;
        const lanes = [...svg().querySelectorAll<SVGTextElement>('text.lane-label')];
        const names = lanes.map((t) => t.textContent);
        expect(new Set(names).size, names.join(' | ')).to.equal(names.length);
        for (const t of lanes) expect(t.getComputedTextLength(), `"${t.textContent}" fits its column`).to.be.at.most(LABEL_W - 8);
      });
    }
  }
});
