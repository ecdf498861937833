/**
 * Warehouses, locations, quants, pickings, moves and move lines (docs/odoo-protocol.md §7.2–7.3, §8).
 * Reservation lives in quants.ts, validation and its wizards in picking-validation.ts.
 */
import { userError } from '../errors.ts';
import type { Env, ModelDef, Vals } from '../orm/model.ts';
import * as orm from '../orm/records.ts';
import { answerSmsWizard, answerWizard, buttonValidate } from './picking-validation.ts';
import {
  cancelPickings,
  recomputePickingStates,
  reserveMoves,
  unreservePickings,
  updateReserved,
} from './quants.ts';
import { nextSequenceNumber } from './sequence.ts';

/** Picking defaults from its operation type: name from the type's sequence, default locations. */
async function pickingDefaults(env: Env, vals: Vals): Promise<void> {
  const { rows } = await env.db.query<{
    sequence_id: number;
    company_id: number;
    default_location_src_id: number;
    default_location_dest_id: number;
  }>(
    'SELECT sequence_id, company_id, default_location_src_id, default_location_dest_id FROM stock_picking_type WHERE id = $1',
    [vals.picking_type_id],
  );
  const type = rows[0];
  if (!type)
    throw userError('An operation type (picking_type_id) is required to create a transfer.');
  vals.location_id ??= type.default_location_src_id;
  vals.location_dest_id ??= type.default_location_dest_id;
  vals.company_id ??= type.company_id;
  if (!vals.name || vals.name === '/')
    vals.name = await nextSequenceNumber(env.db, type.sequence_id);
  vals.state = 'draft';
}

/** Moves created inside a picking take its locations, company and origin. */
async function moveDefaults(env: Env, vals: Vals): Promise<void> {
  if (vals.picking_id) {
    const { rows } = await env.db.query(
      'SELECT location_id, location_dest_id, company_id, origin FROM stock_picking WHERE id = $1',
      [vals.picking_id],
    );
    const picking = rows[0];
    if (picking) {
      vals.location_id ??= picking.location_id;
      vals.location_dest_id ??= picking.location_dest_id;
      vals.company_id ??= picking.company_id;
      vals.origin ??= picking.origin;
    }
  }
  if (vals.name === undefined && vals.product_id) {
    const { rows } = await env.db.query<{ name: string }>(
      'SELECT name FROM product_product WHERE id = $1',
      [vals.product_id],
    );
    vals.name = rows[0]?.name ?? '/';
  }
  vals.state = 'draft';
}

/** Fields a quant may be created or counted with in inventory mode (`_get_inventory_fields_create`). */
const INVENTORY_FIELDS = new Set([
  'product_id',
  'owner_id',
  'inventory_quantity',
  'inventory_quantity_auto_apply',
  'inventory_diff_quantity',
  'inventory_date',
  'user_id',
  'inventory_quantity_set',
  'is_outdated',
  'lot_id',
  'location_id',
  'package_id',
]);

/**
 * `stock.quant.create` in inventory mode (Physical Inventory, opening-stock imports): a count sets
 * `inventory_quantity` on the quant of that product and location (a new one when none exists, or
 * always during a base_import, which merges quants later) and changes nothing on hand until
 * applied. Outside inventory mode a quant is created as given.
 */
async function createQuant(env: Env, vals: Vals): Promise<number> {
  const model = orm.modelOf(env, 'stock.quant');
  const counting = 'inventory_quantity' in vals || 'inventory_quantity_auto_apply' in vals;
  if (!env.context.inventory_mode || !counting) return orm.create(env, model, vals);
  if (Object.keys(vals).some((field) => !INVENTORY_FIELDS.has(field))) {
    throw userError("Quant's creation is restricted, you can't do this operation.");
  }
  const counted = Number(vals.inventory_quantity_auto_apply ?? vals.inventory_quantity ?? 0);
  const { rows } = env.context.import_file
    ? { rows: [] as { id: number }[] }
    : await env.db.query<{ id: number }>(
        'SELECT id FROM stock_quant WHERE product_id = $1 AND location_id = $2 ORDER BY id LIMIT 1',
        [vals.product_id, vals.location_id],
      );
  const id =
    rows[0]?.id ??
    (await orm.create(env, model, { product_id: vals.product_id, location_id: vals.location_id }));
  await env.db.query(
    'UPDATE stock_quant SET inventory_quantity = $2, inventory_quantity_set = true WHERE id = $1',
    [id, counted],
  );
  if ('inventory_quantity_auto_apply' in vals) await applyCounts(env, [id]);
  return id;
}

/** Counts become on hand: each counted quant moves by its difference; the count is cleared. */
async function applyCounts(env: Env, ids: number[]): Promise<void> {
  await env.db.query(
    `UPDATE stock_quant SET quantity = CASE WHEN inventory_quantity_set THEN inventory_quantity ELSE quantity END,
            inventory_quantity = 0, inventory_quantity_set = false
      WHERE id = ANY($1)`,
    [ids],
  );
}

/**
 * `stock.quant.action_apply_inventory`: applies the counts and answers None, unless a lot-tracked
 * product is counted without a lot: then nothing is applied and Odoo asks to confirm
 * (`stock.track.confirmation`, whose action_confirm applies anyway).
 */
async function applyInventory(env: Env, ids: number[]): Promise<unknown> {
  const { rows: tracked } = await env.db.query<{ id: number; product_id: number }>(
    `SELECT q.id, q.product_id FROM stock_quant q JOIN product_product p ON p.id = q.product_id
      WHERE q.id = ANY($1) AND p.tracking IN ('lot', 'serial') AND q.quantity = 0
        AND q.inventory_quantity != q.quantity`,
    [ids],
  );
  if (tracked.length > 0) {
    return {
      name: 'Tracked Products in Inventory Adjustment',
      type: 'ir.actions.act_window',
      view_mode: 'form',
      views: [[false, 'form']],
      res_model: 'stock.track.confirmation',
      target: 'new',
      context: {
        ...env.context,
        default_quant_ids: ids,
        default_product_ids: [...new Set(tracked.map((quant) => quant.product_id))],
      },
    };
  }
  await applyCounts(env, ids);
  return null;
}

/** `action_confirm` on pickings: draft moves become confirmed, then reserved as `at_confirm` does. */
async function confirmPickings(env: Env, ids: number[]): Promise<true> {
  const { rows } = await env.db.query<{ id: number }>(
    `UPDATE stock_move SET state = 'confirmed' WHERE picking_id = ANY($1) AND state = 'draft' RETURNING id`,
    [ids],
  );
  await env.db.query(
    `UPDATE stock_picking SET state = 'confirmed' WHERE id = ANY($1) AND state = 'draft'`,
    [ids],
  );
  await reserveMoves(
    env,
    rows.map((row) => row.id),
  );
  await recomputePickingStates(env, ids);
  return true;
}

/**
 * Move-line writes as a scanner makes them. In 17/18 `quantity` is the reserved-or-picked amount,
 * so changing it moves the quant reservation by the difference (`_synchronize_quant`); in 16 the
 * scanner writes `qty_done` and the reservation stays as it was.
 */
async function writeMoveLines(env: Env, ids: number[], vals: Vals): Promise<true> {
  const model = orm.modelOf(env, 'stock.move.line');
  const { rows: before } = await env.db.query<{
    id: number;
    move_id: number;
    product_id: number;
    location_id: number;
    company_id: number;
    quantity: number;
    state: string;
  }>(
    'SELECT id, move_id, product_id, location_id, company_id, quantity, state FROM stock_move_line WHERE id = ANY($1)',
    [ids],
  );
  if (
    before.some((line) => line.state === 'done') &&
    (vals.quantity !== undefined || vals.qty_done !== undefined)
  ) {
    throw userError('You cannot change the quantity of a done move line.');
  }
  await orm.write(env, model, ids, vals);
  if (env.version !== 16 && typeof vals.quantity === 'number') {
    for (const line of before)
      await updateReserved(
        env,
        line.product_id,
        line.location_id,
        line.company_id,
        (vals.quantity as number) - line.quantity,
      );
  }
  await syncMoves(
    env,
    before.map((line) => line.move_id),
  );
  return true;
}

async function createMoveLine(env: Env, vals: Vals): Promise<number> {
  const id = await orm.create(env, orm.modelOf(env, 'stock.move.line'), vals);
  const { rows } = await env.db.query<{
    move_id: number;
    product_id: number;
    location_id: number;
    company_id: number;
    quantity: number;
  }>(
    'SELECT move_id, product_id, location_id, company_id, quantity FROM stock_move_line WHERE id = $1',
    [id],
  );
  const line = rows[0]!;
  if (env.version !== 16 && line.quantity > 0)
    await updateReserved(env, line.product_id, line.location_id, line.company_id, line.quantity);
  if (line.move_id) await syncMoves(env, [line.move_id]);
  return id;
}

/** A move's quantity and picked flag follow its lines (17/18 `_compute_quantity`, `_compute_picked`). */
async function syncMoves(env: Env, moveIds: number[]): Promise<void> {
  const ids = [...new Set(moveIds.filter(Boolean))];
  if (ids.length === 0 || env.version === 16) return;
  await env.db.query(
    `UPDATE stock_move m SET quantity = s.quantity, picked = s.picked
       FROM (SELECT move_id, sum(quantity) AS quantity, bool_and(picked) AS picked FROM stock_move_line WHERE move_id = ANY($1) GROUP BY move_id) s
      WHERE m.id = s.move_id`,
    [ids],
  );
}

const wizardModel = (name: string, description: string, table: string): ModelDef => ({
  name,
  description,
  table,
  order: 'id',
  displayName: () => `'${description}'`,
  fields: {
    pick_ids: {
      type: 'many2many',
      relation: 'stock.picking',
      relTable: `${table}_stock_picking_rel`,
      relColumn: `${table}_id`,
      relOtherColumn: 'stock_picking_id',
    },
    show_transfers: { type: 'boolean', sql: () => 'false' },
  },
});

const name = (alias: string) => `${alias}.name`;

export const stockModels: ModelDef[] = [
  {
    name: 'stock.location',
    description: 'Inventory Locations',
    table: 'stock_location',
    order: 'complete_name, id',
    displayName: (t) => `${t}.complete_name`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char', required: true, label: 'Location Name' },
      location_id: { type: 'many2one', relation: 'stock.location', label: 'Parent Location' },
      complete_name: { type: 'char', label: 'Full Location Name' },
      usage: { type: 'selection', default: () => 'internal', label: 'Location Type' },
      company_id: { type: 'many2one', relation: 'res.company' },
      warehouse_id: { type: 'many2one', relation: 'stock.warehouse' },
      active: { type: 'boolean' },
    },
    // complete_name is "<parent's complete name>/<name>"; a child takes its parent's company.
    beforeCreate: async (env, vals) => {
      const { rows } = vals.location_id
        ? await env.db.query<{ complete_name: string; company_id: number | null }>(
            'SELECT complete_name, company_id FROM stock_location WHERE id = $1',
            [vals.location_id],
          )
        : { rows: [] };
      vals.complete_name = rows[0] ? `${rows[0].complete_name}/${vals.name}` : vals.name;
      if (vals.company_id === undefined && rows[0]) vals.company_id = rows[0].company_id ?? false;
    },
  },
  {
    name: 'stock.warehouse',
    description: 'Warehouse',
    table: 'stock_warehouse',
    order: 'id',
    displayName: name,
    companyField: 'company_id',
    fields: {
      name: { type: 'char' },
      code: { type: 'char' },
      company_id: { type: 'many2one', relation: 'res.company' },
      lot_stock_id: { type: 'many2one', relation: 'stock.location' },
      active: { type: 'boolean' },
    },
  },
  {
    name: 'stock.picking.type',
    description: 'Picking Type',
    table: 'stock_picking_type',
    order: 'id',
    displayName: (t) =>
      `(SELECT w.name FROM stock_warehouse w WHERE w.id = ${t}.warehouse_id) || ': ' || ${t}.name`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char' },
      code: { type: 'selection' },
      warehouse_id: { type: 'many2one', relation: 'stock.warehouse' },
      company_id: { type: 'many2one', relation: 'res.company' },
      default_location_src_id: { type: 'many2one', relation: 'stock.location' },
      default_location_dest_id: { type: 'many2one', relation: 'stock.location' },
      reservation_method: { type: 'selection' },
      create_backorder: { type: 'selection' },
    },
  },
  {
    name: 'stock.quant',
    description: 'Quants',
    table: 'stock_quant',
    order: 'id',
    displayName: (t) =>
      `(SELECT l.complete_name FROM stock_location l WHERE l.id = ${t}.location_id)`,
    companyField: 'company_id',
    fields: {
      product_id: { type: 'many2one', relation: 'product.product' },
      location_id: { type: 'many2one', relation: 'stock.location' },
      company_id: { type: 'many2one', relation: 'res.company' },
      quantity: { type: 'float' },
      reserved_quantity: { type: 'float' },
      in_date: { type: 'datetime' },
      // Counted quantity; action_apply_inventory makes it the on-hand quantity (opening stock imports).
      inventory_quantity: { type: 'float', label: 'Counted Quantity' },
      inventory_quantity_set: { type: 'boolean' },
    },
    beforeCreate: async (env, vals) => {
      if (vals.location_id && vals.company_id === undefined) {
        const { rows } = await env.db.query('SELECT company_id FROM stock_location WHERE id = $1', [
          vals.location_id,
        ]);
        vals.company_id = rows[0]?.company_id ?? false;
      }
    },
    createRecord: createQuant,
    loadContext: { inventory_mode: true },
    methods: {
      write: {
        kind: 'record',
        run: async (env, call) => {
          const vals = (call.args[0] ?? call.kwargs.vals ?? {}) as Vals;
          await orm.write(env, orm.modelOf(env, 'stock.quant'), call.ids, vals);
          // Typing a count marks the quant counted (`_compute_inventory_quantity_set`).
          if ('inventory_quantity' in vals) {
            await env.db.query(
              'UPDATE stock_quant SET inventory_quantity_set = true WHERE id = ANY($1)',
              [call.ids],
            );
          }
          return true;
        },
      },
      action_apply_inventory: { kind: 'record', run: (env, call) => applyInventory(env, call.ids) },
    },
  },
  {
    name: 'stock.picking',
    description: 'Transfer',
    table: 'stock_picking',
    order: 'scheduled_date, id',
    displayName: name,
    companyField: 'company_id',
    fields: {
      name: { type: 'char' },
      origin: { type: 'char' },
      partner_id: { type: 'many2one', relation: 'res.partner' },
      picking_type_id: { type: 'many2one', relation: 'stock.picking.type' },
      picking_type_code: {
        type: 'selection',
        sql: (t) =>
          `(SELECT pt.code FROM stock_picking_type pt WHERE pt.id = ${t}.picking_type_id)`,
      },
      location_id: { type: 'many2one', relation: 'stock.location' },
      location_dest_id: { type: 'many2one', relation: 'stock.location' },
      sale_id: { type: 'many2one', relation: 'sale.order' },
      company_id: { type: 'many2one', relation: 'res.company' },
      user_id: { type: 'many2one', relation: 'res.users' },
      backorder_id: { type: 'many2one', relation: 'stock.picking', readonly: true },
      backorder_ids: {
        type: 'one2many',
        relation: 'stock.picking',
        inverse: 'backorder_id',
        label: 'Back Orders',
      },
      move_type: { type: 'selection' },
      state: { type: 'selection', readonly: true },
      scheduled_date: { type: 'datetime' },
      date_done: { type: 'datetime', readonly: true },
      move_ids: { type: 'one2many', relation: 'stock.move', inverse: 'picking_id' },
      move_line_ids: { type: 'one2many', relation: 'stock.move.line', inverse: 'picking_id' },
    },
    beforeCreate: pickingDefaults,
    methods: {
      action_confirm: { kind: 'record', run: (env, call) => confirmPickings(env, call.ids) },
      button_validate: { kind: 'record', run: (env, call) => buttonValidate(env, call.ids) },
      do_unreserve: { kind: 'record', run: (env, call) => unreservePickings(env, call.ids) },
      action_cancel: { kind: 'record', run: (env, call) => cancelPickings(env, call.ids) },
      action_assign: {
        kind: 'record',
        run: async (env, call) => {
          // Only moves still waiting for stock can be reserved (done and cancelled ones cannot).
          const { rows } = await env.db.query<{ id: number }>(
            `SELECT id FROM stock_move WHERE picking_id = ANY($1) AND state NOT IN ('draft', 'cancel', 'done')`,
            [call.ids],
          );
          if (rows.length === 0) throw userError('Nothing to check the availability for.');
          await reserveMoves(
            env,
            rows.map((row) => row.id),
          );
          return true;
        },
      },
    },
  },
  {
    name: 'stock.move',
    description: 'Stock Move',
    table: 'stock_move',
    order: 'id',
    displayName: name,
    companyField: 'company_id',
    fields: {
      name: { type: 'char' },
      origin: { type: 'char' },
      picking_id: { type: 'many2one', relation: 'stock.picking' },
      product_id: { type: 'many2one', relation: 'product.product' },
      product_uom_qty: { type: 'float' },
      quantity: { type: 'float', versions: [17, 18, 19] },
      picked: { type: 'boolean', versions: [17, 18, 19] },
      reserved_availability: { type: 'float', versions: [16], sql: (t) => `${t}.quantity` },
      quantity_done: {
        type: 'float',
        versions: [16],
        sql: (t) =>
          `(SELECT coalesce(sum(ml.qty_done), 0) FROM stock_move_line ml WHERE ml.move_id = ${t}.id)`,
      },
      location_id: { type: 'many2one', relation: 'stock.location' },
      location_dest_id: { type: 'many2one', relation: 'stock.location' },
      sale_line_id: { type: 'many2one', relation: 'sale.order.line' },
      company_id: { type: 'many2one', relation: 'res.company' },
      state: { type: 'selection', readonly: true },
      move_line_ids: { type: 'one2many', relation: 'stock.move.line', inverse: 'move_id' },
    },
    beforeCreate: moveDefaults,
  },
  {
    name: 'stock.move.line',
    description: 'Product Moves (Stock Move Line)',
    table: 'stock_move_line',
    order: 'id',
    displayName: (t) => `(SELECT p.name FROM product_product p WHERE p.id = ${t}.product_id)`,
    companyField: 'company_id',
    fields: {
      move_id: { type: 'many2one', relation: 'stock.move' },
      picking_id: { type: 'many2one', relation: 'stock.picking' },
      product_id: { type: 'many2one', relation: 'product.product' },
      product_uom_id: { type: 'many2one', relation: 'uom.uom' },
      quantity: { type: 'float', versions: [17, 18, 19] },
      picked: { type: 'boolean', versions: [17, 18, 19] },
      reserved_uom_qty: { type: 'float', versions: [16], readonly: true },
      qty_done: { type: 'float', versions: [16] },
      location_id: { type: 'many2one', relation: 'stock.location' },
      location_dest_id: { type: 'many2one', relation: 'stock.location' },
      company_id: { type: 'many2one', relation: 'res.company' },
      state: { type: 'selection', readonly: true },
    },
    beforeCreate: async (env, vals) => {
      // Lines added by a scanner inherit the move's or picking's locations and company.
      const source = vals.move_id
        ? await env.db.query(
            'SELECT picking_id, location_id, location_dest_id, company_id FROM stock_move WHERE id = $1',
            [vals.move_id],
          )
        : await env.db.query(
            'SELECT id AS picking_id, location_id, location_dest_id, company_id FROM stock_picking WHERE id = $1',
            [vals.picking_id],
          );
      const row = source.rows[0];
      if (row) {
        vals.picking_id ??= row.picking_id;
        vals.location_id ??= row.location_id;
        vals.location_dest_id ??= row.location_dest_id;
        vals.company_id ??= row.company_id;
      }
      vals.product_uom_id ??= 1;
    },
    createRecord: createMoveLine,
    methods: {
      write: {
        kind: 'record',
        run: (env, call) =>
          writeMoveLines(env, call.ids, (call.args[0] ?? call.kwargs.vals ?? {}) as Vals),
      },
    },
  },
  {
    ...wizardModel(
      'stock.backorder.confirmation',
      'Backorder Confirmation',
      'stock_backorder_confirmation',
    ),
    methods: {
      process: {
        kind: 'record',
        run: (env, call) =>
          answerWizard(
            env,
            'stock_backorder_confirmation_stock_picking_rel',
            'stock_backorder_confirmation_id',
            call.ids,
            'process',
          ),
      },
      process_cancel_backorder: {
        kind: 'record',
        run: (env, call) =>
          answerWizard(
            env,
            'stock_backorder_confirmation_stock_picking_rel',
            'stock_backorder_confirmation_id',
            call.ids,
            'cancel',
          ),
      },
    },
  },
  {
    ...wizardModel('stock.immediate.transfer', 'Immediate Transfer', 'stock_immediate_transfer'),
    // Removed in 17.0 (docs/odoo-protocol.md §7.2).
    versions: [16],
    methods: {
      process: {
        kind: 'record',
        run: (env, call) =>
          answerWizard(
            env,
            'stock_immediate_transfer_stock_picking_rel',
            'stock_immediate_transfer_id',
            call.ids,
            'immediate',
          ),
      },
    },
  },
  {
    name: 'confirm.stock.sms',
    description: 'Confirm Stock SMS',
    table: 'confirm_stock_sms',
    order: 'id',
    displayName: () => `'Confirm Stock SMS'`,
    fields: {
      pick_ids: {
        type: 'many2many',
        relation: 'stock.picking',
        relTable: 'stock_picking_sms_rel',
        relColumn: 'confirm_stock_sms_id',
        relOtherColumn: 'stock_picking_id',
      },
    },
    methods: {
      send_sms: { kind: 'record', run: (env, call) => answerSmsWizard(env, call.ids, true) },
      dont_send_sms: { kind: 'record', run: (env, call) => answerSmsWizard(env, call.ids, false) },
    },
  },
  {
    name: 'stock.track.confirmation',
    description: 'Stock Track Confirmation',
    table: 'stock_track_confirmation',
    order: 'id',
    displayName: () => `'Stock Track Confirmation'`,
    fields: {
      quant_ids: {
        type: 'many2many',
        relation: 'stock.quant',
        relTable: 'stock_quant_stock_track_confirmation_rel',
        relColumn: 'stock_track_confirmation_id',
        relOtherColumn: 'stock_quant_id',
        label: 'Quants',
      },
    },
    methods: {
      // "Apply" anyway: the counts are applied without lots; returns None.
      action_confirm: {
        kind: 'record',
        run: async (env, call) => {
          const { rows } = await env.db.query<{ id: number }>(
            'SELECT stock_quant_id AS id FROM stock_quant_stock_track_confirmation_rel WHERE stock_track_confirmation_id = ANY($1)',
            [call.ids],
          );
          await applyCounts(
            env,
            rows.map((row) => row.id),
          );
          return null;
        },
      },
    },
  },
];
