/**
 * Growing a database through Odoo's API, against the emulator as the stand-in: what a dataset
 * profile asks is added (products with barcodes and categories, customers with contacts, stock
 * counted in, months of orders delivered and invoiced), an interrupted grow resumes without
 * duplicates, growing again adds nothing, and a non-loopback target is refused.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { EXIT } from '../../contract/exit-codes.ts';
import { refPattern } from '../../contract/index.ts';
import type { LocalPostgres } from '../../services/postgres.ts';
import { capacityFileOf, capacityRunOf } from '../support/capacity.ts';
import { CLI_LOCAL, odooLoad, told } from '../support/cli.ts';
import { callKw, login, startPostgres, startStack, type TestStack } from '../support/stack.ts';

let postgres: LocalPostgres;
let stack: TestStack;
const dataset = join('.local', 'test', 'grow', 'small.json');

const DATASET = {
  kind: 'dataset',
  name: 'small-distributor',
  companies: 2,
  users: { salesReps: 0, accountants: 0, pickers: 0 },
  products: { count: 320, categories: 3 },
  customers: { count: 140, contactsPerCustomer: 2 },
  stock: { onHand: { min: 50, max: 60 } },
  history: { orders: 60, months: 3, linesPerOrder: { min: 1, max: 2 }, paid: 0 },
};

async function sql<T = Record<string, number>>(query: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

const target = () => ({
  ODOO_URL: stack.url,
  ODOO_DB: stack.db,
  ODOO_LOGIN: 'admin',
  ODOO_PASSWORD: stack.password,
});

/** `odoo-load grow`, stopped with SIGINT as it starts on the products. */
function growInterrupted(): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [resolve('cli/bin.mjs'), 'grow', '--dataset', dataset, '--batch', '20'],
      { env: { ...process.env, ODOO_LOAD_LOCAL: CLI_LOCAL, ...target() } },
    );
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      // Once, as a person presses Ctrl-C once.
      if (!signalled && /grow users: done/.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => done({ code: code ?? 1, stderr }));
  });
}

before(async () => {
  mkdirSync(join('.local', 'test', 'grow'), { recursive: true });
  writeFileSync(dataset, JSON.stringify(DATASET));
  postgres = await startPostgres('grow');
  stack = await startStack(postgres, { seed: { products: 200, customers: 100, operators: 2 } });
});
after(async () => {
  await stack?.stop();
  await postgres?.stop();
});

describe('grow a database to a dataset profile', () => {
  test('interrupted once, resumed: every count the profile asks, no duplicate, and nothing more the second time', async () => {
    const interrupted = await growInterrupted();
    assert.equal(interrupted.code, EXIT.interrupted, interrupted.stderr);
    assert.match(interrupted.stderr, /stopping after this batch/);
    const [partial] = await sql(
      `SELECT count(*)::int AS n FROM product_product WHERE default_code LIKE 'GROW-P-%'`,
    );
    assert.ok(partial!.n! < 120, `${partial!.n!} products before the interruption`);
    // An order a stopped grow created but never confirmed (stopped between create and confirm).
    const cookie = await login(stack);
    // A customer seeded before the grow (none is grown yet at this point).
    const [customer] = (
      await callKw(stack, cookie, 'res.partner', 'search', [[['customer_rank', '>', 0]]], {
        limit: 1,
        order: 'id',
      })
    ).body.result as number[];
    const [product] = (
      await callKw(stack, cookie, 'product.product', 'search', [[['sale_ok', '=', true]]], {
        limit: 1,
      })
    ).body.result as number[];
    const stranded = await callKw(stack, cookie, 'sale.order', 'create', [
      [
        {
          partner_id: customer,
          client_order_ref: 'GROW-H-999999',
          order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]],
        },
      ],
    ]);
    assert.ok(stranded.body.result, stranded.text);
    // An order a load run confirmed: not history, so the grow still makes the profile's 60.
    const ofRun = await callKw(stack, cookie, 'sale.order', 'create', [
      [
        {
          partner_id: customer,
          client_order_ref: '20261205-000000-abcd/oc/1/1',
          order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]],
        },
      ],
    ]);
    await callKw(stack, cookie, 'sale.order', 'action_confirm', [[ofRun.body.result]]);

    const resumed = await odooLoad(
      ['grow', '--dataset', dataset, '--batch', '20'],
      target(),
      600_000,
    );
    assert.equal(resumed.code, EXIT.ok, told(resumed));
    assert.match(resumed.stderr, /grow products: [\d,]+ of [\d,]+ products, [\d.]+\/s/);
    const [counts] = await sql(`
      SELECT (SELECT count(*) FROM product_product WHERE type = 'product')::int AS products,
             (SELECT count(DISTINCT default_code) FROM product_product WHERE default_code LIKE 'GROW-P-%')::int AS distinct_grown,
             (SELECT count(*) FROM product_product WHERE default_code LIKE 'GROW-P-%')::int AS grown,
             (SELECT count(*) FROM product_product WHERE default_code LIKE 'GROW-P-%' AND barcode IS NOT NULL AND categ_id <> 1)::int AS barcoded,
             (SELECT count(*) FROM res_partner WHERE is_company)::int AS customers,
             (SELECT count(*) FROM res_partner WHERE parent_id IN (SELECT id FROM res_partner WHERE ref LIKE 'GROW-C-%'))::int AS contacts,
             (SELECT count(*) FROM sale_order WHERE state = 'sale')::int AS orders,
             (SELECT count(*) FROM sale_order WHERE client_order_ref LIKE 'GROW-H-%')::int AS history,
             (SELECT count(*) FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id WHERE o.client_order_ref LIKE 'GROW-H-%' AND p.state = 'done')::int AS delivered,
             (SELECT count(*) FROM account_move WHERE move_type = 'out_invoice' AND state = 'posted' AND invoice_origin IN (SELECT name FROM sale_order WHERE client_order_ref LIKE 'GROW-H-%'))::int AS invoices`);
    assert.equal(counts!.products, DATASET.products.count, JSON.stringify(counts));
    assert.equal(counts!.grown, counts!.distinct_grown, 'no product was made twice');
    assert.equal(
      counts!.barcoded,
      counts!.grown,
      'every grown product has a barcode and a category',
    );
    assert.equal(counts!.customers, DATASET.customers.count);
    const [grownCustomers] = await sql(
      `SELECT count(*)::int AS n FROM res_partner WHERE ref LIKE 'GROW-C-%'`,
    );
    assert.ok(grownCustomers!.n! > 0);
    assert.equal(
      counts!.contacts,
      grownCustomers!.n! * 2,
      'two contacts under each grown customer',
    );
    assert.equal(counts!.orders, DATASET.history.orders + 1, "history, and the load run's order");
    const [drafts] = await sql(
      `SELECT count(*)::int AS n FROM sale_order WHERE client_order_ref LIKE 'GROW-H-%' AND state = 'draft'`,
    );
    assert.equal(drafts!.n, 0, 'the order left unconfirmed was confirmed on resuming');
    assert.equal(counts!.delivered, counts!.history, 'every history order delivered');
    // All but the stranded order, whose customer is not a grown one: postings look for the grown
    // customers' invoices, so its invoice stays a draft.
    assert.equal(counts!.invoices, counts!.history! - 1, 'and invoiced, posted');
    assert.match(
      resumed.stdout,
      // What the database holds: the 60 of history and the load run's one.
      /grow small-distributor: 2 companies, 320 products, 140 customers, 61 orders/,
    );

    const totals = () =>
      sql(
        `SELECT (SELECT count(*) FROM product_product)::int AS products, (SELECT count(*) FROM sale_order)::int AS orders, (SELECT count(*) FROM res_partner)::int AS partners, (SELECT count(*) FROM stock_quant)::int AS quants`,
      );
    const [first] = await totals();
    const again = await odooLoad(['grow', '--dataset', dataset], target(), 600_000);
    assert.equal(again.code, EXIT.ok, told(again));
    assert.deepEqual((await totals())[0], first, 'growing again adds nothing');
  });

  test("a sweep of a real target at --companies 1,2 spreads the second sweep's orders over its first two companies", async () => {
    const result = await odooLoad(
      [
        'capacity',
        '--profile',
        'test/fixtures/profiles/capacity.json',
        '--companies',
        '1,2',
        '--loads',
        '2',
        '--step-seconds',
        '3',
        '--warmup-seconds',
        '1',
      ],
      target(),
      300_000,
    );
    assert.equal(result.code, EXIT.ok, told(result));
    const runId = capacityRunOf(result.stderr)!;
    const sweeps = capacityFileOf(runId).sweeps;
    assert.deepEqual(
      sweeps.map((sweep) => sweep.companies),
      [1, 2],
    );
    const [spread] = await sql(
      `SELECT count(DISTINCT company_id)::int AS companies FROM sale_order WHERE client_order_ref LIKE '${refPattern(runId)}'`,
    );
    assert.equal(spread!.companies, 2, 'the orders of both sweeps were taken by two companies');
    // As a run does, the sweeps cancel the deliveries they left open, their stock given back.
    assert.match(result.stderr, /cancelled the \d+ deliver(y|ies) the run left open/);
    const [held] = await sql(
      `SELECT count(*)::int AS lines FROM stock_move_line ml JOIN stock_picking p ON p.id = ml.picking_id
         JOIN sale_order o ON o.id = p.sale_id WHERE o.client_order_ref LIKE '${refPattern(runId)}' AND p.state NOT IN ('done', 'cancel')`,
    );
    assert.equal(held!.lines, 0, "no reserved line left on the sweeps' open deliveries");

    const tooMany = await odooLoad(
      ['capacity', '--profile', 'test/fixtures/profiles/capacity.json', '--companies', '1,5'],
      target(),
    );
    assert.equal(tooMany.code, EXIT.badInput, told(tooMany));
    assert.match(
      tooMany.stderr,
      /--companies 5: admin has 2 companies at http:\/\/127\.0\.0\.1:\d+; grow/,
    );
    assert.doesNotMatch(tooMany.stderr, /load \d+:/, 'refused before any sweep');
  });

  test('a target that is not on this machine is refused before any request', async () => {
    const result = await odooLoad(['grow', '--dataset', dataset], {
      ...target(),
      ODOO_URL: 'http://staging.invalid:8069',
    });
    assert.equal(result.code, EXIT.unsafeTarget, told(result));
    assert.match(result.stderr, /refusing to load http:\/\/staging\.invalid:8069/);
  });
});
