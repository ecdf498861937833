/**
 * What a real database can lack that the workloads need, checked over RPC before a run (by
 * `doctor`): modules, a chart of accounts and a warehouse per company, operators' e-mail addresses (a partial
 * validation posts a message in their name), stock_sms's question, and the server's worker mode.
 * Each check is one line: ok, a warning, or a failure that says what to fix.
 */
import type { NodeOdooClient } from './client.ts';

export type Status = 'ok' | 'warn' | 'fail';

export interface TargetCheck {
  status: Status;
  what: string;
  detail: string;
}

export const REQUIRED_MODULES = ['sale_stock', 'account', 'base_import'];

export async function checkModules(odoo: NodeOdooClient): Promise<TargetCheck> {
  const installed = (
    await odoo.callModel<{ name: string }[]>('ir.module.module', 'search_read', {
      domain: [
        ['state', '=', 'installed'],
        ['name', 'in', [...REQUIRED_MODULES, 'stock_barcode', 'stock_sms']],
      ],
      fields: ['name'],
    })
  ).map((module) => module.name);
  const missing = REQUIRED_MODULES.filter((module) => !installed.includes(module));
  if (missing.length)
    return { status: 'fail', what: 'modules', detail: `missing ${missing.join(', ')}` };
  const barcode = installed.includes('stock_barcode')
    ? ', and stock_barcode (Enterprise barcode app)'
    : '';
  return {
    status: 'ok',
    what: 'modules',
    detail: `${REQUIRED_MODULES.join(', ')} installed${barcode}`,
  };
}

/** Month-end close and invoicing need, per company, a general journal and expense/bank accounts. */
export async function checkAccounting(
  odoo: NodeOdooClient,
  companyIds: number[],
): Promise<TargetCheck[]> {
  const checks: TargetCheck[] = [];
  for (const companyId of companyIds) {
    const context = { allowed_company_ids: [companyId] };
    const journals = await odoo.callModel<{ type: string }[]>(
      'account.journal',
      'search_read',
      { domain: [['type', 'in', ['sale', 'general']]], fields: ['type'] },
      context,
    );
    const accounts = await odoo.callModel<number>(
      'account.account',
      'search_count',
      { domain: [['account_type', 'in', ['expense', 'asset_cash']]] },
      context,
    );
    const lacks = [
      ...(journals.some((journal) => journal.type === 'general') ? [] : ['a general journal']),
      ...(journals.some((journal) => journal.type === 'sale') ? [] : ['a sales journal']),
      ...(accounts > 0 ? [] : ['expense and bank accounts']),
    ];
    checks.push(
      lacks.length
        ? {
            status: 'fail',
            what: 'accounting',
            detail: `company ${companyId} has no chart of accounts (lacks ${lacks.join(', ')}): month-end close and invoicing cannot run there; install one or leave the company out`,
          }
        : {
            status: 'ok',
            what: 'accounting',
            detail: `company ${companyId} has journals and a chart of accounts`,
          },
    );
  }
  return checks;
}

/** Odoo refuses to confirm a goods order in a company without a warehouse (a RedirectWarning, 18+). */
export async function checkWarehouses(
  odoo: NodeOdooClient,
  companyIds: number[],
): Promise<TargetCheck[]> {
  const warehouses = await odoo.callModel<{ company_id: [number, string] }[]>(
    'stock.warehouse',
    'search_read',
    { domain: [['company_id', 'in', companyIds]], fields: ['company_id'] },
    { allowed_company_ids: companyIds },
  );
  const selling = new Set(warehouses.map((warehouse) => warehouse.company_id[0]));
  return companyIds.map((companyId) =>
    selling.has(companyId)
      ? { status: 'ok', what: 'warehouse', detail: `company ${companyId} has a warehouse` }
      : {
          status: 'warn',
          what: 'warehouse',
          detail: `company ${companyId} has no warehouse: Odoo refuses to confirm its orders; runs take their companies from those with one first`,
        },
  );
}

/** Scanner operators must exist, and have an e-mail: Odoo refuses a backorder's message without one. */
export async function checkOperators(
  odoo: NodeOdooClient,
  logins: string[],
): Promise<TargetCheck[]> {
  if (logins.length === 0) {
    return [
      {
        status: 'warn',
        what: 'operators',
        detail: 'ODOO_OPERATORS not set: every scanner logs in as ODOO_LOGIN',
      },
    ];
  }
  const users = await odoo.callModel<{ login: string; email: string | false }[]>(
    'res.users',
    'search_read',
    {
      domain: [['login', 'in', logins]],
      fields: ['login', 'email'],
    },
  );
  return logins.map((login): TargetCheck => {
    const user = users.find((candidate) => candidate.login === login);
    if (!user) return { status: 'fail', what: 'operators', detail: `${login} does not exist` };
    if (!user.email) {
      return {
        status: 'fail',
        what: 'operators',
        detail: `${login} has no email address: Odoo refuses a partial validation (its backorder message) without one`,
      };
    }
    return { status: 'ok', what: 'operators', detail: `${login} <${user.email}>` };
  });
}

/** stock_sms asks, once per company, before texting customers; the scenarios pass `skip_sms`. */
interface SmsSettings {
  id: number;
  has_received_warning_stock_sms: boolean;
  stock_move_sms_validation?: boolean;
  stock_text_confirmation?: boolean;
  stock_confirmation_type?: string | false;
}

export async function checkSms(
  odoo: NodeOdooClient,
  companyIds: number[],
): Promise<TargetCheck | undefined> {
  const installed = await odoo.callModel<number>('ir.module.module', 'search_count', {
    domain: [
      ['name', '=', 'stock_sms'],
      ['state', '=', 'installed'],
    ],
  });
  if (!installed) return undefined;
  // 19 asks when the company confirms deliveries by text, by SMS; before, a flag of its own.
  const fields = await odoo.callModel<Record<string, unknown>>('res.company', 'fields_get', {
    attributes: ['type'],
  });
  const flagged = 'stock_move_sms_validation' in fields;
  const companies = await odoo.callModel<SmsSettings[]>('res.company', 'search_read', {
    domain: [['id', 'in', companyIds]],
    fields: [
      'has_received_warning_stock_sms',
      ...(flagged
        ? ['stock_move_sms_validation']
        : ['stock_text_confirmation', 'stock_confirmation_type']),
    ],
  });
  const asks = (company: SmsSettings) =>
    flagged
      ? company.stock_move_sms_validation
      : company.stock_text_confirmation && company.stock_confirmation_type === 'sms';
  const asking = companies.filter(
    (company) => asks(company) && !company.has_received_warning_stock_sms,
  );
  if (asking.length === 0)
    return {
      status: 'ok',
      what: 'sms',
      detail: 'stock_sms will not ask before delivery validation',
    };
  return {
    status: 'warn',
    what: 'sms',
    detail: `stock_sms is configured to ask before texting customers in company ${asking.map((company) => company.id).join(', ')}; the scenarios send skip_sms, so no SMS is sent (and "don't send" is answered if asked)`,
  };
}

/**
 * Threaded Odoo serves /websocket on its HTTP port; prefork refuses it there (the gevent worker has
 * its own port). Anything else (a proxy, the emulator) says nothing either way.
 */
export async function checkWorkerMode(url: string): Promise<TargetCheck> {
  let mode: 'threaded' | 'prefork' | 'unknown' = 'unknown';
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/websocket`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
      signal: AbortSignal.timeout(5000),
    });
    if (response.status === 101) mode = 'threaded';
    else if (/evented port|Couldn't bind the websocket/i.test(await response.text()))
      mode = 'prefork';
  } catch {
    mode = 'unknown';
  }
  if (mode === 'threaded') {
    return {
      status: 'fail',
      what: 'workers',
      detail:
        'the server answers websockets on its HTTP port: threaded mode (--workers 0); a load test of it measures the wrong thing',
    };
  }
  return {
    status: 'ok',
    what: 'workers',
    detail: mode === 'prefork' ? 'prefork (--workers > 0)' : 'not detectable from outside',
  };
}
