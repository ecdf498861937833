/** build.mjs bundles k6 entries as ES modules with k6 left external, and fails loudly on a syntax error. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const build = (...args: string[]) =>
  spawnSync(process.execPath, ['build.mjs', ...args], { encoding: 'utf8' });

test('every scenario becomes dist/<name>.js with a source map, k6 imports kept external', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'odoo-load-dist-'));
  const result = build('--outdir', outdir);
  assert.equal(result.status, 0, result.stderr);
  const scenarios = readdirSync('scenarios').filter((file) => file.endsWith('.ts'));
  for (const scenario of scenarios) {
    const bundle = readFileSync(join(outdir, scenario.replace(/\.ts$/, '.js')), 'utf8');
    assert.match(
      bundle,
      /from "k6\/http"|from "k6"/,
      `${scenario} imports k6 as an external module`,
    );
    assert.doesNotMatch(bundle, /require\(/, `${scenario} is ESM`);
    assert.match(bundle, /sourceMappingURL=/);
  }
});

test("a syntax error exits non-zero with esbuild's message naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), 'odoo-load-broken-'));
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(
    join(dir, 'scenarios', 'broken.ts'),
    'export default function () { const x = ; }\n',
  );
  const result = build('--scenarios', join(dir, 'scenarios'), '--outdir', join(dir, 'dist'));
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /broken\.ts/);
  assert.match(result.stderr, /Unexpected ";"/);
});
