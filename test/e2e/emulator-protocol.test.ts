/** The emulator answers raw HTTP exactly as docs/odoo-protocol.md describes: envelopes, cookies, errors, statuses. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalPostgres } from '../../services/postgres.ts';
import {
  callKw,
  login,
  rpc,
  startPostgres,
  startStack,
  stats,
  type TestStack,
} from '../support/stack.ts';

let postgres: LocalPostgres;
let stack: TestStack;
let cookie: string;

before(async () => {
  postgres = await startPostgres('protocol');
  stack = await startStack(postgres);
  cookie = await login(stack);
});
after(async () => {
  await stack?.stop();
  await postgres?.stop();
});

describe('transport (§0)', () => {
  test('version_info answers with the selected version and echoes the id', async () => {
    const { status, headers, body } = await rpc(stack.url, '/web/webclient/version_info', {});
    assert.equal(status, 200);
    assert.match(headers.get('content-type')!, /^application\/json; charset=utf-8/);
    assert.deepEqual(body, {
      jsonrpc: '2.0',
      id: 7,
      result: {
        server_version: '17.0',
        server_version_info: [17, 0, 0, 'final', 0, ''],
        server_serie: '17.0',
        protocol_version: 1,
      },
    });
  });

  test('a body that is not JSON is HTTP 400 "Invalid JSON data" as plain text', async () => {
    const response = await fetch(`${stack.url}/web/dataset/call_kw`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"jsonrpc": ',
    });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type')!, /^text\/plain/);
    assert.equal(await response.text(), 'Invalid JSON data');
  });

  test('a JSON route called with another content type is HTTP 400 with an HTML body', async () => {
    const response = await fetch(`${stack.url}/web/dataset/call_kw`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type')!, /^text\/html/);
    assert.match(await response.text(), /is type='json'/);
  });

  test('an unknown path is HTTP 404', async () => {
    const response = await fetch(`${stack.url}/web/nothing/here`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 404);
  });
});

describe('sessions (§1)', () => {
  test('authenticate returns session info and a rotated 40-hex HttpOnly session cookie', async () => {
    const first = await rpc(stack.url, '/web/session/authenticate', {
      db: stack.db,
      login: 'admin',
      password: stack.password,
    });
    const second = await rpc(
      stack.url,
      '/web/session/authenticate',
      { db: stack.db, login: 'admin', password: stack.password },
      first.headers.get('set-cookie')!.split(';')[0]!,
    );
    const [id1, id2] = [first, second].map(
      (r) => /session_id=([^;]+)/.exec(r.headers.get('set-cookie')!)![1]!,
    );
    assert.match(id1!, /^[0-9a-f]{40}$/);
    assert.notEqual(id1, id2);
    assert.match(first.headers.get('set-cookie')!, /HttpOnly; Path=\//);
    const info = first.body.result;
    assert.equal(info.uid, 2);
    assert.equal(info.db, stack.db);
    assert.deepEqual(info.server_version_info, [17, 0, 0, 'final', 0, '']);
    assert.equal(info.user_companies.current_company, stack.dataset.companies[0]!.id);
    assert.equal(
      Object.keys(info.user_companies.allowed_companies).length,
      stack.dataset.companies.length,
    );
    assert.equal('company_id' in info, false, '17.0 dropped company_id');
  });

  test('a wrong password is an AccessDenied envelope with HTTP 200', async () => {
    const { status, body } = await rpc(stack.url, '/web/session/authenticate', {
      db: stack.db,
      login: 'admin',
      password: 'wrong',
    });
    assert.equal(status, 200);
    assert.equal(body.error.code, 200);
    assert.equal(body.error.message, 'Odoo Server Error');
    assert.equal(body.error.data.name, 'odoo.exceptions.AccessDenied');
    assert.equal(body.error.data.message, 'Access Denied');
    assert.deepEqual(body.error.data.arguments, ['Access Denied']);
    assert.match(body.error.data.debug, /^Traceback/);
  });

  test('call_kw without a session is code 100 "Odoo Session Expired"', async () => {
    const { body } = await callKw(stack, `session_id=${'a'.repeat(40)}`, 'res.partner', 'search', [
      [],
    ]);
    assert.equal(body.error.code, 100);
    assert.equal(body.error.message, 'Odoo Session Expired');
    assert.equal(body.error.data.name, 'odoo.http.SessionExpiredException');
  });

  test('destroy answers without a result key and ends the session', async () => {
    const own = await login(stack);
    const { body } = await rpc(stack.url, '/web/session/destroy', {}, own);
    assert.deepEqual(body, { jsonrpc: '2.0', id: 7 });
    const after = await callKw(stack, own, 'res.partner', 'search_count', [[]]);
    assert.equal(after.body.error.code, 100);
  });
});

describe('model calls (§2, §4)', () => {
  test('search_read returns many2one as [id, display_name] and honours limit and order', async () => {
    const { body } = await callKw(
      stack,
      cookie,
      'product.product',
      'search_read',
      [[['barcode', '=', stack.dataset.products[0]!.barcode]]],
      {
        fields: ['id', 'display_name', 'uom_id', 'tracking'],
        limit: 1,
      },
    );
    assert.deepEqual(body.result, [
      {
        id: stack.dataset.products[0]!.id,
        display_name: '[P000001] Product 000001',
        uom_id: [1, 'Units'],
        tracking: 'none',
      },
    ]);
    const ordered = await callKw(
      stack,
      cookie,
      'product.product',
      'search',
      [[['default_code', 'like', 'P00000']]],
      { order: 'default_code desc', limit: 3 },
    );
    assert.deepEqual(
      ordered.body.result,
      [9, 8, 7].map((n) => stack.dataset.products[n - 1]!.id),
    );
  });

  test('create takes a dict (→ id) or a list of dicts (→ ids)', async () => {
    const one = await callKw(stack, cookie, 'res.partner', 'create', [{ name: 'Single' }]);
    assert.equal(typeof one.body.result, 'number');
    const many = await callKw(stack, cookie, 'res.partner', 'create', [
      [{ name: 'A' }, { name: 'B' }],
    ]);
    assert.equal(many.body.result.length, 2);
  });

  test('create with its values by keyword fails as Odoo fails (IndexError) and creates nothing; a record method with no ids too', async () => {
    const byKeyword = await callKw(stack, cookie, 'res.partner', 'create', [], {
      vals_list: { name: 'By keyword' },
    });
    assert.equal(byKeyword.body.error.data.name, 'builtins.IndexError');
    assert.equal(byKeyword.body.error.data.message, 'list index out of range');
    const created = await callKw(stack, cookie, 'res.partner', 'search_count', [
      [['name', '=', 'By keyword']],
    ]);
    assert.equal(created.body.result, 0, 'the request was rolled back');
    const external = await rpc(stack.url, '/jsonrpc', {
      service: 'object',
      method: 'execute_kw',
      args: [
        stack.db,
        2,
        stack.password,
        'res.partner',
        'create',
        [],
        { vals_list: { name: 'By keyword' } },
      ],
    });
    assert.equal(
      external.body.error.data.message,
      'tuple index out of range',
      'execute_kw passes args as a tuple',
    );
    const noIds = await callKw(stack, cookie, 'sale.order', 'action_confirm', []);
    assert.equal(noIds.body.error.data.name, 'builtins.IndexError');
  });

  test('an unknown model is builtins.KeyError, an unknown method builtins.AttributeError, a private one AccessError', async () => {
    assert.equal(
      (await callKw(stack, cookie, 'no.such.model', 'search', [[]])).body.error.data.name,
      'builtins.KeyError',
    );
    assert.equal(
      (await callKw(stack, cookie, 'res.partner', 'fly', [[]])).body.error.data.name,
      'builtins.AttributeError',
    );
    const privateCall = await callKw(stack, cookie, 'res.partner', '_compute_display_name', [[]]);
    assert.equal(privateCall.body.error.data.name, 'odoo.exceptions.AccessError');
    assert.match(privateCall.body.error.data.message, /Private methods/);
  });

  test('reading a missing record answers without it; writing one is MissingError naming the record and user', async () => {
    const read = await callKw(stack, cookie, 'sale.order', 'read', [[999999], ['name']]);
    assert.deepEqual(read.body.result, []);
    const { body } = await callKw(stack, cookie, 'sale.order', 'write', [
      [999999],
      { client_order_ref: 'x' },
    ]);
    assert.equal(body.error.data.name, 'odoo.exceptions.MissingError');
    assert.match(body.error.data.message, /Record: sale.order\(999999,\), User: 2/);
  });

  test("allowed_company_ids outside the user is AccessError; another company's records are hidden", async () => {
    const operator = await login(stack, stack.dataset.operators[0]!.login);
    const foreign = stack.dataset.companies.find(
      (company) => company.id !== stack.dataset.operators[0]!.companyId,
    )!;
    const refused = await callKw(stack, operator, 'res.partner', 'search', [[]], {
      context: { allowed_company_ids: [foreign.id] },
    });
    assert.equal(refused.body.error.data.name, 'odoo.exceptions.AccessError');
    assert.equal(refused.body.error.data.message, 'Access to unauthorized or invalid companies.');
    // Customers of the other company are hidden; shared ones (no company) are not.
    const visible = await callKw(stack, operator, 'res.partner', 'search_read', [
      [['id', 'in', stack.dataset.customers[String(foreign.id)]!]],
      ['company_id'],
    ]);
    assert.ok(visible.body.result.length > 0);
    assert.ok(
      visible.body.result.every((partner: { company_id: unknown }) => partner.company_id === false),
    );
  });

  test('confirming an order creates a reserved delivery; confirming again is a UserError', async () => {
    const company = stack.dataset.companies[0]!;
    const context = { allowed_company_ids: [company.id] };
    const product = stack.dataset.products.find((p) => !p.scarce)!;
    const created = await callKw(
      stack,
      cookie,
      'sale.order',
      'create',
      [
        {
          partner_id: stack.dataset.customers[String(company.id)]![0],
          order_line: [[0, 0, { product_id: product.id, product_uom_qty: 3 }]],
        },
      ],
      { context },
    );
    const id = created.body.result as number;
    const confirmed = await callKw(stack, cookie, 'sale.order', 'action_confirm', [[id]], {
      context,
    });
    assert.equal(confirmed.body.result, true);
    const [order] = (
      await callKw(stack, cookie, 'sale.order', 'read', [[id], ['name', 'state', 'picking_ids']], {
        context,
      })
    ).body.result;
    assert.match(order.name, /^S\d{5}$/);
    assert.equal(order.state, 'sale');
    assert.equal(order.picking_ids.length, 1);
    const [picking] = (
      await callKw(
        stack,
        cookie,
        'stock.picking',
        'read',
        [order.picking_ids, ['name', 'state', 'origin']],
        { context },
      )
    ).body.result;
    assert.match(picking.name, /^WH\/OUT\/\d{5}$/);
    assert.equal(picking.state, 'assigned');
    assert.equal(picking.origin, order.name);
    const again = await callKw(stack, cookie, 'sale.order', 'action_confirm', [[id]], { context });
    assert.equal(again.body.error.data.name, 'odoo.exceptions.UserError');
    assert.equal(
      again.body.error.data.message,
      'Some orders are not in a state requiring confirmation.',
    );
  });
});

describe('more of §1–2', () => {
  test('get_session_info repeats the session info; check answers with no result key', async () => {
    const info = await rpc(stack.url, '/web/session/get_session_info', {}, cookie);
    assert.equal(info.body.result.uid, 2);
    const check = await rpc(stack.url, '/web/session/check', {}, cookie);
    assert.deepEqual(check.body, { jsonrpc: '2.0', id: 7 });
  });

  test('/web/database/list and /web/health', async () => {
    assert.deepEqual((await rpc(stack.url, '/web/database/list', {})).body.result, [stack.db]);
    const health = await fetch(`${stack.url}/web/health`);
    assert.deepEqual(await health.json(), { status: 'pass' });
  });

  test('call_button turns a non-dict result into false', async () => {
    const company = stack.dataset.companies[0]!;
    const id = (
      await callKw(
        stack,
        cookie,
        'sale.order',
        'create',
        [{ partner_id: stack.dataset.customers[String(company.id)]![0] }],
        { context: { allowed_company_ids: [company.id] } },
      )
    ).body.result;
    const { body } = await rpc(
      stack.url,
      '/web/dataset/call_button',
      {
        model: 'sale.order',
        method: 'action_confirm',
        args: [[id]],
        kwargs: { context: { allowed_company_ids: [company.id] } },
      },
      cookie,
    );
    assert.equal(body.result, false);
  });

  test('write, name_search and unlink', async () => {
    const id = (await callKw(stack, cookie, 'res.partner', 'create', [{ name: 'Zebra Logistics' }]))
      .body.result;
    assert.equal(
      (await callKw(stack, cookie, 'res.partner', 'write', [[id], { email: 'z@example.com' }])).body
        .result,
      true,
    );
    assert.deepEqual(
      (await callKw(stack, cookie, 'res.partner', 'name_search', [], { name: 'Zebra', limit: 5 }))
        .body.result,
      [[id, 'Zebra Logistics']],
    );
    assert.equal((await callKw(stack, cookie, 'res.partner', 'unlink', [[id]])).body.result, true);
    assert.equal(
      (await callKw(stack, cookie, 'res.partner', 'search_count', [[['id', '=', id]]])).body.result,
      0,
    );
  });

  test('an unknown keyword argument is a TypeError, an unknown field a ValueError', async () => {
    const typeError = await callKw(stack, cookie, 'res.partner', 'search', [[]], { limt: 1 });
    assert.equal(typeError.body.error.data.name, 'builtins.TypeError');
    assert.equal(
      typeError.body.error.data.message,
      "BaseModel.search() got an unexpected keyword argument 'limt'",
    );
    const valueError = await callKw(stack, cookie, 'res.partner', 'search_read', [[]], {
      fields: ['nope'],
    });
    assert.equal(valueError.body.error.data.name, 'builtins.ValueError');
  });
});

describe('external API (§3.1)', () => {
  test('common.login gives the uid, or false for a wrong password', async () => {
    const ok = await rpc(stack.url, '/jsonrpc', {
      service: 'common',
      method: 'login',
      args: [stack.db, 'admin', stack.password],
    });
    assert.equal(ok.body.result, 2);
    const bad = await rpc(stack.url, '/jsonrpc', {
      service: 'common',
      method: 'login',
      args: [stack.db, 'admin', 'nope'],
    });
    assert.equal(bad.body.result, false);
  });

  test('common.authenticate requires its four arguments', async () => {
    const { body } = await rpc(stack.url, '/jsonrpc', {
      service: 'common',
      method: 'authenticate',
      args: [stack.db, 'admin', stack.password],
    });
    assert.equal(body.error.data.name, 'builtins.TypeError');
  });

  test('object.execute_kw runs a method, and a wrong password is AccessDenied', async () => {
    const count = await rpc(stack.url, '/jsonrpc', {
      service: 'object',
      method: 'execute_kw',
      args: [stack.db, 2, stack.password, 'product.product', 'search_count', [[]], {}],
    });
    assert.equal(count.body.result, stack.dataset.products.length);
    const denied = await rpc(stack.url, '/jsonrpc', {
      service: 'object',
      method: 'execute_kw',
      args: [stack.db, 2, 'nope', 'product.product', 'search_count', [[]]],
    });
    assert.equal(denied.body.error.data.name, 'odoo.exceptions.AccessDenied');
  });

  test('the stats endpoint counts requests per route', async () => {
    const counters = await stats(stack);
    assert.ok(counters.requests['/jsonrpc'] >= 5);
  });
});
