/** External APIs (docs/odoo-protocol.md §1.1, §3): XML-RPC from Python's own client, API keys, JSON-2, login throttling. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { LocalPostgres } from '../../services/postgres.ts';
import { findExecutable } from '../../services/process.ts';
import { rpc, startPostgres, startStack, type TestStack } from '../support/stack.ts';

let postgres: LocalPostgres;
before(async () => {
  postgres = await startPostgres('external');
});
after(async () => postgres?.stop());

function pythonClient(stack: TestStack, secret: string) {
  const python = findExecutable('python3');
  assert.ok(python, 'python3 is needed for this test (Debian: apt-get install python3)');
  const result = spawnSync(python, ['test/fixtures/xmlrpc_client.py'], {
    env: { ...process.env, URL: stack.url, DB: stack.db, LOGIN: 'admin', SECRET: secret },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe('Odoo 17', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, {
      version: 17,
      database: 'external_17',
      seed: { operators: 0 },
      loginCooldownAfter: 3,
    });
  });
  after(async () => stack?.stop());

  test("Python's xmlrpc.client authenticates, searches, creates and confirms an order", () => {
    const out = pythonClient(stack, stack.password);
    assert.equal(out.version.server_serie, '17.0');
    assert.equal(out.uid, 2);
    assert.equal(out.order.state, 'sale');
    assert.match(out.order.name, /^S\d{5}$/);
    assert.equal(out.order.picking_ids.length, 1);
    assert.equal(out.order.amount_total, Math.round(out.product.list_price * 2 * 100) / 100);
  });

  test('XML-RPC faults carry /xmlrpc/2 codes: 3 AccessDenied, 2 UserError/MissingError, 1 with a traceback', () => {
    const { faults } = pythonClient(stack, stack.password);
    assert.deepEqual(faults.wrong_password, [3, 'Access Denied']);
    assert.deepEqual(faults.user_error, [
      2,
      'Some orders are not in a state requiring confirmation.',
    ]);
    assert.equal(faults.missing[0], 2);
    assert.equal(faults.unknown_model[0], 1);
    assert.match(faults.unknown_model[1], /^Traceback/);
  });

  test('the same client works with an API key in place of the password', () => {
    const out = pythonClient(stack, stack.apiKey);
    assert.equal(out.uid, 2);
    assert.equal(out.order.state, 'sale');
  });

  test('/jsonrpc execute_kw accepts the API key; the web session login refuses it', async () => {
    const count = await rpc(stack.url, '/jsonrpc', {
      service: 'object',
      method: 'execute_kw',
      args: [stack.db, 2, stack.apiKey, 'res.company', 'search_count', [[]]],
    });
    assert.equal(count.body.result, stack.dataset.companies.length);
    const session = await rpc(stack.url, '/web/session/authenticate', {
      db: stack.db,
      login: 'admin',
      password: stack.apiKey,
    });
    assert.equal(session.body.error.data.name, 'odoo.exceptions.AccessDenied');
  });

  test('JSON-2 does not exist before 19.0', async () => {
    const response = await fetch(`${stack.url}/json/2/res.partner/search`, {
      method: 'POST',
      headers: { Authorization: `bearer ${stack.apiKey}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 404);
  });

  test('after too many failed logins from one IP, even the right password is throttled', async () => {
    // This stack throttles after 3 failures (Odoo's default is 5); one was spent above.
    for (let i = 0; i < 3; i++)
      await rpc(stack.url, '/web/session/authenticate', {
        db: stack.db,
        login: 'admin',
        password: 'wrong',
      });
    const blocked = await rpc(stack.url, '/web/session/authenticate', {
      db: stack.db,
      login: 'admin',
      password: stack.password,
    });
    assert.equal(blocked.body.error.data.name, 'odoo.exceptions.AccessDenied');
    assert.equal(
      blocked.body.error.data.message,
      'Too many login failures, please wait a bit before trying again.',
    );
  });
});

describe('Odoo 19 JSON-2', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, {
      version: 19,
      database: 'external_19',
      seed: { operators: 0 },
    });
  });
  after(async () => stack?.stop());

  const json2 = (
    stack: TestStack,
    path: string,
    body: unknown,
    key = stack.apiKey,
    method = 'POST',
  ) =>
    fetch(`${stack.url}/json/2/${path}`, {
      method,
      headers: { Authorization: `bearer ${key}`, 'Content-Type': 'application/json' },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
    });

  test('named parameters in, the bare result out', async () => {
    const response = await json2(stack, 'res.company/search_read', {
      domain: [],
      fields: ['name'],
      limit: 1,
      context: { lang: 'en_US' },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), [
      { id: stack.dataset.companies[0]!.id, name: stack.dataset.companies[0]!.name },
    ]);
  });

  test('record methods take ids; the order flow works end to end', async () => {
    const company = stack.dataset.companies[0]!.id;
    const product = stack.dataset.products.find((p) => !p.scarce)!.id;
    const created = (await (
      await json2(stack, 'sale.order/create', {
        vals_list: [
          {
            partner_id: stack.dataset.customers[String(company)]![0],
            order_line: [[0, 0, { product_id: product }]],
          },
        ],
      })
    ).json()) as number[];
    assert.equal(created.length, 1);
    assert.equal(
      await (await json2(stack, 'sale.order/action_confirm', { ids: created })).json(),
      true,
    );
    const [order] = (await (
      await json2(stack, 'sale.order/read', { ids: created, fields: ['state'] })
    ).json()) as { state: string }[];
    assert.equal(order?.state, 'sale');
  });

  test('errors are HTTP statuses with {name, message}: 401 bad key, 404 unknown method, 405 GET, 422 ids on a model method, 400 bad JSON', async () => {
    const unauthorized = await json2(stack, 'res.partner/search', {}, 'f'.repeat(40));
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(
      await unauthorized
        .json()
        .then((b) => [(b as { name: string }).name, (b as { message: string }).message]),
      ['werkzeug.exceptions.Unauthorized', 'Invalid apikey'],
    );
    assert.equal((await json2(stack, 'res.partner/fly', {})).status, 404);
    assert.equal((await json2(stack, 'res.partner/search', {}, stack.apiKey, 'GET')).status, 405);
    assert.equal((await json2(stack, 'res.partner/search', { ids: [1], domain: [] })).status, 422);
    const bad = await fetch(`${stack.url}/json/2/res.partner/search`, {
      method: 'POST',
      headers: { Authorization: `bearer ${stack.apiKey}`, 'Content-Type': 'application/json' },
      body: '{',
    });
    assert.equal(bad.status, 400);
  });
});
