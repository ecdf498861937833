/** Against a target missing a module or data, each scenario stops in setup() with one line saying what. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { EXIT } from '../../cli/run/exit-codes.ts';
import { ensureK6 } from '../../cli/services/k6.ts';
import type { LocalPostgres } from '../../cli/services/postgres.ts';
import { odooLoad } from '../support/cli.ts';
import { startPostgres, startStack, type TestStack } from '../support/stack.ts';

let postgres: LocalPostgres;
before(async () => {
  await ensureK6((line) => console.log(line));
  postgres = await startPostgres('setup-failures');
});
after(async () => postgres?.stop());

async function sql(stack: TestStack, query: string) {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  await client.query(query).finally(() => client.end());
}

const SCENARIOS = [
  'order-confirmation',
  'barcode-scanning',
  'bulk-import',
  'reservation-contention',
  'month-end-close',
  'peak-day',
];

/** Runs a scenario against the stack as an external target and returns the abort lines k6 printed. */
async function abortLines(stack: TestStack, scenario: string) {
  const result = await odooLoad(['run', scenario], {
    ODOO_URL: stack.url,
    ODOO_DB: stack.db,
    ODOO_LOGIN: 'admin',
    ODOO_PASSWORD: stack.password,
  });
  const lines = (result.stdout + result.stderr)
    .split('\n')
    .filter((line) => line.includes('setup:'));
  return { code: result.code, lines, output: result.stdout + result.stderr };
}

describe('a target without the sale_stock module', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, { database: 'no_sale_stock', seed: { operators: 0 } });
    await sql(stack, `UPDATE ir_module_module SET state = 'uninstalled' WHERE name = 'sale_stock'`);
  });
  after(async () => stack?.stop());

  for (const scenario of SCENARIOS) {
    test(`${scenario} stops in setup naming the module`, async () => {
      const { code, lines, output } = await abortLines(stack, scenario);
      assert.equal(code, EXIT.k6Failed, output.slice(-1500));
      assert.equal(lines.length, 1, output.slice(-1500));
      assert.match(lines[0]!, /lacks the module\(s\) sale_stock; install them first/);
    });
  }
});

describe('a target without customers', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, { database: 'no_customers', seed: { operators: 0 } });
    await sql(stack, 'UPDATE res_partner SET customer_rank = 0');
  });
  after(async () => stack?.stop());

  test('order-confirmation stops in setup naming what is missing', async () => {
    const { code, lines } = await abortLines(stack, 'order-confirmation');
    assert.equal(code, EXIT.k6Failed);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /company \d+ has no customers \(res\.partner with customer_rank > 0\)/);
  });
});
