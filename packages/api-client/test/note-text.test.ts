import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, mergeText } from '../src/model/note-text.ts';

describe('diffLines (the history diff)', () => {
  test('kept, removed and added lines in reading order', () => {
    const d = diffLines('a\nb\nc', 'a\nB\nc\nd');
    assert.deepEqual(d, [
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  test('a very long note falls back to a whole replacement of the middle, quickly', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `ligne ${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `ligne ${i % 2 ? i : -i}`).join('\n');
    const t = Date.now();
    const d = diffLines(a, b);
    assert.ok(Date.now() - t < 2000);
    assert.equal(d.filter((l) => l.kind === 'added').length, d.filter((l) => l.kind === 'removed').length);
  });
});

describe('mergeText (three-way, by lines)', () => {
  const base = 'Titre\n- un\n- deux\nFin';
  test('edits of different lines combine cleanly', () => {
    const r = mergeText(base, 'Titre\n- UN\n- deux\nFin', 'Titre\n- un\n- deux\nFin.');
    assert.deepEqual(r, { text: 'Titre\n- UN\n- deux\nFin.', conflicts: 0 });
  });

  test('two additions at the same place are both kept, theirs first', () => {
    const r = mergeText(base, `${base}\nIDEL : pansement refait.`, `${base}\nMT : antibiotique arrêté.`);
    assert.deepEqual(r, { text: `${base}\nMT : antibiotique arrêté.\nIDEL : pansement refait.`, conflicts: 0 });
  });

  test('the same line changed differently is a conflict that keeps both versions', () => {
    const r = mergeText(base, 'Titre\n- un (moi)\n- deux\nFin', 'Titre\n- un (eux)\n- deux\nFin');
    assert.equal(r.conflicts, 1);
    assert.equal(r.text, 'Titre\n- un (eux)\n- un (moi)\n- deux\nFin');
  });

  test('identical edits and one-sided edits are taken as they are', () => {
    assert.deepEqual(mergeText(base, 'x', 'x'), { text: 'x', conflicts: 0 });
    assert.deepEqual(mergeText(base, base, 'y'), { text: 'y', conflicts: 0 });
    assert.deepEqual(mergeText(base, 'z', base), { text: 'z', conflicts: 0 });
  });
});
