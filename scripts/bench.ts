/**
 * `npm run bench`: runs every scripts/bench/*.bench.ts (builds the elements first when
 * packages/components/dist is missing), prints one table, and writes docs/benchmarks.md: a header
 * (date, machine), the summary of the figures that matter to a clinician beside the anchor
 * (Medplum's React timeline + chat), then each bench's own section. Every figure is a median
 * (or a ratio of medians, or a count) with its min / max over ≥ 7 samples, and says in one line
 * what one sample does. Exit code 1 when a target is missed or a bench crashed.
 * `npm run bench -- timeline` runs only the files whose name contains "timeline" (and rewrites
 * only their sections).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './bench/bench-page.ts';
import { table, writeHeader, writeSection } from './bench/doc.ts';
import { exitCode, fmt, missed } from './bench/stats.ts';
import type { Bench, BenchResult } from './bench/types.ts';

/** The anchor: Medplum's React components for the same job, gzip, measured on the size bench's recipe. */
const ANCHOR = { name: "Medplum's React timeline + chat", js: 217, css: 36 };

/** Each bench's section in docs/benchmarks.md (the size bench writes its own, `## Bundle sizes`). */
const SECTIONS: Record<string, { heading: string; intro: string }> = {
  'phone.bench.ts': { heading: '## First content on a phone', intro: 'The demo page on a throttled mid-range phone (CDP: CPU 4× slower, 1.6 Mb/s down, 750 kb/s up, 150 ms latency, 412 × 823), served by the dev server with the built per-element output, gzip on; each sample a first visit. `npm run bench -- phone`.' },
  'timeline.bench.ts': { heading: '## Timeline', intro: 'The built `<coord-timeline>` in `<coord-provider>` on a host page, reading the real dev server (no added delay) through the timeline feed; 100 vs 10 000 generated items, samples taken in turn on both. `npm run bench -- timeline`.' },
  'chat.bench.ts': { heading: '## Chat', intro: 'The built `<coord-chat>` in `<coord-provider>` on a host page, reading and polling the real dev server (no added delay); 50 vs 5 000 messages, samples taken in turn on both. `npm run bench -- chat`.' },
  'requests.bench.ts': { heading: '## Requests', intro: 'Every element on one page against the real dev server (seed record); every `fetch` logged in the page; idle minutes on a virtual clock. `npm run bench -- requests`.' },
  'mapping.bench.ts': { heading: '## Mapping', intro: 'What the elements call to turn FHIR into view models (feed, readers), in Node, over an in-memory FHIR answer (no server, no network). `npm run bench -- mapping`.' },
  'fault.bench.ts': { heading: '## Fault injection', intro: 'Writes through the outbox and a proxy that drops, delays, 500s or cuts 30 % of requests; the server checked directly afterwards. `npm run bench -- fault`.' },
};

const dir = join(import.meta.dirname, 'bench');
const filter = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
ensureBuilt();
const rows: (BenchResult & { file: string })[] = [];
const began = Date.now();
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
  const started = Date.now();
  const mine: BenchResult[] = [];
  try {
    mine.push(...(await mod.default()));
  } catch (err) {
    mine.push({ name: 'crashed', value: NaN, unit: String(err instanceof Error ? err.message : err).split('\n')[0]!, ok: false });
  }
  for (const r of mine) rows.push({ ...r, file });
  const section = SECTIONS[file];
  if (section) writeSection(section.heading, `${section.intro}\n\n${table(mine)}`);
  console.error(`${file}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const bench = (r: { file: string }) => r.file.replace('.bench.ts', '');
console.log('\n| bench | measure | figure | spread | target | ok |\n|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${bench(r)} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.spread ?? ''} | ${r.target ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'} |`);
}

if (!filter) {
  const chromium = (() => {
    try {
      return execFileSync(process.env.CHROME_PATH || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'Chromium';
    }
  })();
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
  writeHeader(
    [
      '# Benchmarks',
      '',
      `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${Math.round((Date.now() - began) / 1000)} s —`,
      `${availableParallelism()} cores (\`os.availableParallelism()\`, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average at the end ${load} (1 / 5 / 15 min),`,
      `Node ${process.version}, ${chromium}. Each figure measures the path a user's page runs (the built elements in Chromium, the`,
      'feed and readers production calls) and gives its median with min / max over ≥ 7 samples, and what one sample does; a busy',
      'machine widens the spread, so read the min beside the median. Each bench owns its section below; `npm run bench` exits',
      'non-zero when a target is missed.',
    ].join('\n'),
  );
  const headline = rows.filter((r) => r.headline || (r.file === 'size.bench.ts' && r.name.startsWith('page ')));
  const sizeNote = rows.some((r) => r.file === 'size.bench.ts')
    ? ''
    : '\n\n(Bytes per page: the size bench did not run.)';
  writeSection(
    '## Summary',
    [
      'The figures that matter to a clinician, each against a budget or as a ratio; bytes per page (gzip, from the size bench) beside the anchor.',
      '',
      table(headline.map((r) => (r.file === 'size.bench.ts' ? { ...r, sample: r.sample ?? 'the size bench: gzip of every file the page fetches' } : r))),
      `| anchor: ${ANCHOR.name} | the same recipe (gzip) | **${ANCHOR.js + ANCHOR.css}** KB (${ANCHOR.js} KB JS + ${ANCHOR.css} KB CSS) | | | |`,
    ].join('\n') + sizeNote,
    true,
  );
}
const code = exitCode(rows);
if (code) console.error(`bench: target missed — ${missed(rows).join('; ') || 'no bench ran'}`);
process.exit(code);
