/**
 * The emulator speaks the web client's dialect as Odoo does: the web channel's three flows (order
 * entry, delivery validation, invoice entry) run against the emulator in 17 and 18 mode, and every
 * answer is compared, call by call, with what a real Odoo 17 and 18 answered the same flow
 * (test/fixtures/web-client, scripts/capture-web-exchanges.ts): the recursive shape and JSON types
 * (floats stay floats). Data-dependent differences are allowed, and only those: a many2one the
 * emulator's data leaves empty (no sales team, no payment term), a list its data leaves empty (no
 * taxes), and which fields an onchange answers (Odoo answers the ones whose value changed, which
 * depends on the data). The refusals are Odoo's own, recorded from real 17.0 and 18.0 servers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { captureFlows } from '../../scripts/capture-web-exchanges.ts';
import type { Exchange } from '../../scripts/sync-transport.ts';
import type { LocalPostgres } from '../../services/postgres.ts';
import { parseLossless, shapeDifferences } from '../support/json-shape.ts';
import {
  callKw,
  login,
  orderParties,
  rpc,
  startPostgres,
  startStack,
  type TestStack,
} from '../support/stack.ts';

type Flows = Record<
  'orderEntry' | 'delivery' | 'invoiceEntry',
  { path: string; response: unknown }[]
>;

/** Differences that come from data the emulator does not have, not from the dialect. */
const DATA_DEPENDENT = [
  /: expected object, got boolean \(false\)$/,
  /: expected boolean, got object/,
  /: expected \[\], got \d+ element\(s\)$/,
  /: expected \d+ element\(s\), got \[\]$/,
  // A store lists partners who are users and some who are not (a customer follower).
  /\.userId: expected boolean, got int/,
  // The user's time zone (a picker without one has false).
  /\.context\.tz: expected boolean, got string/,
  // An action's view list mixes [id, type] and [false, type] (the default view).
  /\.views\.\d+\.0: expected int, got boolean \(false\)$/,
];

type Envelope = { result?: { views?: unknown; models?: Record<string, unknown> } };

/**
 * get_views' field lists are the server's configuration (its modules and views), not its dialect:
 * compared are the views and that each model shown comes as the version lays it out (17: fields
 * directly, 18: under `fields`).
 */
function viewsDifferences(real: Envelope, emulated: Envelope): string[] {
  const layout = (models: Record<string, unknown>) =>
    Object.values(models).map((model) => 'fields' in (model as object));
  const found = shapeDifferences(
    { result: { views: real.result!.views } },
    { result: { views: emulated.result?.views } },
    { openObjects: ['$.result.views.*.toolbar'] },
  );
  const shown = Object.keys(real.result!.models!)[0]!;
  if (!emulated.result?.models?.[shown]) found.push(`$.result.models: ${shown} is not shown`);
  else if (layout(real.result!.models!)[0] !== layout(emulated.result.models)[0])
    found.push('$.result.models: not laid out as the version lays them out');
  return found;
}

/** The value at a `$.a.0.b` path of the comparator's messages. */
function at(root: unknown, path: string): unknown {
  const walk = (keys: string[]) =>
    keys.reduce<unknown>(
      (value, key) => (value as Record<string, unknown> | undefined)?.[key],
      root,
    );
  const keys = path.split('.').slice(1);
  // The comparator reads list elements against the real list's first one.
  return walk(keys.map((key) => (/^\d+$/.test(key) ? '0' : key)));
}

/**
 * An empty date, datetime or email where the real record had one is data too (a delivery not yet
 * done, a partner without an email): a string Odoo always fills (a selection, a name) is not.
 */
function emptyOptional(real: unknown, line: string): boolean {
  const match = /^(\$[^:]*): expected string, got boolean \(false\)$/.exec(line);
  if (!match) return false;
  const value = String(at(real, match[1]!) ?? '');
  return /^\d{4}-\d{2}-\d{2}/.test(value) || value.includes('@');
}

function differences(real: unknown, emulated: unknown): string[] {
  if ((real as Envelope).result?.models)
    return viewsDifferences(real as Envelope, emulated as Envelope);
  return shapeDifferences(real, emulated, {
    // Which fields an onchange answers depends on what changed in the data.
    openObjects: ['$.result.value'],
  }).filter(
    (line) => !DATA_DEPENDENT.some((pattern) => pattern.test(line)) && !emptyOptional(real, line),
  );
}

const isDialog = (exchange: { path: string; model?: unknown; params?: Record<string, unknown> }) =>
  /stock\.backorder|confirm\.stock\.sms/.test(
    `${exchange.path} ${exchange.model ?? exchange.params?.model ?? ''}`,
  );

let postgres: LocalPostgres;
before(async () => {
  postgres = await startPostgres('web-conformance');
});
after(async () => {
  await postgres?.stop();
});

for (const version of [17, 18]) {
  describe(`the web client's dialect, Odoo ${version}`, () => {
    let stack: TestStack;
    let emulated: Record<string, Exchange[]>;
    const real = parseLossless(
      readFileSync(`test/fixtures/web-client/exchanges-${version}.json`, 'utf8'),
    ) as Flows;

    before(async () => {
      stack = await startStack(postgres, { version, costModel: '0', database: `web_${version}` });
      const { companyId, customer, products: templates } = await orderParties(stack);
      const picker = stack.dataset.operators.find((o) => o.companyId === companyId)!;
      emulated = captureFlows(
        stack.url,
        stack.db,
        { login: stack.dataset.adminLogin, password: stack.password },
        { login: picker.login, password: stack.password },
        { customer, templates, product: templates[0]!, companyId },
      ) as unknown as Record<string, Exchange[]>;
    });
    after(async () => {
      await stack?.stop();
    });

    for (const flow of ['orderEntry', 'delivery', 'invoiceEntry'] as const) {
      test(`${flow}: every answer has the shape and JSON types the real server's had`, () => {
        // The dialogs Validate opens depend on the data (a partial delivery, SMS asked once per company).
        const ours = emulated[flow]!.filter((e) => !isDialog(e));
        const theirs = real[flow].filter((e) => !isDialog(e as Exchange));
        assert.deepEqual(
          ours.map((e) => e.path.replace(/\/\d+$/, '')),
          theirs.map((e) => e.path.replace(/\/\d+$/, '')),
          'the same calls',
        );
        const found = ours.flatMap((exchange, index) =>
          differences(theirs[index]!.response, exchange.response).map(
            (line) => `#${index + 1} ${exchange.path}: ${line}`,
          ),
        );
        assert.deepEqual(found, []);
      });
    }
  });
}

/**
 * What a real Odoo 17.0 and 18.0 refused, and how (recorded against up.sh's servers on 2026-12-02):
 * the emulator refuses the same calls with the same class and message.
 */
const REFUSALS: {
  what: string;
  call: (stack: TestStack, cookie: string) => Promise<{ body: Record<string, any> }>;
  refused: Record<number, { name: string; message: string; code?: number; id?: null }>;
}[] = [
  {
    what: 'web_read with a field the model lacks',
    call: (stack, cookie) =>
      callKw(stack, cookie, 'sale.order', 'web_read', [[1]], {
        specification: { name: {}, nonexistent_field: {} },
      }),
    refused: {
      17: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'sale.order'",
      },
      18: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'sale.order'",
      },
    },
  },
  {
    what: 'web_search_read with a field the model lacks',
    call: (stack, cookie) =>
      callKw(stack, cookie, 'sale.order', 'web_search_read', [], {
        specification: { name: {}, nonexistent_field: {} },
        domain: [],
        limit: 2,
      }),
    refused: {
      17: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'sale.order'",
      },
      18: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'sale.order'",
      },
    },
  },
  {
    what: 'a sub-specification with a field the related model lacks',
    call: (stack, cookie) =>
      callKw(stack, cookie, 'sale.order', 'web_read', [[1]], {
        specification: { partner_id: { fields: { nonexistent_field: {} } } },
      }),
    refused: {
      17: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'res.partner'",
      },
      18: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'res.partner'",
      },
    },
  },
  {
    what: 'onchange with a field the model lacks',
    call: (stack, cookie) =>
      callKw(stack, cookie, 'sale.order', 'onchange', [
        [],
        {},
        [],
        { name: {}, nonexistent_field: {} },
      ]),
    refused: {
      17: { name: 'builtins.KeyError', message: 'nonexistent_field' },
      18: { name: 'builtins.KeyError', message: 'nonexistent_field' },
    },
  },
  {
    what: 'web_save of an order without its customer',
    call: (stack, cookie) =>
      callKw(stack, cookie, 'sale.order', 'web_save', [[], { client_order_ref: 'x' }], {
        specification: { name: {} },
      }),
    refused: Object.fromEntries(
      [17, 18].map((version) => [
        version,
        {
          name: 'odoo.exceptions.ValidationError',
          message:
            'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Sales Order (sale.order)\nField: Customer (partner_id)\n',
        },
      ]),
    ),
  },
  {
    what: 'web_save with a value for a field the model lacks',
    call: (stack, cookie) =>
      callKw(
        stack,
        cookie,
        'sale.order',
        'web_save',
        [[], { partner_id: 1, nonexistent_field: 1 }],
        {
          specification: { name: {} },
        },
      ),
    refused: {
      17: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'sale.order'",
      },
      18: {
        name: 'builtins.ValueError',
        message: "Invalid field 'nonexistent_field' on model 'sale.order'",
      },
    },
  },
  {
    what: 'a model that does not exist',
    call: (stack, cookie) =>
      callKw(stack, cookie, 'x.nonexistent.model', 'web_read', [[1]], { specification: {} }),
    refused: {
      17: { name: 'builtins.KeyError', message: 'x.nonexistent.model' },
      // 18 looks the model up before serving and answers werkzeug's 404, echoing no id.
      18: {
        name: 'werkzeug.exceptions.NotFound',
        message:
          '404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
        code: 404,
        id: null,
      },
    },
  },
  {
    what: 'an action that does not exist',
    call: (stack, cookie) =>
      rpc(stack.url, '/web/action/load', { action_id: 'nonexistent.action_xyz' }, cookie),
    refused: {
      17: {
        name: 'odoo.exceptions.MissingError',
        message: "The action 'nonexistent.action_xyz' does not exist.",
      },
      18: {
        name: 'odoo.addons.web.controllers.action.MissingActionError',
        message: 'The action “nonexistent.action_xyz” does not exist.',
      },
    },
  },
];

for (const version of [17, 18]) {
  describe(`what the web client's dialect refuses, Odoo ${version}`, () => {
    let stack: TestStack;
    let cookie: string;
    before(async () => {
      stack = await startStack(postgres, { version, costModel: '0', database: `web_${version}` });
      cookie = await login(stack);
    });
    after(async () => {
      await stack?.stop();
    });
    for (const refusal of REFUSALS) {
      test(`${refusal.what}: refused as Odoo ${version} refuses it`, async () => {
        const { body } = await refusal.call(stack, cookie);
        const expected = refusal.refused[version]!;
        assert.equal(body.error?.data?.name, expected.name, JSON.stringify(body).slice(0, 300));
        assert.equal(body.error.data.message, expected.message);
        assert.equal(body.error.code, expected.code ?? 200);
        if ('id' in expected) assert.equal(body.id, expected.id);
      });
    }
    test(`onchange of a field the model lacks answers {} (Odoo ${version})`, async () => {
      const { body } = await callKw(stack, cookie, 'sale.order', 'onchange', [
        [],
        { nonexistent_field: 1 },
        ['nonexistent_field'],
        { name: {} },
      ]);
      assert.deepEqual(body.result, {});
    });
    if (version === 18)
      test('has_group without the user record is a TypeError on 18, as the signature changed', async () => {
        const { body } = await callKw(stack, cookie, 'res.users', 'has_group', ['base.group_user']);
        assert.equal(body.error?.data?.name, 'builtins.TypeError');
        assert.equal(
          body.error.data.message,
          "Users.has_group() missing 1 required positional argument: 'group_ext_id'",
        );
      });
  });
}

describe("the order list as Odoo 17's web client reads it", () => {
  const logFile = resolve('.local', 'test', 'web-list-odoo.log');
  const spec = JSON.parse(readFileSync('contract/web-client/17.json', 'utf8')).specs[
    'orderList:sale.order/web_search_read'
  ];
  let stack: TestStack;
  let cookie: string;
  before(async () => {
    stack = await startStack(postgres, {
      version: 17,
      costModel: '0',
      database: 'web_list',
      logFile,
    });
    cookie = await login(stack);
    const { customer, products } = await orderParties(stack);
    for (let i = 0; i < 12; i++) {
      const { body } = await callKw(stack, cookie, 'sale.order', 'create', [
        {
          partner_id: customer.id,
          client_order_ref: `LIST/${i}`,
          order_line: [[0, 0, { product_id: products[i % 3]!.id, product_uom_qty: i + 1 }]],
        },
      ]);
      if (i % 2 === 0) await callKw(stack, cookie, 'sale.order', 'action_confirm', [[body.result]]);
    }
  });
  after(async () => {
    await stack?.stop();
  });

  /** The query counts the emulator logged for its list reads, as Odoo's werkzeug line gives them. */
  async function listQueries(expected: number): Promise<number[]> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const counts = [
        ...readFileSync(logFile, 'utf8').matchAll(
          /sale\.order\/web_search_read HTTP\/1\.1" 200 - (\d+) /g,
        ),
      ].map((match) => Number(match[1]));
      if (counts.length >= expected) return counts;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`the emulator logged fewer than ${expected} list reads in ${logFile}`);
  }

  test('each order shows its stored total and delivery status, in as many queries for 12 orders as for 3', async () => {
    const list = async (limit: number) =>
      (
        await callKw(stack, cookie, 'sale.order', 'web_search_read', [], {
          specification: spec,
          domain: [['client_order_ref', '=like', 'LIST/%']],
          limit,
          order: 'id',
        })
      ).body.result as { length: number; records: Record<string, any>[] };
    await list(3);
    const { records } = await list(12);
    assert.equal(records.length, 12);
    const { body } = await callKw(stack, cookie, 'sale.order', 'read', [
      records.map((record) => record.id),
      ['amount_total', 'state'],
    ]);
    for (const stored of body.result as { id: number; amount_total: number; state: string }[]) {
      const shown = records.find((record) => record.id === stored.id)!;
      assert.ok(stored.amount_total > 0);
      assert.equal(shown.amount_total, stored.amount_total, `order ${stored.id}'s total`);
      assert.equal(shown.amount_untaxed, stored.amount_total);
      assert.equal(shown.delivery_status, stored.state === 'sale' ? 'pending' : false);
    }
    const [few, many] = await listQueries(2);
    assert.equal(many, few, 'a list of 12 orders reads in as many queries as a list of 3');
  });
});
