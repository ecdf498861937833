/**
 * The suite's own scenarios and audit against a real Odoo (`npm run test:odoo`), not part of
 * `npm test`: CI has no Odoo. Point it at a staging copy with ODOO_URL, ODOO_DB, ODOO_LOGIN,
 * ODOO_PASSWORD (ODOO_API_KEY for the API-key run, ODOO_OPERATORS / ODOO_OPERATOR_PASSWORD for the
 * scanners). A target that is not loopback also needs ODOO_LOAD_NOT_PRODUCTION=yes, the same word
 * as --i-know-this-is-not-production. Without ODOO_URL every test says it was skipped and why.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { EXIT } from '../../contract/index.ts';
import { odooLoad } from '../support/cli.ts';
import { readRun, runIdOf } from '../support/runs.ts';

const configured = Boolean(
  process.env.ODOO_URL &&
    process.env.ODOO_DB &&
    process.env.ODOO_LOGIN &&
    process.env.ODOO_PASSWORD,
);
const skip = configured
  ? false
  : 'ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD are not set: there is no real Odoo to test against';
const safety =
  process.env.ODOO_LOAD_NOT_PRODUCTION === 'yes' ? ['--i-know-this-is-not-production'] : [];

/** The target, passed on explicitly: the CLI helper blanks ODOO_* so no other test hits a real Odoo. */
const TARGET = Object.fromEntries(
  [
    'ODOO_URL',
    'ODOO_DB',
    'ODOO_LOGIN',
    'ODOO_PASSWORD',
    'ODOO_API_KEY',
    'ODOO_OPERATORS',
    'ODOO_OPERATOR_PASSWORD',
  ].map((name) => [name, process.env[name] ?? '']),
);

const table: string[][] = [];
after(() => {
  if (!configured) return console.log(`# real Odoo: skipped (${skip})`);
  console.log(['scenario', 'exit', 'verdict', 'audit'].join(' | '));
  for (const row of table) console.log(row.join(' | '));
});

/** Runs one scenario at smoke scale; the business calls must hold and the audit must pass. */
async function runOnOdoo(label: string, args: string[]): Promise<void> {
  const result = await odooLoad(['run', ...args, ...safety], TARGET, 900_000);
  assert.match(
    result.stderr,
    new RegExp(`logged in to ${process.env.ODOO_URL}`),
    'the run went to ODOO_URL',
  );
  const runId = runIdOf(result.stderr);
  const run = runId ? readRun(runId) : undefined;
  const audit = run?.audit ? (run.audit.passed ? 'passed' : 'FAILED') : 'not run';
  table.push([
    label,
    String(result.code),
    run?.record.ending?.verdict ?? result.stderr.trim().split('\n').pop() ?? '',
    audit,
  ]);
  assert.ok(runId, result.stderr);
  // Thresholds (speed) may fail on a slow staging server; business calls and integrity may not.
  assert.ok(
    result.code === EXIT.ok || result.code === EXIT.thresholdsFailed,
    `${label}: exit ${result.code}\n${result.stderr.slice(-1500)}`,
  );
  assert.equal(run!.audit.passed, true, JSON.stringify(run!.audit.checks));
}

describe('a real Odoo', { skip }, () => {
  test('doctor finds the target ready, or names what it lacks', async () => {
    const result = await odooLoad(['doctor'], TARGET);
    table.push([
      'doctor',
      String(result.code),
      result.stdout
        .split('\n')
        .filter((line) => /^(FAIL|warn)/.test(line))
        .join('; ') || 'all ok',
      '-',
    ]);
    assert.match(
      result.stdout,
      new RegExp(`^ok {3}target +${process.env.ODOO_URL}`, 'm'),
      result.stdout,
    );
  });

  for (const scenario of [
    'order-confirmation',
    'barcode-scanning',
    'bulk-import',
    'reservation-contention',
    'month-end-close',
  ]) {
    test(`${scenario} at smoke scale: business calls hold and the audit passes`, () =>
      runOnOdoo(scenario, [scenario, '--profile', 'smoke']));
  }

  test('opening stock changes on hand, through base_import', () =>
    runOnOdoo('bulk-import (opening stock)', [
      'bulk-import',
      '--profile',
      'test/fixtures/profiles/opening-stock.json',
    ]));

  test(
    'order-confirmation over /jsonrpc with an API key',
    { skip: process.env.ODOO_API_KEY ? false : 'ODOO_API_KEY is not set' },
    () =>
      runOnOdoo('order-confirmation --auth jsonrpc', [
        'order-confirmation',
        '--profile',
        'smoke',
        '--auth',
        'jsonrpc',
      ]),
  );

  test("Debian's odoorpc client works against it", () => {
    const result = spawnSync('/usr/bin/python3', ['test/fixtures/odoorpc_client.py'], {
      env: {
        ...process.env,
        URL: process.env.ODOO_URL,
        DB: process.env.ODOO_DB,
        LOGIN: process.env.ODOO_LOGIN,
        SECRET: process.env.ODOO_PASSWORD,
      },
      encoding: 'utf8',
    });
    table.push([
      'odoorpc client',
      String(result.status),
      result.stdout.trim() || result.stderr.trim().split('\n').pop() || '',
      '-',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).order.state, 'sale');
  });
});
