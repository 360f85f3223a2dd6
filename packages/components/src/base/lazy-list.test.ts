import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { LitElement, css, html } from 'lit';
import { FIRST_PAINT, LazyList, VIRTUALIZE_FROM, loadVirtualizer, type VirtualModule } from './lazy-list.ts';
import { waitUntil } from '../testing/wait.ts';

// A list element the way the timeline, the documents and the audit use LazyList: a fixed-height
// scrolling container whose only children are the rows.
interface Row {
  id: string;
}
const rowsOf = (n: number, from = 0): Row[] => Array.from({ length: n }, (_, i) => ({ id: `r${from + i}` }));

class TestList extends LitElement {
  static override styles = css`
    .list { height: 200px; }
    .row { height: 20px; box-sizing: border-box; }
  `;
  static override properties = { rows: { attribute: false } };
  rows: Row[] = [];
  loads = 0;
  ranges: Array<{ first: number; last: number }> = [];
  failLoad = false;
  /** Rows rendered while near the view (what a photo row would have started loading). */
  readonly loaded = new Set<string>();
  readonly list = new LazyList(this, {
    container: () => this.renderRoot.querySelector<HTMLElement>('.list'),
    trackNear: true,
    load: () => {
      this.loads++;
      return this.failLoad ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : loadVirtualizer();
    },
  });

  override render() {
    return html`<div class="list" role="list" @rangeChanged=${(e: Event & { first: number; last: number }) => this.ranges.push({ first: e.first, last: e.last })}>
      ${this.list.render({
        items: this.rows,
        keyFunction: (r: Row) => r.id,
        renderItem: (r: Row, i: number) => {
          if (this.list.isNear(i)) this.loaded.add(r.id);
          return html`<div class="row" role="listitem" tabindex="-1" data-id=${r.id}>${r.id}</div>`;
        },
      })}
    </div>`;
  }
}
customElements.define('test-lazy-list', TestList);

async function listOf(rows: Row[]): Promise<TestList> {
  const el = await fixture<TestList>(fixtureHtml`<test-lazy-list .rows=${rows}></test-lazy-list>`);
  await el.updateComplete;
  // A short list paints its first screenful, then the rest right after: wait for every row.
  if (rows.length <= VIRTUALIZE_FROM) await waitUntil(() => rendered(el) === rows.length, `${rendered(el)} of ${rows.length} rows`);
  return el;
}
const container = (el: TestList) => el.shadowRoot!.querySelector<HTMLElement>('.list')!;
const rendered = (el: TestList) => el.shadowRoot!.querySelectorAll('.row').length;

describe('LazyList (plain rows while few, the virtualizer once many)', () => {
  it('a short list renders every row, fetches no virtualizer, scrolls, and reports the rows near the view', async () => {
    const el = await listOf(rowsOf(100));
    await expect(el).shadowDom.to.be.accessible();
    expect(rendered(el)).to.equal(100);
    expect(el.loads, 'virtualizer fetches').to.equal(0);
    expect(el.list.virtual).to.equal(false);
    // Rows within 400 px of a 200 px view: 0 … 29 at the top (20 px rows).
    await waitUntil(() => el.ranges.length > 0, 'no rangeChanged');
    const top = el.ranges.at(-1)!;
    expect(top.first).to.equal(0);
    expect(top.last, 'the last row within 400 px below the view').to.be.within(29, 30);
    container(el).scrollTop = container(el).scrollHeight;
    await waitUntil(() => el.ranges.at(-1)?.last === 99, `range ${JSON.stringify(el.ranges.at(-1))} after scrolling to the end`);
    expect(container(el).scrollTop, 'the container scrolls').to.be.greaterThan(1000);
  });

  it('a list opening at its start paints a screenful of rows first, and every row right after that frame', async () => {
    const el = document.createElement('test-lazy-list') as TestList;
    el.rows = rowsOf(120);
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(rendered(el), 'rows in the first render').to.equal(FIRST_PAINT);
      expect(el.shadowRoot!.querySelector('.row')?.textContent, 'from the first row').to.equal('r0');
      await waitUntil(() => rendered(el) === 120, `${rendered(el)} rows after the first frame`);
      expect(el.loads, 'no virtualizer for 120 rows').to.equal(0);
      // Later renders hold every row at once (a new row, a filter): only the first paint is cut.
      el.rows = [...rowsOf(1, 500), ...el.rows];
      await el.updateComplete;
      expect(rendered(el)).to.equal(121);
    } finally {
      el.remove();
    }
  });

  it('rows near the view are told apart (photos and thumbnails load for those only), and the host hears when that changes', async () => {
    const el = document.createElement('test-lazy-list') as TestList;
    el.rows = rowsOf(100);
    await fixture(fixtureHtml`<div>${el}</div>`);
    // 200 px view + 400 px below, 20 px rows: rows 0 … ~30 are near, row 90 is not.
    await waitUntil(() => el.loaded.has('r0'), 'the first rows never counted as near');
    expect(el.loaded.has('r90'), 'a row far below the view').to.equal(false);
    container(el).scrollTop = container(el).scrollHeight;
    await waitUntil(() => el.loaded.has('r90'), 'row 90 near once scrolled to');
    expect(rendered(el)).to.equal(100);
  });

  it('past the threshold the rows are virtualised: the DOM holds only rows near the view', async () => {
    const el = await listOf(rowsOf(2000));
    expect(el.loads).to.equal(1);
    await waitUntil(() => el.list.virtual && rendered(el) > 0 && rendered(el) < 100, `${rendered(el)} rows rendered`);
    await expect(el).shadowDom.to.be.accessible();
    el.list.scrollToIndex(1500, 'start');
    await waitUntil(() => el.shadowRoot!.querySelector('[data-id="r1500"]'), 'row 1500 never rendered');
    expect(rendered(el)).to.be.below(100);
  });

  it('the switch keeps the scroll position and the focused row', async () => {
    const el = await listOf(rowsOf(120));
    container(el).scrollTop = 80 * 20;
    const row = el.shadowRoot!.querySelector<HTMLElement>('[data-id="r85"]')!;
    row.focus();
    el.rows = [...el.rows, ...rowsOf(200, 120)];
    await waitUntil(() => el.list.virtual, 'never virtualised');
    await waitUntil(() => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.id === 'r85', `focus on ${(el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.id}`);
    const focused = el.shadowRoot!.activeElement as HTMLElement;
    expect(focused).not.to.equal(row, 'the row is the virtualizer’s now');
    const top = container(el).getBoundingClientRect().top;
    const at = focused.getBoundingClientRect().top - top;
    expect(at, 'the focused row stays in view').to.be.within(-20, 200);
  });

  it('when the virtualizer cannot be fetched, every row renders plainly: nothing is lost', async () => {
    const el = document.createElement('test-lazy-list') as TestList;
    el.failLoad = true;
    el.rows = rowsOf(400);
    await fixture(fixtureHtml`<div>${el}</div>`);
    await waitUntil(() => rendered(el) === 400, `${rendered(el)} rows`);
    expect(el.list.virtual).to.equal(false);
    expect(el.loads).to.equal(1);
  });

  it('a list that grows past the threshold later fetches the virtualizer then, once', async () => {
    const el = await listOf(rowsOf(50));
    expect(el.loads).to.equal(0);
    el.rows = rowsOf(151);
    await el.updateComplete;
    el.rows = rowsOf(300);
    await waitUntil(() => el.list.virtual, 'never virtualised');
    expect(el.loads).to.equal(1);
    const mod: VirtualModule = await loadVirtualizer();
    expect(mod.virtualize).to.be.a('function');
  });
});
