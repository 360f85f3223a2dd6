/**
 * Nothing left behind: at sign-out the host purges what the library keeps (outbox in IndexedDB,
 * drafts, "last read" markers, caches, object URLs) and nothing of the host's own. Storage keys
 * never spell out who viewed which patient, and the viewer's token is stored nowhere and put in
 * no URL.
 */
import { expect } from '@open-wc/testing';
import { visitKey } from '../record/record-visit.ts';
import { http } from 'msw';
import { MOCK_BASE_URL, fhirStoreHandlers } from '@coord/dev-server/mocks';
import { purgeLocalData } from '@coord/api-client';
import { typeAndSend, chatIn, composer, serveStore, IDEL, PATIENT } from '../chat/chat.testing.ts';
import { draftKey, saveDrafts } from '../notes/notes-drafts.ts';
import { useHandlers } from './msw.ts';
import { waitUntil } from './wait.ts';
import '../coord-elements.ts';

const TOKEN = 'tok-XYZ-do-not-store-9931';

function storageDump(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [prefix, store] of [['local', localStorage], ['session', sessionStorage]] as const) {
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i)!;
      out[`${prefix}:${k}`] = store.getItem(k) ?? '';
    }
  }
  return out;
}

async function databases(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

async function outboxDump(): Promise<string> {
  if (!(await databases()).includes('coord-outbox')) return '';
  return new Promise((resolve) => {
    const open = indexedDB.open('coord-outbox');
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction('entries').objectStore('entries').getAll();
      all.onsuccess = () => {
        db.close();
        resolve(JSON.stringify(all.result));
      };
    };
    open.onerror = () => resolve('');
  });
}

describe('purgeLocalData(): nothing left behind at sign-out', () => {
  beforeEach(async () => {
    await purgeLocalData();
    localStorage.clear();
    sessionStorage.clear();
  });

  it('clears the outbox, drafts and markers the elements wrote — keys hashed, no token anywhere — and leaves the host’s keys', async () => {
    localStorage.setItem('host:theme', 'dark');
    sessionStorage.setItem('host:tab', 'dossier');
    await new Promise<void>((resolve) => {
      const r = indexedDB.open('host-db');
      r.onsuccess = () => {
        r.result.close();
        resolve();
      };
    });
    const store = await serveStore();
    const urls: string[] = [];
    await useHandlers(
      [http.all(`${MOCK_BASE_URL}/*`, ({ request }) => {
        urls.push(request.url);
        return undefined;
      })],
      fhirStoreHandlers(store),
    );
    // The chat with its real IndexedDB outbox; the server refuses the first send (kept in the outbox).
    store.fail({ method: 'POST', type: 'Communication', failure: 503, times: Infinity });
    const chat = await chatIn({ outboxStore: 'default' });
    const provider = chat.closest('coord-provider') as HTMLElement & { getToken?: () => Promise<string> };
    provider.getToken = async () => TOKEN;
    await typeAndSend(chat, 'Message en attente du serveur');
    await waitUntil(async () => (await outboxDump()).includes('Message en attente du serveur'), 'the message waits in the outbox');
    composer(chat).value = 'Brouillon en cours';
    composer(chat).dispatchEvent(new InputEvent('input'));
    saveDrafts(await draftKey(MOCK_BASE_URL, PATIENT, IDEL), { new: { title: 'Note', text: 'brouillon de note', at: 1 } });
    await waitUntil(() => Object.keys(storageDump()).some((k) => k.startsWith('session:coord-chat:draft:')), 'chat draft kept');

    const keys = Object.keys(storageDump()).join(' ');
    for (const secret of ['pat-martin', 'role-idel', 'fhir.test']) expect(keys, `no "${secret}" in a storage key`).not.to.contain(secret);
    const outbox = await outboxDump();
    expect(outbox).not.to.match(/"scope":"[^"]*(pat-martin|role-idel)/);
    expect(JSON.stringify(storageDump()) + outbox, 'the token is not stored').not.to.contain(TOKEN);
    expect(urls.filter((u) => u.includes(TOKEN)), 'the token is in no URL').to.deep.equal([]);

    // The host signs out through the documented event (coord-elements.js listens for it).
    const done = new Promise((resolve) => document.addEventListener('coord-local-data-purged', resolve, { once: true }));
    document.dispatchEvent(new Event('coord-purge-local-data'));
    await done;

    expect(storageDump(), 'only the host’s keys are left').to.deep.equal({ 'local:host:theme': 'dark', 'session:host:tab': 'dossier' });
    const names = await databases();
    expect(names, 'the outbox database is deleted, even with the chat open').not.to.include('coord-outbox');
    expect(names, 'the host’s database stays').to.include('host-db');
    await waitUntil(() => !chat.shadowRoot!.textContent!.includes('Message en attente du serveur'), 'the queued message is gone from the thread');
    indexedDB.deleteDatabase('host-db');
  });

  it('purgeLocalData() exported from the coord-elements.js API', async () => {
    const { loadApi } = await import('../coord-elements.ts');
    const api = await loadApi();
    localStorage.setItem('coord-chat:last-read:abc', '1');
    localStorage.setItem('host:x', '1');
    // The record's last visit ("Depuis ma dernière visite") goes too.
    const visit = (await visitKey('https://hub.example/fhir', 'Patient/p', 'PractitionerRole/r'))!;
    localStorage.setItem(visit, '1700000000000');
    await api.purgeLocalData();
    expect(localStorage.getItem('coord-chat:last-read:abc')).to.equal(null);
    expect(localStorage.getItem(visit), 'the record’s last visit').to.equal(null);
    expect(localStorage.getItem('host:x')).to.equal('1');
  });
});
