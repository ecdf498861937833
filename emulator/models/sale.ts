/**
 * sale.order and sale.order.line. Confirmation runs procurement as the one-step delivery route
 * does: one outgoing picking per order, one move per goods line, reserved at once (docs/odoo-protocol.md §7.1).
 */
import { OdooError, userError } from '../errors.ts';
import type { Env, ModelDef, Vals } from '../orm/model.ts';
import { cancelPickings, reserveMoves } from './quants.ts';
import { nextByCode, nextSequenceNumber } from './sequence.ts';

async function confirmOrders(env: Env, ids: number[]): Promise<true> {
  const { rows: orders } = await env.db.query<{
    id: number;
    name: string;
    state: string;
    partner_id: number;
    company_id: number;
    warehouse_id: number | null;
  }>(
    'SELECT id, name, state, partner_id, company_id, warehouse_id FROM sale_order WHERE id = ANY($1) ORDER BY id',
    [ids],
  );
  if (orders.some((order) => order.state !== 'draft' && order.state !== 'sent')) {
    throw userError('Some orders are not in a state requiring confirmation.');
  }
  for (const order of orders) {
    if (env.version >= 18) await checkWarehouse(env, order);
    await env.db.query(
      `UPDATE sale_order SET state = 'sale', date_order = now() at time zone 'utc', write_date = now() at time zone 'utc' WHERE id = $1`,
      [order.id],
    );
    await procure(env, order);
  }
  return true;
}

/** The id of `stock.action_warehouse_form` a RedirectWarning names (real 19's demo database's). */
const WAREHOUSES_ACTION = 354;

/**
 * 18+: a confirmed order with goods lines needs a warehouse (`sale.order._check_warehouse`); in a
 * company with none, Odoo answers a RedirectWarning to the warehouses (seen on a real 19: its demo's
 * second company has none).
 */
async function checkWarehouse(env: Env, order: { id: number; company_id: number }) {
  const { rows } = await env.db.query<{ goods: boolean; warehouses: boolean; company: string }>(
    `SELECT EXISTS (SELECT 1 FROM sale_order_line l JOIN product_product p ON p.id = l.product_id
                     WHERE l.order_id = $1 AND p.type IN ('product', 'consu')) AS goods,
            EXISTS (SELECT 1 FROM stock_warehouse WHERE company_id = $2) AS warehouses,
            (SELECT name FROM res_company WHERE id = $2) AS company`,
    [order.id, order.company_id],
  );
  const { goods, warehouses, company } = rows[0]!;
  if (!goods || warehouses) return;
  const message = `Please create a warehouse for company ${company}.`;
  throw new OdooError('odoo.exceptions.RedirectWarning', message, [
    message,
    WAREHOUSES_ACTION,
    'Go to Warehouses',
    null,
  ]);
}

/** Procurement for one confirmed order: the warehouse's delivery picking with one move per goods line. */
async function procure(
  env: Env,
  order: {
    id: number;
    name: string;
    partner_id: number;
    company_id: number;
    warehouse_id: number | null;
  },
) {
  const { rows: lines } = await env.db.query<{
    id: number;
    name: string;
    product_id: number;
    product_uom_qty: number;
  }>(
    `SELECT l.id, l.name, l.product_id, l.product_uom_qty FROM sale_order_line l
       JOIN product_product p ON p.id = l.product_id
      WHERE l.order_id = $1 AND p.type IN ('product', 'consu') ORDER BY l.id`,
    [order.id],
  );
  if (lines.length === 0) return;
  const { rows: types } = await env.db.query<{
    id: number;
    sequence_id: number;
    default_location_src_id: number;
    default_location_dest_id: number;
  }>(
    `SELECT pt.id, pt.sequence_id, pt.default_location_src_id, pt.default_location_dest_id FROM stock_picking_type pt
      WHERE pt.code = 'outgoing' AND pt.company_id = $1 AND ($2::int IS NULL OR pt.warehouse_id = $2) ORDER BY pt.id LIMIT 1`,
    [order.company_id, order.warehouse_id],
  );
  const type = types[0];
  if (!type)
    throw userError(`No outgoing operation type is configured for the company of ${order.name}.`);
  const pickingName = await nextSequenceNumber(env.db, type.sequence_id);
  const { rows: picking } = await env.db.query<{ id: number }>(
    `INSERT INTO stock_picking (name, origin, partner_id, picking_type_id, location_id, location_dest_id, sale_id, company_id, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'confirmed') RETURNING id`,
    [
      pickingName,
      order.name,
      order.partner_id,
      type.id,
      type.default_location_src_id,
      type.default_location_dest_id,
      order.id,
      order.company_id,
    ],
  );
  const { rows: moves } = await env.db.query<{ id: number }>(
    `INSERT INTO stock_move (name, origin, picking_id, product_id, product_uom_qty, location_id, location_dest_id, sale_line_id, company_id, state)
     SELECT l.name, $2, $3, l.product_id, l.product_uom_qty, $4, $5, l.id, $6, 'confirmed'
       FROM unnest($1::int[]) AS u(id) JOIN sale_order_line l ON l.id = u.id
     RETURNING id`,
    [
      lines.map((line) => line.id),
      order.name,
      picking[0]!.id,
      type.default_location_src_id,
      type.default_location_dest_id,
      order.company_id,
    ],
  );
  // reservation_method 'at_confirm' (the default) reserves as soon as the picking is confirmed.
  await reserveMoves(
    env,
    moves.map((move) => move.id),
  );
}

/** `action_cancel`: open deliveries are cancelled (their reservations released), then the order. */
async function cancelOrders(env: Env, ids: number[]): Promise<true> {
  const { rows: open } = await env.db.query<{ id: number }>(
    `SELECT id FROM stock_picking WHERE sale_id = ANY($1) AND state NOT IN ('done', 'cancel')`,
    [ids],
  );
  await cancelPickings(
    env,
    open.map((picking) => picking.id),
  );
  await env.db.query(`UPDATE sale_order SET state = 'cancel' WHERE id = ANY($1)`, [ids]);
  return true;
}

/**
 * `sale.order.action_cancel`: drafts are cancelled at once; a confirmed order opens the
 * cancellation wizard (which would e-mail the customer) for one order at a time, unless the context
 * says `disable_cancel_warning` (recorded in test/fixtures/real-odoo-17/transcript.json).
 */
async function actionCancel(env: Env, ids: number[]): Promise<unknown> {
  const { rows } = await env.db.query<{ id: number; state: string }>(
    'SELECT id, state FROM sale_order WHERE id = ANY($1) ORDER BY array_position($1, id)',
    [ids],
  );
  const warn = !env.context.disable_cancel_warning && rows.some((order) => order.state !== 'draft');
  if (!warn) return cancelOrders(env, ids);
  if (ids.length !== 1) {
    throw new OdooError('builtins.ValueError', `Expected singleton: sale.order(${ids.join(', ')})`);
  }
  return {
    name: 'Cancel Sales Order',
    view_mode: 'form',
    res_model: 'sale.order.cancel',
    view_id: CANCEL_VIEW,
    type: 'ir.actions.act_window',
    context: {
      default_template_id: CANCEL_TEMPLATE,
      default_order_id: ids[0],
      mark_so_as_canceled: true,
      default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature',
      model_description: 'Sales Order',
    },
    target: 'new',
  };
}

const CANCEL_VIEW = 1065;
const CANCEL_TEMPLATE = 14;

async function fillLineDefaults(env: Env, vals: Vals) {
  if (vals.product_id && (vals.price_unit === undefined || vals.name === undefined)) {
    const { rows } = await env.db.query<{ list_price: number; display_name: string }>(
      `SELECT list_price, CASE WHEN default_code IS NOT NULL THEN '[' || default_code || '] ' || name ELSE name END AS display_name
         FROM product_product WHERE id = $1`,
      [vals.product_id],
    );
    if (rows[0]) {
      vals.price_unit ??= rows[0].list_price;
      vals.name ??= rows[0].display_name;
    }
  }
  const quantity = Number(vals.product_uom_qty ?? 1);
  vals.product_uom_qty = quantity;
  vals.price_subtotal = quantity * Number(vals.price_unit ?? 0);
  if (vals.order_id && vals.company_id === undefined) {
    const { rows } = await env.db.query<{ company_id: number }>(
      'SELECT company_id FROM sale_order WHERE id = $1',
      [vals.order_id],
    );
    vals.company_id = rows[0]?.company_id;
  }
}

async function recomputeTotal(env: Env, orderId: number) {
  await env.db.query(
    'UPDATE sale_order SET amount_total = (SELECT coalesce(sum(price_subtotal), 0) FROM sale_order_line WHERE order_id = $1) WHERE id = $1',
    [orderId],
  );
}

export const saleModels: ModelDef[] = [
  {
    name: 'sale.order',
    description: 'Sales Order',
    table: 'sale_order',
    order: 'date_order desc, id desc',
    displayName: (t) => `${t}.name`,
    companyField: 'company_id',
    fields: {
      name: { type: 'char' },
      partner_id: { type: 'many2one', relation: 'res.partner' },
      company_id: { type: 'many2one', relation: 'res.company' },
      warehouse_id: { type: 'many2one', relation: 'stock.warehouse' },
      user_id: { type: 'many2one', relation: 'res.users', default: (env) => env.uid },
      client_order_ref: { type: 'char' },
      state: { type: 'selection', readonly: true },
      date_order: { type: 'datetime' },
      // sale's _compute_invoice_status: what the lines have left to invoice by their products' policy.
      invoice_status: {
        type: 'selection',
        readonly: true,
        sql: (t) =>
          `(CASE WHEN ${t}.state NOT IN ('sale', 'done') THEN 'no'
             WHEN EXISTS (SELECT 1 FROM sale_order_line l JOIN product_product p ON p.id = l.product_id
                           WHERE l.order_id = ${t}.id
                             AND (CASE WHEN p.invoice_policy = 'delivery' THEN l.qty_delivered ELSE l.product_uom_qty END) - l.qty_invoiced > 0) THEN 'to invoice'
             WHEN EXISTS (SELECT 1 FROM sale_order_line l WHERE l.order_id = ${t}.id AND l.qty_invoiced > 0) THEN 'invoiced'
             ELSE 'no' END)`,
      },
      amount_total: { type: 'float', readonly: true },
      create_date: { type: 'datetime', readonly: true },
      order_line: { type: 'one2many', relation: 'sale.order.line', inverse: 'order_id' },
      picking_ids: { type: 'one2many', relation: 'stock.picking', inverse: 'sale_id' },
      invoice_ids: {
        type: 'one2many',
        relation: 'account.move',
        sql: (t) =>
          `ARRAY(SELECT m.id FROM account_move m WHERE m.invoice_origin = ${t}.name AND m.company_id = ${t}.company_id ORDER BY m.id)`,
      },
      delivery_count: {
        type: 'integer',
        sql: (t) => `(SELECT count(*)::int FROM stock_picking sp WHERE sp.sale_id = ${t}.id)`,
      },
    },
    beforeCreate: async (env, vals) => {
      // Quotation numbers come from ir.sequence 'sale.order' (a PostgreSQL sequence, no row lock).
      if (!vals.name || vals.name === '/')
        vals.name =
          (await nextByCode(env.db, 'sale.order', Number(vals.company_id ?? env.companyId))) || '/';
    },
    afterCreate: recomputeTotal,
    beforeUnlink: async (env, ids) => {
      const { rows } = await env.db.query(
        "SELECT 1 FROM sale_order WHERE id = ANY($1) AND state NOT IN ('draft', 'cancel')",
        [ids],
      );
      if (rows.length > 0)
        throw userError(
          'You can not delete a sent quotation or a confirmed sales order. You must first cancel it.',
        );
    },
    methods: {
      action_confirm: { kind: 'record', run: (env, call) => confirmOrders(env, call.ids) },
      action_cancel: { kind: 'record', run: (env, call) => actionCancel(env, call.ids) },
    },
  },
  {
    name: 'sale.order.line',
    description: 'Sales Order Line',
    table: 'sale_order_line',
    order: 'order_id, id',
    displayName: (t) =>
      `(SELECT o.name FROM sale_order o WHERE o.id = ${t}.order_id) || ' - ' || ${t}.name`,
    companyField: 'company_id',
    fields: {
      order_id: { type: 'many2one', relation: 'sale.order' },
      name: { type: 'char' },
      product_id: { type: 'many2one', relation: 'product.product' },
      product_uom_qty: { type: 'float' },
      price_unit: { type: 'float' },
      price_subtotal: { type: 'float' },
      company_id: { type: 'many2one', relation: 'res.company' },
    },
    beforeCreate: fillLineDefaults,
  },
  {
    name: 'sale.order.cancel',
    description: 'Sales Order Cancel',
    table: 'sale_order_cancel',
    order: 'id',
    displayName: () => `'Cancel Sales Order'`,
    fields: {
      order_id: { type: 'many2one', relation: 'sale.order', required: true, label: 'Sale Order' },
    },
    methods: {
      // "Cancel" without the e-mail: the order, as if the warning were disabled.
      action_cancel: {
        kind: 'record',
        run: async (env, call) => {
          const { rows } = await env.db.query<{ order_id: number }>(
            'SELECT order_id FROM sale_order_cancel WHERE id = ANY($1)',
            [call.ids],
          );
          return cancelOrders(
            env,
            rows.map((row) => row.order_id),
          );
        },
      },
    },
  },
];
