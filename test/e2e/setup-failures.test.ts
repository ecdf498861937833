/** Against a target missing a module or data, each scenario stops in setup() with one line saying what. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { EXIT } from '../../contract/exit-codes.ts';
import { ensureK6 } from '../../services/k6.ts';
import type { LocalPostgres } from '../../services/postgres.ts';
import { odooLoad, told } from '../support/cli.ts';
import { QUICK_PROFILE } from '../support/scenario.ts';
import { startPostgres, startStack, type TestStack } from '../support/stack.ts';

const QUICK_ORDERS_PROFILE = 'test/fixtures/profiles/quick-orders.json';

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
  // k6 says it once; the run's last line repeats the reason as the run's verdict.
  const lines = (result.stdout + result.stderr)
    .split('\n')
    .filter((line) => line.includes('test aborted: setup:'));
  const last = result.stderr.trim().split('\n').pop() ?? '';
  return { code: result.code, lines, last, output: result.stdout + result.stderr };
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
      const { code, lines, last, output } = await abortLines(stack, scenario);
      assert.equal(code, EXIT.k6Failed, output.slice(-1500));
      assert.equal(lines.length, 1, output.slice(-1500));
      assert.match(lines[0]!, /lacks the module\(s\) sale_stock; install them first/);
      assert.match(last, /k6 stopped: setup: .* lacks the module\(s\) sale_stock/);
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

describe('a target whose stock is all reserved by earlier deliveries', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, { database: 'all_reserved', seed: { operators: 0 } });
    await sql(stack, 'UPDATE stock_quant SET reserved_quantity = quantity');
  });
  after(async () => stack?.stop());

  test('barcode-scanning stops in setup, before any operator meets a delivery it cannot validate', async () => {
    const { code, lines } = await abortLines(stack, 'barcode-scanning');
    assert.equal(code, EXIT.k6Failed);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /company \d+'s products with a barcode have no free stock: what is on hand is reserved by other deliveries/,
    );
  });
});

describe('companies without a chart of accounts', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, { database: 'no_chart', seed: { operators: 0 } });
  });
  after(async () => stack?.stop());

  test('month-end close leaves such a company out with one warning, and stops only when none has one', async () => {
    const [first, second] = stack.dataset.companies;
    await sql(stack, `UPDATE account_journal SET type = 'bank' WHERE company_id = ${second!.id}`);
    // The tests' profile for a few seconds: the warning comes from setup, whatever the run's length.
    const path = join('.local/test', 'quick-6s.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      JSON.stringify({ ...JSON.parse(readFileSync(QUICK_PROFILE, 'utf8')), duration: '6s' }),
    );
    const partial = await odooLoad(['run', 'month-end-close', '--profile', path], {
      ODOO_URL: stack.url,
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_PASSWORD: stack.password,
    });
    assert.equal(partial.code, EXIT.ok, told(partial));
    assert.match(
      partial.stdout + partial.stderr,
      new RegExp(`company ${second!.id} has no chart of accounts .*left out of month-end close`),
    );
    await sql(stack, `UPDATE account_journal SET type = 'bank' WHERE company_id = ${first!.id}`);
    const none = await abortLines(stack, 'month-end-close');
    assert.equal(none.code, EXIT.k6Failed);
    assert.match(none.lines[0]!, /no company among .* has a chart of accounts/);
  });
});

describe('a company without a warehouse (Odoo 18+ refuses its orders)', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, {
      database: 'no_warehouse',
      version: 18,
      seed: { operators: 0 },
    });
  });
  after(async () => stack?.stop());

  test('doctor warns, a run takes the companies with one first, and orders for it fail as in Odoo', async () => {
    // A company admin may work in, listed first (its sequence), that has no warehouse.
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const { rows } = await client
      .query<{ id: number }>(
        `WITH company AS (INSERT INTO res_company (name, sequence) VALUES ('Warehouseless', 1) RETURNING id)
         INSERT INTO res_company_users_rel (cid, user_id)
           SELECT company.id, u.id FROM company, res_users u WHERE u.login = 'admin' RETURNING cid AS id`,
      )
      .finally(() => client.end());
    const bare = rows[0]!.id;
    const target = {
      ODOO_URL: stack.url,
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_PASSWORD: stack.password,
    };
    const doctor = await odooLoad(['doctor'], target);
    assert.match(doctor.stdout + doctor.stderr, new RegExp(`company ${bare} has no warehouse`));
    const seeded = stack.dataset.companies[0]!.id;
    assert.match(doctor.stdout + doctor.stderr, new RegExp(`company ${seeded} has a warehouse`));
    // A few seconds of orders, one a second: companies take turns, so each gets two.
    const orders = JSON.parse(readFileSync(QUICK_ORDERS_PROFILE, 'utf8'));
    const companies = (count: number) => {
      const path = join('.local/test', `quick-orders-${count}-companies.json`);
      mkdirSync(dirname(path), { recursive: true });
      const workloads = { orderConfirmation: { ordersPerHour: 3600 } };
      writeFileSync(path, JSON.stringify({ ...orders, companies: count, workloads }));
      return path;
    };
    // The profile's companies come from those that can sell, though the bare one is listed first.
    const selling = await odooLoad(
      ['run', 'order-confirmation', '--profile', companies(2)],
      target,
    );
    assert.equal(selling.code, EXIT.ok, told(selling));
    assert.match(selling.stderr, new RegExp(`company ${bare} has no warehouse .*with one first`));
    // With it among them, its orders are refused as Odoo refuses them.
    const all = await odooLoad(['run', 'order-confirmation', '--profile', companies(3)], target);
    assert.equal(all.code, EXIT.businessFailed, told(all));
    assert.match(all.stderr, /RedirectWarning in sale\.order\.action_confirm/);
  });
});

describe('JSON-2 against a server older than 19', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, {
      database: 'json2_on_17',
      version: 17,
      seed: { operators: 0 },
    });
  });
  after(async () => stack?.stop());

  test('is refused before any virtual user starts, with one line', async () => {
    const result = await odooLoad(['run', 'order-confirmation', '--auth', 'json2'], {
      ODOO_URL: stack.url,
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_API_KEY: stack.apiKey,
      ODOO_PASSWORD: stack.password,
    });
    assert.equal(result.code, EXIT.badInput, told(result));
    assert.match(
      result.stderr,
      /--auth json2: JSON-2 exists from Odoo 19; http:\/\/127\.0\.0\.1:\d+ runs 17\.0/,
    );
    assert.doesNotMatch(result.stderr + result.stdout, /k6 started|running \(/, 'k6 never ran');
  });
});
