/**
 * Discovery in setup(): reads over RPC the ids a workload needs (customers, storable products,
 * journals, accounts), so the same scenario runs against the emulator and a real Odoo. Stops the
 * test with one line naming what is missing. Each company is read with `allowed_company_ids` set to
 * it alone, so Odoo's record rules do the company filtering (account.account has `company_id` in
 * 16/17 but `company_ids` from 18, so no domain names it).
 */
import exec from 'k6/execution';
import { type OdooSession, type RpcResult, versionFields } from '../odoo/index.ts';

export interface CompanyData {
  id: number;
  customers: number[];
  /** Storable, saleable products without lot or serial tracking (a scanner needs no lot). */
  products: number[];
  /** Those of `products` invoiced on ordered quantities: invoiceable right after confirmation. */
  invoicedOnOrder: number[];
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

interface ProductRow {
  id: number;
  invoice_policy: string | false;
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
      session.callModel<ProductRow[]>(
        'product.product',
        'search_read',
        {
          domain: [
            ['sale_ok', '=', true],
            ['tracking', '=', 'none'],
            ...versionFields(session.version).storable,
          ],
          fields: ['invoice_policy'],
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
      exec.test.abort(
        `setup: company ${id} has no storable, saleable products without lot/serial tracking`,
      );
    return {
      id,
      customers,
      products: products.map((product) => product.id),
      invoicedOnOrder: products
        .filter((product) => product.invoice_policy === 'order')
        .map((product) => product.id),
    };
  });
}

/**
 * The journals and accounts of each company. A company without a chart of accounts is left out
 * with a warning; the test stops only when no company has one.
 */
export function discoverAccounting(session: OdooSession, companyIds: number[]): AccountingData[] {
  requireModules(session, ['account']);
  const found = companyIds.map((companyId): AccountingData | undefined => {
    const context = { allowed_company_ids: [companyId] };
    const journals = required(
      session.callModel<{ id: number; type: string }[]>(
        'account.journal',
        'search_read',
        {
          domain: [['type', 'in', ['sale', 'general']]],
          fields: ['type'],
          order: 'id',
        },
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
      console.warn(
        `setup: company ${companyId} has no chart of accounts (no general journal or expense/bank accounts): left out of month-end close`,
      );
      return undefined;
    }
    return data;
  });
  const usable = found.filter((data): data is AccountingData => data !== undefined);
  if (usable.length === 0) {
    exec.test.abort(
      `setup: no company among ${companyIds.join(', ')} has a chart of accounts (a general journal and expense/bank accounts); install one first`,
    );
  }
  return usable;
}
