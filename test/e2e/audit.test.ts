/**
 * The audit catches what it claims: a run against a project-owned emulator (as an external target,
 * so its database outlives the run), then the database is corrupted on purpose, one way per check,
 * and the matching check must fail with evidence naming the records.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { EXIT } from '../../contract/exit-codes.ts';
import { METRICS, OUTCOMES, TAGS } from '../../contract/index.ts';
import { stockProblems } from '../../judge/audit/checks.ts';
import { auditRun } from '../../judge/audit/run-audit.ts';
import type { RunResults } from '../../judge/results/types.ts';
import { NodeOdooClient } from '../../node-odoo/client.ts';
import { ensureK6 } from '../../services/k6.ts';
import type { LocalPostgres } from '../../services/postgres.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { odooLoad, told } from '../support/cli.ts';
import { readRun, runIdOf } from '../support/runs.ts';
import { startPostgres, startStack, type TestStack } from '../support/stack.ts';

let postgres: LocalPostgres;
let stack: TestStack;
let runDir: string;

const PROFILE = {
  kind: 'load',
  name: 'audit-test',
  duration: '8s',
  companies: 1,
  workloads: {
    orderConfirmation: { ordersPerHour: 7200, linesPerOrder: { min: 1, max: 2 } },
    monthEndClose: { postingsPerMinute: 240, invoiceShare: 0.3, reportsPerMinute: 0 },
  },
  slo: { maxErrorRate: 0.5 },
};

async function sql(query: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query(query, values)).rows;
  } finally {
    await client.end();
  }
}

const target = () => ({ url: stack.url, db: stack.db, login: 'admin', auth: 'session' as const });
const audit = () => auditRun(RunFolder.open(runId()), target(), stack.password, () => undefined);
const runId = () => runDir.split('/').pop()!;
const checkOf = async (name: string) =>
  (await audit()).checks.find((check) => check.check === name)!;

before(async () => {
  await ensureK6((line) => console.log(line));
  postgres = await startPostgres('audit');
  // Odoo 16: no unique index on journal numbers, so a duplicate can be planted.
  stack = await startStack(postgres, { version: 16, seed: { operators: 0 } });
  const profileDir = join('.local', 'test', 'profiles');
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(join(profileDir, 'audit-test.json'), JSON.stringify(PROFILE));
  const result = await odooLoad(
    ['run', 'peak-day', '--profile', join(profileDir, 'audit-test.json')],
    {
      ODOO_URL: stack.url,
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_PASSWORD: stack.password,
    },
  );
  const runId = runIdOf(result.stderr);
  assert.ok(runId, result.stderr);
  assert.equal(result.code, EXIT.ok, told(result));
  runDir = join('reports', runId);
  assert.equal(readRun(runId).audit.passed, true, 'the untouched run passes');
  firstRunLog = result.stderr;
});
let firstRunLog = '';
after(async () => {
  await stack?.stop();
  await postgres?.stop();
});

describe('no drift from run to run', () => {
  test('once audited, a run cancels the deliveries it left open, their stock given back; its orders stay confirmed', async () => {
    assert.match(
      firstRunLog,
      /cancelled the \d+ deliver(y|ies) the run left open, their stock given back/,
    );
    const [left] = await sql(
      `SELECT count(*) FILTER (WHERE p.state NOT IN ('done', 'cancel'))::int AS open,
              count(*) FILTER (WHERE p.state = 'cancel')::int AS cancelled,
              (SELECT count(*)::int FROM stock_move_line ml WHERE ml.picking_id = ANY(array_agg(p.id)) AND ml.state != 'done') AS lines
         FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id WHERE o.client_order_ref LIKE $1`,
      [`${runId()}/%`],
    );
    assert.equal(left.open, 0, "none of the run's deliveries is left open");
    assert.ok(left.cancelled > 0, 'its open deliveries were cancelled');
    assert.equal(left.lines, 0, 'and hold no reserved line');
    const [orders] = await sql(
      `SELECT count(*)::int AS confirmed FROM sale_order WHERE client_order_ref LIKE $1 AND state = 'sale'`,
      [`${runId()}/%`],
    );
    assert.ok(orders.confirmed > 0, 'the orders are still there, confirmed');
    // What the run left, said against preflight's count: the database's own, not one delivery or
    // unit more.
    const drift =
      /what the run left: open deliveries ([\d,]+) → ([\d,]+) \([+-][\d,]+\), units reserved ([\d,.]+) → ([\d,.]+) \(/.exec(
        firstRunLog,
      );
    assert.ok(drift, firstRunLog);
    const [database] = await sql(
      `SELECT (SELECT coalesce(sum(q.reserved_quantity), 0)::float FROM stock_quant q
                 JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal') AS units,
              (SELECT count(*)::int FROM stock_picking p JOIN stock_picking_type t ON t.id = p.picking_type_id
                WHERE t.code = 'outgoing' AND p.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')) AS open`,
    );
    const count = (text: string) => Number(text.replaceAll(',', ''));
    assert.equal(
      count(drift[4]!),
      database.units,
      'the units counted after are what PostgreSQL holds',
    );
    assert.equal(count(drift[2]!), database.open, 'the open deliveries counted after too');
    assert.ok(count(drift[4]!) <= count(drift[3]!), `the run kept no stock reserved: ${drift[0]}`);
    assert.ok(count(drift[2]!) <= count(drift[1]!), `the run left no delivery open: ${drift[0]}`);
  });

  test('stock already over-reserved before a run is reported as such, not charged to it', async () => {
    const [quant] = await sql(
      `SELECT q.id, p.default_code FROM stock_quant q JOIN product_product p ON p.id = q.product_id JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal' AND q.company_id = (SELECT min(id) FROM res_company) ORDER BY q.id DESC LIMIT 1`,
    );
    await sql('UPDATE stock_quant SET reserved_quantity = quantity + 3 WHERE id = $1', [quant.id]);
    try {
      const result = await odooLoad(
        ['run', 'order-confirmation', '--profile', 'test/fixtures/profiles/orders-only.json'],
        {
          ODOO_URL: stack.url,
          ODOO_DB: stack.db,
          ODOO_LOGIN: 'admin',
          ODOO_PASSWORD: stack.password,
        },
      );
      assert.equal(result.code, EXIT.ok, told(result));
      assert.match(
        result.stderr,
        /preflight: 1 product\/location pair\(s\) already have more reserved than on hand/,
      );
      const run = readRun(runIdOf(result.stderr)!);
      assert.equal(run.record.baseline?.stock.length, 1);
      const stock = run.audit.checks.find((check) => check.check === 'stock')!;
      assert.equal(stock.verdict, 'pass', stock.evidence.join('\n'));
      assert.match(stock.summary, /1 already wrong before the run, not charged to it/);
      assert.ok(
        stock.evidence.some(
          (line) => line.startsWith('already before the run') && line.includes(quant.default_code),
        ),
        stock.evidence.join('\n'),
      );
    } finally {
      await sql('UPDATE stock_quant SET reserved_quantity = 0 WHERE id = $1', [quant.id]);
    }
  });
});

describe('the audit catches corruption', () => {
  test('a duplicated journal number fails "sequences", naming the number', async () => {
    const [first, second] = await sql(
      `SELECT id, name, sequence_number FROM account_move WHERE ref LIKE '%/me/%' AND state = 'posted' AND journal_id = (SELECT journal_id FROM account_move WHERE ref LIKE '%/me/%' GROUP BY journal_id ORDER BY count(*) DESC LIMIT 1) ORDER BY sequence_number LIMIT 2`,
    );
    await sql(
      'UPDATE account_move SET name = $2, sequence_number = (SELECT sequence_number FROM account_move WHERE id = $3) WHERE id = $1',
      [second.id, first.name, first.id],
    );
    const check = await checkOf('sequences');
    assert.equal(check.verdict, 'fail');
    assert.ok(
      check.evidence.some((line) => line.includes(`duplicate number`) && line.includes(first.name)),
      check.evidence.join('\n'),
    );
    assert.ok(
      check.evidence.some((line) => line.includes('gap')),
      'the number it left is a gap',
    );
    await sql('UPDATE account_move SET name = $2, sequence_number = $3 WHERE id = $1', [
      second.id,
      second.name,
      second.sequence_number,
    ]);
  });

  test('an over-reserved quant fails "stock", naming product and location, and quants holding only a reservation', async () => {
    const [quant] = await sql(
      `SELECT q.id, q.product_id, q.location_id, q.company_id, p.default_code FROM stock_quant q JOIN product_product p ON p.id = q.product_id JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal' ORDER BY q.id LIMIT 1`,
    );
    const overReserved = async () => {
      const check = await checkOf('stock');
      assert.equal(check.verdict, 'fail');
      const line = check.evidence.find(
        (text) =>
          text.startsWith('over-reserved') &&
          text.includes(quant.default_code) &&
          text.includes('WH/Stock'),
      );
      assert.ok(line, check.evidence.join('\n'));
      return line;
    };
    await sql('UPDATE stock_quant SET reserved_quantity = quantity + 7 WHERE id = $1', [quant.id]);
    assert.doesNotMatch(await overReserved(), /hold only a reservation/);
    // What Odoo 17/18 leave when an order reserves past a quant another transaction has locked.
    await sql('UPDATE stock_quant SET reserved_quantity = quantity WHERE id = $1', [quant.id]);
    const [extra] = await sql(
      'INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity) VALUES ($1, $2, $3, 0, 4) RETURNING id',
      [quant.product_id, quant.location_id, quant.company_id],
    );
    assert.match(await overReserved(), /\(1 quant\(s\) hold only a reservation: .*skip-locked/);
    await sql('DELETE FROM stock_quant WHERE id = $1', [extra.id]);
    await sql('UPDATE stock_quant SET reserved_quantity = 0 WHERE id = $1', [quant.id]);
  });

  test('the stock read is paged by product: a page of one product finds what one read finds', async () => {
    const quants = await sql(
      `SELECT q.id, q.reserved_quantity FROM stock_quant q JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal' AND q.quantity > 0 ORDER BY q.product_id LIMIT 3`,
    );
    const ids = quants.map((quant) => quant.id);
    await sql('UPDATE stock_quant SET reserved_quantity = quantity + 2 WHERE id = ANY($1::int[])', [
      ids,
    ]);
    try {
      const odoo = new NodeOdooClient(target(), stack.password);
      await odoo.login();
      const companyIds = (await sql('SELECT id FROM res_company')).map((row) => row.id);
      const whole = await stockProblems(odoo, companyIds);
      const paged = await stockProblems(odoo, companyIds, 1);
      assert.ok(whole.problems.length >= 3, JSON.stringify(whole.problems));
      assert.equal(paged.checked, whole.checked);
      const pairs = (found: typeof whole) =>
        found.problems.map((problem) => `${problem.productId}/${problem.locationId}`).sort();
      assert.deepEqual(pairs(paged), pairs(whole));
    } finally {
      for (const quant of quants)
        await sql('UPDATE stock_quant SET reserved_quantity = $2 WHERE id = $1', [
          quant.id,
          quant.reserved_quantity,
        ]);
    }
  });

  test('an order whose confirmation got no answer is in doubt: reconciled against Odoo, neither lost nor duplicated', async () => {
    const folder = RunFolder.open(runId());
    const original = folder.read<RunResults>('results')!;
    // One confirmation k6 counted as done becomes "in doubt" (its answer lost on the way back).
    const moved = structuredClone(original);
    const rows = moved.counters[METRICS.outcomes.name]!;
    const done = rows.find(
      (row) =>
        row.tags[TAGS.scenario] === 'order_confirmation' &&
        row.tags[TAGS.outcome] === OUTCOMES.done,
    )!;
    done.value -= 1;
    rows.push({ tags: { ...done.tags, [TAGS.outcome]: OUTCOMES.inDoubt }, value: 1 });
    folder.write('results', moved);
    try {
      const committed = await checkOf('orders');
      assert.equal(committed.verdict, 'pass', committed.evidence.join('\n'));
      assert.ok(
        committed.evidence.some((line) =>
          /1 confirmation\(s\) got no answer \(in doubt\): 1 turned out committed, 0 not/.test(
            line,
          ),
        ),
      );
      // And one more in doubt than Odoo holds: still consistent, the extra one did not commit.
      rows.push({ tags: { ...done.tags, [TAGS.outcome]: OUTCOMES.inDoubt }, value: 1 });
      folder.write('results', moved);
      const partly = await checkOf('orders');
      assert.equal(partly.verdict, 'pass');
      assert.ok(
        partly.evidence.some((line) =>
          /2 confirmation\(s\) got no answer \(in doubt\): 1 turned out committed, 1 not/.test(
            line,
          ),
        ),
      );
    } finally {
      folder.write('results', original);
    }
  });

  test('an order cut off by Ctrl-C has no outcome: more than reported fails, unless the run was interrupted', async () => {
    const folder = RunFolder.open(runId());
    const original = folder.read<RunResults>('results')!;
    // One confirmation Odoo committed that k6 never counted: its VU was stopped before the answer.
    const cut = structuredClone(original);
    const done = cut.counters[METRICS.outcomes.name]!.find(
      (row) =>
        row.tags[TAGS.scenario] === 'order_confirmation' &&
        row.tags[TAGS.outcome] === OUTCOMES.done,
    )!;
    done.value -= 1;
    folder.write('results', cut);
    const ordersOf = async (interrupted: boolean) =>
      (await auditRun(folder, target(), stack.password, () => undefined, interrupted)).checks.find(
        (check) => check.check === 'orders',
      )!;
    try {
      const uninterrupted = await ordersOf(false);
      assert.equal(uninterrupted.verdict, 'fail');
      assert.ok(uninterrupted.evidence.some((line) => /^more than reported/.test(line)));
      const interrupted = await ordersOf(true);
      assert.equal(interrupted.verdict, 'pass', interrupted.evidence.join('\n'));
      assert.ok(
        interrupted.evidence.some((line) =>
          /^1 confirmation\(s\) in flight when the run was interrupted turned out committed/.test(
            line,
          ),
        ),
        interrupted.evidence.join('\n'),
      );
    } finally {
      folder.write('results', original);
    }
  });

  test('a check with nothing to check is not applicable, never a pass', async () => {
    const imports = await checkOf('imports');
    assert.equal(imports.verdict, 'not_applicable', 'the run imported nothing');
  });

  test('a confirmed order deleted behind the suite\'s back fails "orders", naming the missing number', async () => {
    const [order] = await sql(
      `SELECT id, name FROM sale_order WHERE client_order_ref LIKE $1 AND state = 'sale' ORDER BY name LIMIT 1 OFFSET 1`,
      [`${runId()}/oc/%`],
    );
    for (const statement of [
      'DELETE FROM stock_move_line WHERE move_id IN (SELECT id FROM stock_move WHERE sale_line_id IN (SELECT id FROM sale_order_line WHERE order_id = $1))',
      'DELETE FROM stock_move WHERE sale_line_id IN (SELECT id FROM sale_order_line WHERE order_id = $1)',
      'DELETE FROM stock_picking WHERE sale_id = $1',
      'UPDATE account_move_line SET sale_line_id = NULL WHERE sale_line_id IN (SELECT id FROM sale_order_line WHERE order_id = $1)',
      'DELETE FROM sale_order WHERE id = $1',
    ]) {
      await sql(statement, [order.id]);
    }
    const check = await checkOf('orders');
    assert.equal(check.verdict, 'fail');
    assert.ok(
      check.evidence.some((line) => line.includes('Odoo holds')),
      check.evidence.join('\n'),
    );
    assert.ok(
      check.evidence.some((line) => line.includes(order.name)),
      `evidence names ${order.name}: ${check.evidence.join('\n')}`,
    );
  });

  test('the audit command exits 11 and prints the failing check', async () => {
    const result = await odooLoad(['audit', '--run', runId()], {
      ODOO_URL: stack.url,
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_PASSWORD: stack.password,
    });
    assert.equal(result.code, EXIT.auditFailed, told(result));
    assert.match(result.stdout, /^FAIL orders/m);
    assert.match(result.stdout, /^PASS sequences/m);
    assert.match(result.stdout, /^N\/A {2}imports/m);
  });

  test("cleanup cancels the run's orders one by one and its entries, leaves a delivered order and says so; --dry-run changes nothing", async () => {
    const runId = runDir.split('/').pop()!;
    // One order of the run is delivered first: its goods left, cleanup must not pretend otherwise.
    const [delivered] = await sql(
      `SELECT o.id, o.name, p.id AS picking FROM sale_order o JOIN stock_picking p ON p.sale_id = o.id
        WHERE o.client_order_ref LIKE $1 AND o.state = 'sale' ORDER BY o.id LIMIT 1`,
      [`${runId}/oc/%`],
    );
    await sql(`UPDATE stock_picking SET state = 'done' WHERE id = $1`, [delivered.picking]);
    const env = {
      ODOO_URL: stack.url,
      ODOO_DB: stack.db,
      ODOO_LOGIN: 'admin',
      ODOO_PASSWORD: stack.password,
    };
    const open = async () =>
      (
        await sql(
          `SELECT count(*)::int AS n FROM sale_order WHERE client_order_ref LIKE $1 AND state != 'cancel'`,
          [`${runId}/%`],
        )
      )[0].n as number;
    const before = await open();
    assert.ok(before > 1);
    const dry = await odooLoad(['cleanup', '--run', runId, '--dry-run'], env);
    assert.equal(dry.code, EXIT.ok, told(dry));
    assert.match(dry.stdout, new RegExp(`\\(dry run\\) cancel ${before - 1} order`));
    assert.equal(await open(), before, 'a dry run changes nothing');
    const applied = await odooLoad(['cleanup', '--run', runId], env);
    assert.equal(applied.code, EXIT.ok, told(applied));
    assert.match(
      applied.stdout,
      new RegExp(`leave 1 delivered order\\(s\\) as they are.*${delivered.name}`),
    );
    assert.equal(await open(), 1, 'every order of the run is cancelled but the delivered one');
    const [moves] = await sql(
      `SELECT count(*) FILTER (WHERE state = 'cancel')::int AS cancelled, count(*)::int AS total FROM account_move WHERE ref LIKE $1`,
      [`${runId}/%`],
    );
    assert.equal(moves.cancelled, moves.total);
    const [reserved] = await sql(
      `SELECT count(*)::int AS n FROM stock_move_line ml JOIN stock_picking p ON p.id = ml.picking_id JOIN sale_order o ON o.id = p.sale_id WHERE o.client_order_ref LIKE $1 AND ml.state != 'done' AND o.id != $2`,
      [`${runId}/%`, delivered.id],
    );
    assert.equal(reserved.n, 0, 'their reservations are released');
  });
});
