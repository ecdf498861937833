/**
 * What Odoo computes in the forms the web channel edits, for the fields the emulator does not store:
 * a new record's defaults (the captured first answer of a real Odoo, with this database's company,
 * warehouse, journal and dates over it), and the values that follow a change (a product's name,
 * price and stock on its line; an order's or invoice's totals; a partner's addresses). Taxes,
 * pricelists and payment terms are not modelled: the emulator's products carry none.
 */

import { formatAmount } from '../odoo-format.ts';
import type { Env } from '../orm/model.ts';
import { PyFloat, pyFloat } from '../python-json.ts';
import type { Row } from './format.ts';
import { readCaptured } from './json.ts';

const num = (value: unknown) =>
  value instanceof PyFloat ? value.value : typeof value === 'number' ? value : Number(value ?? 0);

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const now = () => {
  const d = new Date();
  return `${dateOf(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const inDays = (days: number) => dateOf(new Date(Date.now() + days * 86_400_000));

type Captured = { models: Record<string, Row> };
const captured = new Map<number, Captured>();

/** The first onchange's answer of a real Odoo, per model (emulator/web-client/defaults-<version>.json). */
export function capturedDefaults(version: number, model: string): Row | undefined {
  let defaults = captured.get(version);
  if (!defaults) {
    defaults = readCaptured<Captured>(`defaults-${version}.json`, { models: {} });
    captured.set(version, defaults);
  }
  return defaults.models[model];
}

export interface Behaviour {
  /** A new record's values (rows: many2one as ids), over the captured defaults. */
  defaults?: (env: Env, row: Row, parent: Row | undefined) => Promise<void>;
  /** Reads once, for every stored record a call reads, what `derive` would read per record. */
  prefetch?: (env: Env, rows: Row[]) => Promise<void>;
  /** Recomputes what follows from `changed` (every field when a stored record is read). */
  derive?: (
    env: Env,
    row: Row,
    changed: Set<string> | 'all',
    parent: Row | undefined,
  ) => Promise<void>;
}

async function companyWarehouse(env: Env, companyId: number): Promise<number | false> {
  const { rows } = await env.db.query<{ id: number }>(
    'SELECT id FROM stock_warehouse WHERE company_id = $1 ORDER BY id LIMIT 1',
    [companyId],
  );
  return rows[0]?.id ?? false;
}

async function firstAccount(env: Env, type: string, companyId: number): Promise<number | false> {
  const { rows } = await env.db.query<{ id: number }>(
    'SELECT id FROM account_account WHERE account_type = $1 AND company_id = $2 ORDER BY id LIMIT 1',
    [type, companyId],
  );
  return rows[0]?.id ?? false;
}

/** Totals of an order or an invoice without taxes, in the version's `tax_totals` layout. */
function taxTotals(env: Env, template: unknown, untaxed: number): unknown {
  const base = (template ?? {}) as Record<string, unknown>;
  if (env.version >= 18) {
    const subtotal = {
      tax_groups: [],
      tax_amount_currency: pyFloat(0),
      tax_amount: pyFloat(0),
      base_amount_currency: pyFloat(untaxed),
      base_amount: pyFloat(untaxed),
      name: 'Untaxed Amount',
    };
    return {
      ...base,
      subtotals: [subtotal],
      base_amount_currency: pyFloat(untaxed),
      base_amount: pyFloat(untaxed),
      tax_amount_currency: pyFloat(0),
      tax_amount: pyFloat(0),
      total_amount_currency: pyFloat(untaxed),
      total_amount: pyFloat(untaxed),
    };
  }
  const lines = untaxed !== 0;
  return {
    ...base,
    amount_untaxed: pyFloat(untaxed),
    amount_total: pyFloat(untaxed),
    formatted_amount_total: formatAmount(untaxed),
    formatted_amount_untaxed: formatAmount(untaxed),
    groups_by_subtotal: lines ? { 'Untaxed Amount': [] } : {},
    subtotals: lines
      ? [
          {
            name: 'Untaxed Amount',
            amount: pyFloat(untaxed),
            formatted_amount: formatAmount(untaxed),
          },
        ]
      : [],
    subtotals_order: lines ? ['Untaxed Amount'] : [],
  };
}

/** Lines of a form as rows: new ones from their commands, saved ones read from their table. */
async function lineRows(env: Env, value: unknown, table: string, amount: string): Promise<Row[]> {
  if (!Array.isArray(value)) return [];
  const rows: Row[] = [];
  const saved: number[] = [];
  for (const item of value) {
    if (Array.isArray(item) && (item[0] === 0 || item[0] === 1) && item[2])
      rows.push(item[2] as Row);
    else if (typeof item === 'number') saved.push(item);
    else if (Array.isArray(item) && item[0] === 4) saved.push(Number(item[1]));
  }
  if (saved.length > 0) {
    const { rows: stored } = await env.db.query<{ amount: number }>(
      `SELECT ${amount} AS amount FROM ${table} WHERE id = ANY($1)`,
      [saved],
    );
    for (const row of stored) rows.push({ price_subtotal: Number(row.amount) });
  }
  return rows;
}

const subtotalOf = (line: Row) =>
  line.price_subtotal !== undefined
    ? num(line.price_subtotal)
    : num(line.product_uom_qty ?? line.quantity ?? 0) * num(line.price_unit);

interface ProductFacts {
  name: string;
  list_price: number;
  uom_id: number;
  type: string;
  on_hand: number;
  reserved: number;
}

async function productFacts(env: Env, productId: number): Promise<ProductFacts | undefined> {
  const { rows } = await env.db.query<ProductFacts>(
    `SELECT CASE WHEN p.default_code IS NOT NULL THEN '[' || p.default_code || '] ' || p.name ELSE p.name END AS name,
            p.list_price::float AS list_price, coalesce(p.uom_id, 1) AS uom_id, p.type,
            coalesce((SELECT sum(q.quantity) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                       WHERE q.product_id = p.id AND l.usage = 'internal'), 0)::float AS on_hand,
            coalesce((SELECT sum(q.reserved_quantity) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                       WHERE q.product_id = p.id AND l.usage = 'internal'), 0)::float AS reserved
       FROM product_product p WHERE p.id = $1`,
    [productId],
  );
  return rows[0];
}

const orderLine: Behaviour = {
  defaults: async (env, row, parent) => {
    const company = Number(parent?.company_id ?? env.companyId);
    row.company_id = company;
    row.warehouse_id = parent?.warehouse_id ?? (await companyWarehouse(env, company));
    row.currency_id = 1;
  },
  derive: async (env, row, changed) => {
    const all = changed === 'all';
    // 18 picks a product template first; the emulator's template is its product (one variant each).
    if (!all && changed.has('product_template_id') && row.product_template_id)
      row.product_id = row.product_template_id;
    if (
      (all || changed.has('product_id') || changed.has('product_template_id')) &&
      row.product_id
    ) {
      const product = await productFacts(env, Number(row.product_id));
      if (product && !all) {
        row.product_template_id = row.product_id;
        row.name = product.name;
        row.price_unit = pyFloat(product.list_price);
        row.product_uom = product.uom_id;
        row.product_uom_category_id = 1;
        row.product_type = env.version >= 18 && product.type === 'product' ? 'consu' : product.type;
        row.qty_available_today = pyFloat(product.on_hand);
        row.free_qty_today = pyFloat(product.on_hand - product.reserved);
        row.virtual_available_at_date = pyFloat(product.on_hand - product.reserved);
        row.scheduled_date = now();
        row.display_qty_widget = true;
        row.qty_delivered_method = product.type === 'service' ? 'manual' : 'stock_move';
        if (env.version >= 18) row.technical_price_unit = pyFloat(product.list_price);
      }
    }
    if (all && row.product_id) {
      const product = await productFacts(env, Number(row.product_id));
      if (product)
        row.product_type = env.version >= 18 && product.type === 'product' ? 'consu' : product.type;
    }
    const quantity = num(row.product_uom_qty ?? 1);
    const subtotal = quantity * num(row.price_unit);
    row.price_subtotal = pyFloat(subtotal);
    row.price_total = pyFloat(subtotal);
    row.price_tax = pyFloat(0);
    row.qty_to_deliver = pyFloat(quantity - num(row.qty_delivered));
  },
};

/** The states of each read order's deliveries, read once for a whole list of orders. */
const deliveryStates = new WeakMap<Row, string[]>();

function deliveryStatus(states: string[]): string | false {
  const done = states.filter((state) => state === 'done').length;
  if (states.length === 0) return false;
  return done === states.length ? 'full' : done > 0 ? 'partial' : 'pending';
}

const order: Behaviour = {
  defaults: async (env, row) => {
    row.company_id = env.companyId;
    row.warehouse_id = await companyWarehouse(env, env.companyId);
    row.date_order = now();
    row.validity_date = inDays(30);
  },
  prefetch: async (env, rows) => {
    const asked = rows.filter((row) => 'delivery_status' in row);
    if (asked.length === 0) return;
    const { rows: pickings } = await env.db.query<{ sale_id: number; state: string }>(
      'SELECT sale_id, state FROM stock_picking WHERE sale_id = ANY($1)',
      [asked.map((row) => row.id)],
    );
    for (const row of asked)
      deliveryStates.set(
        row,
        pickings.filter((picking) => picking.sale_id === row.id).map((picking) => picking.state),
      );
  },
  derive: async (env, row, changed) => {
    const all = changed === 'all';
    if (!all && changed.has('partner_id') && row.partner_id) {
      row.partner_invoice_id = row.partner_id;
      row.partner_shipping_id = row.partner_id;
      row.user_id = row.user_id || env.uid;
    }
    if (all || changed.has('order_line')) {
      // A list reads no lines: the stored total is what Odoo shows there too.
      const lines =
        all && !Array.isArray(row.order_line)
          ? undefined
          : await lineRows(env, row.order_line, 'sale_order_line', 'price_subtotal');
      const untaxed = lines
        ? lines.reduce((sum, line) => sum + subtotalOf(line), 0)
        : num(row.amount_total);
      row.amount_untaxed = pyFloat(untaxed);
      row.amount_tax = pyFloat(0);
      row.amount_total = pyFloat(untaxed);
      row.tax_totals = taxTotals(
        env,
        capturedDefaults(env.version, 'sale.order')?.tax_totals,
        untaxed,
      );
      if (!all) row.expected_date = lines?.length ? now() : false;
    }
    if (all) {
      row.delivery_status = deliveryStatus(deliveryStates.get(row) ?? []);
      row.json_popover = JSON.stringify({
        popoverTemplate: 'sale_stock.DelayAlertWidget',
        late_elements: [],
      });
    }
  },
};

const invoiceLine: Behaviour = {
  defaults: async (env, row, parent) => {
    const company = Number(parent?.company_id ?? env.companyId);
    row.company_id = company;
    row.currency_id = 1;
    row.company_currency_id = 1;
    row.partner_id = parent?.partner_id ?? env.context.default_partner_id ?? false;
    row.account_id = await firstAccount(env, 'income', company);
  },
  derive: async (env, row, changed) => {
    if (changed !== 'all' && changed.has('product_id') && row.product_id) {
      const product = await productFacts(env, Number(row.product_id));
      if (product) {
        row.name = product.name;
        row.price_unit = pyFloat(product.list_price);
        row.product_uom_id = product.uom_id;
        row.product_uom_category_id = 1;
      }
    }
    const subtotal = num(row.quantity ?? 1) * num(row.price_unit) * (1 - num(row.discount) / 100);
    row.price_subtotal = pyFloat(subtotal);
    row.price_total = pyFloat(subtotal);
  },
};

const invoice: Behaviour = {
  defaults: async (env, row) => {
    const { rows } = await env.db.query<{ id: number }>(
      `SELECT id FROM account_journal WHERE type = 'sale' AND company_id = $1 ORDER BY id LIMIT 1`,
      [env.companyId],
    );
    row.company_id = env.companyId;
    row.journal_id = rows[0]?.id ?? false;
    row.suitable_journal_ids = rows[0] ? [rows[0].id] : [];
    row.date = inDays(0);
    row.invoice_date_due = inDays(0);
    row.currency_id = 1;
    row.company_currency_id = 1;
    row.partner_bank_id = false;
    row.bank_partner_id = false;
    if (row.invoice_user_id) row.invoice_user_id = env.uid;
    if (row.user_id) row.user_id = env.uid;
    const { rows: last } = await env.db.query<{ name: string }>(
      `SELECT name FROM account_move WHERE journal_id = $1 AND name <> '/' ORDER BY sequence_number DESC NULLS LAST LIMIT 1`,
      [row.journal_id],
    );
    row.highest_name = last[0]?.name ?? false;
  },
  derive: async (env, row, changed) => {
    const all = changed === 'all';
    if (!all && changed.has('partner_id') && row.partner_id)
      row.commercial_partner_id = row.partner_id;
    if (all) {
      const { rows } = await env.db.query<{ name: string; state: string; partner: string | null }>(
        `SELECT m.name, m.state, p.name AS partner FROM account_move m
           LEFT JOIN res_partner p ON p.id = m.partner_id WHERE m.id = $1`,
        [row.id],
      );
      const move = rows[0];
      const posted = move?.state === 'posted';
      // 18 leaves a draft invoice without a name (17 shows "/").
      if (env.version >= 18 && row.name === '/') row.name = false;
      row.payment_reference = posted ? move!.name : false;
      row.payment_state = 'not_paid';
      row.status_in_payment = posted ? 'not_paid' : (move?.state ?? 'draft');
      row.move_sent_values = 'not_sent';
      row.invoice_partner_display_name = move?.partner ?? false;
    }
    if (all || changed.has('invoice_line_ids')) {
      const lines = await lineRows(
        env,
        row.invoice_line_ids,
        'account_move_line',
        "CASE WHEN display_type = 'product' THEN round(quantity * price_unit, 2) ELSE 0 END",
      );
      const untaxed = lines.reduce((sum, line) => sum + subtotalOf(line), 0);
      row.amount_untaxed = pyFloat(untaxed);
      row.amount_tax = pyFloat(0);
      row.amount_total = pyFloat(untaxed);
      row.amount_residual = pyFloat(untaxed);
      row.quick_edit_total_amount = row.quick_edit_total_amount ?? pyFloat(0);
      row.tax_totals = taxTotals(
        env,
        capturedDefaults(env.version, 'account.move')?.tax_totals,
        untaxed,
      );
    }
  },
};

/** The backorder question: the pickings it is about come in its context (`default_pick_ids`). */
const backorderQuestion: Behaviour = {
  defaults: async (env, row) => {
    const picks = env.context.default_pick_ids;
    const ids = Array.isArray(picks)
      ? picks.flatMap((item) => (Array.isArray(item) ? [Number(item[1])] : [Number(item)]))
      : [];
    row.pick_ids = ids;
    row.show_transfers = env.context.default_show_transfers ?? false;
    row.backorder_confirmation_line_ids = ids.map((id) => [
      0,
      0,
      { picking_id: id, to_backorder: false },
    ]);
  },
};

/** Overview tiles: deliveries ready, waiting, late, backorders of each operation type. */
const operationType: Behaviour = {
  derive: async (env, row) => {
    const { rows } = await env.db.query<{ state: string; count: number }>(
      `SELECT state, count(*)::int AS count FROM stock_picking WHERE picking_type_id = $1 GROUP BY state`,
      [row.id],
    );
    const count = (states: string[]) =>
      rows.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + r.count, 0);
    row.count_picking_ready = count(['assigned']);
    row.count_picking_draft = count(['draft']);
    row.count_picking_waiting = count(['confirmed', 'waiting']);
    row.show_picking_type = true;
    if (env.version >= 18)
      row.kanban_dashboard_graph = JSON.stringify([{ values: [], title: '', key: 'Deliveries' }]);
  },
};

/** A delivery's form: its moves under move_ids_without_package, its availability. */
const picking: Behaviour = {
  derive: async (env, row) => {
    const { rows } = await env.db.query<{ id: number }>(
      'SELECT id FROM stock_move WHERE picking_id = $1 ORDER BY id',
      [row.id],
    );
    row.move_ids_without_package = rows.map((move) => move.id);
    row.move_line_exist = rows.length > 0;
    row.show_check_availability = row.state === 'confirmed';
    row.products_availability_state = row.state === 'assigned' ? 'available' : false;
    row.products_availability = row.state === 'assigned' ? 'Available' : false;
    row.priority = '0';
    row.country_code = 'US';
    // Not late: no rescheduling popover.
    row.json_popover = false;
  },
};

/** A delivery's line: its operation, its product's kind and tracking, its dates. */
const stockMove: Behaviour = {
  derive: async (env, row) => {
    const { rows } = await env.db.query<{
      code: string;
      type: string;
      tracking: string;
      description: string;
      date: string;
    }>(
      `SELECT pt.code, p.type, coalesce(p.tracking, 'none') AS tracking, p.name AS description,
              to_char(coalesce(sp.scheduled_date, now() at time zone 'utc'), 'YYYY-MM-DD HH24:MI:SS') AS date
         FROM stock_move m JOIN product_product p ON p.id = m.product_id
         LEFT JOIN stock_picking sp ON sp.id = m.picking_id
         LEFT JOIN stock_picking_type pt ON pt.id = sp.picking_type_id
        WHERE m.id = $1`,
      [row.id],
    );
    const move = rows[0];
    if (!move) return;
    row.picking_code = move.code ?? false;
    row.product_type = env.version >= 18 && move.type === 'product' ? 'consu' : move.type;
    row.has_tracking = move.tracking;
    row.description_picking = move.description;
    row.date = move.date;
  },
};

export const BEHAVIOURS: Record<string, Behaviour> = {
  'sale.order': order,
  'sale.order.line': orderLine,
  'account.move': invoice,
  'account.move.line': invoiceLine,
  'stock.backorder.confirmation': backorderQuestion,
  'stock.picking.type': operationType,
  'stock.picking': picking,
  'stock.move': stockMove,
};
