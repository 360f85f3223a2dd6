import { expect } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { manyDocuments } from './documents.fixtures.ts';
import { documentsIn, GP, items, serveStore } from './documents.testing.ts';

async function timed(n: number, pageSize: number): Promise<{ ms: number; rows: number; el: Awaited<ReturnType<typeof documentsIn>> }> {
  await serveStore(manyDocuments(n));
  const start = performance.now();
  const el = await documentsIn({ user: GP, profession: '10', pageSize, height: 600 });
  return { ms: performance.now() - start, rows: items(el).length, el };
}

describe('<coord-documents> at scale', () => {
  it('2 000 documents: the DOM holds a window of rows, first render and scrolling stay cheap', async () => {
    // One at a time: an element below the viewport renders no rows (the virtualiser clips to the window).
    const small = await timed(20, 20);
    small.el.closest('coord-provider')!.remove();
    const big = await timed(2000, 2000);
    console.log(`documents first render: 20 docs ${small.ms.toFixed(0)} ms (${small.rows} rows in DOM), 2000 docs ${big.ms.toFixed(0)} ms (${big.rows} rows in DOM)`);
    expect(big.el.store!.entries.length).to.equal(2000);
    expect(big.rows, 'virtualised: a window of rows only').to.be.below(60);
    const list = big.el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    const frames: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 30; i++) {
      list.scrollTop += 1500;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    console.log(`documents scroll: median frame ${frames[15]!.toFixed(1)} ms, worst ${frames[29]!.toFixed(1)} ms, rows in DOM ${items(big.el).length}`);
    expect(items(big.el).length).to.be.below(60);
    await waitUntil(() => items(big.el).length > 0);
  });

  it('pages from the server as the list scrolls (50 at a time)', async () => {
    const store = await serveStore(manyDocuments(200));
    const el = await documentsIn({ user: GP, profession: '10', pageSize: 50, height: 600 });
    expect(el.store!.entries.length).to.equal(50);
    const list = el.shadowRoot!.querySelector<HTMLElement>('.list')!;
    list.scrollTop = list.scrollHeight;
    await waitUntil(() => el.store!.entries.length >= 100, 'next page loaded on scroll');
    expect(store.requests.filter((r) => r.startsWith('GET DocumentReference?')).length).to.be.greaterThan(1);
  });

  it('grid view: cards in lines, roving focus with arrows, accessible', async () => {
    await serveStore(manyDocuments(30));
    const el = await documentsIn({ user: GP, profession: '10', height: 600 });
    el.view = 'grid';
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.querySelector('.cards .card'));
    await expect(el).shadowDom.to.be.accessible();
    const cards = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.card')];
    cards()[0]!.focus();
    cards()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await waitUntil(() => el.shadowRoot!.activeElement === cards()[1]);
  });
});
