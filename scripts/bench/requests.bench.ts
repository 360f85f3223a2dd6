/**
 * Requests made when five elements on one page load the same patient, through one provider's
 * client (shared cache), against the real dev server — versus five independent clients.
 * Target: every distinct query made once (duplicates = 0).
 */
import { startDevServer } from '../../packages/dev-server/src/server.ts';
import {
  CoordClient,
  readCareCircle,
  readDocuments,
  readMessages,
  readNotes,
  readPpcs,
  TimelineFeed,
} from '../../packages/api-client/src/index.ts';
import type { BenchResult } from './types.ts';

const PATIENT = 'Patient/pat-martin';
const VIEWER = { user: 'PractitionerRole/role-gp', profession: '10' };

function countingClient(baseUrl: string, log: string[]): CoordClient {
  return new CoordClient({
    baseUrl,
    fetch: (input, init) => {
      const url = new URL(input);
      log.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}${init?.method === 'POST' ? ` ${String(init.body).length}` : ''}`);
      return fetch(input, init);
    },
  });
}

/** What five elements load on a page: banner (via provider), timeline, documents, notes, PPCS, chat. */
async function loadPage(clientFor: () => CoordClient): Promise<void> {
  const provider = clientFor();
  await provider.resolvePatient({ reference: PATIENT });
  const c = clientFor; // the same client when shared, a new one per element otherwise
  await Promise.all([
    new TimelineFeed({ client: c(), patient: PATIENT }).loadMore(30),
    readDocuments(c(), PATIENT, { viewer: VIEWER }),
    readNotes(c(), PATIENT, { viewer: VIEWER }),
    readPpcs(c(), PATIENT, { viewer: VIEWER.user }),
    readMessages(c(), PATIENT, { viewer: VIEWER.user }),
    readCareCircle(c(), PATIENT, { viewer: VIEWER.user }),
  ]);
}

export default async function (): Promise<BenchResult[]> {
  const server = await startDevServer({ port: 0 });
  try {
    const shared: string[] = [];
    const one = countingClient(server.baseUrl, shared);
    await loadPage(() => one);
    const sharedGets = shared.filter((r) => r.startsWith('GET'));
    const duplicates = sharedGets.length - new Set(sharedGets).size;

    const separate: string[] = [];
    await loadPage(() => countingClient(server.baseUrl, separate));

    return [
      { name: 'requests, 6 element loads sharing one provider client', value: shared.length, unit: 'requests' },
      { name: 'duplicate GETs with the shared client', value: duplicates, unit: 'requests', target: '0', ok: duplicates === 0 },
      { name: 'requests with one client per element (no sharing)', value: separate.length, unit: 'requests' },
      {
        name: 'shared / separate',
        value: shared.length / separate.length,
        unit: '×',
        target: '< 1',
        ok: shared.length < separate.length,
      },
    ];
  } finally {
    await server.close();
  }
}
