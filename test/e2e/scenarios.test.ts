/**
 * Each workload scenario through real k6 against the emulator at smoke scale: its business metrics
 * are non-zero, every error is classified, and the audit passes on what it left behind.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INVOICE_OUTCOMES, METRICS, OUTCOMES, TAGS } from '../../contract/index.ts';
import type { ServerLogSummary } from '../../judge/server-log.ts';
import { count, observed, outcomes } from '../support/runs.ts';
import { scenarioRunner } from '../support/scenario.ts';

const runScenario = scenarioRunner();

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
      // A busy machine may leave an arrival unstarted; the verdict says so, and the count still holds.
      /^\d+ of \d+ orders confirmed; \d+ of \d+ orders keyed in the web client confirmed( \(\d+ planned iterations never started: every VU was busy\))?$/,
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
});
