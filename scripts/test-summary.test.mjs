// The summariser is fed with real outputs of each runner, captured from Node 20's test runner
// (spec reporter) and @web/test-runner 0.20 on tiny test files; the last line of each fixture
// is the exit code the runner returned (`exit N`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { summarize } from './test-summary.mjs';

function fixture(name) {
  const text = readFileSync(new URL(`./test-summary.fixtures/${name}.txt`, import.meta.url), 'utf8');
  const code = Number(/exit (\d+)\s*$/.exec(text)?.[1] ?? NaN);
  return { out: text.replace(/exit \d+\s*$/, ''), code };
}

const cases = [
  // [fixture, kind, pass, fail]
  ['node-pass', 'node', 2, 0],
  ['node-fail', 'node', 1, 1],
  ['node-cancelled', 'node', 1, 1],
  ['node-crash', 'node', 1, 1],
  ['node-syntax', 'node', 0, 1],
  ['node-empty', 'node', 0, 1],
  ['node-nofiles', 'node', 0, 1],
  ['wtr-pass', 'wtr', 2, 0],
  ['wtr-fail', 'wtr', 1, 1],
  ['wtr-hang', 'wtr', 1, 1],
  ['wtr-crash', 'wtr', 0, 1],
  ['wtr-empty', 'wtr', 0, 1],
  // Two groups (Paris and UTC browsers): 101 + 20 passed, 3 failed — not the last line alone.
  ['wtr-groups', 'wtr', 121, 3],
];

for (const [name, kind, pass, fail] of cases) {
  test(`summary of ${name}: ${pass} passed, ${fail} failed`, () => {
    const { out, code } = fixture(name);
    const got = summarize(kind, out, code);
    assert.deepEqual({ pass: got.pass, fail: got.fail }, { pass, fail }, got.reasons.join('; '));
  });
}

test('a run that exits non-zero is a failure whatever it printed', () => {
  const { out } = fixture('node-pass');
  assert.equal(summarize('node', out, 1).fail, 1);
  assert.equal(summarize('wtr', fixture('wtr-pass').out, 1).fail, 1);
});

test('cancelled tests count as failed even when the runner says "fail 0"', () => {
  const { out, code } = fixture('node-cancelled');
  assert.match(out, /ℹ fail 0/);
  assert.ok(summarize('node', out, code).reasons.includes('1 cancelled'));
});

test('a step stopped by the timeout is a failure', () => {
  const { out } = fixture('node-pass');
  assert.deepEqual(summarize('node', out, 0, { timedOut: true }).fail, 1);
});

test('several node runs in one step are summed', () => {
  const a = fixture('node-pass').out;
  const b = fixture('node-fail').out;
  assert.deepEqual(summarize('node', a + b, 1), { pass: 3, fail: 1, reasons: [] });
});

test('a check step counts only its exit code', () => {
  assert.equal(summarize('check', 'error TS2322', 2).fail, 1);
  assert.equal(summarize('check', '', 0).fail, 0);
});
