/** Runs a scenario through the CLI at the tests' quick scale and checks what every run must hold. */
import assert from 'node:assert/strict';
import { EXIT } from '../../contract/exit-codes.ts';
import { odooLoad } from './cli.ts';
import { type RunFiles, readRun, runIdOf, unclassifiedErrors } from './runs.ts';

/** The shipped smoke runs a minute and a half; these tests run the same workloads and channels in 20 s. */
export const QUICK_PROFILE = 'test/fixtures/profiles/quick.json';

/** `odoo-load run <scenario>` on the local stack; exit 0, every error classified, the audit passed. */
export async function runScenario(
  pgPort: number,
  scenario: string,
  ...flags: string[]
): Promise<RunFiles> {
  const profile = flags.includes('--profile') ? [] : ['--profile', QUICK_PROFILE];
  const result = await odooLoad([
    'run',
    scenario,
    '--pg-port',
    String(pgPort),
    ...profile,
    ...flags,
  ]);
  const runId = runIdOf(result.stderr);
  assert.ok(runId, result.stderr);
  assert.equal(
    result.code,
    EXIT.ok,
    `${scenario} exited ${result.code}\n${result.stderr}\n${result.stdout.slice(-3000)}`,
  );
  const run = readRun(runId);
  assert.equal(unclassifiedErrors(run), 0, 'every Odoo error has a kind');
  assert.equal(run.audit.passed, true, JSON.stringify(run.audit.checks));
  return run;
}
