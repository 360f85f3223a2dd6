import { expect } from '@open-wc/testing';
import type { DocumentReference } from '@medplum/fhirtypes';
import type { MockFhirStore } from '@coord/dev-server/mocks';
import { waitUntil } from '../testing/wait.ts';
import type { CoordDocumentUploadedEvent } from '../events/coord-document-uploaded.ts';
import type { CoordDocuments } from './documents.component.ts';
import { doc, documentsIn, IDEL, items, seedWith, serveStore, settled, text } from './documents.testing.ts';

const PDF = () => new File(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'.repeat(400)], 'CR_visite_<b>domicile</b>.pdf', { type: 'application/pdf' });

function pick(el: CoordDocuments, ...files: File[]): void {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('.upload input[type="file"]:not([capture])')!;
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
}

async function submit(el: CoordDocuments, title?: string): Promise<void> {
  await el.updateComplete;
  const form = el.shadowRoot!.querySelector<HTMLFormElement>('.upload-form')!;
  if (title !== undefined) {
    const input = form.querySelector<HTMLInputElement>('input[name="title"]')!;
    input.value = title;
    input.dispatchEvent(new InputEvent('input'));
  }
  form.requestSubmit();
  await el.updateComplete;
}

const job = (el: CoordDocuments) => el.shadowRoot!.querySelector<HTMLElement>('.job');
const uploaded = (store: MockFhirStore) => (store.all('DocumentReference') as DocumentReference[]).filter((d) => (d as DocumentReference).author?.[0]?.reference === IDEL && d.meta?.versionId && (d as DocumentReference).description?.startsWith('Visite'));

describe('<coord-documents> upload', () => {
  it('shows a progress bar at once, then the confirmed document in the list; coord-document-uploaded once', async () => {
    const store = await serveStore(seedWith(doc('d1')));
    const el = await documentsIn();
    const events: CoordDocumentUploadedEvent[] = [];
    el.addEventListener('coord-document-uploaded', (e) => events.push(e));
    pick(el, PDF());
    await el.updateComplete;
    const title = el.shadowRoot!.querySelector<HTMLInputElement>('.upload-form input[name="title"]')!;
    expect(title.value, 'title from the file name').to.equal('CR visite <b>domicile</b>');
    await expect(el).shadowDom.to.be.accessible();
    store.latency = 300;
    await submit(el, 'Visite à domicile <img src=x onerror=alert(1)>');
    expect(job(el)!.querySelector('progress'), 'pending at once').to.exist;
    expect(text(job(el))).to.match(/Envoi en cours|Enregistrement/);
    await expect(el).shadowDom.to.be.accessible();
    store.latency = 0;
    await waitUntil(() => events.length === 1, 'uploaded event');
    const saved = uploaded(store);
    expect(saved).to.have.length(1);
    expect(events[0]!.detail.reference).to.equal(`DocumentReference/${saved[0]!.id}`);
    expect(saved[0]!.content[0]!.attachment.url).to.match(/^Binary\//);
    await settled(el);
    const row = items(el).find((i) => i.dataset.key === events[0]!.detail.reference)!;
    expect(text(row.querySelector('.title')), 'markup shown as text').to.equal('Visite à domicile <img src=x onerror=alert(1)>');
    expect(el.shadowRoot!.querySelector('img'), 'nothing executed').to.be.null;
    expect(job(el), 'the pending row left once confirmed').to.be.null;
  });

  it('checks type and size before sending, with a clear message; nothing is sent', async () => {
    const store = await serveStore(seedWith());
    const el = await documentsIn({ maxFileSize: 1024 });
    const before = store.requests.length;
    pick(el, new File(['<script>alert(1)</script>'], '<i>page</i>.html', { type: 'text/html' }), new File([new Uint8Array(4096)], 'scan.pdf', { type: 'application/pdf' }));
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('.problems')!;
    expect(text(alert)).to.contain('« <i>page</i>.html » n’est pas d’un type accepté');
    expect(text(alert)).to.contain('« scan.pdf » dépasse la taille maximale de 1 Ko (4 Ko).');
    expect(el.shadowRoot!.querySelector('.upload-form'), 'no form for refused files').to.be.null;
    expect(store.requests.slice(before).filter((r) => r.startsWith('POST'))).to.deep.equal([]);
    await expect(el).shadowDom.to.be.accessible();
  });

  it('a 5 000-character title is refused before sending, visibly', async () => {
    await serveStore(seedWith());
    const el = await documentsIn();
    pick(el, PDF());
    await submit(el, 'x'.repeat(5000));
    // The input's maxlength clips typing; a value set by script is still checked.
    expect(text(el.shadowRoot!.querySelector('.form-error'))).to.equal('Le titre est limité à 200 caractères.');
    expect(el.shadowRoot!.querySelector('.job')).to.be.null;
  });

  it('a failed upload says so; retry sends without choosing the file again, and the bytes only once', async () => {
    const store = await serveStore(seedWith());
    const el = await documentsIn();
    store.fail({ method: 'POST', type: 'DocumentReference', failure: 500, times: 3 });
    pick(el, PDF());
    await submit(el, 'Visite du 2 décembre');
    await waitUntil(() => job(el)?.classList.contains('s-failed'), 'failed');
    expect(text(job(el))).to.contain('Non envoyé');
    await expect(el).shadowDom.to.be.accessible();
    job(el)!.querySelector<HTMLButtonElement>('.retry')!.click();
    await waitUntil(() => uploaded(store).length === 1 && !job(el), 'stored after retry');
    expect(store.requests.filter((r) => r.startsWith('POST Binary')), 'the Binary is not sent again').to.have.length(1);
  });

  it('an upload whose answer is lost is stored once', async () => {
    const store = await serveStore(seedWith());
    const el = await documentsIn();
    store.fail({ method: 'POST', type: 'DocumentReference', failure: 'lost', times: 1 });
    let confirmed = 0;
    el.addEventListener('coord-document-uploaded', () => confirmed++);
    pick(el, PDF());
    await submit(el, 'Visite réseau coupé');
    await waitUntil(() => confirmed === 1, 'confirmed');
    expect(uploaded(store), 'one document, not two').to.have.length(1);
    const posted = store.requests.indexOf('POST DocumentReference');
    expect(posted, 'sent').to.be.greaterThan(-1);
    expect(store.requests.slice(posted + 1).some((r) => r.startsWith('GET DocumentReference?')), 'then looked up by its identifier').to.be.true;
  });

  it('cancel stops the upload: nothing stored, retry still possible', async () => {
    const store = await serveStore(seedWith());
    const el = await documentsIn();
    store.latency = 'infinite';
    pick(el, PDF());
    await submit(el, 'Visite annulée');
    await waitUntil(() => job(el)?.querySelector('.cancel'));
    job(el)!.querySelector<HTMLButtonElement>('.cancel')!.click();
    await waitUntil(() => job(el)?.classList.contains('s-cancelled'), 'cancelled');
    expect(text(job(el))).to.contain('Envoi annulé');
    expect(uploaded(store)).to.have.length(0);
    store.latency = 0;
    job(el)!.querySelector<HTMLButtonElement>('.retry')!.click();
    await waitUntil(() => uploaded(store).length === 1, 'stored after retry');
  });

  it('replaces a document with a new version: relatesTo replaces, the old one superseded with If-Match', async () => {
    const store = await serveStore(seedWith(doc('mine', { author: IDEL, title: 'Visite initiale', type: '34746-8' })));
    const el = await documentsIn();
    items(el)[0]!.click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.details .replace')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.upload-form'));
    expect(text(el.shadowRoot!.querySelector('.form-title'))).to.contain('Nouvelle version de « Visite initiale »');
    pick(el, PDF());
    await submit(el, 'Visite initiale (corrigée)');
    await waitUntil(() => (store.get('DocumentReference/mine') as DocumentReference).status === 'superseded', 'old superseded');
    const next = store.all('DocumentReference').find((d) => (d as DocumentReference).relatesTo?.[0]?.target.reference === 'DocumentReference/mine') as DocumentReference;
    expect(next.relatesTo![0]!.code).to.equal('replaces');
    await waitUntil(() => items(el).length === 1 && text(items(el)[0]).includes('(corrigée)'), 'one row, the new version');
    expect(text(items(el)[0])).to.contain('1 version(s) précédente(s)');
  });

  it('the author masks and unmasks a document (If-Match); others see no mask button', async () => {
    const store = await serveStore(seedWith(doc('mine', { author: IDEL, type: '34746-8' }), doc('theirs', { type: '34746-8', date: '2026-11-01T10:00:00Z' })));
    const el = await documentsIn();
    const row = (id: string) => items(el).find((i) => i.dataset.key === `DocumentReference/${id}`)!;
    row('theirs').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.details .mask'), 'not the author').to.be.null;
    row('mine').click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.details .mask')!.click();
    await waitUntil(() => text(el.shadowRoot!.querySelector('.details .notice')).includes('masqué aux professionnels'));
    const saved = store.get('DocumentReference/mine') as DocumentReference;
    expect(saved.securityLabel?.some((l) => l.coding?.some((c) => c.code === 'MASQUE_PS'))).to.be.true;
    expect(saved.meta?.versionId).to.equal('2');
    expect(text(row('mine'))).to.contain('Masqué aux professionnels');
    await expect(el).shadowDom.to.be.accessible();
    // Someone else changed it meanwhile: the 412 is merged (other fields) and nothing of theirs is lost.
    store.add({ ...saved, description: 'changé ailleurs' });
    el.shadowRoot!.querySelector<HTMLButtonElement>('.details .mask')!.click();
    await waitUntil(() => !el.shadowRoot!.querySelector<HTMLButtonElement>('.details .mask')!.disabled);
    const after = store.get('DocumentReference/mine') as DocumentReference;
    expect(after.description).to.equal('changé ailleurs');
  });

  it('drop and paste stage files for the form, like the picker', async () => {
    await serveStore(seedWith());
    const el = await documentsIn();
    const section = el.shadowRoot!.querySelector('.documents')!;
    const dropped = new DataTransfer();
    dropped.items.add(new File(['%PDF-1.4'], 'lettre.pdf', { type: 'application/pdf' }));
    section.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    const pasted = new DataTransfer();
    pasted.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' }));
    section.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    await el.updateComplete;
    const titles = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('.upload-form input[name="title"]')].map((i) => i.value);
    expect(titles).to.deep.equal(['lettre', 'image']);
    expect(el.shadowRoot!.querySelector('.upload input[capture]')?.getAttribute('capture'), 'camera on mobile').to.equal('environment');
  });
});
