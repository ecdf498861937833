/**
 * A run gives back the stock its orders still hold once it is audited. On a real day pickers ship
 * what the orders reserve; a load run confirms orders far faster than its pickers could ship them,
 * and a database used for run after run drifts until every unit is reserved by deliveries nobody
 * will validate (seen on a real 17: "no quantities are reserved" at a picker's Validate). The run's
 * open deliveries are unreserved (do_unreserve), the orders stay confirmed for anyone to look at;
 * `cleanup --run` cancels them. `--keep-reservations` leaves everything as the load left it.
 */
import { type DatasetCounts, refPattern } from '../contract/index.ts';
import { NodeOdooClient, type NodeTarget } from '../node-odoo/client.ts';
import { countStockHeld, OPEN_DELIVERY_STATES } from '../node-odoo/dataset-counts.ts';

const BATCH = 100;

export interface Released {
  /** The run's open deliveries unreserved. */
  deliveries: number;
  /** What the database holds open and reserved afterwards, over the login's companies (as preflight counts). */
  held: Pick<DatasetCounts, 'openDeliveries' | 'reservedUnits'>;
}

/** Releases what the run's open deliveries hold (unless `keep`), then counts what the database holds. */
export async function releaseReservations(
  target: NodeTarget,
  secret: string,
  runId: string,
  /** The run's companies; none: every company of the login. */
  companyIds: number[] | undefined,
  log: (line: string) => void,
  keep = false,
): Promise<Released> {
  const odoo = new NodeOdooClient(target, secret);
  const login = await odoo.login();
  if (keep) return { deliveries: 0, held: await countStockHeld(odoo, login.companyIds) };
  const context = { allowed_company_ids: companyIds ?? login.companyIds };
  const orders = await odoo.callModel<{ picking_ids: number[] }[]>(
    'sale.order',
    'search_read',
    { domain: [['client_order_ref', '=like', refPattern(runId)]], fields: ['picking_ids'] },
    context,
  );
  const open = await odoo.callModel<number[]>(
    'stock.picking',
    'search',
    {
      domain: [
        ['id', 'in', orders.flatMap((order) => order.picking_ids)],
        ['state', 'in', OPEN_DELIVERY_STATES],
      ],
    },
    context,
  );
  for (let start = 0; start < open.length; start += BATCH)
    await odoo.callRecords(
      'stock.picking',
      'do_unreserve',
      open.slice(start, start + BATCH),
      {},
      context,
    );
  if (open.length)
    log(
      `released the stock ${open.length} open deliver${open.length === 1 ? 'y' : 'ies'} of the run held (orders stay confirmed; cleanup --run ${runId} cancels them)`,
    );
  return { deliveries: open.length, held: await countStockHeld(odoo, login.companyIds) };
}
