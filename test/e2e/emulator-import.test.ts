/** Imports (odoo-rpc.md §7.5): base_import.import batches, dry runs, per-row messages, `load` with external ids. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LocalPostgres } from '../../cli/services/postgres.ts';
import { callKw, login, startPostgres, startStack, type TestStack } from '../support/stack.ts';

let postgres: LocalPostgres;
let stack: TestStack;
let cookie: string;

const OPTIONS = {
  has_headers: true,
  separator: ',',
  quoting: '"',
  encoding: 'utf-8',
  limit: 2,
  skip: 0,
  float_thousand_separator: ',',
  float_decimal_separator: '.',
};

before(async () => {
  postgres = await startPostgres('import');
  stack = await startStack(postgres, { seed: { operators: 0 } });
  cookie = await login(stack);
});
after(async () => {
  await stack?.stop();
  await postgres?.stop();
});

async function wizard(file: string, model = 'product.product'): Promise<number> {
  return (
    await callKw(stack, cookie, 'base_import.import', 'create', [
      { res_model: model, file, file_type: 'text/csv', file_name: 'import.csv' },
    ])
  ).body.result;
}

test('execute_import loads `limit` rows from `skip` and answers nextrow until the file is done', async () => {
  const csv =
    'Name,Reference,Barcode,Sales Price\n"Widget, large",IMP-1,9900000000017,"1,250.50"\nGadget,IMP-2,9900000000024,3\nGizmo,IMP-3,9900000000031,4\n';
  const id = await wizard(csv);
  const fields = ['name', 'default_code', 'barcode', 'list_price'];
  const columns = ['Name', 'Reference', 'Barcode', 'Sales Price'];
  const first = (
    await callKw(
      stack,
      cookie,
      'base_import.import',
      'execute_import',
      [[id], fields, columns, OPTIONS],
      { dryrun: false },
    )
  ).body.result;
  assert.equal(first.ids.length, 2);
  assert.deepEqual(first.messages, []);
  assert.equal(first.nextrow, 2);
  assert.deepEqual(first.name, ['[IMP-1] Widget, large', '[IMP-2] Gadget']);
  const second = (
    await callKw(
      stack,
      cookie,
      'base_import.import',
      'execute_import',
      [[id], fields, columns, { ...OPTIONS, skip: 2 }],
      { dryrun: false },
    )
  ).body.result;
  assert.equal(second.ids.length, 1);
  assert.equal(second.nextrow, 0, 'finished');
  const [widget] = (
    await callKw(stack, cookie, 'product.product', 'read', [[first.ids[0]], ['list_price']])
  ).body.result;
  assert.equal(widget.list_price, 1250.5, 'thousand and decimal separators applied');
});

test('a dry run checks everything and creates nothing', async () => {
  const id = await wizard('Name,Reference\nDry,DRY-1\n');
  const before = (
    await callKw(stack, cookie, 'product.product', 'search_count', [
      [['default_code', '=', 'DRY-1']],
    ])
  ).body.result;
  const result = (
    await callKw(
      stack,
      cookie,
      'base_import.import',
      'execute_import',
      [[id], ['name', 'default_code'], ['Name', 'Reference'], OPTIONS],
      { dryrun: true },
    )
  ).body.result;
  assert.deepEqual(result.messages, []);
  assert.equal(result.ids, false);
  const after = (
    await callKw(stack, cookie, 'product.product', 'search_count', [
      [['default_code', '=', 'DRY-1']],
    ])
  ).body.result;
  assert.equal(after, before);
});

test('a bad row fails the whole batch: ids false, one message per bad row naming record and field', async () => {
  const taken = stack.dataset.products[0]!.barcode;
  const id = await wizard(
    `Name,Barcode,Sales Price\nGood,9900000000048,1\nBad price,9900000000055,lots\nDup,${taken},2\n`,
  );
  const result = (
    await callKw(
      stack,
      cookie,
      'base_import.import',
      'execute_import',
      [
        [id],
        ['name', 'barcode', 'list_price'],
        ['Name', 'Barcode', 'Sales Price'],
        { ...OPTIONS, limit: 10 },
      ],
      { dryrun: false },
    )
  ).body.result;
  assert.equal(result.ids, false);
  assert.equal(result.messages.length, 2);
  assert.deepEqual(result.messages[0], {
    type: 'error',
    message: "'lots' does not seem to be a number for field 'Sales Price'",
    record: 1,
    field: 'list_price',
    rows: { from: 1, to: 1 },
  });
  assert.equal(result.messages[1].record, 2);
  assert.equal(result.messages[1].field, 'barcode');
  assert.match(result.messages[1].message, /Barcode\(s\) already assigned/);
  const good = (
    await callKw(stack, cookie, 'product.product', 'search_count', [
      [['barcode', '=', '9900000000048']],
    ])
  ).body.result;
  assert.equal(good, 0, 'the good row was rolled back too');
});

test('a missing quoting option is reported as a message, not an exception', async () => {
  const id = await wizard('Name\nX\n');
  const result = (
    await callKw(stack, cookie, 'base_import.import', 'execute_import', [
      [id],
      ['name'],
      ['Name'],
      { ...OPTIONS, quoting: '' },
    ])
  ).body.result;
  assert.deepEqual(Object.keys(result), ['messages']);
  assert.match(result.messages[0].message, /quoting/);
});

test('load with an `id` column creates once, then updates the same records', async () => {
  const company = stack.dataset.companies[0]!.id;
  const rows = [
    ['partner_run1_1', 'Load Customer 1', 'true'],
    ['partner_run1_2', 'Load Customer 2', 'false'],
  ];
  const first = (
    await callKw(stack, cookie, 'res.partner', 'load', [['id', 'name', 'is_company'], rows], {
      context: { allowed_company_ids: [company] },
    })
  ).body.result;
  assert.equal(first.ids.length, 2);
  assert.deepEqual(first.messages, []);
  const again = (
    await callKw(stack, cookie, 'res.partner', 'load', [
      ['id', 'name', 'is_company'],
      [['partner_run1_1', 'Renamed', 'true']],
    ])
  ).body.result;
  assert.deepEqual(again.ids, [first.ids[0]]);
  const [partner] = (
    await callKw(stack, cookie, 'res.partner', 'read', [[first.ids[0]], ['name', 'is_company']])
  ).body.result;
  assert.deepEqual([partner.name, partner.is_company], ['Renamed', true]);
});

test('opening stock: counted quantities load into stock.quant, and applying them sets on hand', async () => {
  const company = stack.dataset.companies[0]!;
  const product = stack.dataset.products[10]!;
  const location = (
    await callKw(stack, cookie, 'stock.location', 'read', [
      [company.stockLocationId],
      ['complete_name'],
    ])
  ).body.result[0].complete_name;
  const onHand = async () =>
    (
      (
        await callKw(
          stack,
          cookie,
          'stock.quant',
          'search_read',
          [
            [
              ['product_id', '=', product.id],
              ['location_id', '=', company.stockLocationId],
            ],
          ],
          { fields: ['quantity'] },
        )
      ).body.result as { quantity: number }[]
    ).reduce((sum, quant) => sum + quant.quantity, 0);
  const before = await onHand();
  assert.notEqual(before, 12);
  const result = (
    await callKw(
      stack,
      cookie,
      'stock.quant',
      'load',
      [
        ['product_id/.id', 'location_id', 'inventory_quantity'],
        [[String(product.id), location, '12']],
      ],
      { context: { inventory_mode: true } },
    )
  ).body.result;
  assert.deepEqual(result.messages, []);
  assert.equal(await onHand(), before, 'counting alone changes nothing');
  await callKw(stack, cookie, 'stock.quant', 'action_apply_inventory', [result.ids]);
  assert.equal(await onHand(), 12, 'on hand is now the counted quantity');
});
