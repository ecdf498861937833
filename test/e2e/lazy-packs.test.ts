/**
 * build.mjs's packs (services/lazy-packs.mjs), run by real k6: a VU evaluates a workload's code at
 * its first require() only, once, with the init stage's metrics and k6's modules as the init stage
 * has them; an idle VU never evaluates it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { ensureK6 } from '../../services/k6.ts';

let k6 = '';
let bundle = '';
before(async () => {
  k6 = (await ensureK6((line) => console.log(line))).path;
  const dir = mkdtempSync(join(tmpdir(), 'odoo-load-packs-'));
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'work'));
  const metrics = resolve('lib/metrics/index.ts');
  // A workload with a side effect at evaluation, a default import of k6/http and the metrics.
  writeFileSync(
    join(dir, 'work', 'workload.ts'),
    `import exec from 'k6/execution';
import http from 'k6/http';
import { metrics } from '${metrics}';
console.log(\`evaluated in VU \${exec.vu.idInTest}\`);
export const facts = () => ({
  sharedMetrics: metrics === (globalThis as Record<string, any>)['odoo-load:metrics'].metrics,
  cookieJar: typeof http.CookieJar,
});
`,
  );
  writeFileSync(
    join(dir, 'scenarios', 'lazy.ts'),
    `import '${metrics}';
const workload = () => require('../work/workload.ts') as typeof import('../work/workload.ts');
export const options = {
  scenarios: {
    idle: { executor: 'per-vu-iterations', vus: 2, iterations: 2, exec: __ENV.EXEC },
  },
};
export function idle() {}
export function busy() {
  console.log(\`facts \${JSON.stringify(workload().facts())}\`);
}
`,
  );
  const built = spawnSync(
    process.execPath,
    [
      'build.mjs',
      '--only',
      'k6',
      '--scenarios',
      join(dir, 'scenarios'),
      '--outdir',
      join(dir, 'dist'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(built.status, 0, built.stderr);
  bundle = join(dir, 'dist', 'lazy.js');
});

const runK6 = (exec: string) => {
  const result = spawnSync(k6, ['run', '--quiet', '--log-format=raw', bundle], {
    encoding: 'utf8',
    env: { ...process.env, K6_NO_USAGE_REPORT: 'true', EXEC: exec },
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stderr.split('\n');
};

test('an idle VU never evaluates the workload: its init stage holds the plan and the metrics', () => {
  const lines = runK6('idle');
  assert.deepEqual(
    lines.filter((line) => line.startsWith('evaluated')),
    [],
  );
});

test('a busy VU evaluates the workload once, with the init stage metrics and k6/http whole', () => {
  const lines = runK6('busy');
  const evaluated = lines.filter((line) => line.startsWith('evaluated')).sort();
  assert.deepEqual(evaluated, ['evaluated in VU 1', 'evaluated in VU 2'], lines.join('\n'));
  const facts = lines.filter((line) => line.startsWith('facts '));
  assert.equal(facts.length, 4, lines.join('\n'));
  for (const line of facts)
    assert.deepEqual(JSON.parse(line.slice('facts '.length)), {
      sharedMetrics: true,
      cookieJar: 'function',
    });
});
