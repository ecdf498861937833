/**
 * One login before any virtual user starts. Odoo throttles failed logins per IP (docs/odoo-protocol.md §1.1),
 * so a wrong password must stop the run here instead of failing in thousands of VUs; JSON-2 against
 * a server older than 19 is refused here too.
 */

import { CliError } from '../contract/exit-codes.ts';
import { type LoginInfo, NodeOdooClient, type NodeTarget } from '../node-odoo/client.ts';

export type PreflightResult = LoginInfo & {
  /** The login's companies without a warehouse: Odoo refuses to confirm their orders (18+). */
  withoutWarehouse: number[];
  /** The logged-in client, for what else is read before the load (the dataset, the baseline). */
  client: NodeOdooClient;
};

/**
 * `timeoutMs` is how long the login waits (a target that does not answer is said at once), and
 * `workTimeoutMs` how long each call of the client handed back waits, as long as Odoo's own
 * limit_time_real: a grow's batch on a busy real server took longer than 15 s.
 */
export async function preflight(
  target: NodeTarget,
  secret: string,
  timeoutMs = 15_000,
  workTimeoutMs = 120_000,
): Promise<PreflightResult> {
  try {
    const quick = new NodeOdooClient(target, secret, timeoutMs);
    const login = await quick.login();
    const client = quick.withTimeout(workTimeoutMs);
    return { ...login, ...(await sellingFirst(client, login.companyIds)), client };
  } catch (error) {
    if (error instanceof CliError)
      throw new CliError(`preflight: ${error.message}`, error.exitCode);
    throw error;
  }
}

/**
 * The login's companies, those with a warehouse first: a profile's first N companies are then ones
 * that can sell (Odoo refuses to confirm a goods order in a company without one). A server that will
 * not say (no stock module) keeps its order; setup says what is missing.
 */
async function sellingFirst(client: NodeOdooClient, companyIds: number[]) {
  const warehouses = await client
    .callModel<{ company_id: [number, string] }[]>(
      'stock.warehouse',
      'search_read',
      { domain: [['company_id', 'in', companyIds]], fields: ['company_id'] },
      { allowed_company_ids: companyIds },
    )
    .catch(() => undefined);
  if (!warehouses) return { companyIds, withoutWarehouse: [] };
  const selling = new Set(warehouses.map((warehouse) => warehouse.company_id[0]));
  const withoutWarehouse = companyIds.filter((id) => !selling.has(id));
  return {
    companyIds: [...companyIds.filter((id) => selling.has(id)), ...withoutWarehouse],
    withoutWarehouse,
  };
}

/** One line about the companies left for last, when there are any. */
export function warehouseNote(login: PreflightResult): string | undefined {
  const ids = login.withoutWarehouse;
  if (ids.length === 0) return undefined;
  return `preflight: compan${ids.length === 1 ? 'y' : 'ies'} ${ids.join(', ')} ha${ids.length === 1 ? 's' : 've'} no warehouse (Odoo refuses to confirm ${ids.length === 1 ? 'its' : 'their'} orders): the run takes its companies from those with one first`;
}
