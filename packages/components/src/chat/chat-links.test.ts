/**
 * Links and files from others in the chat: nothing opens with the host page as opener or
 * referrer, and a link or attachment that leads to another server says which one.
 */
import { expect } from '@open-wc/testing';
import type { Communication } from '@medplum/fhirtypes';
import { clock } from '@coord/api-client';
import { waitUntil } from '../testing/wait.ts';
import { linkify } from './chat-text.ts';
import { chatIn, lastArticle, serveStore, PATIENT } from './chat.testing.ts';

describe('<coord-chat> links and files from others', () => {
  it('a link whose text hides its destination shows the real domain; plain links do not repeat it', () => {
    expect(linkify('voir https://ameli.fr@evil.example/login')).to.deep.include({ text: 'https://ameli.fr@evil.example/login', href: 'https://ameli.fr@evil.example/login', domain: 'evil.example' });
    const idn = linkify('https://аmeli.fr/x')[0]!;
    expect(idn.domain, 'a look-alike non-ASCII host is shown as the browser resolves it').to.equal('xn--meli-43d.fr');
    expect(linkify('https://www.ameli.fr/assure')[0]!.domain).to.equal(undefined);
    expect(linkify('javascript:alert(1) data:text/html,x').every((p) => !p.href), 'only http(s) and mailto become links').to.be.true;
  });

  it('message links and another server’s attachment open without opener or referrer, with their domain shown', async () => {
    const store = await serveStore();
    store.add<Communication>({
      resourceType: 'Communication',
      status: 'completed',
      subject: { reference: PATIENT },
      sender: { reference: 'PractitionerRole/role-gp' },
      sent: clock.date().toISOString(),
      payload: [
        { contentString: 'Résultats : https://ameli.fr@evil.example/resultats et https://www.sante.fr/guide' },
        { contentAttachment: { contentType: 'application/pdf', title: 'compte-rendu.pdf', url: 'https://files.other-hospital.example/cr.pdf' } },
      ],
    });
    const chat = await chatIn();
    await waitUntil(() => lastArticle(chat)?.textContent?.includes('compte-rendu.pdf'), 'message shown');
    await expect(chat).shadowDom.to.be.accessible();
    const article = lastArticle(chat)!;
    const links = [...article.querySelectorAll('a')];
    expect(links.length).to.equal(3);
    for (const a of links) {
      expect(a.rel, a.href).to.equal('noopener noreferrer');
      expect(a.target).to.equal('_blank');
    }
    const text = article.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('https://ameli.fr@evil.example/resultats (evil.example)');
    expect(text).not.to.contain('(www.sante.fr)');
    expect(text, 'the other server of the attachment is named').to.contain('compte-rendu.pdf (files.other-hospital.example)');
  });
});
