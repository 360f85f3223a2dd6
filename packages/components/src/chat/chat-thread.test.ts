import { expect } from '@open-wc/testing';
import { seedResources } from '@coord/dev-server/seed';
import { badInputMessages } from './chat.fixtures.ts';
import { articles, chatIn, layoutDone, serveStore, shadowText } from './chat.testing.ts';
import { collapsedPreview, linkify } from './chat-text.ts';
import type { CoordChat } from './chat.component.ts';

const badInput = badInputMessages();

async function badChat(): Promise<CoordChat> {
  await serveStore([...seedResources().filter((r) => r.resourceType !== 'Communication'), ...badInput]);
  return chatIn({ attrs: { pageSize: 50 } });
}

function articleWith(chat: CoordChat, text: string): HTMLElement {
  const found = articles(chat).find((a) => a.textContent!.includes(text));
  if (!found) throw new Error(`no message with ${text}`);
  return found;
}

/** Scrolls the thread through every row so each message is rendered once. */
async function visitAll(chat: CoordChat, visit: () => void): Promise<void> {
  const thread = chat.shadowRoot!.querySelector<HTMLElement>('.thread')!;
  for (let top = 0; top <= thread.scrollHeight; top += thread.clientHeight / 2) {
    thread.scrollTop = top;
    await layoutDone(chat);
    visit();
  }
}

describe('<coord-chat> thread and bad input', () => {
  it('is accessible with hostile and broken messages, and executes nothing', async () => {
    const chat = await badChat();
    await expect(chat).shadowDom.to.be.accessible();
    const seen = new Set<string>();
    await visitAll(chat, () => articles(chat).forEach((a) => seen.add(a.dataset.key!)));
    expect(seen.size, 'every message rendered').to.equal(badInput.length);
    expect((window as { __pwned?: number }).__pwned).to.be.undefined;
    expect(chat.shadowRoot!.querySelector('.bubble img, .bubble script, .bubble b')).to.be.null;
  });

  it('shows markup in text and file names as text', async () => {
    const chat = await badChat();
    await visitAll(chat, () => undefined);
    const thread = chat.shadowRoot!.querySelector<HTMLElement>('.thread')!;
    thread.scrollTop = 0;
    await layoutDone(chat);
    expect(articleWith(chat, '<script>window.__pwned=2</script>').querySelector('.text')!.textContent).to.contain('<b>gras</b>');
    expect(articleWith(chat, '.pdf').textContent).to.contain('<img src=x onerror="window.__pwned=3">.pdf');
  });

  it('says what is missing: empty message, content unavailable, unknown sender', async () => {
    const chat = await badChat();
    const thread = chat.shadowRoot!.querySelector<HTMLElement>('.thread')!;
    thread.scrollTop = 0;
    await layoutDone(chat);
    expect(shadowText(chat)).to.contain('Message vide');
    expect(articleWith(chat, 'sans-contenu.png').textContent).to.contain('Contenu indisponible');
    expect(articleWith(chat, 'piege.pdf').textContent, 'javascript: URL dropped').to.contain('Contenu indisponible');
    expect(articleWith(chat, 'piege.pdf').querySelector('a')).to.be.null;
    const ghost = articleWith(chat, 'Message d’un inconnu');
    expect(ghost.querySelector('.from')!.textContent).to.equal('Expéditeur inconnu');
    expect(ghost.textContent).to.contain('(expéditeur non retrouvé)');
  });

  it('makes http(s) and mailto links clickable, safely; nothing else', async () => {
    const chat = await badChat();
    const links = [...articleWith(chat, 'protocole').querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.org/protocole?id=1', 'mailto:ide@example.org']);
    for (const a of links) {
      expect(a.rel).to.equal('noopener noreferrer');
      expect(a.target).to.equal('_blank');
    }
  });

  it('collapses a 20 000-character message behind "Afficher plus", and the thread keeps working', async () => {
    const chat = await badChat();
    const long = lastArticleWith(chat, 'Compte rendu très long');
    const text = long.querySelector('.text')!.textContent!;
    expect(text.length).to.be.lessThan(1000);
    const more = long.querySelector<HTMLButtonElement>('button.more')!;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(long.textContent).to.contain('Message tronqué');
    more.click();
    await chat.updateComplete;
    await layoutDone(chat);
    const expanded = lastArticleWith(chat, 'Compte rendu très long');
    expect(expanded.querySelector('.text')!.textContent!.length).to.equal(20_000);
    expect(expanded.querySelector('button.more')!.textContent).to.contain('Afficher moins');
    await expect(chat).shadowDom.to.be.accessible();
  });
});

function lastArticleWith(chat: CoordChat, text: string): HTMLElement {
  const found = articles(chat).filter((a) => a.textContent!.includes(text)).at(-1);
  if (!found) throw new Error(`no message with ${text}`);
  return found;
}

describe('chat text helpers', () => {
  it('linkify keeps text as text and trims sentence punctuation', () => {
    expect(linkify('a https://x.org/b. c')).to.deep.equal([{ text: 'a ' }, { text: 'https://x.org/b', href: 'https://x.org/b' }, { text: '. c' }]);
    expect(linkify('(voir https://x.org/a_(b))')).to.deep.equal([{ text: '(voir ' }, { text: 'https://x.org/a_(b)', href: 'https://x.org/a_(b)' }, { text: ')' }]);
    expect(linkify('javascript:alert(1) xhttps://x.org http://')).to.deep.equal([{ text: 'javascript:alert(1) xhttps://x.org http://' }]);
    expect(linkify('<a href="https://x.org">')[1]).to.deep.equal({ text: 'https://x.org', href: 'https://x.org/' });
  });

  it('collapses only long texts', () => {
    expect(collapsedPreview('court')).to.be.undefined;
    expect(collapsedPreview('ligne\n'.repeat(20))!.split('\n').length).to.be.at.most(12);
    expect(collapsedPreview('mot '.repeat(400))!.length).to.be.lessThan(700);
  });
});
