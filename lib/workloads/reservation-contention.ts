/**
 * Reservation contention (docs/domain.md workload 4): many VUs confirm orders for the same few "hot"
 * products, and re-run `action_assign` on deliveries still waiting, so their transactions fight over
 * the same quant rows. Conflicts that Odoo's retries could not absorb reach the client and are
 * counted by class; the outcome of every reservation is counted too.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { REF_CODES } from '../../contract/index.ts';
import { type RunPlan, settingsOf } from '../config.ts';
import { companiesOf, discoverCompanies, required } from '../data/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import type { OdooSession, RpcResult } from '../odoo/index.ts';
import { type PeopleData, personSession } from '../people/index.ts';
import { createAndConfirmOrder, reservationOutcome } from './orders.ts';
import { unitDone, unitFailed } from './outcome.ts';
import { runRef } from './run-ref.ts';

export interface ReservationContentionData {
  companyId: number;
  customers: number[];
  hotProducts: number[];
}

/**
 * The hot items are the storable products with the most stock: a promotion everybody orders at once.
 * They contend for the same quant rows without running dry, so conflicts measure locking, not shortage.
 */
export function setupReservationContention(
  session: OdooSession,
  plan: RunPlan,
): ReservationContentionData {
  const settings = settingsOf(plan, 'reservationContention');
  const [company] = discoverCompanies(session, companiesOf(session, plan.companies).slice(0, 1));
  const context = { allowed_company_ids: [company!.id] };
  const stocked = required(
    session.callModel<{ product_id: [number, string] }[]>(
      'stock.quant',
      'read_group',
      {
        domain: [
          ['location_id.usage', '=', 'internal'],
          ['product_id', 'in', company!.products],
        ],
        fields: ['quantity:sum'],
        groupby: ['product_id'],
        orderby: 'quantity desc',
        limit: settings.hotProducts,
        lazy: true,
      },
      context,
    ),
    'stock levels',
  );
  if (stocked.length === 0)
    exec.test.abort(
      `setup: company ${company!.id} has no storable product in stock to compete for`,
    );
  return {
    companyId: company!.id,
    customers: company!.customers,
    hotProducts: stocked.map((group) => group.product_id[0]),
  };
}

/** Counts a conflict that survived Odoo's retries (docs/odoo-protocol.md §5.2). */
function countConflict(result: RpcResult<unknown>): void {
  const conflict = !result.ok && result.error.kind === 'concurrency';
  // A zero on every other call keeps the series alive on dashboards when nothing conflicted.
  metrics.conflicts.add(conflict ? 1 : 0, {
    [TAGS.errorName]: conflict ? result.error.faultName : 'none',
  });
}

export function runReservationContention(
  data: ReservationContentionData,
  plan: RunPlan,
  people: PeopleData,
): void {
  const settings = settingsOf(plan, 'reservationContention');
  const odoo = personSession(plan, people, 'integration');
  if (!odoo) return void unitFailed('the run has no integration user session');
  const attempt = createAndConfirmOrder(
    odoo,
    {
      companyId: data.companyId,
      customers: data.customers,
      products: data.hotProducts,
      lines: { min: 1, max: data.hotProducts.length },
      quantity: settings.quantityPerOrder,
      ref: runRef(plan, REF_CODES.reservationContention),
      workload: 'reservation_contention',
    },
    (result, ms) => {
      metrics.reservationDuration.add(ms, { [TAGS.method]: 'action_confirm' });
      countConflict(result);
    },
  );
  if (!attempt.ok) return void unitFailed(attempt.error);
  unitDone();
  const order = attempt.order;
  if (order.outcome === 'assigned' || order.pickingIds.length === 0) return;
  // Still short: ask again, as a planner pressing "Check Availability" would.
  const context = { allowed_company_ids: [data.companyId] };
  const started = Date.now();
  const assigned = odoo.callRecords<boolean>(
    'stock.picking',
    'action_assign',
    order.pickingIds,
    {},
    context,
  );
  metrics.reservationDuration.add(Date.now() - started, { [TAGS.method]: 'action_assign' });
  countConflict(assigned);
  if (!check(assigned, { 'availability checked': (r) => r.ok })) return;
  const outcome = reservationOutcome(odoo, order.pickingIds, context);
  if (outcome)
    metrics.reservations.add(1, {
      [TAGS.outcome]: outcome,
      [TAGS.workload]: 'reservation_contention_recheck',
    });
}
