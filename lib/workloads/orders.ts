/** Creating and confirming sales orders, and reading how their stock was reserved (docs/odoo-protocol.md §7.1). */
import { check } from 'k6';
import type { ReservationOutcome } from '../../contract/index.ts';
import type { Range } from '../config.ts';
import { pick, randomInt } from '../data/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import type { OdooRpcError, OdooSession, RpcResult } from '../odoo/index.ts';

export interface ConfirmedOrder {
  orderId: number;
  pickingIds: number[];
  /** Products on the order's lines. */
  productIds: number[];
  outcome: ReservationOutcome;
}

export type OrderAttempt = { ok: true; order: ConfirmedOrder } | { ok: false; error: OdooRpcError };

export interface OrderArgs {
  companyId: number;
  customers: number[];
  products: number[];
  lines: Range;
  quantity: Range;
  ref: string;
  workload: string;
}

const failed = (result: RpcResult<unknown>): OrderAttempt => ({
  ok: false,
  error: (result as { error: OdooRpcError }).error,
});

/** One order: create with lines, confirm (timed), read back state and deliveries. */
export function createAndConfirmOrder(
  odoo: OdooSession,
  args: OrderArgs,
  onConfirm?: (result: RpcResult<unknown>, ms: number) => void,
): OrderAttempt {
  const context = { allowed_company_ids: [args.companyId] };
  const lineCount = randomInt(args.lines.min, args.lines.max);
  const productIds = Array.from({ length: lineCount }, () => pick(args.products));
  const lines = productIds.map((productId) => [
    0,
    0,
    { product_id: productId, product_uom_qty: randomInt(args.quantity.min, args.quantity.max) },
  ]);
  const vals = {
    partner_id: pick(args.customers),
    company_id: args.companyId,
    client_order_ref: args.ref,
    order_line: lines,
  };
  const created = odoo.create('sale.order', vals, context);
  if (!check(created, { 'order created': (r) => r.ok && typeof r.value === 'number' })) {
    return failed(created);
  }
  const orderId = (created as { ok: true; value: number }).value;
  metrics.orderLines.add(lineCount);

  const started = Date.now();
  const confirmed = odoo.callRecords<boolean>(
    'sale.order',
    'action_confirm',
    [orderId],
    {},
    context,
  );
  const ms = Date.now() - started;
  const tags = { [TAGS.workload]: args.workload, [TAGS.company]: String(args.companyId) };
  metrics.orderConfirmDuration.add(ms, tags);
  onConfirm?.(confirmed, ms);
  if (!check(confirmed, { 'order confirmed': (r) => r.ok })) return failed(confirmed);

  const readBack = odoo.callRecords<{ state: string; picking_ids: number[] }[]>(
    'sale.order',
    'read',
    [orderId],
    { fields: ['state', 'picking_ids'] },
    context,
  );
  const order = readBack.ok ? readBack.value[0] : undefined;
  const checked = check(order, {
    'order is in state sale': (o) => o?.state === 'sale',
    'order has a delivery': (o) => (o?.picking_ids.length ?? 0) > 0,
  });
  // The confirmation committed; a failed read-back does not undo it.
  const pickingIds = checked ? order!.picking_ids : [];
  metrics.pickingsCreated.add(pickingIds.length, { [TAGS.workload]: args.workload });
  const outcome = checked ? reservationOutcome(odoo, pickingIds, context) : undefined;
  if (outcome) metrics.reservations.add(1, { ...tags, [TAGS.outcome]: outcome });
  return { ok: true, order: { orderId, pickingIds, productIds, outcome: outcome ?? 'waiting' } };
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
