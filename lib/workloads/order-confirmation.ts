/**
 * Peak order confirmation (DOMAIN.md workload 1): sales orders with several lines created and
 * confirmed across companies; a share of them invoiced and posted.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { type RunPlan, WORKLOAD_DEFAULTS } from '../config.ts';
import { type CompanyData, companiesOf, discoverCompanies } from '../data/index.ts';
import { invoicesPosted, ordersConfirmed } from '../metrics/index.ts';
import type { OdooSession } from '../odoo/index.ts';
import { createAndConfirmOrder } from './orders.ts';
import { mainSession, REF_CODES, runRef } from './sessions.ts';

export interface OrderConfirmationData {
  companies: CompanyData[];
}

export function setupOrderConfirmation(session: OdooSession, plan: RunPlan): OrderConfirmationData {
  return { companies: discoverCompanies(session, companiesOf(session, plan.companies)) };
}

export function runOrderConfirmation(data: OrderConfirmationData, plan: RunPlan): void {
  const settings = plan.workloads.orderConfirmation ?? WORKLOAD_DEFAULTS.orderConfirmation;
  const odoo = mainSession(plan);
  if (!odoo) return;
  const company = data.companies[exec.scenario.iterationInTest % data.companies.length]!;
  const order = createAndConfirmOrder(odoo, {
    companyId: company.id,
    customers: company.customers,
    products: company.products,
    lines: settings.linesPerOrder,
    quantity: { min: 1, max: 5 },
    // The run id in client_order_ref lets the audit and cleanup find exactly this run's orders.
    ref: runRef(plan, REF_CODES.orderConfirmation),
    workload: 'order_confirmation',
  });
  if (!order) return;
  ordersConfirmed.add(1);
  if (Math.random() < settings.invoiceShare) invoiceOrder(odoo, order.orderId, company.id);
}

/** The "Create invoice" button: sale.advance.payment.inv, then post the invoice (odoo-rpc.md §7.1, §7.4). */
function invoiceOrder(odoo: OdooSession, orderId: number, companyId: number): void {
  const context = {
    allowed_company_ids: [companyId],
    active_model: 'sale.order',
    active_ids: [orderId],
    active_id: orderId,
  };
  const wizard = odoo.callModel<number>(
    'sale.advance.payment.inv',
    'create',
    { vals_list: { advance_payment_method: 'delivered', sale_order_ids: [[6, 0, [orderId]]] } },
    context,
  );
  if (!wizard.ok) return;
  const action = odoo.callRecords<{ res_id?: number }>(
    'sale.advance.payment.inv',
    'create_invoices',
    [wizard.value],
    {},
    context,
  );
  const invoiceId = action.ok ? action.value?.res_id : undefined;
  if (!check(invoiceId, { 'invoice created': (id) => typeof id === 'number' })) return;
  const posted = odoo.callRecords(
    'account.move',
    'action_post',
    [invoiceId!],
    {},
    { allowed_company_ids: [companyId] },
  );
  if (check(posted, { 'invoice posted': (r) => r.ok })) invoicesPosted.add(1);
}
