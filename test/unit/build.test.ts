/**
 * build.mjs bundles k6 entries as ES modules with k6 left external, fails loudly on a syntax error,
 * and bundles the CLI and the emulator for Node, each with a record of the sources it was made from.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { isFresh, recordInputs } from '../../services/bundles.mjs';

const build = (...args: string[]) =>
  spawnSync(process.execPath, ['build.mjs', '--only', 'k6', ...args], { encoding: 'utf8' });

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
    assert.match(bundle, /^export \{/m, `${scenario} is ESM`);
    // The packs' require()s are the bundle's own; only k6's modules are k6's require() (init stage).
    for (const [, module] of bundle.matchAll(/__require\("([^"]+)"\)/g))
      assert.match(module!, /^k6(\/|$)/, `${scenario} requires ${module} outside the bundle`);
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

test('the CLI and the emulator bundle for Node: the bundled CLI answers as the sources do and finds the files beside its modules', () => {
  // Inside the checkout: the bundles resolve node_modules as the sources do, by walking up.
  const outdir = resolve('.local', 'test', `build-node-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  const result = build('--only', 'node', '--outdir', outdir);
  assert.equal(result.status, 0, result.stderr);
  for (const name of ['odoo-load.mjs', 'emulator.mjs']) {
    assert.ok(isFresh(join(outdir, 'node', name)), `${name} is fresh right after its build`);
    assert.ok(
      !existsSync(join(outdir, `${name}`)),
      'Node bundles go to node/, beside no k6 bundle',
    );
  }
  // A command's code is loaded when it runs, from chunks beside the entry; seed's loads the
  // emulator's database module, which reads its schema beside it: its --help proves it was found.
  for (const argv of [['--help'], ['seed', '--help']]) {
    const bundled = spawnSync(process.execPath, [join(outdir, 'node', 'odoo-load.mjs'), ...argv], {
      encoding: 'utf8',
    });
    const sources = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...argv], {
      encoding: 'utf8',
    });
    assert.equal(bundled.status, 0, bundled.stderr);
    assert.equal(bundled.stdout, sources.stdout);
  }
  assert.ok(
    readdirSync(join(outdir, 'node')).some((file) => /^seed-\w+\.mjs$/.test(file)),
    'seed has a chunk of its own',
  );
  const emulator = spawnSync(process.execPath, [join(outdir, 'node', 'emulator.mjs')], {
    encoding: 'utf8',
  });
  assert.equal(emulator.status, 2);
  assert.match(emulator.stderr, /--database-url: expected a postgres:\/\/ URL/);
  rmSync(outdir, { recursive: true, force: true });
});

test('a bundle is fresh only while every source it was built from is older than its build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'odoo-load-fresh-'));
  const source = join(dir, 'main.ts');
  const other = join(dir, 'other.ts');
  const bundle = join(dir, 'out', 'main.mjs');
  writeFileSync(source, 'export {};\n');
  writeFileSync(other, 'export {};\n');
  const past = new Date(Date.now() - 60_000);
  utimesSync(source, past, past);
  utimesSync(other, past, past);
  mkdirSync(dirname(bundle));
  assert.ok(!isFresh(bundle), 'no bundle: not fresh');
  writeFileSync(bundle, '');
  assert.ok(!isFresh(bundle), 'no record of its sources: not fresh');
  recordInputs(bundle, [source, other], Date.now() - 1_000);
  assert.ok(isFresh(bundle));
  utimesSync(other, new Date(), new Date());
  assert.ok(!isFresh(bundle), 'a source edited since the build started');
  recordInputs(bundle, [source, join(dir, 'gone.ts')], Date.now());
  assert.ok(!isFresh(bundle), 'a source that no longer exists');
});
