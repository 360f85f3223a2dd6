#!/usr/bin/env node
// `npm test`: type-check, Node unit tests, component tests in Chromium, build, end-to-end tests
// against the real dev server. Every runner runs even when one fails; the last line sums them
// as `N passed, M failed` (the line CI reads).
import { spawn } from 'node:child_process';

const steps = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'], kind: 'check' },
  { name: 'unit (node)', cmd: 'npm', args: ['run', '-s', 'test:unit'], kind: 'node' },
  { name: 'components (wtr, Chromium)', cmd: 'npx', args: ['wtr'], kind: 'wtr' },
  { name: 'build', cmd: 'npm', args: ['run', '-s', 'build'], kind: 'check' },
  { name: 'end-to-end (node + Chromium + dev server)', cmd: 'npm', args: ['run', '-s', 'test:e2e'], kind: 'node' },
];

function run(step) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function count(kind, out, code) {
  const plain = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  if (kind === 'node') {
    const pass = [...plain.matchAll(/^[ℹ#] pass (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const fail = [...plain.matchAll(/^[ℹ#] fail (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    return { pass, fail: fail || (code !== 0 && pass === 0 ? 1 : fail) };
  }
  if (kind === 'wtr') {
    const all = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)];
    const last = all.at(-1);
    const pass = last ? Number(last[1]) : 0;
    const fail = last ? Number(last[2]) : 0;
    return { pass, fail: code !== 0 && fail === 0 ? 1 : fail };
  }
  return { pass: 0, fail: 0 };
}

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const { code, out } = await run(step);
  const { pass, fail } = count(step.kind, out, code);
  passed += pass;
  failed += fail;
  const ok = code === 0;
  if (step.kind === 'check' && !ok) failed += 1;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name}${step.kind === 'check' ? '' : `: ${pass} passed, ${fail} failed`}`);
}
console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
