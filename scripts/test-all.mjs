#!/usr/bin/env node
// `npm test`: type-check, Node unit tests, component tests in Chromium, build, end-to-end tests
// against the real dev server. Every runner runs even when one fails; the last line sums them
// as `N passed, M failed` (the line CI reads). How outputs are counted: scripts/test-summary.mjs.
import { spawn } from 'node:child_process';
import { summarize } from './test-summary.mjs';

const MIN = 60_000;
// Each step is bounded: a hung runner fails the run in minutes, not at CI's own limit.
const steps = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'], kind: 'check', timeoutMs: 5 * MIN },
  { name: 'unit (node)', cmd: 'npm', args: ['run', '-s', 'test:unit'], kind: 'node', timeoutMs: 10 * MIN },
  { name: 'components (wtr, Chromium)', cmd: 'npx', args: ['wtr'], kind: 'wtr', timeoutMs: 25 * MIN },
  { name: 'build', cmd: 'npm', args: ['run', '-s', 'build'], kind: 'check', timeoutMs: 5 * MIN },
  { name: 'end-to-end (node + Chromium + dev server)', cmd: 'npm', args: ['run', '-s', 'test:e2e'], kind: 'node', timeoutMs: 10 * MIN },
];

function run(step) {
  return new Promise((resolve) => {
    let out = '';
    let timedOut = false;
    const started = Date.now();
    // Own process group, so a timeout ends the runner and everything it started (browsers, servers).
    const child = spawn(step.cmd, step.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${step.name}: still running after ${step.timeoutMs / MIN} min, stopping it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, step.timeoutMs);
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), out, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const { code, out, timedOut, seconds } = await run(step);
  const { pass, fail, reasons } = summarize(step.kind, out, code, { timedOut });
  passed += pass;
  failed += fail;
  const ok = fail === 0;
  const counts = step.kind === 'check' ? '' : `: ${pass} passed, ${fail} failed`;
  const why = reasons.length ? ` (${reasons.join('; ')})` : '';
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name}${counts}${why} [${seconds.toFixed(0)} s]`);
}
console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
