/** Creating and confirming sales orders, and reading how their stock was reserved (odoo-rpc.md §7.1). */
import { check } from 'k6';
import type { Range } from '../config.ts';
import { pick, randomInt } from '../data/index.ts';
import {
  orderConfirmDuration,
  orderLines,
  pickingsCreated,
  reservations,
  TAGS,
} from '../metrics/index.ts';
import type { OdooSession, RpcResult } from '../odoo/index.ts';

export type ReservationOutcome = 'assigned' | 'partial' | 'waiting';

export interface ConfirmedOrder {
  orderId: number;
  pickingIds: number[];
  outcome: ReservationOutcome;
}

/** One order: create with lines, confirm (timed), read back state and deliveries. Undefined when a step failed. */
export function createAndConfirmOrder(
  odoo: OdooSession,
  args: {
    companyId: number;
    customers: number[];
    products: number[];
    lines: Range;
    quantity: Range;
    ref: string;
    workload: string;
  },
  onConfirm?: (result: RpcResult<unknown>, ms: number) => void,
): ConfirmedOrder | undefined {
  const context = { allowed_company_ids: [args.companyId] };
  const lineCount = randomInt(args.lines.min, args.lines.max);
  const lines = Array.from({ length: lineCount }, () => [
    0,
    0,
    {
      product_id: pick(args.products),
      product_uom_qty: randomInt(args.quantity.min, args.quantity.max),
    },
  ]);
  const created = odoo.callModel<number>(
    'sale.order',
    'create',
    {
      vals_list: {
        partner_id: pick(args.customers),
        company_id: args.companyId,
        client_order_ref: args.ref,
        order_line: lines,
      },
    },
    context,
  );
  if (!check(created, { 'order created': (r) => r.ok && typeof r.value === 'number' }))
    return undefined;
  const orderId = (created as { ok: true; value: number }).value;
  orderLines.add(lineCount);

  const started = Date.now();
  const confirmed = odoo.callRecords<boolean>(
    'sale.order',
    'action_confirm',
    [orderId],
    {},
    context,
  );
  const ms = Date.now() - started;
  orderConfirmDuration.add(ms, {
    [TAGS.workload]: args.workload,
    [TAGS.company]: String(args.companyId),
  });
  onConfirm?.(confirmed, ms);
  if (!check(confirmed, { 'order confirmed': (r) => r.ok })) return undefined;

  const readBack = odoo.callRecords<{ state: string; picking_ids: number[] }[]>(
    'sale.order',
    'read',
    [orderId],
    { fields: ['state', 'picking_ids'] },
    context,
  );
  const order = readBack.ok ? readBack.value[0] : undefined;
  if (
    !check(order, {
      'order is in state sale': (o) => o?.state === 'sale',
      'order has a delivery': (o) => (o?.picking_ids.length ?? 0) > 0,
    })
  )
    return undefined;
  pickingsCreated.add(order!.picking_ids.length, { [TAGS.workload]: args.workload });
  const outcome = reservationOutcome(odoo, order!.picking_ids, context);
  if (outcome)
    reservations.add(1, {
      [TAGS.outcome]: outcome,
      [TAGS.workload]: args.workload,
      [TAGS.company]: String(args.companyId),
    });
  return { orderId, pickingIds: order!.picking_ids, outcome: outcome ?? 'waiting' };
}

/** assigned: every move reserved; partial: some; waiting: none. */
export function reservationOutcome(
  odoo: OdooSession,
  pickingIds: number[],
  context: Record<string, unknown>,
): ReservationOutcome | undefined {
  const moves = odoo.callModel<{ state: string }[]>(
    'stock.move',
    'search_read',
    { domain: [['picking_id', 'in', pickingIds]], fields: ['state'] },
    context,
  );
  if (!moves.ok) return undefined;
  const states = moves.value.map((move) => move.state);
  if (states.length > 0 && states.every((state) => state === 'assigned')) return 'assigned';
  return states.some((state) => state === 'assigned' || state === 'partially_available')
    ? 'partial'
    : 'waiting';
}
