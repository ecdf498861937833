/**
 * The contract holds: it imports neither k6 nor Node (the type check says so), every k6 entry
 * exports exactly the `exec` functions the compiler schedules, and a metric name is spelled in one
 * source file only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import {
  EXIT_MEANINGS,
  execsOf,
  K6_SCENARIOS,
  METRICS,
  SCENARIO_FILES,
  type ScenarioFile,
} from '../../contract/index.ts';
import { compileLoadProfile } from '../../planning/compile.ts';
import { loadLoadProfile } from '../../planning/load.ts';

const TSC = resolve('node_modules', '.bin', 'tsc');

/** Type-checks one file under contract/'s compiler options. */
function typecheckAsContract(source: string) {
  const dir = mkdtempSync(join(tmpdir(), 'odoo-load-contract-'));
  writeFileSync(join(dir, 'probe.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: resolve('tsconfig.contract.json'),
      include: [],
      files: ['probe.ts'],
    }),
  );
  return spawnSync(TSC, ['-p', dir, '--noEmit'], { encoding: 'utf8' });
}

test('the contract type-checks clean, and importing k6 or a Node module from it fails', () => {
  const clean = spawnSync(TSC, ['-p', 'tsconfig.contract.json', '--noEmit'], { encoding: 'utf8' });
  assert.equal(clean.status, 0, clean.stdout);
  for (const forbidden of [
    "import http from 'k6/http';\nexport const x = http;",
    "import { check } from 'k6';\nexport const x = check;",
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;",
    "import { join } from 'path';\nexport const x = join;",
  ]) {
    const result = typecheckAsContract(forbidden);
    assert.notEqual(result.status, 0, `accepted: ${forbidden}`);
    assert.match(result.stdout, /must not import k6 or a Node module|Cannot find module/);
  }
  assert.equal(
    typecheckAsContract(`export { METRICS } from '${resolve('contract/index.ts')}';`).status,
    0,
  );
});

test('every k6 entry exports exactly the exec functions its compiled scenarios call', async () => {
  const files = readdirSync('scenarios').map((file) => file.replace(/\.ts$/, ''));
  assert.deepEqual(files.sort(), Object.keys(SCENARIO_FILES).sort());
  const outdir = mkdtempSync(join(tmpdir(), 'odoo-load-exports-'));
  const built = await esbuild.build({
    entryPoints: files.map((file) => join('scenarios', `${file}.ts`)),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    external: ['k6', 'k6/*'],
    metafile: true,
    logLevel: 'silent',
  });
  // The smoke with browser users: every scenario a profile can compile to, browsers included.
  const { profile } = loadLoadProfile('smoke-browsers');
  for (const file of files as ScenarioFile[]) {
    const output = Object.entries(built.metafile.outputs).find(([path]) =>
      path.endsWith(`/${file}.js`),
    )!;
    const exported = output[1].exports.filter(
      (name) => !['options', 'setup', 'default', 'handleSummary'].includes(name),
    );
    assert.deepEqual(exported.sort(), execsOf(file).sort(), `${file} exports`);
    const compiled = compileLoadProfile(profile, file);
    for (const scenario of Object.values(compiled.options.scenarios)) {
      assert.ok(
        exported.includes(String(scenario.exec)),
        `${file}: exec ${String(scenario.exec)} is exported`,
      );
    }
  }
  // Every k6 scenario the contract declares is run by some entry: peak-day's exports hold them all.
  const peakDay = Object.entries(built.metafile.outputs).find(([path]) =>
    path.endsWith('/peak-day.js'),
  )![1].exports;
  for (const [name, spec] of Object.entries(K6_SCENARIOS))
    assert.ok(peakDay.includes(spec.exec), `${name}: peak-day exports ${spec.exec}`);
});

/** Source files that may not spell a metric name themselves (contract/ declares them). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'generated' || name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

test('each metric name is spelled in contract/metrics.ts and nowhere else in the source', () => {
  const files = ['lib', 'scenarios', 'cli', 'dashboards', 'emulator', 'test', 'bench'].flatMap(
    sourceFiles,
  );
  for (const { name } of Object.values(METRICS)) {
    const spelled = files.filter((file) =>
      new RegExp(`['"\`]${name}['"\`{]`).test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(spelled, [], `${name} is spelled outside contract/metrics.ts`);
  }
});

test("the docs' exit-code table and metrics list say what the contract declares", () => {
  const commands = readFileSync('docs/commands.md', 'utf8');
  const metrics = readFileSync('docs/metrics.md', 'utf8');
  const rows = [...commands.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map(([, code, meaning]) => [
    Number(code),
    meaning,
  ]);
  assert.deepEqual(
    Object.fromEntries(rows),
    Object.fromEntries(
      Object.entries(EXIT_MEANINGS).map(([code, meaning]) => [Number(code), meaning]),
    ),
  );
  for (const { name } of Object.values(METRICS))
    assert.match(metrics, new RegExp(`\`${name}\``), `${name} is documented`);
});
