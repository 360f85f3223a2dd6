import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../testing/wait.ts';
import { sendKeys } from '@web/test-runner-commands';
import type { Binary, Communication } from '@medplum/fhirtypes';
import type { CoordSelectEvent } from '../events/coord-select.ts';
import { articles, chatIn, composer, layoutDone, serveStore, shadowText } from './chat.testing.ts';
import type { CoordChat } from './chat.component.ts';

/** Scrolls until the message with this text is rendered. */
async function show(chat: CoordChat, text: string): Promise<HTMLElement> {
  const thread = chat.shadowRoot!.querySelector<HTMLElement>('.thread')!;
  for (let top = thread.scrollHeight; top >= -thread.clientHeight; top -= thread.clientHeight / 2) {
    const found = articles(chat).find((a) => a.textContent!.includes(text));
    if (found) {
      // On screen, as the user sees it (a short thread renders every row; photos load near the view).
      thread.scrollTop += found.getBoundingClientRect().top - thread.getBoundingClientRect().top - 8;
      await layoutDone(chat);
      return articles(chat).find((a) => a.textContent!.includes(text)) ?? found;
    }
    thread.scrollTop = top;
    await layoutDone(chat);
  }
  throw new Error(`message "${text}" not found`);
}

function pick(chat: CoordChat, ...files: File[]): void {
  const input = chat.shadowRoot!.querySelector<HTMLInputElement>('#file-input')!;
  const dt = new DataTransfer();
  files.forEach((f) => dt.items.add(f));
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
}

const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

describe('<coord-chat> photos and attachments', () => {
  it('shows a photo as a thumbnail fetched with the client, opening an accessible viewer that Escape closes', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    const article = await show(chat, 'Photo de la plaie ce matin');
    const thumb = article.querySelector<HTMLButtonElement>('button.thumb')!;
    await waitUntil(() => thumb.querySelector('img')?.getAttribute('src')?.startsWith('blob:'), 'thumbnail as blob: URL', { timeout: 4000 });
    expect(store.count('GET Binary/bin-photo-plaie')).to.equal(1);
    expect(thumb.getAttribute('aria-label')).to.equal('Agrandir la photo plaie-talon.png');

    thumb.focus();
    const selected = oneEvent(chat, 'coord-select') as Promise<CoordSelectEvent>;
    thumb.click();
    expect((await selected).detail).to.deep.equal({ reference: 'Binary/bin-photo-plaie', kind: 'attachment' });
    // The dialogs' code comes on the first one opened; the viewer then opens with focus inside.
    await waitUntil(() => chat.shadowRoot!.querySelector('dialog')?.open, 'viewer open', { timeout: 3000 });
    const dialog = chat.shadowRoot!.querySelector('dialog')!;
    expect(dialog.contains(chat.shadowRoot!.activeElement), 'focus in the viewer').to.be.true;
    expect(dialog.querySelector('img')!.alt).to.equal('plaie-talon.png');
    await expect(chat).shadowDom.to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'closed by Escape', { timeout: 2000 });
    await chat.updateComplete;
    expect(chat.shadowRoot!.activeElement, 'focus back on the thumbnail').to.equal(thumb);
  });

  it('opens a document chip as a download with its file name, and tells the host', async () => {
    await serveStore();
    const chat = await chatIn();
    const article = await show(chat, 'ordonnance de soins infirmiers');
    const downloads: HTMLAnchorElement[] = [];
    const capture = (e: MouseEvent): void => {
      const a = e.target as HTMLAnchorElement;
      if (a instanceof HTMLAnchorElement && a.download) {
        e.preventDefault();
        downloads.push(a);
      }
    };
    document.addEventListener('click', capture, true);
    try {
      const selected = oneEvent(chat, 'coord-select') as Promise<CoordSelectEvent>;
      article.querySelector<HTMLButtonElement>('button[aria-label^="Télécharger"]')!.click();
      expect((await selected).detail.reference).to.equal('Binary/bin-ordo-pansements');
      await waitUntil(() => downloads.length === 1, 'download started', { timeout: 3000 });
    } finally {
      document.removeEventListener('click', capture, true);
    }
    expect(downloads[0]!.download).to.equal('ordonnance-pansements.pdf');
    expect(downloads[0]!.href).to.match(/^blob:/);
  });

  it('opens a PDF in a new tab as a blob, or downloads it when pop-ups are blocked', async () => {
    await serveStore();
    const chat = await chatIn();
    const article = await show(chat, 'ordonnance de soins infirmiers');
    const open = window.open;
    const opened: string[] = [];
    const fakeTab = { opener: window } as unknown as Window;
    window.open = ((url: string) => (opened.push(url), fakeTab)) as typeof window.open;
    try {
      article.querySelector<HTMLButtonElement>('button[aria-label="Ouvrir ordonnance-pansements.pdf"]')!.click();
      await waitUntil(() => opened.length === 1, 'opened', { timeout: 3000 });
      expect(opened[0]).to.match(/^blob:/);
      expect(fakeTab.opener, 'no way back to the page').to.be.null;
    } finally {
      window.open = open;
    }
    const downloads: string[] = [];
    const capture = (e: MouseEvent): void => {
      const a = e.target as HTMLAnchorElement;
      if (a instanceof HTMLAnchorElement && a.download) (e.preventDefault(), downloads.push(a.download));
    };
    window.open = (() => null) as typeof window.open;
    document.addEventListener('click', capture, true);
    try {
      article.querySelector<HTMLButtonElement>('button[aria-label="Ouvrir ordonnance-pansements.pdf"]')!.click();
      await waitUntil(() => downloads.length === 1, 'downloaded instead', { timeout: 3000 });
    } finally {
      window.open = open;
      document.removeEventListener('click', capture, true);
    }
    expect(downloads).to.deep.equal(['ordonnance-pansements.pdf']);
  });

  it('attaches a photo by the picker; it shows at once and is stored as Binary + attachment', async () => {
    const store = await serveStore();
    const chat = await chatIn();
    pick(chat, new File([PNG], 'talon-j30.png', { type: 'image/png' }));
    await chat.updateComplete;
    expect(chat.shadowRoot!.querySelector('.pending-file')!.textContent).to.contain('talon-j30.png');
    await expect(chat).shadowDom.to.be.accessible();
    composer(chat).focus();
    await sendKeys({ type: 'Photo du jour' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => articles(chat).at(-1)?.querySelector('.thumb img')?.getAttribute('src')?.startsWith('blob:'), 'local photo at once', { timeout: 3000 });
    await waitUntil(() => articles(chat).at(-1)?.querySelector('.status')?.textContent === 'Envoyé', 'sent', { timeout: 5000 });
    const message = store.all('Communication').find((c) => (c as Communication).payload?.some((p) => p.contentString === 'Photo du jour')) as Communication;
    const attachment = message.payload!.find((p) => p.contentAttachment)!.contentAttachment!;
    expect(attachment).to.include({ contentType: 'image/png', title: 'talon-j30.png', size: PNG.byteLength });
    const binary = store.get(attachment.url!) as Binary;
    expect(binary.contentType).to.equal('image/png');
    expect(store.count('POST Binary')).to.equal(1);
    expect(chat.shadowRoot!.querySelector('.pending-file'), 'composer emptied').to.be.null;
  });

  it('refuses files that are too big or of another type, saying why; names with markup stay text', async () => {
    await serveStore();
    const chat = await chatIn();
    const big = new File([new Uint8Array(11 * 1024 * 1024)], 'scanner.pdf', { type: 'application/pdf' });
    pick(chat, big, new File(['<script>x</script>'], '<b>page</b>.html', { type: 'text/html' }), new File(['x'], 'ok.pdf', { type: 'application/pdf' }));
    await chat.updateComplete;
    const alert = chat.shadowRoot!.querySelector('[role="alert"].problems')!;
    expect(alert.textContent).to.contain('« scanner.pdf » dépasse la taille maximale de 10 Mo (11 Mo).');
    expect(alert.textContent).to.contain('« <b>page</b>.html » n’est pas accepté : images (JPEG, PNG, GIF, WebP) ou PDF uniquement.');
    expect(alert.querySelector('b')).to.be.null;
    expect([...chat.shadowRoot!.querySelectorAll('.pending-file')].map((li) => li.textContent!.trim())).to.have.length(1);
    expect(composer(chat).getAttribute('aria-describedby')).to.contain('composer-problems');
  });

  it('takes files dropped on the chat or pasted into the composer, and offers the camera', async () => {
    await serveStore();
    const chat = await chatIn();
    const section = chat.shadowRoot!.querySelector('.chat')!;
    const dropped = new DataTransfer();
    dropped.items.add(new File([PNG], 'glisse.png', { type: 'image/png' }));
    section.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await chat.updateComplete;
    expect(shadowText(chat)).to.contain('Déposez les fichiers pour les joindre');
    section.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    const pasted = new DataTransfer();
    pasted.items.add(new File([PNG], 'colle.png', { type: 'image/png' }));
    composer(chat).dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    await chat.updateComplete;
    const names = [...chat.shadowRoot!.querySelectorAll('.pending-file .file-name')].map((s) => s.textContent);
    expect(names).to.deep.equal(['glisse.png', 'colle.png']);
    const camera = chat.shadowRoot!.querySelector<HTMLInputElement>('#camera-input')!;
    expect(camera.accept).to.equal('image/*');
    expect(camera.getAttribute('capture')).to.equal('environment');
  });
});
