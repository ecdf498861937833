/**
 * Months of history for the emulator's dataset, in bulk SQL (a dataset profile's `history`): orders
 * with their lines, confirmed and dated over the months, their deliveries done, their invoices
 * posted, as `odoo-load grow` leaves a real Odoo. Named apart from what runs create (orders SH…,
 * deliveries …/OUT/H…, client reference GROW-H-…), so no sequence a run draws from is touched; on
 * hand stays as seeded (history's goods left before today's stock was counted).
 */
import type pg from 'pg';
import type { DatasetCompany } from '../../contract/index.ts';

export interface HistorySeed {
  orders: number;
  months: number;
  linesPerOrder: { min: number; max: number };
  /** Shares of the orders delivered, and of those invoiced. */
  delivered: number;
  invoiced: number;
}

type Columns = [name: string, type: string][];

const ORDER: Columns = [
  ['name', 'varchar'],
  ['partner_id', 'int'],
  ['company_id', 'int'],
  ['warehouse_id', 'int'],
  ['client_order_ref', 'varchar'],
  ['date_order', 'timestamp'],
  ['amount_total', 'numeric'],
];
const LINE: Columns = [
  ['order_id', 'int'],
  ['name', 'varchar'],
  ['product_id', 'int'],
  ['product_uom_qty', 'numeric'],
  ['price_unit', 'numeric'],
  ['price_subtotal', 'numeric'],
  ['qty_delivered', 'numeric'],
  ['qty_invoiced', 'numeric'],
  ['company_id', 'int'],
];
const PICKING: Columns = [
  ['name', 'varchar'],
  ['origin', 'varchar'],
  ['partner_id', 'int'],
  ['picking_type_id', 'int'],
  ['location_id', 'int'],
  ['location_dest_id', 'int'],
  ['sale_id', 'int'],
  ['company_id', 'int'],
  ['state', 'varchar'],
  ['scheduled_date', 'timestamp'],
  ['date_done', 'timestamp'],
];
const MOVE: Columns = [
  ['name', 'varchar'],
  ['picking_id', 'int'],
  ['product_id', 'int'],
  ['product_uom_qty', 'numeric'],
  ['quantity', 'numeric'],
  ['picked', 'bool'],
  ['location_id', 'int'],
  ['location_dest_id', 'int'],
  ['sale_line_id', 'int'],
  ['company_id', 'int'],
  ['state', 'varchar'],
];
const INVOICE: Columns = [
  ['name', 'varchar'],
  ['journal_id', 'int'],
  ['partner_id', 'int'],
  ['company_id', 'int'],
  ['date', 'date'],
  ['invoice_date', 'date'],
  ['invoice_origin', 'varchar'],
  ['amount_total', 'numeric'],
  ['sequence_prefix', 'varchar'],
  ['sequence_number', 'int'],
];
const INVOICE_LINE: Columns = [
  ['move_id', 'int'],
  ['account_id', 'int'],
  ['partner_id', 'int'],
  ['name', 'varchar'],
  ['display_type', 'varchar'],
  ['debit', 'numeric'],
  ['credit', 'numeric'],
  ['date', 'date'],
  ['journal_id', 'int'],
  ['company_id', 'int'],
];

const pad = (value: number, width = 5) => String(value).padStart(width, '0');

/** Inserts `rows` (column-major through unnest) and returns their ids in order. */
async function insert(
  db: pg.ClientBase,
  table: string,
  columns: Columns,
  rows: unknown[][],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const casts = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const { rows: ids } = await db.query<{ id: number }>(
    `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${casts}) RETURNING id`,
    columns.map((_, i) => rows.map((row) => row[i])),
  );
  return ids.map((row) => row.id);
}

/** One history order and its lines, before they have ids. */
interface Order {
  n: number;
  company: DatasetCompany;
  partner: number;
  date: Date;
  total: number;
  lines: { product: number; quantity: number; price: number }[];
}

/** The orders, spread over the companies and the months before today, lines over the catalogue. */
function ordersOf(
  history: HistorySeed,
  companies: DatasetCompany[],
  customers: number[],
  products: { ids: number[]; prices: number[] },
): Order[] {
  const span = history.linesPerOrder.max - history.linesPerOrder.min + 1;
  const monthsMs = history.months * 30 * 86_400_000;
  return Array.from({ length: history.orders }, (_, i) => {
    const n = i + 1;
    const lines = Array.from({ length: history.linesPerOrder.min + (n % span) }, (_, line) => {
      const index = (n * 31 + line * 7) % products.ids.length;
      return {
        product: products.ids[index]!,
        quantity: 1 + (line % 4),
        price: products.prices[index]!,
      };
    });
    return {
      n,
      company: companies[n % companies.length]!,
      partner: customers[n % customers.length]!,
      date: new Date(Date.now() - monthsMs * (1 - n / history.orders)),
      total: lines.reduce((sum, line) => sum + line.quantity * line.price, 0),
      lines,
    };
  });
}

export async function seedHistory(
  db: pg.ClientBase,
  history: HistorySeed,
  companies: DatasetCompany[],
  customers: number[],
  products: { ids: number[]; prices: number[] },
  customerLocation: number,
): Promise<number> {
  if (history.orders === 0 || customers.length === 0) return 0;
  const orders = ordersOf(history, companies, customers, products);
  const delivered = Math.round(orders.length * history.delivered);
  const invoiced = Math.round(delivered * history.invoiced);
  const orderIds = await insert(
    db,
    'sale_order',
    ORDER,
    orders.map((o) => [
      `SH${pad(o.n)}`,
      o.partner,
      o.company.id,
      o.company.warehouseId,
      `GROW-H-${pad(o.n, 6)}`,
      o.date,
      o.total,
    ]),
  );
  await db.query(`UPDATE sale_order SET state = 'sale' WHERE id = ANY($1)`, [orderIds]);
  const lineIds = await insert(
    db,
    'sale_order_line',
    LINE,
    orders.flatMap((o, i) =>
      o.lines.map((l) => [
        orderIds[i],
        'History line',
        l.product,
        l.quantity,
        l.price,
        l.quantity * l.price,
        o.n <= delivered ? l.quantity : 0,
        o.n <= invoiced ? l.quantity : 0,
        o.company.id,
      ]),
    ),
  );
  await seedDeliveries(db, orders.slice(0, delivered), orderIds, lineIds, customerLocation);
  await seedInvoices(db, orders.slice(0, invoiced));
  return orderIds.length;
}

/** One done delivery per delivered order, one done move per line. */
async function seedDeliveries(
  db: pg.ClientBase,
  orders: Order[],
  orderIds: number[],
  lineIds: number[],
  customerLocation: number,
): Promise<void> {
  const types = new Map<number, number>();
  for (const { company } of orders)
    if (!types.has(company.id)) {
      const { rows } = await db.query<{ id: number }>(
        `SELECT id FROM stock_picking_type WHERE company_id = $1 AND code = 'outgoing' ORDER BY id LIMIT 1`,
        [company.id],
      );
      types.set(company.id, rows[0]!.id);
    }
  const pickingIds = await insert(
    db,
    'stock_picking',
    PICKING,
    orders.map((o, i) => [
      `WH${o.company.id}/OUT/H${pad(o.n)}`,
      `SH${pad(o.n)}`,
      o.partner,
      types.get(o.company.id),
      o.company.stockLocationId,
      customerLocation,
      orderIds[i],
      o.company.id,
      'done',
      o.date,
      o.date,
    ]),
  );
  let line = 0;
  const moves: unknown[][] = [];
  for (const [i, o] of orders.entries())
    for (const l of o.lines)
      moves.push([
        'History line',
        pickingIds[i],
        l.product,
        l.quantity,
        l.quantity,
        true,
        o.company.stockLocationId,
        customerLocation,
        lineIds[line++],
        o.company.id,
        'done',
      ]);
  await insert(db, 'stock_move', MOVE, moves);
}

/** One posted invoice per invoiced order, numbered INV/<year>/… after the journal's opening entry. */
async function seedInvoices(db: pg.ClientBase, orders: Order[]): Promise<void> {
  const numbers = new Map<string, number>();
  const thisYear = new Date().getUTCFullYear();
  const rows = orders.map((o) => {
    const prefix = `INV/${o.date.getUTCFullYear()}/`;
    const key = `${o.company.id} ${prefix}`;
    // The opening entry holds number 1 of the current year (seed/accounting.ts).
    const next = (numbers.get(key) ?? (o.date.getUTCFullYear() === thisYear ? 1 : 0)) + 1;
    numbers.set(key, next);
    return [
      `${prefix}${pad(next)}`,
      o.company.journals.sale,
      o.partner,
      o.company.id,
      o.date,
      o.date,
      `SH${pad(o.n)}`,
      o.total,
      prefix,
      next,
    ];
  });
  const moveIds = await insert(db, 'account_move', INVOICE, rows);
  await db.query(
    `UPDATE account_move SET move_type = 'out_invoice', state = 'posted' WHERE id = ANY($1)`,
    [moveIds],
  );
  const lines = orders.flatMap((o, i) => {
    const common = [o.partner, 'History sale'];
    const tail = [o.date, o.company.journals.sale, o.company.id];
    return [
      [moveIds[i], o.company.accounts.income, ...common, 'product', 0, o.total, ...tail],
      [
        moveIds[i],
        o.company.accounts.asset_receivable,
        ...common,
        'payment_term',
        o.total,
        0,
        ...tail,
      ],
    ];
  });
  await insert(db, 'account_move_line', INVOICE_LINE, lines);
  await db.query(`UPDATE account_move_line SET parent_state = 'posted' WHERE move_id = ANY($1)`, [
    moveIds,
  ]);
}
