/**
 * Discovery in setup(): reads over RPC the ids a workload needs (customers, storable products,
 * journals, accounts), so the same scenario runs against the emulator and a real Odoo. Stops the
 * test with one line naming what is missing.
 */
import exec from 'k6/execution';
import { type OdooSession, type RpcResult, versionFields } from '../odoo/index.ts';

export interface CompanyData {
  id: number;
  customers: number[];
  products: number[];
}

export interface AccountingData {
  companyId: number;
  journals: { sale?: number; general?: number };
  accounts: { expense?: number; cash?: number; income?: number };
}

/** The value of a call, or the test stops with a line naming what could not be read. */
export function required<T>(result: RpcResult<T>, what: string): T {
  if (!result.ok) exec.test.abort(`setup: cannot read ${what}: ${result.error.message}`);
  return (result as { ok: true; value: T }).value;
}

/** Stops the test unless every module is installed on the target. */
export function requireModules(session: OdooSession, modules: string[]): void {
  const installed = required(
    session.callModel<{ name: string }[]>('ir.module.module', 'search_read', {
      domain: [
        ['state', '=', 'installed'],
        ['name', 'in', modules],
      ],
      fields: ['name'],
    }),
    'installed modules',
  ).map((module) => module.name);
  const missing = modules.filter((module) => !installed.includes(module));
  if (missing.length > 0)
    exec.test.abort(
      `setup: ${session.base} lacks the module(s) ${missing.join(', ')}; install them first`,
    );
}

export function companiesOf(session: OdooSession, planned: number[]): number[] {
  if (planned.length > 0) return planned;
  return session.companyIds.length > 0
    ? session.companyIds
    : [Number(session.context.allowed_company_ids?.[0])];
}

export function discoverCompanies(
  session: OdooSession,
  companyIds: number[],
  limit = 200,
): CompanyData[] {
  requireModules(session, ['sale_stock']);
  return companyIds.map((id) => {
    const context = { allowed_company_ids: [id] };
    const customers = required(
      session.callModel<number[]>(
        'res.partner',
        'search',
        {
          domain: [
            ['customer_rank', '>', 0],
            ['company_id', 'in', [id, false]],
          ],
          limit,
        },
        context,
      ),
      `customers of company ${id}`,
    );
    const products = required(
      session.callModel<number[]>(
        'product.product',
        'search',
        {
          domain: [['sale_ok', '=', true], ...versionFields(session.version).storable],
          limit,
          order: 'id',
        },
        context,
      ),
      `storable products of company ${id}`,
    );
    if (customers.length === 0)
      exec.test.abort(`setup: company ${id} has no customers (res.partner with customer_rank > 0)`);
    if (products.length === 0)
      exec.test.abort(`setup: company ${id} has no storable, saleable products`);
    return { id, customers, products };
  });
}

export function discoverAccounting(session: OdooSession, companyIds: number[]): AccountingData[] {
  requireModules(session, ['account']);
  return companyIds.map((companyId) => {
    const context = { allowed_company_ids: [companyId] };
    const journals = required(
      session.callModel<{ id: number; type: string }[]>(
        'account.journal',
        'search_read',
        { domain: [['type', 'in', ['sale', 'general']]], fields: ['type'], order: 'id' },
        context,
      ),
      `journals of company ${companyId}`,
    );
    const accounts = required(
      session.callModel<{ id: number; account_type: string }[]>(
        'account.account',
        'search_read',
        {
          domain: [['account_type', 'in', ['expense', 'asset_cash', 'income']]],
          fields: ['account_type'],
          order: 'code',
        },
        context,
      ),
      `accounts of company ${companyId}`,
    );
    const journal = (type: string) => journals.find((row) => row.type === type)?.id;
    const account = (type: string) => accounts.find((row) => row.account_type === type)?.id;
    const data = {
      companyId,
      journals: { sale: journal('sale'), general: journal('general') },
      accounts: {
        expense: account('expense'),
        cash: account('asset_cash'),
        income: account('income'),
      },
    };
    if (!data.journals.general || !data.accounts.expense || !data.accounts.cash) {
      exec.test.abort(
        `setup: company ${companyId} lacks a general journal or expense/bank accounts (install a chart of accounts)`,
      );
    }
    return data;
  });
}
