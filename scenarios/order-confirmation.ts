/**
 * Peak order confirmation (DOMAIN.md workload 1): create a sales order with a few lines, confirm it
 * (procurement creates the delivery and reserves stock), read back its state and picking.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { discoverCompanies, pick, randomInt, type CompanyData } from '../lib/data/index.ts';
import { loadPlan, password } from '../lib/config.ts';
import { orderConfirmDuration, orderLines, ordersConfirmed } from '../lib/metrics/index.ts';
import { OdooSession } from '../lib/odoo/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface SetupData {
  companies: CompanyData[];
}

export function setup(): SetupData {
  const session = new OdooSession(plan.target);
  const login = session.authenticate(plan.target.login, password());
  if (!login.ok) exec.test.abort(`setup: login ${plan.target.login} at ${plan.target.url} failed: ${login.error.message}`);
  const info = (login as { ok: true; value: { user_companies?: { allowed_companies: Record<string, { id: number }> } } }).value;
  const allowed = Object.values(info.user_companies?.allowed_companies ?? {}).map((company) => company.id);
  const companyIds = plan.companies.length > 0 ? plan.companies : allowed.length > 0 ? allowed : [Number(session.context.allowed_company_ids?.[0])];
  return { companies: discoverCompanies(session, companyIds) };
}

// One session per VU, opened on its first iteration and kept in the VU's cookie jar.
let session: OdooSession | undefined;

function vuSession(): OdooSession | undefined {
  if (session) return session;
  const candidate = new OdooSession(plan.target);
  const login = candidate.authenticate(plan.target.login, password());
  check(login, { 'login succeeded': (result) => result.ok });
  if (!login.ok) return undefined;
  session = candidate;
  return session;
}

export default function orderConfirmation(data: SetupData): void {
  const odoo = vuSession();
  if (!odoo) return;
  const company = data.companies[exec.scenario.iterationInTest % data.companies.length]!;
  const context = { allowed_company_ids: [company.id] };
  const sizes = plan.workloads.orderConfirmation?.linesPerOrder ?? { min: 1, max: 3 };
  const lineCount = randomInt(sizes.min, sizes.max);
  const lines = Array.from({ length: lineCount }, () => [0, 0, { product_id: pick(company.products), product_uom_qty: randomInt(1, 5) }]);
  // The run id in client_order_ref lets the audit and cleanup find exactly this run's orders.
  const created = odoo.call<number>(
    'sale.order',
    'create',
    [{ partner_id: pick(company.customers), company_id: company.id, client_order_ref: `${plan.runId}/${exec.vu.idInTest}/${exec.vu.iterationInInstance}`, order_line: lines }],
    {},
    context,
  );
  if (!check(created, { 'order created': (result) => result.ok && typeof result.value === 'number' })) return;
  const orderId = (created as { ok: true; value: number }).value;
  orderLines.add(lineCount);

  const started = Date.now();
  const confirmed = odoo.call<boolean>('sale.order', 'action_confirm', [[orderId]], {}, context);
  orderConfirmDuration.add(Date.now() - started);
  if (!check(confirmed, { 'order confirmed': (result) => result.ok })) return;

  const readBack = odoo.call<{ state: string; picking_ids: number[] }[]>('sale.order', 'read', [[orderId], ['name', 'state', 'picking_ids']], {}, context);
  const order = readBack.ok ? readBack.value[0] : undefined;
  const ok = check(order, {
    'order is in state sale': (value) => value?.state === 'sale',
    'order has a delivery': (value) => (value?.picking_ids.length ?? 0) > 0,
  });
  if (ok) ordersConfirmed.add(1);
}
