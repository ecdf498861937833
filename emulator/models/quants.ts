/**
 * Quant updates and move reservation, per version (docs/odoo-protocol.md §7.3):
 * - 16: reservation bumps `reserved_quantity` with a plain UPDATE: a concurrent reservation of the
 *   same quant waits on the row, then fails with 40001 and the request is retried on fresh data.
 * - 17/18: availability is read without a lock, then the quant is taken with
 *   `FOR NO KEY UPDATE SKIP LOCKED`; a quant locked by another transaction is skipped and a new
 *   quant row is created instead (merged later by Odoo's `_merge_quants`). Moving on-hand stock at
 *   validation uses the same select in every version.
 */
import { userError } from '../errors.ts';
import type { Env } from '../orm/model.ts';

interface QuantDelta {
  productId: number;
  locationId: number;
  companyId: number | null;
  quantity?: number;
  reserved?: number;
}

/** Only internal locations hold stock worth tracking here; partner locations are bypassed. */
export async function isInternal(env: Env, locationId: number): Promise<boolean> {
  const { rows } = await env.db.query<{ usage: string }>(
    'SELECT usage FROM stock_location WHERE id = $1',
    [locationId],
  );
  return rows[0]?.usage === 'internal';
}

/** `stock.quant._update_available_quantity` (17/18 shape; 16's validation uses the same select). */
export async function updateAvailableQuantity(env: Env, delta: QuantDelta): Promise<void> {
  const { rows: quants } = await env.db.query<{ id: number }>(
    'SELECT id FROM stock_quant WHERE product_id = $1 AND location_id = $2',
    [delta.productId, delta.locationId],
  );
  let quantId: number | undefined;
  if (quants.length > 0) {
    // See Odoo's _acquire_one_job: skip rows another transaction holds instead of waiting.
    const { rows } = await env.db.query<{ id: number }>(
      'SELECT id FROM stock_quant WHERE id = ANY($1) ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED',
      [quants.map((quant) => quant.id)],
    );
    quantId = rows[0]?.id;
  }
  if (quantId !== undefined) {
    await env.db.query(
      'UPDATE stock_quant SET quantity = quantity + $2, reserved_quantity = greatest(0, reserved_quantity + $3) WHERE id = $1',
      [quantId, delta.quantity ?? 0, delta.reserved ?? 0],
    );
  } else {
    await env.db.query(
      'INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity) VALUES ($1, $2, $3, $4, greatest(0, $5::numeric))',
      [
        delta.productId,
        delta.locationId,
        delta.companyId,
        delta.quantity ?? 0,
        delta.reserved ?? 0,
      ],
    );
  }
}

/** Changes the reservation on a product's quants at a location by `amount` (negative releases). */
export async function updateReserved(
  env: Env,
  productId: number,
  locationId: number,
  companyId: number,
  amount: number,
): Promise<void> {
  if (amount === 0 || !(await isInternal(env, locationId))) return;
  if (env.version === 16) {
    await reserveByRowUpdate(env, productId, locationId, amount);
    return;
  }
  await updateAvailableQuantity(env, { productId, locationId, companyId, reserved: amount });
}

/** 16.0: plain ORM writes on the quants in FIFO order, no explicit lock (waits, then 40001). */
async function reserveByRowUpdate(
  env: Env,
  productId: number,
  locationId: number,
  amount: number,
): Promise<void> {
  const { rows: quants } = await env.db.query<{
    id: number;
    quantity: number;
    reserved_quantity: number;
  }>(
    'SELECT id, quantity, reserved_quantity FROM stock_quant WHERE product_id = $1 AND location_id = $2 ORDER BY in_date, id',
    [productId, locationId],
  );
  let left = amount;
  for (const quant of quants) {
    if (left === 0) break;
    const change =
      left > 0
        ? Math.min(left, quant.quantity - quant.reserved_quantity)
        : Math.max(left, -quant.reserved_quantity);
    if (change === 0) continue;
    await env.db.query(
      'UPDATE stock_quant SET reserved_quantity = reserved_quantity + $2 WHERE id = $1',
      [quant.id, change],
    );
    left -= change;
  }
}

/** Quantity available to reserve (on hand minus reserved), read from the snapshot without a lock. */
async function availableQuantity(env: Env, productId: number, locationId: number): Promise<number> {
  const { rows } = await env.db.query<{ available: number }>(
    'SELECT coalesce(sum(quantity - reserved_quantity), 0) AS available FROM stock_quant WHERE product_id = $1 AND location_id = $2',
    [productId, locationId],
  );
  return Math.max(0, rows[0]!.available);
}

interface MoveRow {
  id: number;
  picking_id: number;
  product_id: number;
  product_uom_qty: number;
  quantity: number;
  location_id: number;
  location_dest_id: number;
  company_id: number;
  uom_id: number;
}

/** `stock.move._action_assign`: reserve what is available, creating move lines, then set states. */
export async function reserveMoves(env: Env, moveIds: number[]): Promise<void> {
  if (moveIds.length === 0) return;
  const { rows: moves } = await env.db.query<MoveRow>(
    `SELECT m.id, m.picking_id, m.product_id, m.product_uom_qty, m.quantity, m.location_id, m.location_dest_id, m.company_id, p.uom_id
       FROM stock_move m JOIN product_product p ON p.id = m.product_id
      WHERE m.id = ANY($1) AND m.state IN ('confirmed', 'partially_available', 'waiting') ORDER BY m.id`,
    [moveIds],
  );
  for (const move of moves) {
    const missing = move.product_uom_qty - move.quantity;
    // Goods coming from a partner location need no stock: they are reserved in full.
    const internal = await isInternal(env, move.location_id);
    const take = internal
      ? Math.min(missing, await availableQuantity(env, move.product_id, move.location_id))
      : missing;
    if (take > 0) {
      if (internal)
        await updateReserved(env, move.product_id, move.location_id, move.company_id, take);
      await env.db.query(
        `INSERT INTO stock_move_line (move_id, picking_id, product_id, product_uom_id, quantity, reserved_uom_qty,
                                      location_id, location_dest_id, company_id)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
        [
          move.id,
          move.picking_id,
          move.product_id,
          move.uom_id,
          take,
          move.location_id,
          move.location_dest_id,
          move.company_id,
        ],
      );
    }
    const total = move.quantity + Math.max(take, 0);
    const state =
      total >= move.product_uom_qty ? 'assigned' : total > 0 ? 'partially_available' : 'confirmed';
    await env.db.query('UPDATE stock_move SET quantity = $2, state = $3 WHERE id = $1', [
      move.id,
      total,
      state,
    ]);
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
                    bool_and(state = 'done' OR state = 'cancel') AND bool_or(state = 'done') AS all_done,
                    bool_and(state = 'cancel') AS all_cancel,
                    bool_and(state IN ('assigned', 'done', 'cancel')) AS all_assigned,
                    bool_or(state IN ('assigned', 'partially_available')) AS any_reserved
               FROM stock_move WHERE picking_id = ANY($1) GROUP BY picking_id) s
      WHERE p.id = s.picking_id`,
    [pickingIds],
  );
}

/** A done move can be neither unreserved nor cancelled: Odoo's UserError names which. */
async function refuseDoneMoves(env: Env, pickingIds: number[], message: string): Promise<void> {
  const { rows: done } = await env.db.query<{ id: number }>(
    `SELECT id FROM stock_move WHERE picking_id = ANY($1) AND state = 'done' LIMIT 1`,
    [pickingIds],
  );
  if (done.length) throw userError(message);
}

/** stock.move `_do_unreserve`: the open moves' reserved lines are given back to their quants and removed. */
async function releaseMoveLines(env: Env, pickingIds: number[]): Promise<void> {
  const reserved = env.version === 16 ? 'ml.reserved_uom_qty' : 'ml.quantity';
  const { rows: lines } = await env.db.query<{
    id: number;
    product_id: number;
    location_id: number;
    company_id: number;
    reserved: number;
  }>(
    `SELECT ml.id, ml.product_id, ml.location_id, ml.company_id, ${reserved} AS reserved
       FROM stock_move_line ml JOIN stock_move m ON m.id = ml.move_id
      WHERE m.picking_id = ANY($1) AND m.state NOT IN ('done', 'cancel')`,
    [pickingIds],
  );
  for (const line of lines)
    await updateReserved(env, line.product_id, line.location_id, line.company_id, -line.reserved);
  await env.db.query('DELETE FROM stock_move_line WHERE id = ANY($1)', [
    lines.map((line) => line.id),
  ]);
}

/**
 * `stock.picking.do_unreserve` (stock.move `_do_unreserve`): the moves' reserved lines are released
 * and removed, the moves wait again (`confirmed`), and the pickings' states follow. A done move
 * cannot be unreserved (Odoo's UserError); cancelled ones are left alone. Answers None, as Odoo.
 */
export async function unreservePickings(env: Env, pickingIds: number[]): Promise<undefined> {
  await refuseDoneMoves(
    env,
    pickingIds,
    "You cannot unreserve a stock move that has been set to 'Done'.",
  );
  await releaseMoveLines(env, pickingIds);
  await env.db.query(
    `UPDATE stock_move SET state = 'confirmed', quantity = 0
      WHERE picking_id = ANY($1) AND state NOT IN ('done', 'cancel', 'draft')`,
    [pickingIds],
  );
  await recomputePickingStates(env, pickingIds);
  return undefined;
}

/**
 * `stock.picking.action_cancel` (stock.move `_action_cancel`, addons/stock/models/stock_move.py):
 * a done move cannot be cancelled (Odoo's UserError); the others are unreserved and cancelled, and
 * their pickings with them (a picking without moves too). Answers True, as Odoo.
 */
export async function cancelPickings(env: Env, pickingIds: number[]): Promise<true> {
  await refuseDoneMoves(
    env,
    pickingIds,
    "You cannot cancel a stock move that has been set to 'Done'. Create a return in order to reverse the moves which took place.",
  );
  await releaseMoveLines(env, pickingIds);
  await env.db.query(
    `UPDATE stock_move SET state = 'cancel', quantity = 0 WHERE picking_id = ANY($1) AND state != 'cancel'`,
    [pickingIds],
  );
  await env.db.query(`UPDATE stock_picking SET state = 'cancel' WHERE id = ANY($1)`, [pickingIds]);
  return true;
}
