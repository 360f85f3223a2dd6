import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { budgets, kb, measureDist, measurePages, type PageRow, type SizeRow } from '../bundle-size.ts';
import type { BenchResult } from './types.ts';

/**
 * Bundle sizes (gzip): every built file and every page of size-budget.json, against their
 * budgets. Needs `npm run build` first. Writes the `## Bundle sizes` section of
 * docs/benchmarks.md (and only that section: other benches own the others).
 */
const DOC = join(import.meta.dirname, '../../docs/benchmarks.md');
const HEADING = '## Bundle sizes';

/** The anchor: Medplum's React components for the same job (JS + CSS, gzip). */
const ANCHORS = [
  { name: "Medplum's React timeline + chat (anchor)", js: 217, css: 36 },
  { name: "Medplum's React timeline alone (anchor)", js: 212, css: 36 },
];

const WHAT: Record<string, string> = {
  'coord-elements.js': 'the script a host loads: registers every tag, loads each element on first use',
  'core.js': 'shared by every element: Lit, context, base element, session, API client (read), French common strings (not the list directives, which come with the lists)',
  'coord-provider.js': '`<coord-provider>`',
  'coord-patient-banner.js': '`<coord-patient-banner>`',
  'coord-timeline.js': '`<coord-timeline>` and its view models',
  'coord-chat.js': '`<coord-chat>` and its view models',
  'virtualizer.js': '@lit-labs/virtualizer (loaded only when a list grows past 150 rows; audit: 60)',
  'chat-outbox-queue.js': "the chat's outbox queue + IndexedDB and the views of unsent messages (loaded when entries wait for this viewer, or on the first send; prefetched as the viewer types)",
  'chat-dialogs.js': "the chat's photo viewer and its 'save to documents' / 'create a PPCS action' forms (loaded on the first dialog opened)",
  'lazy-list.js': 'plain rows for short lists, the switch to the virtualiser past 150 rows (timeline, chat, documents, audit)',
  'chat-writes.js': "the chat's write builders (loaded on the first send, filed document or action)",
  'live-socket.js': 'FHIR Subscriptions over WebSocket (loaded only when the server offers them)',
  'rolldown-runtime.js': 'bundler runtime helper',
  'coord-elements.bundle.js': 'everything in one file, every tag registered',
  'timeline-detail.js': "the timeline's detail view and its reader (loaded on the first item opened)",
};

/** What a shared chunk holds, from its source map (`@lit/task, api-client model/ppcs, …`). */
function holds(file: string): string {
  const map = join(import.meta.dirname, '../../packages/components', `${file}.map`);
  if (!existsSync(map)) return 'shared code';
  const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
  const names = sources.map((s) =>
    s.includes('node_modules/') ? s.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') : s.replace(/^(?:.*\/)?(api-client|components)\/(?:src|dist)\//, '$1 ').replace(/\.[jt]s$/, ''),
  );
  return [...new Set(names)].join(', ');
}

function describe(file: string): string {
  const name = basename(file);
  if (WHAT[name] && !file.includes('/chunks/') && !file.includes('/elements/')) return WHAT[name];
  if (name.endsWith('.en.js')) return `English strings (${name.replace('.en.js', '')}), loaded only in English`;
  const element = /^(coord-[\w-]+)\.js$/.exec(name);
  if (element && file.startsWith('dist/coord-elements/')) return `\`<${element[1]}>\` and its view models`;
  if (file.startsWith('dist/coord-elements/')) return `shared by some elements: ${holds(file)}`;
  return 'bundler build (lit, @lit/*, @lit-labs/*, dompurify, idb, @coord/api-client external)';
}

const order = (row: SizeRow): number =>
  row.file === 'dist/coord-elements.js' ? 0 : row.file.startsWith('dist/coord-elements/') ? 1 : row.file === 'dist/coord-elements.bundle.js' ? 2 : 3;

function table(files: SizeRow[], pages: PageRow[]): string {
  const lines = ['| output / page | what | gzip | budget | within budget |', '|---|---|--:|--:|---|'];
  const sorted = [...files].sort((a, b) => order(a) - order(b) || b.gzip - a.gzip);
  for (const r of sorted) {
    lines.push(`| \`${r.file.replace(/^dist\//, '')}\` | ${describe(r.file)} | ${kb(r.gzip)} | ${r.budget ? kb(r.budget) : ''} | ${r.budget ? (r.gzip <= r.budget ? 'yes' : '**no**') : ''} |`);
  }
  for (const p of pages) {
    const target = p.target && p.target !== p.budget ? ` (target ${kb(p.target)}: ${p.gzip <= p.target ? 'met' : '**missed**'})` : '';
    const later = p.deferredFiles.length ? `; later, ${kb(p.deferredGzip)} more if at all: ${p.deferredFiles.map((f) => basename(f)).join(', ')}` : '';
    lines.push(`| **page: ${p.name}, ${p.lang}** | on load ${p.files.length} files: ${p.files.map((f) => basename(f)).join(', ')}${later} | **${kb(p.gzip)}** | ${kb(p.budget)}${target} | ${p.gzip <= p.budget ? 'yes' : '**no**'} |`);
  }
  for (const a of ANCHORS) lines.push(`| ${a.name} | ${a.js} KB JS + ${a.css} KB CSS | ${a.js + a.css} KB | | |`);
  return lines.join('\n');
}

/** Why each deferred chunk is not fetched on load: for every page, then per page. */
function deferredLines(): string[] {
  const { deferred, pages } = budgets();
  const lines = Object.entries(deferred).map(([file, why]) => `- \`${file}\` (every page): ${why}.`);
  for (const [name, page] of Object.entries(pages)) {
    for (const [file, why] of Object.entries(page.deferred ?? {})) lines.push(`- \`${file}\` (${name}): ${why}.`);
  }
  return lines;
}

function writeSection(body: string): void {
  const section = `${HEADING}\n\n${body}\n`;
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench`; each bench owns its section.\n';
  const start = current.indexOf(`${HEADING}\n`);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = current.indexOf('\n## ', start + HEADING.length);
    next = current.slice(0, start) + section + (after === -1 ? '' : current.slice(after));
  }
  writeFileSync(DOC, next);
}

export default async function (): Promise<BenchResult[]> {
  const files = measureDist();
  const pages = await measurePages();
  writeSection(
    [
      'Gzip (level 9) of each built file of `packages/components/dist`, and of everything the browser fetches for a page',
      '(the entry, then the import graph of the page’s element chunks, walked in the built files; English strings only in',
      'the English variant). 1 KB = 1024 B. Budgets: `packages/components/size-budget.json`. Produced by `npm run build && npm run bench -- size`.',
      '',
      table(files, pages),
      '',
      'A page’s figure is what it fetches **on load**. Not counted there, and listed beside it: the chunks an element',
      'imports only when something happens later (`deferred` in the budget file), each skipped only where it is reached',
      'through a dynamic import:',
      '',
      ...deferredLines(),
      '',
      'Why a page is above the 50 KB target (`why` in the budget file):',
      '',
      ...Object.entries(budgets().pages)
        .filter(([, page]) => page.why)
        .map(([name, page]) => `- ${name}: ${page.why}.`),
    ].join('\n'),
  );
  return [
    ...files.map((row) => ({
      name: `${row.file} (gzip)`,
      value: row.gzip,
      unit: 'B',
      target: row.budget ? `≤ ${row.budget} B (${((row.gzip / row.budget) * 100).toFixed(0)} % used)` : undefined,
      ok: row.budget ? row.gzip <= row.budget : undefined,
    })),
    ...pages.map((p) => ({
      name: `page ${p.name}, ${p.lang} (gzip on load, ${p.files.length} files; +${p.deferredGzip} B deferred)`,
      value: p.gzip,
      unit: 'B',
      target: `≤ ${p.budget} B${p.target && p.target !== p.budget ? `; goal ${p.target} B ${p.gzip <= p.target ? 'met' : 'missed'}` : ''}`,
      ok: p.gzip <= p.budget,
    })),
  ];
}
