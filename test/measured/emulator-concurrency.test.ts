/**
 * Concurrency and process model (docs/odoo-protocol.md §5–7): reservation contention, journal numbering under
 * concurrent posting, worker queueing with the cost model, and killed workers.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { loggedRequests } from '../../judge/server-log.ts';
import type { LocalPostgres } from '../../services/postgres.ts';
import {
  callKw,
  login,
  startPostgres,
  startStack,
  stats,
  type TestStack,
} from '../support/stack.ts';

let postgres: LocalPostgres;
before(async () => {
  postgres = await startPostgres('concurrency');
});
after(async () => postgres?.stop());

async function sql<T extends pg.QueryResultRow>(
  stack: TestStack,
  query: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(query, values)).rows;
  } finally {
    await client.end();
  }
}

/** Leaves exactly `units` of one product on hand in the first company's stock and returns it. */
async function scarceProduct(
  stack: TestStack,
  units: number,
): Promise<{ productId: number; locationId: number }> {
  const company = stack.dataset.companies[0]!;
  const productId = stack.dataset.products.find((p) => !p.scarce)!.id;
  await sql(stack, 'DELETE FROM stock_quant WHERE product_id = $1 AND location_id = $2', [
    productId,
    company.stockLocationId,
  ]);
  await sql(
    stack,
    'INSERT INTO stock_quant (product_id, location_id, company_id, quantity) VALUES ($1, $2, $3, $4)',
    [productId, company.stockLocationId, company.id, units],
  );
  return { productId, locationId: company.stockLocationId };
}

/** N clients, each confirming an order for one unit of the product at the same moment. */
async function confirmConcurrently(stack: TestStack, productId: number, clients: number) {
  const company = stack.dataset.companies[0]!;
  const context = { allowed_company_ids: [company.id] };
  const cookie = await login(stack);
  const orders: number[] = [];
  for (let i = 0; i < clients; i++) {
    orders.push(
      (
        await callKw(
          stack,
          cookie,
          'sale.order',
          'create',
          [
            {
              partner_id: stack.dataset.customers[String(company.id)]![0],
              order_line: [[0, 0, { product_id: productId, product_uom_qty: 1 }]],
            },
          ],
          { context },
        )
      ).body.result,
    );
  }
  return Promise.all(
    orders.map((id) => callKw(stack, cookie, 'sale.order', 'action_confirm', [[id]], { context })),
  );
}

describe('reservation contention: 20 clients, the last 5 units', () => {
  test('16: waits and 40001 retries, never more reserved than on hand, failures in Odoo envelopes', async () => {
    const stack = await startStack(postgres, {
      version: 16,
      database: 'contention_16',
      backoffScale: 0.02,
      costModel: 'uniform:40',
      seed: { operators: 0 },
    });
    try {
      const { productId, locationId } = await scarceProduct(stack, 5);
      const responses = await confirmConcurrently(stack, productId, 20);
      for (const response of responses) {
        assert.equal(response.status, 200);
        if (response.body.error) {
          assert.equal(response.body.error.code, 200);
          assert.match(
            response.body.error.data.name,
            /^psycopg2\.errors\.(SerializationFailure|LockNotAvailable|DeadlockDetected)$/,
          );
        } else {
          assert.equal(response.body.result, true);
        }
      }
      const [quant] = await sql<{ quantity: number; reserved: number }>(
        stack,
        'SELECT sum(quantity)::float AS quantity, sum(reserved_quantity)::float AS reserved FROM stock_quant WHERE product_id = $1 AND location_id = $2',
        [productId, locationId],
      );
      assert.equal(quant!.quantity, 5);
      assert.ok(
        quant!.reserved <= quant!.quantity,
        `reserved ${quant!.reserved} <= on hand ${quant!.quantity}`,
      );
      const counters = await stats(stack);
      assert.ok(counters.retries.retries > 0, 'conflicts were retried');
      assert.ok(counters.retries.bySqlstate['40001'] > 0);
    } finally {
      await stack.stop();
    }
  });

  test('17: quants are taken FOR NO KEY UPDATE SKIP LOCKED, so locked rows are skipped and new quant rows created', async () => {
    const stack = await startStack(postgres, {
      version: 17,
      database: 'contention_17',
      backoffScale: 0.02,
      costModel: 'uniform:40',
      seed: { operators: 0 },
    });
    try {
      const { productId, locationId } = await scarceProduct(stack, 5);
      const responses = await confirmConcurrently(stack, productId, 20);
      assert.ok(responses.every((response) => response.status === 200));
      const rows = await sql<{ quantity: number; reserved_quantity: number }>(
        stack,
        'SELECT quantity::float, reserved_quantity::float FROM stock_quant WHERE product_id = $1 AND location_id = $2',
        [productId, locationId],
      );
      assert.ok(
        rows.length > 1,
        'a locked quant was skipped and a new row created (merged later by Odoo)',
      );
      assert.ok(
        rows.some((row) => row.quantity === 0 && row.reserved_quantity > 0),
        'the new rows carry only a reservation',
      );
    } finally {
      await stack.stop();
    }
  });
});

describe('month-end posting: concurrent action_post in one journal', () => {
  async function postConcurrently(version: number) {
    const stack = await startStack(postgres, {
      version,
      database: `posting_${version}`,
      backoffScale: 0.02,
      costModel: 'uniform:30',
      seed: { operators: 0 },
    });
    try {
      const company = stack.dataset.companies[0]!;
      const context = { allowed_company_ids: [company.id] };
      const cookie = await login(stack);
      const drafts: number[] = [];
      for (let i = 0; i < 8; i++) {
        drafts.push(
          (
            await callKw(
              stack,
              cookie,
              'account.move',
              'create',
              [
                {
                  journal_id: company.journals.general,
                  ref: `post-${i}`,
                  line_ids: [
                    [0, 0, { account_id: company.accounts.expense, debit: 10 }],
                    [0, 0, { account_id: company.accounts.asset_cash, credit: 10 }],
                  ],
                },
              ],
              { context },
            )
          ).body.result,
        );
      }
      const responses = await Promise.all(
        drafts.map((id) =>
          callKw(stack, cookie, 'account.move', 'action_post', [[id]], { context }),
        ),
      );
      const numbers = await sql<{ sequence_number: number; name: string }>(
        stack,
        `SELECT sequence_number, name FROM account_move WHERE journal_id = $1 AND state = 'posted' ORDER BY sequence_number`,
        [company.journals.general],
      );
      return { responses, numbers, counters: await stats(stack) };
    } finally {
      await stack.stop();
    }
  }

  const assertUniqueAndGapless = (numbers: { sequence_number: number; name: string }[]) => {
    assert.equal(new Set(numbers.map((n) => n.name)).size, numbers.length, 'unique');
    numbers.forEach((n, index) => {
      assert.equal(n.sequence_number, index + 1, `gapless at ${n.name}`);
    });
  };

  test('16: the journal lock serializes posters, visible as 40001 retries', async () => {
    const { responses, numbers, counters } = await postConcurrently(16);
    assert.ok(counters.retries.bySqlstate['40001'] > 0, 'serialization retries');
    const posted = responses.filter((response) => response.body.result === false).length;
    assert.equal(
      numbers.length,
      posted + 1,
      'every successful post has a number (plus the opening entry)',
    );
    for (const failed of responses.filter((response) => response.body.error)) {
      assert.equal(failed.body.error.data.name, 'psycopg2.errors.SerializationFailure');
    }
    assertUniqueAndGapless(numbers);
  });

  test('17: no request retries; collisions resolve in savepoints against the unique index', async () => {
    const { responses, numbers, counters } = await postConcurrently(17);
    assert.ok(
      responses.every((response) => response.body.result === false),
      'every post succeeded',
    );
    assert.equal(counters.retries.retries, 0);
    assert.ok((counters.counters.sequenceConflicts ?? 0) > 0, 'candidates collided and moved on');
    assert.equal(numbers.length, 9);
    assertUniqueAndGapless(numbers);
  });
});

/**
 * One search_count on a connection of its own, as each client of a prefork Odoo opens; with
 * `hangUpAfterMs` the client gives up that soon. Resolves with the HTTP version and Connection
 * header, or the socket error.
 */
function ownConnectionCall(
  stack: TestStack,
  cookie: string,
  hangUpAfterMs?: number,
): Promise<{ version: string; connection?: string } | { error: string }> {
  const url = new URL(stack.url);
  const body = JSON.stringify({
    jsonrpc: '2.0',
    method: 'call',
    id: 1,
    params: { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} },
  });
  return new Promise((done) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/web/dataset/call_kw',
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          done({ version: response.httpVersion, connection: response.headers.connection }),
        );
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({ error: error.code ?? error.message }),
    );
    request.on('close', () => done({ error: 'closed' }));
    request.end(body);
    if (hangUpAfterMs !== undefined) setTimeout(() => request.destroy(), hangUpAfterMs);
  });
}

describe('process model', () => {
  test('4 workers at 50 ms per call serve ~80 requests/s to 16 closed-loop clients, and the rest queue', async () => {
    const logFile = '.local/test/concurrency-queue/odoo.log';
    const stack = await startStack(postgres, {
      version: 17,
      database: 'capacity',
      workers: 4,
      costModel: 'uniform:50',
      seed: { operators: 0 },
      logFile,
    });
    try {
      const cookie = await login(stack);
      const started = Date.now();
      const deadline = started + 4000;
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (Date.now() < deadline) {
            const started = performance.now();
            await callKw(stack, cookie, 'res.partner', 'search_count', [[]]);
            latencies.push(performance.now() - started);
          }
        }),
      );
      const perSecond = latencies.length / 4;
      // What a worker held each call, from Odoo's log: 50 ms and the emulator's own work, which the
      // CPUs of a shared machine stretch. Four workers busy all the time serve 4 ÷ that per second.
      let heldMs = 0;
      let logged = 0;
      for await (const request of loggedRequests(logFile, { start: started, end: Date.now() })) {
        if (!request.call.endsWith('search_count')) continue;
        heldMs += (request.sqlSeconds + request.pythonSeconds) * 1000;
        logged++;
      }
      const serviceMs = heldMs / logged;
      assert.ok(serviceMs >= 49, `a call held its worker ${serviceMs.toFixed(1)} ms`);
      const allBusy = (4 * 1000) / serviceMs;
      assert.ok(
        perSecond > allBusy * 0.85 && perSecond < 80 * 1.15,
        `${perSecond.toFixed(1)} requests/s; four workers busy at ${serviceMs.toFixed(1)} ms a call serve ${allBusy.toFixed(1)}, at most 80`,
      );
      const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
      assert.ok(
        mean > 150,
        `mean latency ${mean.toFixed(0)} ms shows queueing (service time is 50 ms)`,
      );
      const counters = await stats(stack);
      assert.ok(counters.maxQueued >= 8, `queue reached ${counters.maxQueued}`);
    } finally {
      await stack.stop();
    }
  });

  test('prefork answers HTTP/1.0 with Connection: close, queues up to 8 × workers, and drops what it cannot take', async () => {
    const stack = await startStack(postgres, {
      version: 17,
      database: 'backlog',
      workers: 1,
      costModel: 'uniform:300',
      seed: { operators: 0 },
    });
    try {
      const cookie = await login(stack);
      const call = () => ownConnectionCall(stack, cookie);
      const one = await call();
      assert.deepEqual(
        one,
        { version: '1.0', connection: 'close' },
        'werkzeug in a prefork worker speaks HTTP/1.0 and closes',
      );
      // 1 worker busy + a backlog of 8 waiting: of 20 at once, the rest are dropped (reset).
      const answers = await Promise.all(Array.from({ length: 20 }, call));
      const served = answers.filter((answer) => 'version' in answer).length;
      const reset = answers.filter(
        (answer) => 'error' in answer && answer.error === 'ECONNRESET',
      ).length;
      assert.ok(
        served >= 9 && served <= 11,
        `${served} served (1 in flight + 8 queued, give or take the one finishing)`,
      );
      assert.equal(served + reset, 20, JSON.stringify(answers));
      assert.equal((await stats(stack)).killed.dropped, reset);
    } finally {
      await stack.stop();
    }
  });

  test('clients that give up while queued do not keep a worker: the next request is served', async () => {
    const stack = await startStack(postgres, {
      version: 17,
      database: 'abandoned',
      workers: 2,
      costModel: 'uniform:300',
      seed: { operators: 0 },
    });
    try {
      const cookie = await login(stack);
      // 6 callers on 2 workers: 4 wait in the queue, and all 6 hang up after 100 ms.
      await Promise.all(Array.from({ length: 6 }, () => ownConnectionCall(stack, cookie, 100)));
      const started = performance.now();
      const answer = await callKw(stack, cookie, 'res.partner', 'search_count', [[]]);
      const waited = performance.now() - started;
      assert.equal(typeof answer.body.result, 'number');
      // Two in service finish within 300 ms; leaked slots would hold it until limit_time_real.
      assert.ok(waited < 1500, `served after ${waited.toFixed(0)} ms`);
      assert.equal((await stats(stack)).inFlight, 0, 'every worker is free again');
    } finally {
      await stack.stop();
    }
  });

  test('a request over limit_time_real loses its connection with no response, and its work is rolled back', async () => {
    const stack = await startStack(postgres, {
      version: 17,
      database: 'time_limit',
      workers: 2,
      costModel: 'uniform:2500',
      limitTimeReal: 1,
      seed: { operators: 0 },
    });
    try {
      const cookie = await login(stack);
      await assert.rejects(
        callKw(stack, cookie, 'res.partner', 'create', [{ name: 'Killed mid-request' }]),
        /fetch failed|other side closed|socket/i,
      );
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const rows = await sql<{ n: number }>(
        stack,
        `SELECT count(*)::int AS n FROM res_partner WHERE name = 'Killed mid-request'`,
      );
      assert.equal(rows[0]!.n, 0);
      assert.equal((await stats(stack)).killed.timeReal, 1);
    } finally {
      await stack.stop();
    }
  });

  test('the threaded server (workers 0) answers HTTP 500 when all db_maxconn connections are busy', async () => {
    const stack = await startStack(postgres, {
      version: 17,
      database: 'pool_full',
      workers: 0,
      dbMaxconn: 2,
      costModel: 'uniform:400',
      seed: { operators: 0 },
    });
    try {
      const cookie = await login(stack);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${stack.url}/web/dataset/call_kw`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Cookie: cookie },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 1,
              params: { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} },
            }),
          }).then(async (response) => ({ status: response.status, text: await response.text() })),
        ),
      );
      const refused = responses.filter((response) => response.status === 500);
      assert.ok(
        refused.length > 0 && refused.length < 8,
        `statuses ${responses.map((r) => r.status).join(', ')}`,
      );
      assert.ok(refused.every((response) => response.text.includes('The Connection Pool Is Full')));
      assert.equal((await stats(stack)).killed.poolFull, refused.length);
    } finally {
      await stack.stop();
    }
  });
});
