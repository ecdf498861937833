/**
 * Discovery in setup(): reads over RPC the ids a scenario needs (customers, storable products,
 * companies), so the same scenario runs against the emulator and a real Odoo. Stops the test with
 * one line naming what is missing.
 */
import exec from 'k6/execution';
import type { OdooSession } from '../odoo/index.ts';

export interface CompanyData {
  id: number;
  customers: number[];
  products: number[];
}

function required<T>(result: { ok: true; value: T } | { ok: false; error: Error }, what: string): T {
  if (!result.ok) exec.test.abort(`setup: cannot read ${what}: ${result.error.message}`);
  return (result as { ok: true; value: T }).value;
}

/** Storable products: `type = 'product'` in 16/17, `is_storable` in 18+ (odoo-rpc.md §7.1). */
export const storableDomain = (version: number) =>
  version >= 18 ? [['is_storable', '=', true]] : [['type', '=', 'product']];

export function discoverCompanies(session: OdooSession, companyIds: number[], limit = 200): CompanyData[] {
  const modules = required(session.call<string[]>('ir.module.module', 'search_read', [[['state', '=', 'installed'], ['name', 'in', ['sale_stock']]]], { fields: ['name'] }), 'installed modules');
  if (modules.length === 0) exec.test.abort(`setup: the target ${session.base} lacks the sale_stock module (Sales + Inventory); install it first`);
  return companyIds.map((id) => {
    const context = { allowed_company_ids: [id] };
    const customers = required(
      session.call<number[]>('res.partner', 'search', [[['customer_rank', '>', 0], ['company_id', 'in', [id, false]]]], { limit }, context),
      `customers of company ${id}`,
    );
    const products = required(
      session.call<number[]>('product.product', 'search', [[['sale_ok', '=', true], ...storableDomain(session.version)]], { limit }, context),
      `storable products of company ${id}`,
    );
    if (customers.length === 0) exec.test.abort(`setup: company ${id} has no customers (res.partner with customer_rank > 0)`);
    if (products.length === 0) exec.test.abort(`setup: company ${id} has no storable, saleable products`);
    return { id, customers, products };
  });
}
