/**
 * The workloads through other doors, in a file of their own so they run beside scenarios.test.ts:
 * /jsonrpc with an API key and Odoo 19's JSON-2, Enterprise's barcode routes, a hosting profile's
 * shape, opening stock and price lists by import. Each run's errors are classified and its audit
 * passes on what it left behind.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { METRICS, OUTCOMES } from '../../contract/index.ts';
import { count, outcomes } from '../support/runs.ts';
import { scenarioRunner } from '../support/scenario.ts';

const runScenario = scenarioRunner();

describe('scenarios at smoke scale: other protocols, editions, hosting shapes and imports', () => {
  test("the same scenario runs over /jsonrpc with an API key, and over Odoo 19's JSON-2", async () => {
    // The integration user calls with its API key; the reps still log in to the web client with a
    // password, as people do, and key their orders through its routes.
    const jsonrpc = await runScenario('order-confirmation', '--auth', 'jsonrpc');
    const byApi = outcomes(jsonrpc, 'order_confirmation', OUTCOMES.done);
    assert.ok(byApi > 0);
    assert.ok(jsonrpc.stats.requests['/jsonrpc'] > byApi, 'calls went through /jsonrpc');
    assert.ok(outcomes(jsonrpc, 'order_entry_web', OUTCOMES.done) > 0, 'reps keyed orders');
    assert.ok(jsonrpc.stats.requests['/web/dataset/call_kw/*'] > 0);
    // The emulator does not answer 19's web client (planning/plan.ts): its run sends orders by API
    // alone, for a few seconds (its protocol is what is checked).
    const quick = JSON.parse(readFileSync('test/fixtures/profiles/quick.json', 'utf8'));
    quick.workloads.orderConfirmation.channels = { api: 1 };
    quick.duration = '8s';
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
