/** Runs a scenario through the CLI at the tests' quick scale and checks what every run must hold. */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { EXIT } from '../../contract/exit-codes.ts';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { odooLoad, told } from './cli.ts';
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
  assert.ok(runId, told(result));
  assert.equal(result.code, EXIT.ok, `${scenario}: ${told(result)}`);
  const run = readRun(runId);
  assert.equal(unclassifiedErrors(run), 0, 'every Odoo error has a kind');
  assert.equal(run.audit.passed, true, JSON.stringify(run.audit.checks));
  return run;
}

/**
 * A test file's scenario runner: k6 built (or found) and a PostgreSQL port chosen once, before the
 * file's tests, and every run of the file on that port.
 */
export function scenarioRunner(): (scenario: string, ...flags: string[]) => Promise<RunFiles> {
  let pgPort = 0;
  before(async () => {
    await ensureK6((line) => console.log(line));
    pgPort = await freePort();
  });
  return (scenario, ...flags) => runScenario(pgPort, scenario, ...flags);
}
