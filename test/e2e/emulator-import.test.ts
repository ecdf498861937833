/** Imports (docs/odoo-protocol.md §7.5): base_import.import batches, dry runs, per-row messages, `load` with external ids. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LocalPostgres } from '../../services/postgres.ts';
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

test('a float column that is not a number refuses the file before loading: one message, no ids', async () => {
  const id = await wizard(
    'Name,Barcode,Sales Price\nGood,9900000000048,1\nBad price,9900000000055,lots\n',
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
  // base_import's pre-validation, as test/fixtures/real-odoo-17/transcript.json recorded it.
  assert.deepEqual(result, {
    messages: [
      {
        type: 'error',
        message: 'Column list_price contains incorrect values (value: lots)',
        record: false,
        not_matching_error: true,
        field_path: ['list_price'],
        field_type: null,
      },
    ],
  });
});

test('a bad row fails the whole batch: ids false, one message per bad row naming record and field', async () => {
  const taken = stack.dataset.products[0]!.barcode;
  const id = await wizard(
    `Name,Barcode,Sales Price\nGood,9900000000048,1\nDup,${taken},2\nAlso good,9900000000055,3\n`,
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
  assert.equal(result.messages.length, 1);
  assert.equal(result.messages[0].record, 1);
  assert.equal(result.messages[0].field, 'barcode');
  assert.deepEqual(result.messages[0].rows, { from: 1, to: 1 });
  assert.match(result.messages[0].message, /Barcode\(s\) already assigned/);
  const good = (
    await callKw(stack, cookie, 'product.product', 'search_count', [
      [['barcode', '=', '9900000000048']],
    ])
  ).body.result;
  assert.equal(good, 0, 'the good rows were rolled back too');
});

test('load names each bad row and its field, with the field label as the import screen shows it', async () => {
  const result = (
    await callKw(stack, cookie, 'product.product', 'load', [], {
      fields: ['name', 'default_code', 'list_price'],
      data: [
        ['L A', 'L-A', '1'],
        ['L B', 'L-B', 'n/a'],
      ],
    })
  ).body.result;
  assert.deepEqual(result, {
    ids: false,
    messages: [
      {
        rows: { from: 1, to: 1 },
        type: 'error',
        record: 1,
        field: 'list_price',
        message: "'n/a' does not seem to be a number for field 'Sales Price'",
        field_name: 'Sales Price',
      },
    ],
    nextrow: 0,
  });
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

test('a lot-tracked product counted without a lot: applying asks to confirm (stock.track.confirmation) and changes nothing until confirmed', async () => {
  const company = stack.dataset.companies[0]!;
  const tracked = stack.dataset.products.find((p) => p.tracked)!;
  const context = { inventory_mode: true, allowed_company_ids: [company.id] };
  const location = (
    await callKw(
      stack,
      cookie,
      'stock.location',
      'create',
      [{ name: 'Count test', location_id: company.stockLocationId }],
      { context },
    )
  ).body.result;
  const quant = (
    await callKw(
      stack,
      cookie,
      'stock.quant',
      'create',
      [{ product_id: tracked.id, location_id: location, inventory_quantity: 7 }],
      { context },
    )
  ).body.result;
  const action = (
    await callKw(stack, cookie, 'stock.quant', 'action_apply_inventory', [[quant]], { context })
  ).body.result;
  assert.equal(action.res_model, 'stock.track.confirmation');
  assert.deepEqual(action.context.default_quant_ids, [quant]);
  const read = async () =>
    (
      await callKw(
        stack,
        cookie,
        'stock.quant',
        'read',
        [[quant], ['quantity', 'inventory_quantity_set']],
        { context },
      )
    ).body.result[0];
  assert.equal((await read()).quantity, 0, 'nothing applied yet');
  const wizard = (
    await callKw(stack, cookie, 'stock.track.confirmation', 'create', [{}], {
      context: action.context,
    })
  ).body.result;
  const confirmed = await callKw(
    stack,
    cookie,
    'stock.track.confirmation',
    'action_confirm',
    [[wizard]],
    { context: action.context },
  );
  assert.ok(!('result' in confirmed.body), 'action_confirm returns None');
  assert.deepEqual(await read(), { id: quant, quantity: 7, inventory_quantity_set: false });
  const [{ complete_name: name }] = (
    await callKw(stack, cookie, 'stock.location', 'read', [[location], ['complete_name']], {
      context,
    })
  ).body.result;
  assert.match(name, /\/Count test$/, 'a child location is named under its parent');
});
