/**
 * For the k6 self-tests: an order of three of one product, confirmed, and its delivery with one of
 * the three picked, so that Validate asks whether the other two become a backorder.
 */
import { check } from 'k6';
import type { OdooSession } from '../../lib/odoo/index.ts';

/** The delivery's id; checks say whether each step answered as Odoo does. */
export function partlyPickedDelivery(odoo: OdooSession, context: Record<string, unknown>): number {
  const order = odoo.create(
    'sale.order',
    {
      partner_id: Number(__ENV.CUSTOMER),
      order_line: [[0, 0, { product_id: Number(__ENV.PRODUCT), product_uom_qty: 3 }]],
    },
    context,
  );
  check(order, { 'create answers one id': (r) => r.ok && typeof r.value === 'number' });
  if (!order.ok) return 0;
  odoo.callRecords('sale.order', 'action_confirm', [order.value], {}, context);
  const read = odoo.callRecords<{ picking_ids: number[] }[]>(
    'sale.order',
    'read',
    [order.value],
    { fields: ['picking_ids'] },
    context,
  );
  const picking = read.ok ? (read.value[0]?.picking_ids[0] ?? 0) : 0;
  const lines = odoo.callModel<{ id: number }[]>(
    'stock.move.line',
    'search_read',
    { domain: [['picking_id', '=', picking]], fields: ['id'] },
    context,
  );
  check(lines, { 'the delivery is reserved: one line': (r) => r.ok && r.value.length === 1 });
  const scanned = odoo.write(
    'stock.move.line',
    [lines.ok ? (lines.value[0]?.id ?? 0) : 0],
    { quantity: 1, picked: true },
    context,
  );
  check(scanned, { 'write takes ids and values positionally': (r) => r.ok && r.value === true });
  return picking;
}
