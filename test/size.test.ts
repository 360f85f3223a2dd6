import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { budgets, COMPONENTS_DIR, deferredFor, ENTRY, importsOf, measureDist, measurePages, pageFiles, pageGraph } from '../scripts/bundle-size.ts';

const dist = join(COMPONENTS_DIR, 'dist');
const TAGS = ['coord-provider', 'coord-patient-banner', 'coord-timeline', 'coord-chat', 'coord-notes', 'coord-ppcs', 'coord-documents', 'coord-record', 'coord-audit'];

test('every build output with a budget stays within it (gzip)', () => {
  const rows = measureDist();
  for (const [file, budget] of Object.entries(budgets().files)) {
    const row = rows.find((r) => r.file === file);
    assert.ok(row, `${file} was built`);
    assert.ok(row.gzip <= budget, `${file}: ${row.gzip} B gzip > budget ${budget} B`);
  }
});

test('every element chunk of coord-elements.js has a budget', () => {
  const files = budgets().files;
  const chunks = readdirSync(join(dist, 'coord-elements')).filter((f) => /^coord-.*\.js$/.test(f));
  assert.deepEqual(chunks.sort(), TAGS.map((t) => `${t}.js`).sort());
  for (const chunk of chunks) assert.ok(files[`dist/coord-elements/${chunk}`], `a budget for dist/coord-elements/${chunk}`);
});

test('every page, in French and in English, stays within its budget (gzip, whole import graph)', async () => {
  const pages = await measurePages();
  assert.ok(pages.length >= 4, 'pages are defined in size-budget.json');
  for (const page of pages) {
    assert.ok(page.gzip <= page.budget, `${page.name} (${page.lang}): ${page.gzip} B gzip > budget ${page.budget} B (${page.files.join(', ')})`);
  }
});

test('a deferred chunk is real and reached only through a dynamic import; what it holds is off the page on load', async () => {
  const { deferred, pages } = budgets();
  for (const file of Object.keys(deferred)) assert.ok(existsSync(join(dist, 'coord-elements', file)), `deferred ${file} is built`);
  for (const [name, page] of Object.entries(pages)) {
    const graph = await pageGraph(page.tags, 'fr', deferredFor(page));
    // A page's own deferred chunk that it does not reach (renamed, merged, or imported statically) is a stale claim.
    for (const file of Object.keys(page.deferred ?? {})) {
      assert.ok(graph.deferredEntries.includes(`dist/coord-elements/${file}`), `${name}: ${file} is reached through a dynamic import only (${graph.files.join(', ')})`);
    }
  }
  // Polling needs no Subscriptions code: the core imports it only on demand.
  const core = await importsOf('dist/coord-elements/core.js');
  assert.ok(core.dynamic.includes('dist/coord-elements/live-socket.js') && !core.static.includes('dist/coord-elements/live-socket.js'), 'live-socket.js: dynamic import only');
  // A chat loads no write code on load, with or without a viewer: no api-client writes/* or
  // outbox module (bar the filed-document type list, and the read-only probe that asks IndexedDB
  // whether entries wait) in any file of either page, by the source maps.
  for (const name of ['provider + chat, no viewer (read only)', 'provider + chat']) {
    const chatPage = pages[name];
    assert.ok(chatPage, `the page "${name}" is defined`);
    const { files } = await pageGraph(chatPage.tags, 'fr', deferredFor(chatPage));
    for (const file of files) {
      const map = join(COMPONENTS_DIR, `${file}.map`);
      if (!existsSync(map)) continue;
      const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
      const writes = sources.filter((src) => /api-client\/(src|dist)\/(writes\/(?!document-types)|outbox(?!-probe))/.test(src));
      assert.deepEqual(writes, [], `${name}: ${file} holds write code`);
    }
  }
});

test('a page fetches only what its elements need: no other element, no other language', async () => {
  const timeline = await pageFiles(['coord-provider', 'coord-patient-banner', 'coord-timeline'], 'fr');
  assert.ok(timeline.includes('dist/coord-elements/core.js'));
  assert.ok(!timeline.some((f) => f.endsWith('/coord-chat.js') || f.includes('outbox')), timeline.join(', '));
  assert.ok(!timeline.some((f) => f.endsWith('.en.js')), 'no English strings in a French page');
  const chat = await pageFiles(['coord-provider', 'coord-chat'], 'en');
  assert.ok(!chat.some((f) => f.endsWith('/coord-timeline.js') || f.endsWith('/coord-patient-banner.js')), chat.join(', '));
  assert.ok(chat.includes('dist/coord-elements/chat.en.js') && !chat.includes('dist/coord-elements/timeline.en.js'), chat.join(', '));
});

test('coord-elements.js is a small loader: no static import, one dynamic import per element, minified', async () => {
  const entry = readFileSync(join(COMPONENTS_DIR, ENTRY), 'utf8');
  const { static: statics, dynamic } = await importsOf(ENTRY);
  assert.deepEqual(statics, [], 'the entry imports nothing up front');
  for (const tag of TAGS) {
    assert.ok(dynamic.includes(`dist/coord-elements/${tag}.js`), `loads ${tag} on demand`);
    assert.match(entry, new RegExp(`["'\`]${tag}["'\`]`), `registers <${tag}>`);
  }
  for (const file of readdirSync(join(dist, 'coord-elements')).filter((f) => f.endsWith('.js')).concat('../coord-elements.js', '../coord-elements.bundle.js')) {
    const code = readFileSync(join(dist, 'coord-elements', file), 'utf8');
    assert.doesNotMatch(code, /^\s*import\s.*from\s*['"](?!\.)/m, `${file}: no bare import (every dependency inside)`);
    assert.doesNotMatch(code, /\n[ \t]{2,}\S/, `${file}: no indentation left (minified)`);
    assert.doesNotMatch(code, /\/\/ (\.\.\/|src\/|node_modules)/, `${file}: no module path comments`);
    assert.doesNotMatch(code, /\beval\(|new Function\(/, `${file}: no eval`);
  }
  // No chunk imports the entry back (a host may load it with a query string: two instances).
  for (const file of readdirSync(join(dist, 'coord-elements')).filter((f) => f.endsWith('.js'))) {
    const { static: s, dynamic: d } = await importsOf(`dist/coord-elements/${file}`);
    assert.ok(![...s, ...d].includes(ENTRY), `${file} does not import the entry`);
  }
});

test('the build writes the contract outputs: loader, one-file bundle, per-element modules, types, manifest', () => {
  const bundle = readFileSync(join(dist, 'coord-elements.bundle.js'), 'utf8');
  assert.doesNotMatch(bundle, /\bimport\s*\(/, 'the one-file bundle loads nothing more');
  for (const tag of TAGS) assert.match(bundle, new RegExp(`customElements\\.define\\(\`${tag}\``), `the bundle defines <${tag}>`);
  for (const f of ['index.js', 'define.js', 'types/index.d.ts', 'custom-elements.json', ...TAGS.map((t) => `elements/${t}.js`)]) {
    assert.ok(existsSync(join(dist, f)), `dist/${f}`);
  }
  // Bundler build: shared dependencies stay external, chunks are named after what they hold.
  for (const f of ['core', 'provider.component', 'patient-banner.component', 'timeline.component', 'chat.component', 'i18n.en']) {
    assert.ok(existsSync(join(dist, 'chunks', `${f}.js`)), `dist/chunks/${f}.js`);
  }
  for (const f of readdirSync(join(dist, 'chunks')).filter((n) => n.endsWith('.js'))) {
    assert.doesNotMatch(f, /-[A-Za-z0-9_-]{8}\.js$/, `chunks/${f}: a name, not a hash`);
    const code = readFileSync(join(dist, 'chunks', f), 'utf8');
    // lit-html's marker, the virtualizer's symbol, DOMPurify, idb: each stays an import.
    assert.doesNotMatch(code, /lit\$|virtualizerRef['"`]\)|DOMPurify|IDBRequest/, `chunks/${f} bundles no shared dependency`);
    // The emergency-access UI is only ever imported dynamically by the patient gate, on a refusal:
    // loading it is using it, so it registers its own internal tags.
    if (f !== 'emergency-ui.js') assert.doesNotMatch(code, /customElements\.define\(/, `chunks/${f} registers no tag (elements/*.js and define.js do)`);
  }
  // package.json `exports`: every target is built (a `coord-*` pattern, for every element).
  const pkg = JSON.parse(readFileSync(join(COMPONENTS_DIR, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
  for (const [key, value] of Object.entries(pkg.exports)) {
    for (const [condition, target] of Object.entries(typeof value === 'string' ? { default: value } : value)) {
      if (condition === 'development') continue;
      const targets = key.includes('*') ? TAGS.map((t) => target.replaceAll('*', t.replace(/^coord-/, ''))) : [target];
      for (const t of targets) assert.ok(existsSync(join(COMPONENTS_DIR, t)), `exports["${key}"].${condition}: ${t}`);
    }
  }
  const manifest = JSON.parse(readFileSync(join(dist, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: { tagName?: string }[] }[] };
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean);
  assert.ok(tags.includes('coord-patient-banner') && tags.includes('coord-provider'), `manifest tags: ${tags.join(', ')}`);
});
