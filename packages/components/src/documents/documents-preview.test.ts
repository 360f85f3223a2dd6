import { expect } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import type { CoordMediaViewer } from '../base/media-viewer.ts';
import type { CoordDocuments } from './documents.component.ts';
import { doc, documentsIn, GP, items, seedWith, serveStore, text } from './documents.testing.ts';

// 1×1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

async function openPreview(el: CoordDocuments, id: string): Promise<CoordMediaViewer> {
  items(el).find((i) => i.dataset.key === `DocumentReference/${id}`)!.click();
  await el.updateComplete;
  el.shadowRoot!.querySelector<HTMLButtonElement>('.details .preview')!.click();
  const viewer = el.shadowRoot!.querySelector('coord-media-viewer')!;
  await waitUntil(() => viewer.isOpen && viewer.shadowRoot!.querySelector('.content')?.getAttribute('data-state') !== 'loading', 'viewer settled');
  return viewer;
}

const content = (v: CoordMediaViewer) => v.shadowRoot!.querySelector<HTMLElement>('.content')!;

describe('<coord-documents> preview and bad input', () => {
  it('the grid shows thumbnails of image documents, loaded through the client; other cards keep their icon', async () => {
    await serveStore();
    const el = await documentsIn({ user: GP, profession: '10' });
    el.view = 'grid';
    el.query = 'Photo de la plaie';
    const card = (): HTMLElement | undefined => items(el).find((i) => i.textContent!.includes('Photo de la plaie du talon droit'));
    await waitUntil(() => card()?.querySelector('img.thumb'), 'no thumbnail for the photo');
    const img = card()!.querySelector<HTMLImageElement>('img.thumb')!;
    expect(img.src.startsWith('blob:'), 'bytes read through the client, shown from a blob: URL').to.be.true;
    expect(img.alt, 'decorative: the title names the card').to.equal('');
    await waitUntil(() => img.complete && img.naturalWidth > 0, 'the thumbnail decodes');
    expect(img.getBoundingClientRect().width, 'never larger than its box').to.be.at.most(48.5);
    el.query = 'Écho-doppler';
    await waitUntil(() => items(el).some((i) => i.textContent!.includes('Écho-doppler')), 'the PDF card');
    const pdfCard = items(el).find((i) => i.textContent!.includes('Écho-doppler'))!;
    expect(pdfCard.querySelector('img.thumb'), 'no thumbnail for a PDF').to.be.null;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('a Binary that 404s shows "Contenu indisponible"', async () => {
    await serveStore(seedWith(doc('gone', { url: 'Binary/nope' })));
    const el = await documentsIn({ user: GP, profession: '10' });
    const viewer = await openPreview(el, 'gone');
    expect(content(viewer).dataset.state).to.equal('unavailable');
    expect(text(content(viewer))).to.contain('Contenu indisponible');
    await expect(viewer).shadowDom.to.be.accessible();
    viewer.close();
  });

  it('an attachment on another origin is never fetched: its domain and a noopener link', async () => {
    const store = await serveStore(seedWith(doc('ext', { url: 'https://evil.example.org/files/cr.pdf' })));
    const fetched: string[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => fetched.push(e.name)));
    observer.observe({ type: 'resource', buffered: true });
    const el = await documentsIn({ user: GP, profession: '10' });
    items(el)[0]!.click();
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('.details'))).to.contain('Contenu sur un autre serveur : evil.example.org');
    const viewer = await openPreview(el, 'ext');
    const link = content(viewer).querySelector('a')!;
    expect(link.href).to.equal('https://evil.example.org/files/cr.pdf');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.target).to.equal('_blank');
    expect(text(content(viewer))).to.contain('evil.example.org');
    observer.disconnect();
    expect(fetched.filter((u) => u.includes('evil.example.org')), 'no request to the other origin').to.deep.equal([]);
    expect(store.requests.some((r) => r.includes('evil'))).to.be.false;
    viewer.close();
  });

  it('a "PDF" that is not one is said to be unreadable; an unsupported type offers a download', async () => {
    await serveStore(seedWith(
      doc('bad', { data: btoa('<html><script>alert(1)</script></html>'), title: 'faux.pdf' }),
      doc('zip', { data: btoa('PK\u0003\u0004'), contentType: 'application/zip', title: 'archive', date: '2026-11-01T10:00:00Z' }),
    ));
    const el = await documentsIn({ user: GP, profession: '10' });
    let viewer = await openPreview(el, 'bad');
    expect(content(viewer).dataset.state).to.equal('corrupt');
    expect(text(content(viewer))).to.contain('Fichier illisible');
    viewer.close();
    viewer = await openPreview(el, 'zip');
    expect(content(viewer).dataset.state).to.equal('unsupported');
    expect(viewer.shadowRoot!.querySelector('.download')).to.exist;
    await expect(viewer).shadowDom.to.be.accessible();
    viewer.close();
  });

  it('text inline as text; images with zoom and next/previous by keyboard; download with the real name', async () => {
    await serveStore(seedWith(
      doc('txt', { data: btoa('<b>pas du HTML</b>'), contentType: 'text/plain', title: 'notes.txt', date: '2026-11-22T10:00:00Z' }),
      doc('img', { data: PNG, contentType: 'image/png', title: 'Plaie J12', date: '2026-11-21T10:00:00Z', type: '72170-4' }),
      doc('pdf', { title: 'CR consultation', date: '2026-11-20T10:00:00Z' }),
    ));
    const el = await documentsIn({ user: GP, profession: '10' });
    const viewer = await openPreview(el, 'txt');
    expect(content(viewer).querySelector('pre')!.textContent).to.equal('<b>pas du HTML</b>');
    expect(content(viewer).querySelector('b')).to.be.null;
    const dialog = viewer.shadowRoot!.querySelector('dialog')!;
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await waitUntil(() => content(viewer).querySelector('img'), 'next is the image');
    expect(content(viewer).querySelector('img')!.alt).to.equal('Image : Plaie J12.png');
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    await viewer.updateComplete;
    expect(content(viewer).dataset.zoom).to.equal('1.5');
    await expect(viewer).shadowDom.to.be.accessible();
    const names: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) { names.push(this.download); };
    try {
      viewer.shadowRoot!.querySelector<HTMLButtonElement>('.download')!.click();
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(names).to.deep.equal(['Plaie J12.png']);
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await waitUntil(() => content(viewer).querySelector('.open-pdf'), 'then the PDF, opened in the browser viewer');
    viewer.close();
  });

  it('markup and a 5 000-character title from the server render as text, clipped', async () => {
    await serveStore(seedWith(doc('long', { title: `<img src=x onerror="window.__pwned=1">${'é'.repeat(5000)}` })));
    const el = await documentsIn({ user: GP, profession: '10' });
    const title = items(el)[0]!.querySelector('.title')!;
    expect(title.textContent!.startsWith('<img src=x')).to.be.true;
    expect(title.textContent!.length).to.be.at.most(300);
    expect(el.shadowRoot!.querySelector('.list img')).to.be.null;
    expect((window as unknown as { __pwned?: number }).__pwned).to.be.undefined;
    expect(items(el)[0]!.getBoundingClientRect().height, 'one row, not a wall of text').to.be.below(150);
    await expect(el).shadowDom.to.be.accessible();
  });
});
