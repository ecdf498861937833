/** What a target's database holds, counted over RPC in a handful of search_count calls (preflight). */
import type { DatasetCounts } from '../contract/index.ts';
import { versionFields } from '../contract/index.ts';
import type { NodeOdooClient } from './client.ts';

export async function countDataset(
  odoo: NodeOdooClient,
  version: number,
  companyIds: number[],
): Promise<DatasetCounts> {
  const context = { allowed_company_ids: companyIds, active_test: true };
  const count = (model: string, domain: unknown[]) =>
    odoo.callModel<number>(model, 'search_count', { domain }, context);
  const [companies, products, customers, orders, deliveries, invoices] = await Promise.all([
    count('res.company', []),
    count('product.product', versionFields(version).storable),
    count('res.partner', [['is_company', '=', true]]),
    count('sale.order', [['state', 'in', ['sale', 'done']]]),
    count('stock.picking', [
      ['picking_type_code', '=', 'outgoing'],
      ['state', '=', 'done'],
    ]),
    count('account.move', [
      ['move_type', '=', 'out_invoice'],
      ['state', '=', 'posted'],
    ]),
  ]);
  return { companies, products, customers, orders, deliveries, invoices };
}
