/**
 * Warehouses, locations, quants, pickings, moves and move lines, with reservation as Odoo 16 does
 * it: plain row updates on quants, so a concurrent reservation waits and then fails with 40001,
 * which the request retry loop answers (odoo-rpc.md §7.3).
 */
import { userError } from '../errors.ts';
import type { Env, ModelDef } from '../orm/model.ts';

const name = (alias: string) => `${alias}.name`;

/** Reserves what is available for each move, creating move lines; returns the moves' new states. */
export async function reserveMoves(env: Env, moveIds: number[]): Promise<void> {
  if (moveIds.length === 0) return;
  const { rows: moves } = await env.db.query<{
    id: number; picking_id: number; product_id: number; product_uom_qty: number; quantity: number;
    location_id: number; location_dest_id: number; company_id: number; uom_id: number;
  }>(
    `SELECT m.id, m.picking_id, m.product_id, m.product_uom_qty, m.quantity, m.location_id, m.location_dest_id, m.company_id, p.uom_id
       FROM stock_move m JOIN product_product p ON p.id = m.product_id
      WHERE m.id = ANY($1) AND m.state IN ('confirmed', 'partially_available') ORDER BY m.id`,
    [moveIds],
  );
  for (const move of moves) {
    let missing = move.product_uom_qty - move.quantity;
    const { rows: quants } = await env.db.query<{ id: number; available: number }>(
      `SELECT id, quantity - reserved_quantity AS available FROM stock_quant
        WHERE product_id = $1 AND location_id = $2 AND quantity - reserved_quantity > 0 ORDER BY in_date, id`,
      [move.product_id, move.location_id],
    );
    let reserved = 0;
    for (const quant of quants) {
      if (missing <= 0) break;
      const take = Math.min(missing, quant.available);
      // A quant changed by a transaction committed after our snapshot raises 40001 here.
      await env.db.query('UPDATE stock_quant SET reserved_quantity = reserved_quantity + $2 WHERE id = $1', [quant.id, take]);
      await env.db.query(
        `INSERT INTO stock_move_line (move_id, picking_id, product_id, product_uom_id, quantity, reserved_uom_qty,
                                      location_id, location_dest_id, company_id)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
        [move.id, move.picking_id, move.product_id, move.uom_id, take, move.location_id, move.location_dest_id, move.company_id],
      );
      missing -= take;
      reserved += take;
    }
    const total = move.quantity + reserved;
    const state = total >= move.product_uom_qty ? 'assigned' : total > 0 ? 'partially_available' : 'confirmed';
    await env.db.query('UPDATE stock_move SET quantity = $2, state = $3 WHERE id = $1', [move.id, total, state]);
  }
  await recomputePickingStates(env, [...new Set(moves.map((move) => move.picking_id))]);
}

/** stock.picking `_compute_state` for move_type 'direct': any reservation makes the picking ready. */
export async function recomputePickingStates(env: Env, pickingIds: number[]): Promise<void> {
  if (pickingIds.length === 0) return;
  await env.db.query(
    `UPDATE stock_picking p SET state = CASE
        WHEN s.all_done THEN 'done'
        WHEN s.all_cancel THEN 'cancel'
        WHEN s.all_assigned OR (p.move_type = 'direct' AND s.any_reserved) THEN 'assigned'
        ELSE 'confirmed' END
       FROM (SELECT picking_id,
                    bool_and(state = 'done') AS all_done,
                    bool_and(state = 'cancel') AS all_cancel,
                    bool_and(state IN ('assigned', 'done', 'cancel')) AS all_assigned,
                    bool_or(state IN ('assigned', 'partially_available')) AS any_reserved
               FROM stock_move WHERE picking_id = ANY($1) GROUP BY picking_id) s
      WHERE p.id = s.picking_id`,
    [pickingIds],
  );
}

export const stockModels: ModelDef[] = [
  {
    name: 'stock.location',
    description: 'Inventory Locations',
    table: 'stock_location',
    order: 'complete_name, id',
    displayName: (t) => `${t}.complete_name`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char' },
      complete_name: { type: 'char' },
      usage: { type: 'selection' },
      company_id: { type: 'many2one', relation: 'res.company' },
      warehouse_id: { type: 'many2one', relation: 'stock.warehouse' },
      active: { type: 'boolean' },
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
    displayName: (t) => `(SELECT w.name FROM stock_warehouse w WHERE w.id = ${t}.warehouse_id) || ': ' || ${t}.name`,
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
    displayName: (t) => `(SELECT l.complete_name FROM stock_location l WHERE l.id = ${t}.location_id)`,
    companyField: 'company_id',
    fields: {
      product_id: { type: 'many2one', relation: 'product.product' },
      location_id: { type: 'many2one', relation: 'stock.location' },
      company_id: { type: 'many2one', relation: 'res.company' },
      quantity: { type: 'float' },
      reserved_quantity: { type: 'float' },
      in_date: { type: 'datetime' },
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
      picking_type_code: { type: 'selection', sql: (t) => `(SELECT pt.code FROM stock_picking_type pt WHERE pt.id = ${t}.picking_type_id)` },
      location_id: { type: 'many2one', relation: 'stock.location' },
      location_dest_id: { type: 'many2one', relation: 'stock.location' },
      sale_id: { type: 'many2one', relation: 'sale.order' },
      company_id: { type: 'many2one', relation: 'res.company' },
      move_type: { type: 'selection' },
      state: { type: 'selection', readonly: true },
      scheduled_date: { type: 'datetime' },
      date_done: { type: 'datetime', readonly: true },
      move_ids: { type: 'one2many', relation: 'stock.move', inverse: 'picking_id' },
      move_line_ids: { type: 'one2many', relation: 'stock.move.line', inverse: 'picking_id' },
    },
    methods: {
      action_assign: {
        kind: 'record',
        run: async (env, call) => {
          const { rows } = await env.db.query<{ id: number }>('SELECT id FROM stock_move WHERE picking_id = ANY($1)', [call.ids]);
          if (rows.length === 0) throw userError('Nothing to check the availability for.');
          await reserveMoves(env, rows.map((row) => row.id));
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
        sql: (t) => `(SELECT coalesce(sum(ml.qty_done), 0) FROM stock_move_line ml WHERE ml.move_id = ${t}.id)`,
      },
      location_id: { type: 'many2one', relation: 'stock.location' },
      location_dest_id: { type: 'many2one', relation: 'stock.location' },
      sale_line_id: { type: 'many2one', relation: 'sale.order.line' },
      company_id: { type: 'many2one', relation: 'res.company' },
      state: { type: 'selection', readonly: true },
      move_line_ids: { type: 'one2many', relation: 'stock.move.line', inverse: 'move_id' },
    },
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
  },
];
