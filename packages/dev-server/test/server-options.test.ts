/** Dev-server options used by the benches: a slow source (`searchDelayMs`) and gzip (`compress`). */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { startDevServer, type DevServer } from '../src/server.ts';

/** A raw GET (Node's fetch would decompress silently). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('dev server options', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer({ port: 0, demo: true, compress: true, searchDelayMs: { Encounter: 400 } });
  });
  after(() => server.close());

  it('holds searches of the slow type, and only those', async () => {
    let t = performance.now();
    const slow = await get(`${server.baseUrl}/Encounter?patient=Patient/pat-martin&_count=1`);
    const slowMs = performance.now() - t;
    t = performance.now();
    const quick = await get(`${server.baseUrl}/EpisodeOfCare?patient=Patient/pat-martin&_count=1`);
    const quickMs = performance.now() - t;
    assert.equal(slow.status, 200);
    assert.equal(quick.status, 200);
    assert.ok(slowMs >= 400, `Encounter search answered after ${slowMs} ms`);
    assert.ok(quickMs < slowMs, `EpisodeOfCare ${quickMs} ms, Encounter ${slowMs} ms`);
  });

  it('gzips FHIR JSON and static files for a client that accepts it, and not for one that does not', async () => {
    const zipped = await get(`${server.baseUrl}/Patient/pat-martin`, { 'Accept-Encoding': 'gzip' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(JSON.parse(gunzipSync(zipped.body).toString('utf8')).id, 'pat-martin');
    const plain = await get(`${server.baseUrl}/Patient/pat-martin`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(JSON.parse(plain.body.toString('utf8')).id, 'pat-martin');
    const page = await get(`${server.origin}/`, { 'Accept-Encoding': 'gzip, br' });
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(page.body).toString('utf8'), /<coord-provider/);
  });
});
