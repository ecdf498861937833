/**
 * Peak order confirmation (docs/domain.md workload 1): sales orders with several lines created and
 * confirmed across companies; a share of them invoiced and posted, as the product's invoicing
 * policy allows: ordered-quantity products right away, delivered-quantity ones only once shipped,
 * so an order of delivered-quantity products has nothing to invoice yet (its own outcome).
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { INVOICE_OUTCOMES, REF_CODES } from '../../contract/index.ts';
import { type RunPlan, settingsOf } from '../config.ts';
import { type CompanyData, companiesOf, discoverCompanies, required } from '../data/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import type { OdooSession, RpcResult } from '../odoo/index.ts';
import { type PeopleData, personSession } from '../people/index.ts';
import { type ConfirmedOrder, createAndConfirmOrder } from './orders.ts';
import { unitDone, unitFailed } from './outcome.ts';
import { runRef } from './run-ref.ts';

export interface OrderConfirmationData {
  companies: (CompanyData & { invoiceable: boolean })[];
}

export function setupOrderConfirmation(session: OdooSession, plan: RunPlan): OrderConfirmationData {
  const settings = settingsOf(plan, 'orderConfirmation');
  const companies = discoverCompanies(session, companiesOf(session, plan.companies));
  return {
    companies: companies.map((company) => {
      // A company without a sales journal (no chart of accounts) cannot invoice: say so once.
      const journals =
        settings.invoiceShare > 0
          ? required(
              session.callModel<number>(
                'account.journal',
                'search_count',
                { domain: [['type', '=', 'sale']] },
                { allowed_company_ids: [company.id] },
              ),
              `sales journals of company ${company.id}`,
            )
          : 0;
      if (settings.invoiceShare > 0 && journals === 0) {
        console.warn(
          `setup: company ${company.id} has no sales journal: its orders are confirmed but not invoiced`,
        );
      }
      return { ...company, invoiceable: journals > 0 };
    }),
  };
}

export function runOrderConfirmation(
  data: OrderConfirmationData,
  plan: RunPlan,
  people: PeopleData,
): void {
  const settings = settingsOf(plan, 'orderConfirmation');
  const odoo = personSession(plan, people, 'integration');
  if (!odoo) return void unitFailed('the run has no integration user session');
  const company = data.companies[exec.scenario.iterationInTest % data.companies.length]!;
  const attempt = createAndConfirmOrder(odoo, {
    companyId: company.id,
    customers: company.customers,
    products: company.products,
    lines: settings.linesPerOrder,
    quantity: settings.quantityPerLine,
    // The run id in client_order_ref lets the audit and cleanup find exactly this run's orders.
    ref: runRef(plan, REF_CODES.orderConfirmation),
    workload: 'order_confirmation',
  });
  if (!attempt.ok) return void unitFailed(attempt.error);
  metrics.ordersConfirmed.add(1);
  unitDone();
  if (company.invoiceable && Math.random() < settings.invoiceShare)
    invoiceOrder(odoo, attempt.order, company);
}

const noteInvoice = (outcome: string) => metrics.invoices.add(1, { [TAGS.outcome]: outcome });

/** Odoo's answer when no line can be invoiced yet (sale/wizard/sale_make_invoice_advance.py). */
const NOTHING_TO_INVOICE = /No items are available to invoice|no invoiceable line/i;

/** The "Create invoice" button: sale.advance.payment.inv, then post the invoice (docs/odoo-protocol.md §7.1, §7.4). */
function invoiceOrder(odoo: OdooSession, order: ConfirmedOrder, company: CompanyData): void {
  // Delivered-quantity products are invoiceable only after shipping: nothing to ask Odoo for yet.
  if (!order.productIds.some((id) => company.invoicedOnOrder.includes(id))) {
    return void noteInvoice(INVOICE_OUTCOMES.nothingToInvoice);
  }
  const orderId = order.orderId;
  const context = {
    allowed_company_ids: [company.id],
    active_model: 'sale.order',
    active_ids: [orderId],
    active_id: orderId,
  };
  const vals = { advance_payment_method: 'delivered', sale_order_ids: [[6, 0, [orderId]]] };
  const wizard = odoo.create('sale.advance.payment.inv', vals, context);
  if (!wizard.ok) return void noteInvoiceFailure(wizard);
  const action = odoo.callRecords<{ res_id?: number }>(
    'sale.advance.payment.inv',
    'create_invoices',
    [wizard.value],
    {},
    context,
  );
  if (!action.ok) return void noteInvoiceFailure(action);
  const invoiceId = action.value?.res_id;
  if (!check(invoiceId, { 'invoice created': (id) => typeof id === 'number' })) {
    return void noteInvoice(INVOICE_OUTCOMES.failed);
  }
  const posted = odoo.callRecords(
    'account.move',
    'action_post',
    [invoiceId!],
    {},
    {
      allowed_company_ids: [company.id],
    },
  );
  if (check(posted, { 'invoice posted': (r) => r.ok })) noteInvoice(INVOICE_OUTCOMES.posted);
  else noteInvoiceFailure(posted);
}

function noteInvoiceFailure(result: RpcResult<unknown>): void {
  if (result.ok) return;
  if (result.error.inDoubt) return void noteInvoice(INVOICE_OUTCOMES.inDoubt);
  const nothing =
    result.error.kind === 'validation' && NOTHING_TO_INVOICE.test(result.error.message);
  noteInvoice(nothing ? INVOICE_OUTCOMES.nothingToInvoice : INVOICE_OUTCOMES.failed);
}
