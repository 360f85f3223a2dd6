/**
 * docs/benchmarks.md: a header (date, machine), then one `## ` section per bench, each replaced
 * in place by the bench that owns it (the size bench writes `## Bundle sizes` the same way).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from './stats.ts';
import type { BenchResult } from './types.ts';

export const DOC = join(import.meta.dirname, '../../docs/benchmarks.md');

function current(): string {
  return existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench`; each bench owns its section.\n';
}

/**
 * Replaces the section that starts with `heading` (`## …`), up to the next `## `; a new one is
 * appended, or put first (after the header) with `first`.
 */
export function replaceSection(doc: string, heading: string, body: string, first = false): string {
  const section = `${heading}\n\n${body.trimEnd()}\n`;
  const start = doc.indexOf(`${heading}\n`);
  const firstSection = doc.indexOf('\n## ');
  if (start === -1 && first && firstSection !== -1) return `${doc.slice(0, firstSection + 1)}${section}\n${doc.slice(firstSection + 1)}`;
  if (start === -1) return `${doc.trimEnd()}\n\n${section}`;
  const after = doc.indexOf('\n## ', start + heading.length);
  return doc.slice(0, start) + section + (after === -1 ? '' : doc.slice(after));
}

/** Replaces what comes before the first section. */
export function replaceHeader(doc: string, header: string): string {
  const first = doc.indexOf('\n## ');
  return `${header.trimEnd()}\n${first === -1 ? '' : doc.slice(first)}`;
}

export function writeSection(heading: string, body: string, first = false): void {
  writeFileSync(DOC, replaceSection(current(), heading, body, first));
}

export function writeHeader(header: string): void {
  writeFileSync(DOC, replaceHeader(current(), header));
}

const cell = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|');
const ok = (r: BenchResult): string => (r.ok === undefined ? '' : r.ok ? 'yes' : '**NO**');

/** The table of a set of rows: what one sample does, the figure, its spread, the target. */
export function table(rows: readonly BenchResult[]): string {
  const lines = ['| measure | one sample | figure | spread | target | met |', '|---|---|--:|---|---|---|'];
  for (const r of rows) lines.push(`| ${cell(r.name)} | ${cell(r.sample)} | **${fmt(r.value)}** ${cell(r.unit)} | ${cell(r.spread)} | ${cell(r.target)} | ${ok(r)} |`);
  return lines.join('\n');
}
