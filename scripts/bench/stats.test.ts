/** The bench's pieces with logic: the spread of samples, ratio and budget rows, the exit code, doc sections. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replaceHeader, replaceSection, table } from './doc.ts';
import { budgetRow, exitCode, missed, ratioRow, summarize, takenBackRow } from './stats.ts';

describe('summarize', () => {
  it('gives min, median and max whatever the order of the samples', () => {
    assert.deepEqual(summarize([9, 1, 5, 3, 7, 2, 8]), { n: 7, min: 1, median: 5, max: 9 });
  });

  it('takes the mean of the two middle samples for an even count', () => {
    assert.deepEqual(summarize([4, 1, 3, 2, 8, 6, 5, 7]), { n: 8, min: 1, median: 4.5, max: 8 });
  });

  it('refuses fewer than 7 samples, and samples that are not numbers', () => {
    assert.throws(() => summarize([1, 2, 3, 4, 5, 6]), /6 samples, at least 7/);
    assert.throws(() => summarize([1, 2, 3, NaN, 5, 6, 7]), /not a number/);
  });
});

describe('rows', () => {
  const s = (median: number) => summarize([median - 1, median, median, median, median, median, median + 5]);

  it('a ratio row compares medians against its target', () => {
    const row = ratioRow('r', { label: 'large', stats: s(30) }, { label: 'small', stats: s(10) }, { atMost: 2, sample: 'one sample' });
    assert.equal(row.value, 3);
    assert.equal(row.ok, false);
    assert.equal(row.target, '≤ 2×');
    assert.match(row.spread!, /large: 30 ms \(min 29 · max 35, n = 7\); small: 10 ms/);
    assert.equal(ratioRow('r', { label: 'l', stats: s(15) }, { label: 's', stats: s(10) }, { atMost: 2, sample: '' }).ok, true);
  });

  it('a ratio row without a target is neither met nor missed', () => {
    assert.equal(ratioRow('r', { label: 'l', stats: s(30) }, { label: 's', stats: s(10) }, { sample: '' }).ok, undefined);
  });

  it('a budget row checks the median, not the best sample', () => {
    const row = budgetRow('b', summarize([100, 3000, 3000, 3000, 3000, 3000, 3000]), { budget: 2500, sample: '' });
    assert.equal(row.value, 3000);
    assert.equal(row.ok, false);
    assert.equal(row.target, '≤ 2500 ms');
  });
});

describe('exit code', () => {
  it('is 0 when every target is met or there is none', () => {
    assert.equal(exitCode([{ ok: true }, { ok: undefined }, {}]), 0);
  });

  it('is 1 when one target is missed (a crashed bench is a missed target)', () => {
    assert.equal(exitCode([{ ok: true }, { ok: false }]), 1);
    assert.deepEqual(missed([{ name: 'a', value: 1, unit: '', ok: true }, { name: 'crashed', value: NaN, unit: 'boom', ok: false }]), ['crashed']);
  });

  it('is 1 when nothing ran', () => {
    assert.equal(exitCode([]), 1);
  });
});

describe('docs/benchmarks.md sections', () => {
  const doc = '# Benchmarks\n\nold header\n\n## Bundle sizes\n\nsizes\n\n## Timeline\n\nold timeline\n';

  it('replaces one section in place and leaves the others', () => {
    const next = replaceSection(doc, '## Timeline', 'new timeline');
    assert.equal(next, '# Benchmarks\n\nold header\n\n## Bundle sizes\n\nsizes\n\n## Timeline\n\nnew timeline\n');
    assert.equal(replaceSection(doc, '## Bundle sizes', 'new sizes'), '# Benchmarks\n\nold header\n\n## Bundle sizes\n\nnew sizes\n\n## Timeline\n\nold timeline\n');
  });

  it('appends a section it does not find, and rewrites the header alone', () => {
    assert.match(replaceSection(doc, '## Chat', 'chat'), /old timeline\n\n## Chat\n\nchat\n$/);
    assert.equal(replaceSection(doc, '## Summary', 'summary', true), '# Benchmarks\n\nold header\n\n## Summary\n\nsummary\n\n## Bundle sizes\n\nsizes\n\n## Timeline\n\nold timeline\n');
    assert.equal(replaceHeader(doc, '# Benchmarks\n\nnew header'), '# Benchmarks\n\nnew header\n\n## Bundle sizes\n\nsizes\n\n## Timeline\n\nold timeline\n');
  });

  it('escapes pipes in table cells', () => {
    assert.match(table([{ name: 'a | b', value: 1, unit: 'x', ok: false }]), /\| a \\\| b \|.*\*\*NO\*\*/);
  });
});

describe('takenBackRow', () => {
  it('counts the scrolls the list took back and fails the bench on any', () => {
    const ok = takenBackRow('chat', [{}, {}, {}]);
    assert.equal(ok.value, 0);
    assert.equal(ok.ok, true);
    const refused = takenBackRow('chat', [{}, { takenBack: true }, {}, { takenBack: true }]);
    assert.equal(refused.value, 2);
    assert.match(String(refused.unit), /of 4 scroll samples/);
    assert.equal(refused.ok, false);
    assert.equal(exitCode([refused]), 1);
  });
});
