/**
 * What the reader sees (issue #16): the thread opens on the newest message at phone and desktop
 * widths, with photos and below the fold; the day strip never covers a message, stays on one
 * line and agrees with the dividers, in the element's language; photos at their natural size.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { clock, MemoryOutboxStore } from '@coord/api-client';
import { delay, http } from 'msw';
import { MOCK_BASE_URL, MockFhirStore, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { useHandlers } from '../testing/msw.ts';
import { seedResources } from '@coord/dev-server/seed';
import type { Binary, Communication, Resource } from '@medplum/fhirtypes';
import { elementBoxes, expectApart, expectNoOverlap, textBoxes } from '../testing/overlap.ts';
import { waitUntil } from '../testing/wait.ts';
import { articles, chatIn, IDEL, layoutDone, manyMessages, serveStore, settled } from './chat.testing.ts';
import type { CoordChat } from './chat.component.ts';

const thread = (chat: CoordChat) => chat.shadowRoot!.querySelector<HTMLElement>('.thread')!;
const strip = (chat: CoordChat) => chat.shadowRoot!.querySelector<HTMLElement>('.day-strip')!;
const stripText = (chat: CoordChat) => [...strip(chat).querySelectorAll('span')].find((s) => getComputedStyle(s).display !== 'none')?.textContent?.trim();

/** Articles at least partly inside the thread's box. */
function onScreen(chat: CoordChat): HTMLElement[] {
  const box = thread(chat).getBoundingClientRect();
  return articles(chat).filter((a) => {
    const r = a.getBoundingClientRect();
    return r.bottom > box.top + 1 && r.top < box.bottom - 1;
  });
}

/** A PNG of this size (drawn on a canvas), as a Binary of the store. */
function pngBinary(id: string, width: number, height: number): Binary {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#c04030';
  g.fillRect(0, 0, width, height);
  return { resourceType: 'Binary', id, contentType: 'image/png', data: canvas.toDataURL('image/png').split(',')[1]! };
}

/** The seed plus a large photo (size not stated) just before a last text message. */
function threadWithPhotos(): Resource[] {
  const seed = seedResources();
  const newest = (seed.filter((r) => r.resourceType === 'Communication') as Communication[]).map((c) => Date.parse(c.sent!)).sort().at(-1)!;
  const at = (ms: number) => new Date(newest + ms).toISOString();
  const message = (id: string, sent: string, payload: Communication['payload']): Communication => ({
    resourceType: 'Communication', id, status: 'completed', subject: { reference: 'Patient/pat-martin' },
    sender: { reference: 'PractitionerRole/role-gp' }, sent, payload,
  });
  return [
    ...seed,
    pngBinary('bin-big', 600, 400),
    message('photo-big', at(60_000), [{ contentAttachment: { contentType: 'image/png', url: 'Binary/bin-big' } }]),
    message('last-word', at(120_000), [{ contentString: 'Dernier message du fil.' }]),
  ];
}

describe('<coord-chat> opens on the newest message', () => {
  // A first visit (no "since my last visit" marker, which would be the start instead).
  beforeEach(() => localStorage.clear());
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    it(`at ${width} px, below the fold, with photos, after the page is scrolled to it`, async () => {
      await setViewport({ width, height });
      await serveStore(threadWithPhotos());
      const root = await fixture<HTMLElement>(html`<div>
        <div style="height: 1400px">Contenu de la page au-dessus</div>
        <coord-provider base-url=${MOCK_BASE_URL} patient="Patient/pat-martin" user=${IDEL} profession="60">
          <coord-chat .outboxStore=${new MemoryOutboxStore()} poll-interval="0"></coord-chat>
        </coord-provider>
      </div>`);
      const chat = root.querySelector('coord-chat')!;
      await waitUntil(() => chat.shadowRoot?.querySelector('.thread'), 'thread rendered');
      await layoutDone(chat);
      // The user scrolls the page down to the chat (this used to unpin the virtualiser at the top).
      for (let y = 0; y <= 1400; y += 350) {
        window.scrollTo(0, y);
        await layoutDone(chat);
      }
      chat.scrollIntoView({ block: 'end' });
      await waitUntil(() => chat.shadowRoot!.querySelector<HTMLImageElement>('img[alt]')?.complete, 'the large photo loaded');
      await layoutDone(chat);
      await waitUntil(() => onScreen(chat).some((a) => a.textContent!.includes('Dernier message du fil.')), `newest message on screen at ${width} px`).catch((e) => {
        const t = thread(chat);
        const c = chat as unknown as { follower: { following: boolean; pinned: boolean }; unreadAfter?: number };
        throw new Error(`${e} — thread ${t.scrollTop}/${t.scrollHeight}/${t.clientHeight} top ${t.getBoundingClientRect().top} following ${c.follower.following} pinned ${c.follower.pinned} unread ${c.unreadAfter}; rendered: ${articles(chat).map((a) => a.dataset.key).join(' ')}`);
      });
      const t = thread(chat);
      expect(t.scrollHeight - t.scrollTop - t.clientHeight, 'at the end of the thread').to.be.lessThan(2);
      window.scrollTo(0, 0);
    });
  }

  it('stays at the end while photos arrive, and stops following once the user scrolls up', async () => {
    await serveStore(threadWithPhotos());
    const chat = await chatIn();
    await waitUntil(() => chat.shadowRoot!.querySelector<HTMLImageElement>('img[alt]')?.complete, 'photo loaded');
    await layoutDone(chat);
    const t = thread(chat);
    await waitUntil(() => t.scrollHeight - t.scrollTop - t.clientHeight < 2, 'still at the end after the photo grew the thread');
    t.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, bubbles: true }));
    t.scrollTop -= 300;
    await layoutDone(chat);
    await layoutDone(chat);
    expect(t.scrollHeight - t.scrollTop - t.clientHeight, 'the reader’s position is kept').to.be.greaterThan(200);
  });
});

describe('<coord-chat> day strip', () => {
  /** Scrolls so that this day header sits `offset` px below the top of the thread. */
  async function headerAt(chat: CoordChat, label: string, offset: number): Promise<HTMLElement> {
    const t = thread(chat);
    for (let i = 0; i < 40; i++) {
      const header = [...chat.shadowRoot!.querySelectorAll<HTMLElement>('h3.day')].find((h) => h.textContent!.trim() === label);
      if (header) {
        t.scrollTop += header.getBoundingClientRect().top - t.getBoundingClientRect().top - offset;
        await layoutDone(chat);
        const again = [...chat.shadowRoot!.querySelectorAll<HTMLElement>('h3.day')].find((h) => h.textContent!.trim() === label);
        if (again && Math.abs(again.getBoundingClientRect().top - t.getBoundingClientRect().top - offset) < 2) return again;
      } else {
        t.scrollTop -= t.clientHeight / 2;
        await layoutDone(chat);
      }
    }
    throw new Error(`day header ${label} not brought to ${offset} px`);
  }

  /** Messages ten minutes apart up to the (fixed) clock: 150 span yesterday and today, 450 three days more. */
  async function twoDays(lang = 'fr', count = 150): Promise<CoordChat> {
    const seed = seedResources().filter((r) => r.resourceType !== 'Communication');
    await serveStore([...seed, ...manyMessages(count)]);
    return chatIn({ attrs: { pageSize: 500, lang } });
  }

  it('shows the day of the topmost message, never covering a message, on one line', async () => {
    const chat = await twoDays();
    await expect(chat).shadowDom.to.be.accessible();
    // The today header right at the top: no message of yesterday is visible above it.
    await headerAt(chat, 'Aujourd’hui', 2);
    await waitUntil(() => stripText(chat) === 'Aujourd’hui', `strip says today (got ${stripText(chat)})`);
    // Half a screen further up: yesterday's last messages are above the today header.
    await headerAt(chat, 'Aujourd’hui', thread(chat).clientHeight / 2);
    await waitUntil(() => stripText(chat) === 'Hier', `strip says yesterday above the today header (got ${stripText(chat)})`);
    const box = strip(chat).getBoundingClientRect();
    const font = parseFloat(getComputedStyle(strip(chat)).fontSize);
    expect(box.height, 'one line').to.be.lessThan(font * 2.5);
    expect(getComputedStyle(strip(chat)).whiteSpace).to.equal('nowrap');
    // Geometry: the strip's text and the messages' text never overlap; nor do bubbles.
    const clip = thread(chat);
    expectApart('day strip vs messages', textBoxes(strip(chat)), textBoxes(chat.shadowRoot!, { within: 'article', clip }));
    expectNoOverlap('bubbles', elementBoxes(chat.shadowRoot!, 'article .bubble'));
  });

  it('speaks the element’s language, and follows a switch', async () => {
    const chat = await twoDays('en');
    await headerAt(chat, 'Today', thread(chat).clientHeight / 2);
    await waitUntil(() => stripText(chat) === 'Yesterday', `strip in English (got ${stripText(chat)})`);
    chat.closest('coord-provider')!.setAttribute('lang', 'fr');
    await waitUntil(() => stripText(chat) === 'Hier', `strip back in French (got ${stripText(chat)})`);
  });

  it('uses a short date when the chat is narrow', async () => {
    const chat = await twoDays('fr', 450);
    chat.style.width = '16rem';
    await layoutDone(chat);
    const t = thread(chat);
    t.scrollTop = 0;
    await layoutDone(chat);
    await waitUntil(() => /\d{4}/.test(stripText(chat) ?? ''), 'a dated strip at the top').catch((e) => {
      throw new Error(`${e}: strip "${strip(chat).textContent}" shown "${stripText(chat)}", thread ${t.scrollTop}/${t.scrollHeight}, first ${articles(chat)[0]?.dataset.key}`);
    });
    const text = stripText(chat)!;
    expect(text, 'no weekday in the short form').not.to.match(/lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche/);
    expect(strip(chat).scrollWidth, 'fits').to.be.at.most(strip(chat).clientWidth + 1);
  });
});

describe('<coord-chat> photos', () => {
  it('shows a 16×16 photo at 16×16, titled, and a large one within the bubble', async () => {
    await serveStore(threadWithPhotos());
    const chat = await chatIn();
    const t = thread(chat);
    let small: HTMLImageElement | undefined;
    for (let top = t.scrollHeight; top >= 0 && !small; top -= t.clientHeight / 2) {
      small = chat.shadowRoot!.querySelector<HTMLImageElement>('img[alt="plaie-talon-j25.png"]') ?? undefined;
      if (!small) {
        t.scrollTop = top;
        await layoutDone(chat);
      }
    }
    expect(small, 'the seed photo, its title as alt').to.exist;
    await waitUntil(() => small!.complete && small!.naturalWidth > 0, 'decoded');
    const r = small!.getBoundingClientRect();
    expect([small!.naturalWidth, small!.naturalHeight]).to.deep.equal([16, 16]);
    expect([r.width, r.height], 'never enlarged').to.deep.equal([16, 16]);

    t.scrollTop = t.scrollHeight;
    await layoutDone(chat);
    const big = await (async () => {
      await waitUntil(() => chat.shadowRoot!.querySelector('article[data-key="Communication/photo-big"] img'), 'large photo');
      return chat.shadowRoot!.querySelector<HTMLImageElement>('article[data-key="Communication/photo-big"] img')!;
    })();
    expect(big.alt, 'no title: who and when').to.match(/^Photo jointe par Dr Claire Lefèvre, \d/);
    await waitUntil(() => big.complete && big.naturalWidth === 600, 'large photo decoded');
    const bubble = big.closest('.bubble')!.getBoundingClientRect();
    expect(big.getBoundingClientRect().width, 'capped to the bubble').to.be.at.most(bubble.width);
    await expect(chat).shadowDom.to.be.accessible();
  });

  it('reserves a photo’s box from its stated size before it loads', async () => {
    const store = new MockFhirStore({ resources: [
      ...seedResources(),
      {
        resourceType: 'Communication', id: 'sized', status: 'completed', subject: { reference: 'Patient/pat-martin' },
        sender: { reference: 'PractitionerRole/role-gp' }, sent: new Date(clock.now() + 60_000).toISOString(),
        payload: [{ contentAttachment: { contentType: 'image/png', url: 'Binary/never', title: 'radio.png', extension: [
          { url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Attachment.width', valuePositiveInt: 240 },
          { url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Attachment.height', valuePositiveInt: 120 },
        ] } }],
      } as Communication,
    ] });
    // The photo's content never arrives: only its stated size can shape the box.
    await useHandlers([http.get(`${MOCK_BASE_URL}/Binary/never`, () => delay('infinite'))], fhirStoreHandlers(store));
    const chat = await chatIn();
    await settled(chat);
    const box = chat.shadowRoot!.querySelector('article[data-key="Communication/sized"] .thumb-box, article[data-key="Communication/sized"] img');
    expect(box, 'placeholder or image').to.exist;
    await waitUntil(() => Math.round(box!.getBoundingClientRect().width) === 240, 'the stated width is reserved');
    expect(Math.round(box!.getBoundingClientRect().height)).to.equal(120);
  });
});
