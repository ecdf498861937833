/** What a target's database holds, counted over RPC in a handful of calls (preflight). */
import type { DatasetCounts } from '../contract/index.ts';
import { versionFields } from '../contract/index.ts';
import type { NodeOdooClient } from './client.ts';

/** A delivery that still waits for, or holds, stock. */
export const OPEN_DELIVERY_STATES = ['waiting', 'confirmed', 'partially_available', 'assigned'];

/** Open outgoing deliveries and the units reserved at internal locations: what runs can leave behind. */
export async function countStockHeld(
  odoo: NodeOdooClient,
  companyIds: number[],
): Promise<Pick<DatasetCounts, 'openDeliveries' | 'reservedUnits'>> {
  const context = { allowed_company_ids: companyIds };
  const [openDeliveries, reserved] = await Promise.all([
    odoo.callModel<number>(
      'stock.picking',
      'search_count',
      {
        domain: [
          ['picking_type_code', '=', 'outgoing'],
          ['state', 'in', OPEN_DELIVERY_STATES],
        ],
      },
      context,
    ),
    odoo.callModel<{ reserved_quantity: number }[]>(
      'stock.quant',
      'search_read',
      {
        domain: [
          ['location_id.usage', '=', 'internal'],
          ['reserved_quantity', '>', 0],
        ],
        fields: ['reserved_quantity'],
      },
      context,
    ),
  ]);
  const reservedUnits = reserved.reduce((sum, quant) => sum + quant.reserved_quantity, 0);
  return { openDeliveries, reservedUnits };
}

export async function countDataset(
  odoo: NodeOdooClient,
  version: number,
  companyIds: number[],
): Promise<DatasetCounts> {
  const context = { allowed_company_ids: companyIds, active_test: true };
  const count = (model: string, domain: unknown[]) =>
    odoo.callModel<number>(model, 'search_count', { domain }, context);
  const [companies, products, customers, orders, deliveries, invoices, held] = await Promise.all([
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
    countStockHeld(odoo, companyIds),
  ]);
  return { companies, products, customers, orders, deliveries, invoices, ...held };
}
