/** Warehouse flows per version (docs/odoo-protocol.md §7.2–7.3, §8): scans, validation, wizards, backorders, receipts. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalPostgres } from '../../services/postgres.ts';
import { callKw, login, startPostgres, startStack, type TestStack } from '../support/stack.ts';

let postgres: LocalPostgres;
before(async () => {
  postgres = await startPostgres('warehouse');
});
after(async () => postgres?.stop());

/** Reads a picking's moves and lines in the version's own field names. */
async function pickingLines(stack: TestStack, cookie: string, pickingId: number, version: number) {
  const fields =
    version === 16
      ? ['product_id', 'reserved_uom_qty', 'qty_done', 'move_id']
      : ['product_id', 'quantity', 'picked', 'move_id'];
  return (
    await callKw(
      stack,
      cookie,
      'stock.move.line',
      'search_read',
      [[['picking_id', '=', pickingId]]],
      { fields },
    )
  ).body.result as Record<string, any>[];
}

async function quantOf(stack: TestStack, cookie: string, productId: number, locationId: number) {
  const quants = (
    await callKw(
      stack,
      cookie,
      'stock.quant',
      'search_read',
      [
        [
          ['product_id', '=', productId],
          ['location_id', '=', locationId],
        ],
      ],
      { fields: ['quantity', 'reserved_quantity'] },
    )
  ).body.result as { quantity: number; reserved_quantity: number }[];
  return quants.reduce(
    (sum, quant) => ({
      quantity: sum.quantity + quant.quantity,
      reserved: sum.reserved + quant.reserved_quantity,
    }),
    { quantity: 0, reserved: 0 },
  );
}

for (const version of [16, 17]) {
  describe(`Odoo ${version}`, () => {
    let stack: TestStack;
    let cookie: string;
    before(async () => {
      stack = await startStack(postgres, { version, database: `warehouse_${version}` });
      cookie = await login(stack, stack.dataset.operators[0]!.login);
    });
    after(async () => stack?.stop());

    test('a seeded operator has open, reserved deliveries assigned to them', async () => {
      const operator = stack.dataset.operators[0]!;
      assert.ok(operator.pickingIds.length > 0);
      const pickings = (
        await callKw(
          stack,
          cookie,
          'stock.picking',
          'search_read',
          [
            [
              ['user_id', '=', operator.uid],
              ['state', '=', 'assigned'],
            ],
          ],
          { fields: ['id', 'picking_type_code'] },
        )
      ).body.result;
      assert.deepEqual(
        pickings.map((p: { id: number }) => p.id).sort(),
        [...operator.pickingIds].sort(),
      );
      assert.ok(
        pickings.every((p: { picking_type_code: string }) => p.picking_type_code === 'outgoing'),
      );
    });

    /** A fresh delivery of 3 units of one plentiful product, confirmed and reserved. */
    async function newDelivery(): Promise<number> {
      const admin = await login(stack);
      const company = stack.dataset.operators[0]!.companyId;
      const context = { allowed_company_ids: [company] };
      const product = stack.dataset.products.find((p) => !p.scarce)!;
      const orderId = (
        await callKw(
          stack,
          admin,
          'sale.order',
          'create',
          [
            {
              partner_id: stack.dataset.customers[String(company)]![0],
              order_line: [[0, 0, { product_id: product.id, product_uom_qty: 3 }]],
            },
          ],
          { context },
        )
      ).body.result;
      await callKw(stack, admin, 'sale.order', 'action_confirm', [[orderId]], { context });
      return (
        await callKw(stack, admin, 'sale.order', 'read', [[orderId], ['picking_ids']], { context })
      ).body.result[0].picking_ids[0];
    }

    test('scanning part of a delivery and validating asks "Create Backorder?" with Odoo\'s action shape', async () => {
      const pickingId = await newDelivery();
      const [line] = await pickingLines(stack, cookie, pickingId, version);
      assert.equal(
        version === 16 ? line!.reserved_uom_qty : line!.quantity,
        3,
        'all three units reserved',
      );
      const product = (
        await callKw(stack, cookie, 'product.product', 'read', [[line!.product_id[0]], ['barcode']])
      ).body.result[0];
      const found = (
        await callKw(
          stack,
          cookie,
          'product.product',
          'search_read',
          [[['barcode', '=', product.barcode]]],
          { fields: ['id', 'display_name', 'uom_id', 'tracking'], limit: 1 },
        )
      ).body.result;
      assert.equal(found[0].id, line!.product_id[0]);
      const scan = version === 16 ? { qty_done: 1 } : { quantity: 1, picked: true };
      assert.equal(
        (await callKw(stack, cookie, 'stock.move.line', 'write', [[line!.id], scan])).body.result,
        true,
      );
      // skip_sms, as the suite sends it: the SMS question has a test of its own below.
      const wizard = (
        await callKw(stack, cookie, 'stock.picking', 'button_validate', [[pickingId]], {
          context: { skip_sms: true },
        })
      ).body.result;
      assert.equal(wizard.type, 'ir.actions.act_window');
      assert.equal(wizard.res_model, 'stock.backorder.confirmation');
      assert.equal(wizard.name, 'Create Backorder?');
      assert.equal(wizard.target, 'new');
      assert.deepEqual(wizard.context.button_validate_picking_ids, [pickingId]);
      assert.deepEqual(wizard.context.default_pick_ids, [[4, pickingId]]);

      const created = (
        await callKw(
          stack,
          cookie,
          'stock.backorder.confirmation',
          'create',
          [{ pick_ids: [[4, pickingId]] }],
          { context: wizard.context },
        )
      ).body.result;
      const processed = await callKw(
        stack,
        cookie,
        'stock.backorder.confirmation',
        'process',
        [[created]],
        { context: wizard.context },
      );
      assert.equal(processed.body.result, true);
      const [picking] = (
        await callKw(stack, cookie, 'stock.picking', 'read', [[pickingId], ['state']])
      ).body.result;
      assert.equal(picking.state, 'done');
      const backorders = (
        await callKw(
          stack,
          cookie,
          'stock.picking',
          'search_read',
          [[['backorder_id', '=', pickingId]]],
          { fields: ['move_ids'] },
        )
      ).body.result;
      assert.equal(backorders.length, 1, 'the rest went to a backorder');
      const [rest] = (
        await callKw(stack, cookie, 'stock.move', 'read', [
          backorders[0].move_ids,
          ['product_uom_qty'],
        ])
      ).body.result;
      assert.equal(rest.product_uom_qty, 2);
    });

    test('validating with nothing done: 16 asks "Immediate Transfer?", 17 picks everything reserved', async () => {
      const pickingId = stack.dataset.operators[0]!.pickingIds[1]!;
      const lines = await pickingLines(stack, cookie, pickingId, version);
      const productId = lines[0]!.product_id[0] as number;
      const stockLocation = stack.dataset.companies.find(
        (c) => c.id === stack.dataset.operators[0]!.companyId,
      )!.stockLocationId;
      const before = await quantOf(stack, cookie, productId, stockLocation);
      const result = (
        await callKw(stack, cookie, 'stock.picking', 'button_validate', [[pickingId]], {
          context: { skip_sms: true },
        })
      ).body.result;
      if (version === 16) {
        assert.equal(result.res_model, 'stock.immediate.transfer');
        assert.equal(result.name, 'Immediate Transfer?');
        const wizardId = (
          await callKw(
            stack,
            cookie,
            'stock.immediate.transfer',
            'create',
            [{ pick_ids: [[4, pickingId]] }],
            { context: result.context },
          )
        ).body.result;
        assert.equal(
          (
            await callKw(stack, cookie, 'stock.immediate.transfer', 'process', [[wizardId]], {
              context: result.context,
            })
          ).body.result,
          true,
        );
      } else {
        assert.equal(result, true);
      }
      const [picking] = (
        await callKw(stack, cookie, 'stock.picking', 'read', [[pickingId], ['state']])
      ).body.result;
      assert.equal(picking.state, 'done');
      const moved = lines
        .filter((line) => line.product_id[0] === productId)
        .reduce((sum, line) => sum + (version === 16 ? line.reserved_uom_qty : line.quantity), 0);
      const afterQuant = await quantOf(stack, cookie, productId, stockLocation);
      assert.equal(
        afterQuant.quantity,
        before.quantity - moved,
        'on hand went down by what was shipped',
      );
      assert.equal(afterQuant.reserved, before.reserved - moved, 'the reservation was released');
    });

    test('action_cancel closes an open delivery and gives its stock back (True); a done one is refused', async () => {
      const pickingId = await newDelivery();
      const [line] = await pickingLines(stack, cookie, pickingId, version);
      const stockLocation = stack.dataset.companies.find(
        (c) => c.id === stack.dataset.operators[0]!.companyId,
      )!.stockLocationId;
      const productId = line!.product_id[0] as number;
      const before = await quantOf(stack, cookie, productId, stockLocation);
      const cancel = (ids: number[]) =>
        callKw(stack, cookie, 'stock.picking', 'action_cancel', [ids]);
      assert.equal((await cancel([pickingId])).body.result, true);
      const [picking] = (
        await callKw(stack, cookie, 'stock.picking', 'read', [[pickingId], ['state']])
      ).body.result;
      assert.equal(picking.state, 'cancel');
      assert.deepEqual(await pickingLines(stack, cookie, pickingId, version), []);
      const afterQuant = await quantOf(stack, cookie, productId, stockLocation);
      assert.equal(afterQuant.reserved, before.reserved - 3, 'its 3 units are no longer reserved');
      assert.equal(afterQuant.quantity, before.quantity, 'nothing shipped');
      // Validated earlier in this file: Odoo refuses to cancel what was done.
      const [done] = (
        await callKw(stack, cookie, 'stock.picking', 'search', [[['state', '=', 'done']]], {
          limit: 1,
        })
      ).body.result as number[];
      assert.ok(done, 'a done delivery to try');
      const refused = (await cancel([done!])).body.error;
      assert.equal(refused?.data?.name, 'odoo.exceptions.UserError');
      assert.match(
        refused.data.message,
        /You cannot cancel a stock move that has been set to 'Done'/,
      );
    });

    test('picking_ids_not_to_backorder cancels the rest instead of keeping a backorder', async () => {
      const pickingId = await newDelivery();
      const [line] = await pickingLines(stack, cookie, pickingId, version);
      await callKw(stack, cookie, 'stock.move.line', 'write', [
        [line!.id],
        version === 16 ? { qty_done: 1 } : { quantity: 1, picked: true },
      ]);
      const result = await callKw(
        stack,
        cookie,
        'stock.picking',
        'button_validate',
        [[pickingId]],
        {
          context: {
            skip_sms: true,
            skip_backorder: true,
            picking_ids_not_to_backorder: [pickingId],
          },
        },
      );
      assert.equal(result.body.result, true);
      const backorders = (
        await callKw(stack, cookie, 'stock.picking', 'search_count', [
          [['backorder_id', '=', pickingId]],
        ])
      ).body.result;
      assert.equal(backorders, 0);
      const moves = (
        await callKw(
          stack,
          cookie,
          'stock.move',
          'search_read',
          [[['picking_id', '=', pickingId]]],
          { fields: ['state', 'product_uom_qty'] },
        )
      ).body.result;
      assert.deepEqual(
        moves.map((m: { state: string; product_uom_qty: number }) => [m.state, m.product_uom_qty]),
        [['done', 1]],
      );
    });

    test('stock_sms asks once per company before texting the customer; "don\'t send" stops asking, and a backorder message needs the operator\'s email', async () => {
      const pickingId = await newDelivery();
      const [line] = await pickingLines(stack, cookie, pickingId, version);
      await callKw(stack, cookie, 'stock.move.line', 'write', [
        [line!.id],
        version === 16 ? { qty_done: 1 } : { quantity: 1, picked: true },
      ]);
      const backorder = (
        await callKw(stack, cookie, 'stock.picking', 'button_validate', [[pickingId]])
      ).body.result;
      assert.equal(backorder.res_model, 'stock.backorder.confirmation');
      const created = (
        await callKw(stack, cookie, 'stock.backorder.confirmation', 'create', [{}], {
          context: backorder.context,
        })
      ).body.result;
      const sms = (
        await callKw(stack, cookie, 'stock.backorder.confirmation', 'process', [[created]], {
          context: backorder.context,
        })
      ).body.result;
      // Recorded from a real 17: the SMS question comes after the backorder one, already created.
      assert.equal(sms.res_model, 'confirm.stock.sms');
      assert.equal(sms.name, 'SMS');
      assert.equal(typeof sms.res_id, 'number');
      assert.deepEqual(sms.context.button_validate_picking_ids, [pickingId]);
      const answered = await callKw(
        stack,
        cookie,
        'confirm.stock.sms',
        'dont_send_sms',
        [[sms.res_id]],
        { context: sms.context },
      );
      assert.equal(answered.body.result, true, JSON.stringify(answered.body.error));
      const company = stack.dataset.operators[0]!.companyId;
      const [flags] = (
        await callKw(stack, cookie, 'res.company', 'read', [
          [company],
          ['stock_move_sms_validation', 'has_received_warning_stock_sms'],
        ])
      ).body.result;
      assert.deepEqual(flags, {
        id: company,
        stock_move_sms_validation: false,
        has_received_warning_stock_sms: true,
      });

      // An operator without an email: the backorder's message is refused, the validation with it.
      const admin = await login(stack);
      const operator = stack.dataset.operators[0]!;
      const [user] = (
        await callKw(stack, admin, 'res.users', 'read', [[operator.uid], ['partner_id']])
      ).body.result;
      await callKw(stack, admin, 'res.partner', 'write', [[user.partner_id[0]], { email: false }]);
      const second = await newDelivery();
      const [secondLine] = await pickingLines(stack, cookie, second, version);
      await callKw(stack, cookie, 'stock.move.line', 'write', [
        [secondLine!.id],
        version === 16 ? { qty_done: 1 } : { quantity: 1, picked: true },
      ]);
      const refused = await callKw(stack, cookie, 'stock.picking', 'button_validate', [[second]], {
        context: { skip_backorder: true },
      });
      assert.equal(refused.body.error?.data.name, 'odoo.exceptions.UserError');
      assert.equal(
        refused.body.error.data.message,
        "Unable to send message, please configure the sender's email address.",
      );
      await callKw(stack, admin, 'res.partner', 'write', [
        [user.partner_id[0]],
        { email: operator.login },
      ]);
    });

    test('a receipt adds stock to the warehouse when validated', async () => {
      const company = stack.dataset.companies.find(
        (c) => c.id === stack.dataset.operators[0]!.companyId,
      )!;
      const context = { allowed_company_ids: [company.id] };
      const types = (
        await callKw(
          stack,
          cookie,
          'stock.picking.type',
          'search',
          [
            [
              ['code', '=', 'incoming'],
              ['warehouse_id', '=', company.warehouseId],
            ],
          ],
          { context },
        )
      ).body.result;
      const product = stack.dataset.products[5]!;
      const before = await quantOf(stack, cookie, product.id, company.stockLocationId);
      const pickingId = (
        await callKw(
          stack,
          cookie,
          'stock.picking',
          'create',
          [
            {
              picking_type_id: types[0],
              move_ids: [[0, 0, { product_id: product.id, product_uom_qty: 7 }]],
            },
          ],
          { context },
        )
      ).body.result;
      await callKw(stack, cookie, 'stock.picking', 'action_confirm', [[pickingId]], { context });
      const [picking] = (
        await callKw(stack, cookie, 'stock.picking', 'read', [[pickingId], ['name', 'state']], {
          context,
        })
      ).body.result;
      assert.match(picking.name, /\/IN\/\d{5}$/);
      assert.equal(picking.state, 'assigned');
      let validated = (
        await callKw(stack, cookie, 'stock.picking', 'button_validate', [[pickingId]], { context })
      ).body.result;
      if (version === 16) {
        // Nothing was done by hand: 16 asks for an immediate transfer first.
        assert.equal(validated.res_model, 'stock.immediate.transfer');
        const wizardId = (
          await callKw(
            stack,
            cookie,
            'stock.immediate.transfer',
            'create',
            [{ pick_ids: [[4, pickingId]] }],
            { context: validated.context },
          )
        ).body.result;
        validated = (
          await callKw(stack, cookie, 'stock.immediate.transfer', 'process', [[wizardId]], {
            context: validated.context,
          })
        ).body.result;
      }
      assert.equal(validated, true);
      const afterQuant = await quantOf(stack, cookie, product.id, company.stockLocationId);
      assert.equal(afterQuant.quantity, before.quantity + 7, 'stock arrived');
    });
  });
}

describe('Odoo 18', () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack(postgres, {
      version: 18,
      database: 'warehouse_18',
      seed: { operators: 1, pickingsPerOperator: 0 },
    });
  });
  after(async () => stack?.stop());

  test('storable products are type "consu" with is_storable, and the 84-character session id', async () => {
    const cookie = await login(stack);
    assert.match(cookie, /^session_id=[A-Za-z0-9_-]{84}$/);
    const [product] = (
      await callKw(
        stack,
        cookie,
        'product.product',
        'search_read',
        [[['is_storable', '=', true]]],
        { fields: ['type', 'is_storable'], limit: 1 },
      )
    ).body.result;
    assert.deepEqual(
      { type: product.type, is_storable: product.is_storable },
      { type: 'consu', is_storable: true },
    );
    const missing = await callKw(stack, cookie, 'product.product', 'search', [
      [['type', '=', 'product']],
    ]);
    assert.deepEqual(missing.body.result, [], "'product' is no longer a type value");
  });
});
