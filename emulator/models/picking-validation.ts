/**
 * `stock.picking.button_validate` and the wizards it may return, per version (docs/odoo-protocol.md §7.2):
 * 16 asks "Immediate Transfer?" when nothing is done; 17/18 mark reserved moves picked instead.
 * Both ask "Create Backorder?" when less than the demand is done, unless the context says
 * `skip_backorder` (backorder kept) or lists the picking in `picking_ids_not_to_backorder` (cancelled).
 */
import { userError } from '../errors.ts';
import type { Env } from '../orm/model.ts';
import {
  isInternal,
  recomputePickingStates,
  updateAvailableQuantity,
  updateReserved,
} from './quants.ts';
import { nextSequenceNumber } from './sequence.ts';

const WIZARD_VIEWS = {
  'stock.backorder.confirmation': 412,
  'stock.immediate.transfer': 398,
} as const;

/** The act_window dict Odoo returns to open a validation wizard. */
function wizardAction(
  env: Env,
  model: keyof typeof WIZARD_VIEWS,
  name: string,
  pickingIds: number[],
) {
  return {
    name,
    type: 'ir.actions.act_window',
    view_mode: 'form',
    res_model: model,
    views: [[WIZARD_VIEWS[model], 'form']],
    view_id: WIZARD_VIEWS[model],
    target: 'new',
    context: {
      ...env.context,
      button_validate_picking_ids: pickingIds,
      default_show_transfers: false,
      default_pick_ids: pickingIds.map((id) => [4, id]),
    },
  };
}

interface MoveState {
  id: number;
  picking_id: number;
  product_id: number;
  product_uom_qty: number;
  location_id: number;
  location_dest_id: number;
  company_id: number;
  /** Quantity that will be moved: 16 sums qty_done; 17/18 sum the quantity of picked lines. */
  done: number;
  reserved: number;
  picked: boolean;
}

async function movesOf(env: Env, pickingIds: number[]): Promise<MoveState[]> {
  const doneExpression =
    env.version === 16
      ? 'coalesce(sum(ml.qty_done), 0)'
      : 'coalesce(sum(ml.quantity) FILTER (WHERE ml.picked), 0)';
  const { rows } = await env.db.query<MoveState>(
    `SELECT m.id, m.picking_id, m.product_id, m.product_uom_qty, m.location_id, m.location_dest_id, m.company_id,
            ${doneExpression} AS done, m.quantity AS reserved, m.picked
       FROM stock_move m LEFT JOIN stock_move_line ml ON ml.move_id = m.id
      WHERE m.picking_id = ANY($1) AND m.state NOT IN ('done', 'cancel')
      GROUP BY m.id ORDER BY m.id`,
    [pickingIds],
  );
  return rows;
}

/**
 * Nothing done yet: 16 asks whether to transfer immediately (stock.immediate.transfer: `asked`),
 * 17/18 pick every reserved line as reserved (`picked`).
 */
async function pickAsReserved(
  env: Env,
  openIds: number[],
  moves: MoveState[],
): Promise<'asked' | 'picked' | undefined> {
  if (env.version === 16)
    return moves.every((move) => move.done <= 0) && !env.context.skip_immediate
      ? 'asked'
      : undefined;
  if (!moves.every((move) => !move.picked && move.done <= 0)) return undefined;
  await env.db.query('UPDATE stock_move_line SET picked = true WHERE picking_id = ANY($1)', [
    openIds,
  ]);
  await env.db.query('UPDATE stock_move SET picked = true WHERE picking_id = ANY($1)', [openIds]);
  return 'picked';
}

export async function buttonValidate(env: Env, pickingIds: number[]): Promise<unknown> {
  const { rows: pickings } = await env.db.query<{
    id: number;
    state: string;
    name: string;
    create_backorder: string;
  }>(
    `SELECT p.id, p.state, p.name, t.create_backorder FROM stock_picking p JOIN stock_picking_type t ON t.id = p.picking_type_id WHERE p.id = ANY($1)`,
    [pickingIds],
  );
  const open = pickings.filter((picking) => picking.state !== 'done' && picking.state !== 'cancel');
  if (open.length === 0) return true;
  const openIds = open.map((picking) => picking.id);
  let moves = await movesOf(env, openIds);
  const nothingReserved = moves.every((move) => move.reserved <= 0 && move.done <= 0);
  if (nothingReserved) {
    throw userError(
      'You cannot validate a transfer if no quantities are reserved nor done. To force the transfer, encode quantities.',
    );
  }
  const picking = await pickAsReserved(env, openIds, moves);
  if (picking === 'asked')
    return wizardAction(env, 'stock.immediate.transfer', 'Immediate Transfer?', openIds);
  if (picking === 'picked') moves = await movesOf(env, openIds);
  const notToBackorder = new Set(
    (env.context.picking_ids_not_to_backorder as number[] | undefined) ?? [],
  );
  const short = open.filter((picking) =>
    moves.some((move) => move.picking_id === picking.id && move.done < move.product_uom_qty),
  );
  const asking = short.filter(
    (picking) => picking.create_backorder === 'ask' && !notToBackorder.has(picking.id),
  );
  if (asking.length > 0 && !env.context.skip_backorder) {
    return wizardAction(
      env,
      'stock.backorder.confirmation',
      'Create Backorder?',
      asking.map((picking) => picking.id),
    );
  }
  const sms = await smsWizard(env, openIds);
  if (sms) return sms;
  for (const picking of open) {
    const keepRest = !notToBackorder.has(picking.id) && picking.create_backorder !== 'never';
    await actionDone(
      env,
      picking.id,
      moves.filter((move) => move.picking_id === picking.id),
      keepRest,
    );
  }
  return true;
}

/**
 * stock_sms's `_pre_action_done_hook`: once per company, before texting customers that a delivery
 * left, Odoo asks whether it should (`confirm.stock.sms`, created by Odoo itself: the action has a
 * res_id). Not asked when the context says `skip_sms`, or once the company has answered.
 */
async function smsWizard(env: Env, pickingIds: number[]): Promise<unknown> {
  if (env.context.skip_sms) return undefined;
  const { rows } = await env.db.query<{ id: number }>(
    `SELECT p.id FROM stock_picking p
       JOIN stock_picking_type t ON t.id = p.picking_type_id
       JOIN res_company c ON c.id = p.company_id
       JOIN res_partner r ON r.id = p.partner_id
      WHERE p.id = ANY($1) AND t.code = 'outgoing' AND c.stock_move_sms_validation
        AND NOT c.has_received_warning_stock_sms AND (r.phone IS NOT NULL OR r.mobile IS NOT NULL)
        AND EXISTS (SELECT 1 FROM ir_module_module WHERE name = 'stock_sms' AND state = 'installed')`,
    [pickingIds],
  );
  if (rows.length === 0) return undefined;
  const { rows: created } = await env.db.query<{ id: number }>(
    'INSERT INTO confirm_stock_sms DEFAULT VALUES RETURNING id',
  );
  const wizardId = created[0]!.id;
  await env.db.query(
    'INSERT INTO stock_picking_sms_rel (confirm_stock_sms_id, stock_picking_id) SELECT $1, unnest($2::int[])',
    [wizardId, rows.map((row) => row.id)],
  );
  return {
    name: 'SMS',
    type: 'ir.actions.act_window',
    view_mode: 'form',
    res_model: 'confirm.stock.sms',
    views: [[SMS_VIEW, 'form']],
    view_id: SMS_VIEW,
    target: 'new',
    res_id: wizardId,
    context: {
      ...env.context,
      button_validate_picking_ids: env.context.button_validate_picking_ids ?? pickingIds,
    },
  };
}

const SMS_VIEW = 1036;

/** The SMS wizard's buttons: either way the company is not asked again; "don't send" stops texting. */
export async function answerSmsWizard(
  env: Env,
  wizardIds: number[],
  send: boolean,
): Promise<unknown> {
  await env.db.query(
    `UPDATE res_company c SET has_received_warning_stock_sms = true,
            stock_move_sms_validation = c.stock_move_sms_validation AND $2
      WHERE c.id IN (SELECT p.company_id FROM stock_picking_sms_rel r JOIN stock_picking p ON p.id = r.stock_picking_id
                      WHERE r.confirm_stock_sms_id = ANY($1))`,
    [wizardIds, send],
  );
  const pickingIds = (env.context.button_validate_picking_ids as number[] | undefined) ?? [];
  return buttonValidate(env, pickingIds);
}

/** message_post refuses an author without an email (mail.thread `_message_compute_author`). */
async function postMessage(env: Env): Promise<void> {
  const { rows } = await env.db.query<{ email: string | null }>(
    'SELECT p.email FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = $1',
    [env.uid],
  );
  if (!rows[0]?.email)
    throw userError("Unable to send message, please configure the sender's email address.");
}

/** `_action_done`: move stock for what was done, release the rest, split the remainder off. */
async function actionDone(
  env: Env,
  pickingId: number,
  moves: MoveState[],
  keepRest: boolean,
): Promise<void> {
  const remainder: { move: MoveState; quantity: number }[] = [];
  for (const move of moves) {
    const { rows: lines } = await env.db.query<{
      id: number;
      quantity: number;
      qty_done: number;
      reserved_uom_qty: number;
      picked: boolean;
    }>(
      'SELECT id, quantity, qty_done, reserved_uom_qty, picked FROM stock_move_line WHERE move_id = $1',
      [move.id],
    );
    for (const line of lines) {
      const done = env.version === 16 ? line.qty_done : line.picked ? line.quantity : 0;
      const reserved = env.version === 16 ? line.reserved_uom_qty : line.quantity;
      if (await isInternal(env, move.location_id)) {
        if (done > 0)
          await updateAvailableQuantity(env, {
            productId: move.product_id,
            locationId: move.location_id,
            companyId: move.company_id,
            quantity: -done,
            reserved: -reserved,
          });
        else
          await updateReserved(env, move.product_id, move.location_id, move.company_id, -reserved);
      }
      if (done > 0 && (await isInternal(env, move.location_dest_id))) {
        await updateAvailableQuantity(env, {
          productId: move.product_id,
          locationId: move.location_dest_id,
          companyId: move.company_id,
          quantity: done,
        });
      }
      if (done > 0) {
        await env.db.query(
          `UPDATE stock_move_line SET state = 'done', quantity = $2, qty_done = $2 WHERE id = $1`,
          [line.id, done],
        );
      } else {
        await env.db.query('DELETE FROM stock_move_line WHERE id = $1', [line.id]);
      }
    }
    if (move.done < move.product_uom_qty)
      remainder.push({ move, quantity: move.product_uom_qty - move.done });
    if (move.done > 0) {
      await env.db.query(
        `UPDATE stock_move SET state = 'done', product_uom_qty = $2, quantity = $2, picked = true WHERE id = $1`,
        [move.id, move.done],
      );
      // sale_stock: what left for a customer counts as delivered on the order line.
      await env.db.query(
        `UPDATE sale_order_line l SET qty_delivered = l.qty_delivered + $2 FROM stock_move m
          JOIN stock_location d ON d.id = m.location_dest_id
          WHERE m.id = $1 AND l.id = m.sale_line_id AND d.usage = 'customer'`,
        [move.id, move.done],
      );
    } else {
      await env.db.query(`UPDATE stock_move SET state = 'cancel', quantity = 0 WHERE id = $1`, [
        move.id,
      ]);
    }
  }
  if (remainder.length > 0 && keepRest) {
    await createBackorder(env, pickingId, remainder);
    // "The backorder … has been created." is posted on the picking in the user's name.
    await postMessage(env);
  }
  await env.db.query(
    `UPDATE stock_picking SET state = 'done', date_done = now() at time zone 'utc' WHERE id = $1`,
    [pickingId],
  );
}

/** `_create_backorder`: a new picking of the same type holding what was not done. */
async function createBackorder(
  env: Env,
  pickingId: number,
  remainder: { move: MoveState; quantity: number }[],
): Promise<void> {
  const { rows } = await env.db.query<{ sequence_id: number }>(
    'SELECT t.sequence_id FROM stock_picking p JOIN stock_picking_type t ON t.id = p.picking_type_id WHERE p.id = $1',
    [pickingId],
  );
  const name = await nextSequenceNumber(env.db, rows[0]!.sequence_id);
  const { rows: created } = await env.db.query<{ id: number }>(
    `INSERT INTO stock_picking (name, origin, partner_id, picking_type_id, location_id, location_dest_id, sale_id, company_id, user_id, backorder_id, move_type, state)
     SELECT $2, origin, partner_id, picking_type_id, location_id, location_dest_id, sale_id, company_id, user_id, id, move_type, 'confirmed'
       FROM stock_picking WHERE id = $1 RETURNING id`,
    [pickingId, name],
  );
  const backorderId = created[0]!.id;
  for (const { move, quantity } of remainder) {
    await env.db.query(
      `INSERT INTO stock_move (name, origin, picking_id, product_id, product_uom_qty, location_id, location_dest_id, sale_line_id, company_id, state)
       SELECT name, origin, $2, product_id, $3, location_id, location_dest_id, sale_line_id, company_id, 'confirmed' FROM stock_move WHERE id = $1`,
      [move.id, backorderId, quantity],
    );
  }
  await recomputePickingStates(env, [backorderId]);
}

/**
 * Wizard buttons, as stock's wizards answer them in 16–18 (stock/wizard/stock_backorder_confirmation.py,
 * stock_immediate_transfer.py): what is validated again is the pickings whose Validate asked
 * (`button_validate_picking_ids` in the context); the wizard's own pickings (`pick_ids`) say which to
 * do at once (16) or which get no backorder. Without those context ids the button does nothing.
 */
export async function answerWizard(
  env: Env,
  relTable: string,
  wizardColumn: string,
  wizardIds: number[],
  answer: 'process' | 'cancel' | 'immediate',
) {
  const { rows } = await env.db.query<{ picking_id: number }>(
    `SELECT stock_picking_id AS picking_id FROM ${relTable} WHERE ${wizardColumn} = ANY($1)`,
    [wizardIds],
  );
  const pickIds = rows.map((row) => row.picking_id);
  if (answer === 'immediate') {
    // 16's immediate transfer: everything reserved is done.
    await env.db.query(
      'UPDATE stock_move_line SET qty_done = reserved_uom_qty WHERE picking_id = ANY($1)',
      [pickIds],
    );
  }
  const asked = env.context.button_validate_picking_ids;
  const toValidate = Array.isArray(asked) ? asked.map(Number) : [];
  if (toValidate.length === 0) return true;
  if (answer === 'immediate')
    return buttonValidate(
      { ...env, context: { ...env.context, skip_immediate: true } },
      toValidate,
    );
  const context: Record<string, unknown> = {
    ...env.context,
    skip_backorder: true,
    skip_immediate: true,
  };
  if (answer === 'cancel') context.picking_ids_not_to_backorder = pickIds;
  return buttonValidate({ ...env, context }, toValidate);
}
