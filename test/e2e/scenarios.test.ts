/**
 * Each workload scenario through real k6 against the emulator at smoke scale: its business metrics
 * are non-zero, every error is classified, and the audit passes on what it left behind.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { EXIT } from '../../contract/exit-codes.ts';
import { INVOICE_OUTCOMES, METRICS, OUTCOMES, TAGS } from '../../contract/index.ts';
import type { ServerLogSummary } from '../../judge/server-log.ts';
import { ensureK6 } from '../../services/k6.ts';
import { freePort } from '../../services/process.ts';
import { odooLoad } from '../support/cli.ts';
import {
  count,
  observed,
  outcomes,
  type RunFiles,
  readRun,
  runIdOf,
  unclassifiedErrors,
} from '../support/runs.ts';

let pgPort: number;
before(async () => {
  await ensureK6((line) => console.log(line));
  pgPort = await freePort();
});

/** The shipped smoke runs a minute and a half; these tests run the same workloads and channels in 20 s. */
const QUICK = ['--profile', 'test/fixtures/profiles/quick.json'];

async function runScenario(scenario: string, ...flags: string[]): Promise<RunFiles> {
  const profile = flags.includes('--profile') ? [] : QUICK;
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

describe('scenarios at smoke scale', () => {
  test('order-confirmation confirms, delivers, reserves and invoices', async () => {
    const run = await runScenario('order-confirmation');
    // The API's orders are checked for their delivery and reservation; the web client's own (a tenth
    // of them) are the channels test's.
    const byApi = outcomes(run, 'order_confirmation', OUTCOMES.done);
    const byWeb = outcomes(run, 'order_entry_web', OUTCOMES.done);
    assert.ok(byApi > 0);
    assert.equal(
      count(run, METRICS.ordersConfirmed.name),
      byApi + byWeb,
      'every order counted once',
    );
    assert.equal(count(run, METRICS.pickingsCreated.name), byApi, 'one delivery per order');
    assert.equal(
      count(run, METRICS.reservations.name),
      byApi,
      'every order has a reservation outcome',
    );
    // Invoicing follows the product's policy: ordered-quantity orders are invoiced, the others have
    // nothing to invoice yet (an outcome of their own, never an Odoo error).
    const invoiced = (outcome: string) =>
      (run.results.counters[METRICS.invoices.name] ?? [])
        .filter((row) => row.tags[TAGS.outcome] === outcome)
        .reduce((sum, row) => sum + row.value, 0);
    assert.ok(invoiced(INVOICE_OUTCOMES.posted) > 0, 'some orders invoiced');
    assert.ok(invoiced(INVOICE_OUTCOMES.nothingToInvoice) > 0, 'some had nothing to invoice yet');
    assert.equal(invoiced(INVOICE_OUTCOMES.failed), 0);
    assert.equal(count(run, METRICS.rpcErrors.name), 0, 'no Odoo call failed');
    assert.equal(run.audit.checks.find((c) => c.check === 'orders')!.verdict, 'pass');
    assert.match(
      run.record.ending!.verdict,
      /^\d+ of \d+ orders confirmed; \d+ of \d+ orders keyed in the web client confirmed$/,
    );
  });

  test('barcode-scanning: every operator scans and validates all their deliveries', async () => {
    const run = await runScenario('barcode-scanning');
    assert.ok(count(run, METRICS.scans.name) > 0);
    assert.ok(observed(run, METRICS.scanDuration.name));
    assert.equal(count(run, METRICS.pickingsValidated.name), 6, '3 operators × 2 deliveries');
    assert.equal(
      run.stats.requests['/web/session/authenticate'] >= 4,
      true,
      'operators logged in as themselves',
    );
    // People log in once, before the load: no login is measured inside it.
    const logins = run.results.counters[METRICS.logins.name] ?? [];
    const sum = (rows: typeof logins) => rows.reduce((total, row) => total + row.value, 0);
    assert.equal(sum(logins.filter((row) => row.tags[TAGS.phase] !== 'setup')), 0);
    assert.equal(sum(logins.filter((row) => row.tags[TAGS.role] === 'picker')), 3);
    assert.equal(sum(logins.filter((row) => row.tags[TAGS.outcome] !== 'done')), 0);
  });

  test('people work by both channels: reps key orders, pickers validate and accountants post in the web client, a shift starts; logins only before the load and in the shift', async () => {
    const run = await runScenario(
      'peak-day',
      '--profile',
      'test/fixtures/profiles/web-channel.json',
    );
    for (const scenario of [
      'order_confirmation',
      'order_entry_web',
      'barcode_scanning',
      'delivery_validation_web',
      'month_end_posting',
      'invoice_entry_web',
      'shift_start',
    ]) {
      assert.ok(outcomes(run, scenario, OUTCOMES.done) > 0, `${scenario} did something`);
      assert.equal(outcomes(run, scenario, OUTCOMES.failed), 0, `${scenario} failed nothing`);
    }
    assert.match(run.record.ending!.verdict, /\d+ of \d+ orders keyed in the web client confirmed/);
    const logins = run.results.counters[METRICS.logins.name] ?? [];
    const sum = (rows: typeof logins) => rows.reduce((total, row) => total + row.value, 0);
    const phase = (name: string) => sum(logins.filter((row) => row.tags[TAGS.phase] === name));
    // 1 integration session, 2 reps, 1 accountant, 2 pickers: each logged in once, before the load.
    assert.equal(phase('setup'), 6);
    assert.equal(phase('shift'), outcomes(run, 'shift_start', OUTCOMES.done));
    assert.equal(phase('renewal'), 0);
    const steps = new Set(
      (run.results.trends[METRICS.webActionDuration.name] ?? []).map((row) => row.tags[TAGS.step]),
    );
    for (const step of ['open', 'save', 'confirm', 'validate', 'post'])
      assert.ok(steps.has(step), `the web client's ${step} was timed`);
    // The web client's own calls reached the emulator.
    assert.ok(run.stats.requests['/web/dataset/call_kw/*'] > 0);
    assert.ok(run.stats.requests['/mail/thread/data'] > 0);
  });

  test('bulk-import loads every row of every batch through base_import', async () => {
    const run = await runScenario('bulk-import');
    assert.equal(count(run, METRICS.importRows.name), 300);
    assert.ok(observed(run, METRICS.importBatchDuration.name));
    assert.equal(count(run, METRICS.importRowsFailed.name), 0);
    assert.equal(run.audit.checks.find((c) => c.check === 'imports')!.verdict, 'pass');
  });

  test('reservation-contention produces conflicts the emulator retries, and stock stays consistent', async () => {
    // Smoke's own rate suits a 2-worker server; this one makes conflicts certain on a threaded one.
    const run = await runScenario(
      'reservation-contention',
      '--profile',
      'test/fixtures/profiles/contention.json',
    );
    assert.ok(count(run, METRICS.reservations.name) > 0);
    assert.ok(
      run.stats.retries.retries > 0,
      `the emulator retried conflicts (${JSON.stringify(run.stats.retries)})`,
    );
    assert.equal(
      count(run, METRICS.conflicts.name),
      run.stats.retries.exhausted,
      'conflicts the client saw = retries that ran out',
    );
    // Odoo's log (the emulator's, in Odoo's format) holds every retry the clients never saw.
    const serverLog = run.folder.read<ServerLogSummary>('serverLog')!;
    assert.equal(
      Object.values(serverLog.retries).reduce((sum, times) => sum + times, 0),
      run.stats.retries.retries,
    );
    assert.equal(serverLog.retriesExhausted, run.stats.retries.exhausted);
    assert.match(run.folder.readText('report') ?? '', /Odoo retried on its own/);
    assert.equal(run.audit.checks.find((c) => c.check === 'stock')!.verdict, 'pass');
  });

  test('month-end-close posts entries and invoices with gapless numbers while reports run', async () => {
    const run = await runScenario('month-end-close');
    assert.ok(count(run, METRICS.postings.name) > 0);
    assert.ok(observed(run, METRICS.reportDuration.name));
    assert.equal(run.audit.checks.find((c) => c.check === 'sequences')!.verdict, 'pass');
    assert.equal(run.audit.checks.find((c) => c.check === 'balances')!.verdict, 'pass');
  });

  test("the same scenario runs over /jsonrpc with an API key, and over Odoo 19's JSON-2", async () => {
    // The integration user calls with its API key; the reps still log in to the web client with a
    // password, as people do, and key their orders through its routes.
    const jsonrpc = await runScenario('order-confirmation', '--auth', 'jsonrpc');
    const byApi = outcomes(jsonrpc, 'order_confirmation', OUTCOMES.done);
    assert.ok(byApi > 0);
    assert.ok(jsonrpc.stats.requests['/jsonrpc'] > byApi, 'calls went through /jsonrpc');
    assert.ok(outcomes(jsonrpc, 'order_entry_web', OUTCOMES.done) > 0, 'reps keyed orders');
    assert.ok(jsonrpc.stats.requests['/web/dataset/call_kw/*'] > 0);
    // Odoo 19's web client was not recorded: its run sends orders by API alone.
    const quick = JSON.parse(readFileSync('test/fixtures/profiles/quick.json', 'utf8'));
    quick.workloads.orderConfirmation.channels = { api: 1 };
    const apiOnly = join('.local/test', 'quick-api-only.json');
    mkdirSync(dirname(apiOnly), { recursive: true });
    writeFileSync(apiOnly, JSON.stringify(quick));
    const json2 = await runScenario(
      'order-confirmation',
      '--profile',
      apiOnly,
      '--auth',
      'json2',
      '--odoo-version',
      '19',
    );
    assert.equal(json2.stats.requests['/web/dataset/call_kw/*'] ?? 0, 0);
    assert.ok(count(json2, METRICS.ordersConfirmed.name) > 0);
    assert.ok(
      json2.stats.requests['/json/2/:model/:method'] > count(json2, METRICS.ordersConfirmed.name),
      'calls went through /json/2',
    );
  });

  test("barcode-scanning through Enterprise's barcode app routes: one save per scan", async () => {
    const run = await runScenario(
      'barcode-scanning',
      '--profile',
      'test/fixtures/profiles/enterprise-scanning.json',
    );
    assert.equal(count(run, METRICS.pickingsValidated.name), 4);
    assert.equal(
      run.stats.requests['/stock_barcode/save_barcode_data'],
      count(run, METRICS.scans.name),
    );
    assert.equal(
      run.stats.requests['/stock_barcode/get_barcode_data'],
      4,
      'each delivery opened once',
    );
  });

  test('a hosting profile without a url shapes the emulator: Odoo.sh with 4 workers', async () => {
    const run = await runScenario(
      'order-confirmation',
      '--profile',
      'test/fixtures/profiles/quick-orders.json',
      '--target',
      'odoo-sh-4-workers',
    );
    assert.ok(count(run, METRICS.ordersConfirmed.name) > 0);
    assert.equal(run.stats.workers, 4);
    const runFile = JSON.parse(readFileSync(join('reports', run.runId, 'run.json'), 'utf8'));
    assert.equal(runFile.hosting.name, 'odoo-sh-4-workers');
  });

  test('opening stock through base_import and load really changes on hand, and the audit proves it per product and location', async () => {
    for (const via of ['base_import', 'load']) {
      const profile = JSON.parse(readFileSync('test/fixtures/profiles/opening-stock.json', 'utf8'));
      profile.workloads.bulkImport.via = via;
      const file = join('.local', 'test', `opening-stock-${via}.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      const run = await runScenario('bulk-import', '--profile', file);
      assert.equal(count(run, METRICS.importRows.name), 300, via);
      assert.ok(count(run, METRICS.importQuantity.name) >= 300 * 100, 'every count applied');
      const imports = run.audit.checks.find((c) => c.check === 'imports')!;
      assert.equal(imports.verdict, 'pass', imports.evidence.join('\n'));
      assert.match(
        imports.summary,
        /300 counts of \d+ units applied; 300 product\/location pairs hold/,
      );
    }
  });

  test("bulk-import of price list items through load, into a pricelist of the run's own", async () => {
    const run = await runScenario(
      'bulk-import',
      '--profile',
      'test/fixtures/profiles/pricelist-import.json',
    );
    assert.equal(count(run, METRICS.importRows.name), 100);
    const imports = run.audit.checks.find((c) => c.check === 'imports')!;
    assert.equal(imports.verdict, 'pass');
    assert.match(imports.summary, /100 product\.pricelist\.item records found/);
  });
});
