import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { budgets, COMPONENTS_DIR, measureDist } from '../scripts/bundle-size.ts';

test('every build output with a budget stays within it (gzip)', () => {
  const rows = measureDist();
  for (const [file, budget] of Object.entries(budgets())) {
    const row = rows.find((r) => r.file === file);
    assert.ok(row, `${file} was built`);
    assert.ok(row.gzip <= budget, `${file}: ${row.gzip} B gzip > budget ${budget} B`);
  }
});

test('the build writes the contract outputs: one self-contained bundle, per-element modules, types, manifest', () => {
  const dist = join(COMPONENTS_DIR, 'dist');
  const bundle = readFileSync(join(dist, 'coord-elements.js'), 'utf8');
  assert.doesNotMatch(bundle, /^\s*import\s.*from\s*['"](?!\.)/m, 'no bare imports left in the standalone bundle');
  assert.match(bundle, /coord-provider/);
  assert.match(bundle, /coord-patient-banner/);
  for (const f of ['elements/coord-provider.js', 'elements/coord-patient-banner.js', 'index.js', 'define.js', 'types/index.d.ts', 'custom-elements.json']) {
    assert.ok(existsSync(join(dist, f)), `dist/${f}`);
  }
  const manifest = JSON.parse(readFileSync(join(dist, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: { tagName?: string }[] }[] };
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean);
  assert.ok(tags.includes('coord-patient-banner') && tags.includes('coord-provider'), `manifest tags: ${tags.join(', ')}`);
});
