/**
 * Shared by the browser benches: bundles a bench page (esbuild, Lit's production build, the
 * workspace client from its sources) into a temp folder and serves it with node:http, and
 * launches Debian's Chromium with the flags this machine needs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Bundles `scripts/bench/<name>.page.ts` and serves it; returns its URL and a cleanup. */
export async function serveBenchPage(name: string): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-bench-`));
  await build({
    entryPoints: [join(ROOT, `scripts/bench/${name}.page.ts`)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(dir, 'page.js'),
    // Lit's production build (no 'development' condition); the workspace client from its sources.
    conditions: ['browser'],
    alias: { '@coord/api-client': join(ROOT, 'packages/api-client/src/index.ts') },
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    // The components' package.json lists its define files as side effects; do not depend on it here.
    ignoreAnnotations: true,
    logLevel: 'silent',
  });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${name} bench</title></head><body></body><script type="module" src="/page.js"></script></html>`,
  );
  const server = createServer((req, res) => {
    const file = req.url?.startsWith('/page.js') ? 'page.js' : 'index.html';
    res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
