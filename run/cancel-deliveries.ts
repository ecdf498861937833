/**
 * Once audited, a run cancels the deliveries its orders left open. On a real day pickers ship what
 * the orders reserve; a load run confirms orders far faster than its pickers could ship them, and a
 * database used for run after run drifts until every unit is reserved by deliveries nobody will
 * validate (seen on a real 17: "no quantities are reserved" at a picker's Validate). Unreserving
 * them gave the stock back but left the open deliveries growing by one run's orders per run (+122
 * a smoke on a real 18, ten smokes +1,220): `action_cancel` gives the stock back and closes them,
 * so the next run starts on the database this one found. The orders stay confirmed for anyone to
 * look at; `cleanup --run` cancels them too. `--keep-reservations` leaves everything as the load left it.
 */
import { type DatasetCounts, refPattern } from '../contract/index.ts';
import { NodeOdooClient, type NodeTarget } from '../node-odoo/client.ts';
import { countStockHeld, OPEN_DELIVERY_STATES } from '../node-odoo/dataset-counts.ts';

const BATCH = 100;

export interface Cancelled {
  /** The run's open deliveries cancelled. */
  deliveries: number;
  /** What the database holds open and reserved afterwards, over the login's companies (as preflight counts). */
  held: Pick<DatasetCounts, 'openDeliveries' | 'reservedUnits'>;
}

/** Cancels the run's open deliveries (unless `keep`), then counts what the database holds. */
export async function cancelRunDeliveries(
  target: NodeTarget,
  secret: string,
  runId: string,
  /** The run's companies; none: every company of the login. */
  companyIds: number[] | undefined,
  log: (line: string) => void,
  keep = false,
): Promise<Cancelled> {
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
      'action_cancel',
      open.slice(start, start + BATCH),
      {},
      context,
    );
  if (open.length)
    log(
      `cancelled the ${open.length} deliver${open.length === 1 ? 'y' : 'ies'} the run left open, their stock given back (orders stay confirmed; cleanup --run ${runId} cancels them)`,
    );
  return { deliveries: open.length, held: await countStockHeld(odoo, login.companyIds) };
}
