/**
 * The main job end to end: `odoo-load start` builds, starts PostgreSQL and the emulator, runs the
 * order-confirmation smoke through real k6, and what k6 counted matches what the database holds.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { EXIT } from '../../contract/exit-codes.ts';
import { METRICS, REF_CODES, refPattern } from '../../contract/index.ts';
import { LOCAL_DB } from '../../run/local-stack.ts';
import { ensureK6 } from '../../services/k6.ts';
import { LocalPostgres } from '../../services/postgres.ts';
import { freePort } from '../../services/process.ts';
import { cliLocal, odooLoad, told } from '../support/cli.ts';
import { count, readRun, runFolderNames, runFoldersSince, runIdOf } from '../support/runs.ts';
import { startPostgres, startStack, stats, type TestStack } from '../support/stack.ts';

before(async () => {
  // Building k6 on a fresh machine takes minutes: do it once, visibly, before the timed parts.
  await ensureK6((line) => console.log(line));
});

test('start runs the peak-day mix through real k6 and the database agrees with the summary', async () => {
  const pgPort = await freePort();
  // The shipped smoke's 90 s (long so a real Odoo's logins stay a small share) proves nothing more here.
  const result = await odooLoad([
    'start',
    '--profile',
    'test/fixtures/profiles/quick.json',
    '--pg-port',
    String(pgPort),
  ]);
  assert.equal(result.code, EXIT.ok, told(result));
  assert.match(result.stdout, new RegExp(METRICS.ordersConfirmed.name), 'k6 printed its summary');
  // The last line: what every workload did, the audit, and the outcome.
  assert.match(
    result.stderr,
    /run \S+: \d+ of \d+ orders confirmed; .*; audit passed; PASSED; results in /,
  );
  const runId = runIdOf(result.stderr)!;
  const run = readRun(runId);
  const confirmed = count(run, METRICS.ordersConfirmed.name);
  assert.ok(confirmed > 0, 'orders were confirmed');
  for (const metric of [
    METRICS.scans.name,
    METRICS.pickingsValidated.name,
    METRICS.importRows.name,
    METRICS.postings.name,
    METRICS.reservations.name,
    METRICS.reportDuration.name,
  ]) {
    assert.ok(count(run, metric) > 0, `${metric} > 0`);
  }
  assert.equal(run.audit.passed, true, JSON.stringify(run.audit.checks));
  assert.equal(run.record.target.kind, 'emulator');
  assert.equal(run.record.k6.version.split('.')[0], '1');
  assert.equal(run.record.ending!.exitCode, EXIT.ok);
  assert.ok(existsSync(run.folder.path('report')));

  // The data folder outlives the run: start the same server again and count what k6 reported.
  const postgres = new LocalPostgres({
    root: cliLocal('postgres'),
    port: pgPort,
    log: () => undefined,
  });
  await postgres.start();
  const client = new pg.Client({ connectionString: postgres.databaseUrl(LOCAL_DB) });
  await client.connect();
  try {
    // Orders come by API and keyed in the web client; both count as confirmed.
    const refs = [
      refPattern(runId, REF_CODES.orderConfirmation),
      refPattern(runId, REF_CODES.orderEntryWeb),
    ];
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM sale_order WHERE state = 'sale' AND client_order_ref LIKE ANY($1)`,
      [refs],
    );
    assert.equal(rows[0].n, confirmed);
    const pickings = await client.query(
      `SELECT count(*)::int AS n FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id WHERE o.client_order_ref LIKE ANY($1)`,
      [refs],
    );
    assert.equal(pickings.rows[0].n, confirmed, 'one delivery per confirmed order');
  } finally {
    await client.end();
    await postgres.stop();
  }
});

describe('preflight', () => {
  let postgres: LocalPostgres;
  let stack: TestStack;
  before(async () => {
    postgres = await startPostgres('preflight');
    stack = await startStack(postgres);
  });
  after(async () => {
    await stack?.stop();
    await postgres?.stop();
  });

  test('a wrong password stops the run in preflight with one line, and no VU ever calls Odoo', async () => {
    const reportsBefore = runFolderNames();
    const result = await odooLoad(['start'], {
      ODOO_URL: stack.url,
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_PASSWORD: 'definitely-wrong',
    });
    assert.equal(result.code, EXIT.credentialsRefused);
    const errorLines = result.stderr.split('\n').filter((line) => line.includes('preflight'));
    assert.equal(errorLines.length, 1, result.stderr);
    assert.match(errorLines[0]!, /login admin refused at http:\/\/127\.0\.0\.1:\d+/);
    assert.doesNotMatch(result.stderr + result.stdout, /at .*\.ts:\d+/, 'no stack trace');
    const counters = await stats(stack);
    assert.equal(counters.requests['/web/session/authenticate'], 1, 'exactly one login attempt');
    assert.equal(counters.requests['/web/dataset/call_kw/*'] ?? 0, 0, 'no model call');
    const ours = runFoldersSince(reportsBefore, (record) => record.target.url === stack.url);
    assert.deepEqual(ours, [], 'no run folder');
  });
});
