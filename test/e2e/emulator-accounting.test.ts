/** Accounting (docs/odoo-protocol.md §7.4, §2.3 read_group): entries, invoices from orders, numbering, reports. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LocalPostgres } from '../../services/postgres.ts';
import { callKw, login, startPostgres, startStack, type TestStack } from '../support/stack.ts';

let postgres: LocalPostgres;
let stack: TestStack;
let cookie: string;
let context: { allowed_company_ids: number[] };
const year = new Date().getUTCFullYear();
const month = String(new Date().getUTCMonth() + 1).padStart(2, '0');

before(async () => {
  postgres = await startPostgres('accounting');
  stack = await startStack(postgres, { seed: { operators: 0 } });
  cookie = await login(stack);
  context = { allowed_company_ids: [stack.dataset.companies[0]!.id] };
});
after(async () => {
  await stack?.stop();
  await postgres?.stop();
});

test('a balanced entry posts as MISC/<year>/<month>/0002 after the opening entry, and action_post returns false', async () => {
  const company = stack.dataset.companies[0]!;
  const id = (
    await callKw(
      stack,
      cookie,
      'account.move',
      'create',
      [
        {
          move_type: 'entry',
          journal_id: company.journals.general,
          ref: 'run-1',
          line_ids: [
            [0, 0, { account_id: company.accounts.expense, debit: 120, name: 'Freight' }],
            [0, 0, { account_id: company.accounts.asset_cash, credit: 120, name: 'Freight' }],
          ],
        },
      ],
      { context },
    )
  ).body.result;
  const [draft] = (
    await callKw(stack, cookie, 'account.move', 'read', [[id], ['name', 'state', 'amount_total']], {
      context,
    })
  ).body.result;
  assert.deepEqual(draft, { id, name: '/', state: 'draft', amount_total: 120 });
  const posted = await callKw(stack, cookie, 'account.move', 'action_post', [[id]], { context });
  assert.equal(posted.body.result, false);
  const [move] = (
    await callKw(stack, cookie, 'account.move', 'read', [[id], ['name', 'state']], { context })
  ).body.result;
  assert.equal(move.name, `MISC/${year}/${month}/0002`);
  assert.equal(move.state, 'posted');
});

test('an unbalanced entry is refused when created, as Odoo 17 refuses it, and nothing is kept', async () => {
  const company = stack.dataset.companies[0]!;
  const { body } = await callKw(
    stack,
    cookie,
    'account.move',
    'create',
    [
      {
        ref: 'unbalanced-test',
        line_ids: [[0, 0, { account_id: company.accounts.expense, debit: 10 }]],
      },
    ],
    { context },
  );
  assert.equal(body.error.data.name, 'odoo.exceptions.UserError');
  assert.match(
    body.error.data.message,
    /^An error has occurred\.\n\nThe move \(Draft Entry \(\* \d+\) \(unbalanced-test\)\) is not balanced\./,
  );
  assert.match(
    body.error.data.message,
    /debits equals \$\u00a010\.00 and the total of credits equals \$\u00a00\.00/,
  );
  const kept = await callKw(
    stack,
    cookie,
    'account.move',
    'search_count',
    [[['ref', '=', 'unbalanced-test']]],
    { context },
  );
  assert.equal(kept.body.result, 0, 'the failed create was rolled back');
});

test('an order invoiced through sale.advance.payment.inv yields a balanced INV/<year>/00002 invoice', async () => {
  const company = stack.dataset.companies[0]!;
  const product = stack.dataset.products.find((p) => !p.scarce && p.invoicePolicy === 'order')!;
  const orderId = (
    await callKw(
      stack,
      cookie,
      'sale.order',
      'create',
      [
        {
          partner_id: stack.dataset.customers[String(company.id)]![0],
          order_line: [[0, 0, { product_id: product.id, product_uom_qty: 4, price_unit: 25 }]],
        },
      ],
      { context },
    )
  ).body.result;
  await callKw(stack, cookie, 'sale.order', 'action_confirm', [[orderId]], { context });
  const wizard = (
    await callKw(
      stack,
      cookie,
      'sale.advance.payment.inv',
      'create',
      [{ advance_payment_method: 'delivered', sale_order_ids: [[6, 0, [orderId]]] }],
      { context },
    )
  ).body.result;
  const action = (
    await callKw(stack, cookie, 'sale.advance.payment.inv', 'create_invoices', [[wizard]], {
      context,
    })
  ).body.result;
  assert.equal(action.type, 'ir.actions.act_window');
  assert.equal(action.res_model, 'account.move');
  const invoiceId = action.res_id as number;
  assert.equal(
    (await callKw(stack, cookie, 'account.move', 'action_post', [[invoiceId]], { context })).body
      .result,
    false,
  );
  const [invoice] = (
    await callKw(
      stack,
      cookie,
      'account.move',
      'read',
      [
        [invoiceId],
        ['name', 'move_type', 'amount_total', 'invoice_origin', 'line_ids', 'invoice_date'],
      ],
      { context },
    )
  ).body.result;
  assert.equal(invoice.name, `INV/${year}/00002`);
  assert.equal(invoice.move_type, 'out_invoice');
  assert.equal(invoice.amount_total, 100);
  assert.match(invoice.invoice_date, /^\d{4}-\d{2}-\d{2}$/, 'dates serialize as YYYY-MM-DD');
  const lines = (
    await callKw(
      stack,
      cookie,
      'account.move.line',
      'read',
      [invoice.line_ids, ['debit', 'credit', 'account_id']],
      { context },
    )
  ).body.result;
  const total = (key: 'debit' | 'credit') =>
    lines.reduce((sum: number, line: Record<string, number>) => sum + line[key]!, 0);
  assert.equal(total('debit'), total('credit'));
  const [order] = (
    await callKw(stack, cookie, 'sale.order', 'read', [[orderId], ['invoice_ids']], { context })
  ).body.result;
  assert.deepEqual(order.invoice_ids, [invoiceId]);
});

test("delivered-quantity products: nothing to invoice before delivery (Odoo's message), invoiceable after", async () => {
  const company = stack.dataset.companies[0]!;
  const product = stack.dataset.products.find(
    (p) => !p.scarce && !p.tracked && p.invoicePolicy === 'delivery',
  )!;
  const orderId = (
    await callKw(
      stack,
      cookie,
      'sale.order',
      'create',
      [
        {
          partner_id: stack.dataset.customers[String(company.id)]![0],
          order_line: [[0, 0, { product_id: product.id, product_uom_qty: 2 }]],
        },
      ],
      { context },
    )
  ).body.result;
  await callKw(stack, cookie, 'sale.order', 'action_confirm', [[orderId]], { context });
  const invoice = async () => {
    const wizard = (
      await callKw(
        stack,
        cookie,
        'sale.advance.payment.inv',
        'create',
        [{ advance_payment_method: 'delivered', sale_order_ids: [[6, 0, [orderId]]] }],
        { context },
      )
    ).body.result;
    return callKw(stack, cookie, 'sale.advance.payment.inv', 'create_invoices', [[wizard]], {
      context,
    });
  };
  const before = await invoice();
  assert.equal(before.body.error.data.name, 'odoo.exceptions.UserError');
  assert.match(
    before.body.error.data.message,
    /^Cannot create an invoice\. No items are available to invoice\./,
  );
  const [{ picking_ids: pickings }] = (
    await callKw(stack, cookie, 'sale.order', 'read', [[orderId], ['picking_ids']], { context })
  ).body.result;
  const validated = await callKw(stack, cookie, 'stock.picking', 'button_validate', [pickings], {
    context: { ...context, skip_sms: true },
  });
  assert.equal(validated.body.result, true);
  const after = await invoice();
  assert.equal(after.body.result.res_model, 'account.move', JSON.stringify(after.body.error));
  const [line] = (
    await callKw(
      stack,
      cookie,
      'account.move.line',
      'search_read',
      [
        [
          ['move_id', '=', after.body.result.res_id],
          ['product_id', '=', product.id],
        ],
        ['quantity'],
      ],
      { context },
    )
  ).body.result;
  assert.equal(line.quantity, 2, 'the delivered quantity is invoiced');
});

test('read_group: a lazy single groupby gives <field>_count, [id, name] groups, sums and __domain', async () => {
  const groups = (
    await callKw(stack, cookie, 'account.move.line', 'read_group', [], {
      domain: [['parent_state', '=', 'posted']],
      fields: ['debit:sum', 'credit:sum', 'balance:sum'],
      groupby: ['account_id'],
      context,
    })
  ).body.result as Record<string, any>[];
  assert.ok(groups.length >= 4);
  for (const group of groups) {
    assert.equal(Array.isArray(group.account_id) && group.account_id.length, 2);
    assert.equal(typeof group.account_id_count, 'number');
    assert.equal(group.balance, Math.round((group.debit - group.credit) * 100) / 100);
    // expression.AND: the prefix form, as test/fixtures/real-odoo-17/transcript.json shows it.
    assert.deepEqual(group.__domain, [
      '&',
      ['parent_state', '=', 'posted'],
      ['account_id', '=', group.account_id[0]],
    ]);
  }
  const debit = groups.reduce((sum, group) => sum + group.debit, 0);
  const credit = groups.reduce((sum, group) => sum + group.credit, 0);
  assert.ok(Math.abs(debit - credit) < 0.001, 'the trial balance balances');
});

test('read_group by month (not lazy) gives "<Month> <year>" labels, __count and __range; web_read_group adds length', async () => {
  const groups = (
    await callKw(
      stack,
      cookie,
      'account.move.line',
      'read_group',
      [[['parent_state', '=', 'posted']], ['balance:sum'], ['date:month', 'partner_id']],
      { lazy: false, context },
    )
  ).body.result;
  const label = new Date().toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  assert.ok(
    groups.every(
      (group: Record<string, any>) =>
        group['date:month'] === `${label} ${year}` && typeof group.__count === 'number',
    ),
  );
  assert.equal(groups[0].__range['date:month'].from, `${year}-${month}-01`);
  const web = (
    await callKw(stack, cookie, 'account.move.line', 'web_read_group', [], {
      domain: [],
      fields: ['balance:sum'],
      groupby: ['journal_id'],
      limit: 1,
      context,
    })
  ).body.result;
  assert.equal(web.groups.length, 1);
  assert.ok(web.length >= 3, 'length counts every group, not the page');
});
