/**
 * Visual checks: `npm run screenshots` photographs every Storybook story and the demo page at
 * 390 px and 1280 px, in French and English, once each has rendered.
 *
 *   npm run screenshots                       every story + the demo → screenshots/ (not committed)
 *   npm run screenshots -- --only chat,demo   stories whose id contains one of the words (+ the demo if named)
 *   npm run screenshots -- --curated          also copies the curated set to docs/screens/ (committed)
 *   npm run screenshots -- --no-build         reuse storybook-static/ as built
 *   node --import tsx scripts/screenshot.ts docs/demo.png [path]   one demo shot (the README's)
 *
 * Stories come from a Storybook static build served locally (its index.json lists them; the
 * toolbar language goes in as `globals=lang:en`); the demo from the dev server (`?lang=en`).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer } from '../test/support.ts';

const WIDTHS = [390, 1280] as const;
const LANGS = ['fr', 'en'] as const;
const HEIGHT = { 390: 844, 1280: 800 } as const;
const OUT = 'screenshots';
const STORYBOOK = 'storybook-static';
/** Committed to docs/screens/ with --curated: the demo and the two elements issue #16 is about, at both widths and languages. */
const CURATED = [/^demo-/, /^chat-/, /^timeline-/];

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;

/** Waits until the page's coord elements have rendered: nothing busy or skeletal in any shadow root. */
async function settled(page: Page, timeout = 15_000): Promise<void> {
  await page
    .waitForFunction(
      () => {
        const hosts = [...document.querySelectorAll('*')].filter((e) => e.tagName.startsWith('COORD-') && e.shadowRoot);
        if (!hosts.length) return document.readyState === 'complete';
        return hosts.every((h) => h.shadowRoot!.childElementCount > 0 && !h.shadowRoot!.querySelector('[aria-busy="true"], .skeleton'));
      },
      undefined,
      { timeout, polling: 200 },
    )
    .catch(() => undefined); // a story that stays busy (the loading state) is photographed as it is
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
}

async function shoot(browser: Browser, url: string, width: 390 | 1280, file: string, fullPage = true): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: HEIGHT[width] } });
  await page.goto(url);
  // Storybook shows a spinner until the story has rendered (then a class on <body>).
  if (url.includes('/iframe.html')) {
    await page.waitForFunction(() => /sb-show-(main|errordisplay|nopreview)/.test(document.body.className), undefined, { timeout: 30_000 }).catch(() => undefined);
  }
  await settled(page);
  await page.screenshot({ path: file, fullPage });
  return page;
}

function serveStatic(dir: string): Promise<{ origin: string; server: Server }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(root, path);
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })));
}

/** The README's single shot (the former behaviour of this script). */
async function single(out: string, path: string): Promise<void> {
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const page = await shoot(browser, server.origin + path, 1280, out);
    await page.close();
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function all(): Promise<void> {
  mkdirSync(join(OUT, 'stories'), { recursive: true });
  const wanted = (id: string) => !only || only.some((word) => id.includes(word));
  if (!flag('--no-build') || !existsSync(join(STORYBOOK, 'index.json'))) {
    console.log('building Storybook…');
    execFileSync('npx', ['storybook', 'build', '-o', STORYBOOK, '--quiet'], { stdio: 'inherit' });
  }
  const index = JSON.parse(readFileSync(join(STORYBOOK, 'index.json'), 'utf8')) as { entries: Record<string, { id: string; type: string }> };
  const stories = Object.values(index.entries).filter((e) => e.type === 'story' && wanted(e.id));
  const book = await serveStatic(STORYBOOK);
  const dev = await startServer({ demo: true });
  const browser = await launchBrowser();
  const written: string[] = [];
  try {
    for (const story of stories) {
      for (const width of WIDTHS) {
        for (const lang of LANGS) {
          const file = join(OUT, 'stories', `${story.id}-${width}-${lang}.png`);
          const page = await shoot(browser, `${book.origin}/iframe.html?id=${story.id}&viewMode=story&globals=lang:${lang}`, width, file);
          await page.close();
          written.push(file);
        }
      }
      console.log(`story ${story.id}`);
    }
    if (!only || only.includes('demo')) {
      for (const width of WIDTHS) {
        for (const lang of LANGS) {
          const file = join(OUT, `demo-${width}-${lang}.png`);
          const page = await shoot(browser, `${dev.origin}/?lang=${lang}`, width, file, false);
          // The two elements issue #16 is about, each on its own (the timeline and the chat as a user scrolls to them).
          for (const tag of ['timeline', 'chat'] as const) {
            const el = page.locator(`coord-${tag}`);
            await el.scrollIntoViewIfNeeded();
            await settled(page);
            const shot = join(OUT, `${tag}-${width}-${lang}.png`);
            await el.screenshot({ path: shot });
            written.push(shot);
          }
          await page.close();
          written.push(file);
        }
      }
      console.log('demo');
    }
  } finally {
    await browser.close();
    await dev.close();
    book.server.close();
  }
  console.log(`wrote ${written.length} screenshots under ${OUT}/`);
  if (flag('--curated')) {
    mkdirSync('docs/screens', { recursive: true });
    for (const file of written) {
      const name = file.split('/').at(-1)!;
      if (!file.includes('/stories/') && CURATED.some((re) => re.test(name))) {
        copyFileSync(file, join('docs/screens', name));
        console.log(`docs/screens/${name} (${Math.round(statSync(file).size / 1024)} KB)`);
      }
    }
  }
}

if (args[0]?.endsWith('.png')) await single(args[0], args[1] ?? '/');
else await all();
