// How `npm test` turns each runner's output and exit code into passed/failed counts. The rule is
// that the closing line can never say green for a run that was not: a runner that exits non-zero
// is at least one failure whatever it printed, cancelled tests are failures, a runner that ran
// no test is a failure, and a runner stopped by the step timeout is a failure.

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Sums `ℹ name N` (spec reporter) or `# name N` (TAP) lines of every node --test run in `out`. */
function nodeTotals(plain) {
  const sum = (name) =>
    [...plain.matchAll(new RegExp(`^[ℹ#] ${name} (\\d+)\\s*$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { tests: sum('tests'), pass: sum('pass'), fail: sum('fail'), cancelled: sum('cancelled') };
}

/**
 * A file that defines no test shows, in the spec reporter, as one passing "test" named after the
 * file itself (`✔ /abs/path/x.test.ts (12ms)` at the start of a line): that is not a test.
 */
function emptyFilePasses(plain) {
  return (plain.match(/^✔ \S*\/[^/\s]+\.[cm]?[jt]sx? \([\d.]+ms\)$/gm) ?? []).length;
}

/**
 * wtr prints one progress line per group (browser set) and repeats the block before its closing
 * "Finished running tests" / "Error while running tests": sum the lines of the last block.
 */
function wtrTotals(plain) {
  const lines = plain.split('\n').map((l) => l.trim());
  const line = /\| (\d+) passed, (\d+) failed(?:, \d+ skipped)?\s*$/;
  let end = lines.findLastIndex((l) => /^(Finished running tests|Error while running tests)/.test(l));
  if (end < 0) end = lines.length;
  let pass = 0;
  let fail = 0;
  let found = false;
  for (let i = end - 1; i >= 0; i--) {
    if (!lines[i]) continue;
    const m = line.exec(lines[i]);
    if (!m) break;
    pass += Number(m[1]);
    fail += Number(m[2]);
    found = true;
  }
  if (!found) {
    const last = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
    return { pass: last ? Number(last[1]) : 0, fail: last ? Number(last[2]) : 0 };
  }
  return { pass, fail };
}

/**
 * @param {'node'|'wtr'|'check'} kind
 * @param {string} out what the runner printed (stdout + stderr)
 * @param {number} code its exit code
 * @param {{ timedOut?: boolean }} [extra]
 * @returns {{ pass: number, fail: number, reasons: string[] }}
 */
export function summarize(kind, out, code, extra = {}) {
  const plain = String(out).replace(ANSI, '').replace(/\r/g, '');
  const reasons = [];
  let pass = 0;
  let fail = 0;
  if (kind === 'node') {
    const t = nodeTotals(plain);
    const empty = emptyFilePasses(plain);
    pass = Math.max(0, t.pass - empty);
    fail = t.fail + t.cancelled;
    if (t.cancelled) reasons.push(`${t.cancelled} cancelled`);
    if (empty) reasons.push(`${empty} file(s) without tests`);
    if (empty) fail += empty;
  } else if (kind === 'wtr') {
    ({ pass, fail } = wtrTotals(plain));
    const unloadable = (plain.match(/Could not import your test module/g) ?? []).length;
    if (unloadable) {
      reasons.push(`${unloadable} test file(s) could not be imported`);
      fail += unloadable;
    }
  }
  if (extra.timedOut) {
    reasons.push('stopped by the step timeout');
    fail += 1;
  }
  if (kind !== 'check' && pass + fail === 0) {
    reasons.push('ran no test');
    fail = 1;
  }
  if (code !== 0 && fail === 0) {
    reasons.push(`exited with code ${code}`);
    fail = 1;
  }
  return { pass, fail, reasons };
}
