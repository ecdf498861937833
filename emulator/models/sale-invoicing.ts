/**
 * sale's invoicing wizard (addons/sale/wizard/sale_make_invoice_advance.py): "Create invoice" on
 * confirmed orders, a regular invoice of what each order has to invoice by its products' policy.
 */
import { userError } from '../errors.ts';
import type { Env, ModelDef, Vals } from '../orm/model.ts';
import { journalFor, syncMove } from './account.ts';

/** sale's `_nothing_to_invoice_error_message`, word for word (test/fixtures/real-odoo-17/transcript.json). */
const NOTHING_TO_INVOICE =
  'Cannot create an invoice. No items are available to invoice.\n\n' +
  'To resolve this issue, please ensure that:\n' +
  '   \u2022 The products have been delivered before attempting to invoice them.\n' +
  '   \u2022 The invoicing policy of the product is configured correctly.\n\n' +
  'If you want to invoice based on ordered quantities instead:\n' +
  "   \u2022 For consumable or storable products, open the product, go to the 'General Information' tab and change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n" +
  "   \u2022 For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n";

/** `sale.advance.payment.inv.create_invoices` ("regular invoice"): one invoice per order, ordered quantities. */
async function createInvoices(env: Env, wizardIds: number[]): Promise<Vals> {
  const { rows: orders } = await env.db.query<{
    id: number;
    name: string;
    partner_id: number;
    company_id: number;
  }>(
    `SELECT o.id, o.name, o.partner_id, o.company_id FROM sale_order o
       JOIN sale_advance_payment_inv_sale_order_rel r ON r.sale_order_id = o.id WHERE r.sale_advance_payment_inv_id = ANY($1) ORDER BY o.id`,
    [wizardIds],
  );
  const invoiceIds: number[] = [];
  for (const order of orders) {
    const { rows: lines } = await env.db.query<{
      id: number;
      product_id: number;
      name: string;
      quantity: number;
      price_unit: number;
    }>(
      // qty_to_invoice follows the product's policy: ordered quantities, or what was delivered.
      `SELECT * FROM (
         SELECT l.id, l.product_id, l.name, l.price_unit,
                CASE WHEN p.invoice_policy = 'delivery' THEN l.qty_delivered ELSE l.product_uom_qty END - l.qty_invoiced AS quantity
           FROM sale_order_line l JOIN product_product p ON p.id = l.product_id WHERE l.order_id = $1
       ) invoiceable WHERE quantity > 0 ORDER BY id`,
      [order.id],
    );
    if (lines.length === 0) continue;
    const journalId = await journalFor(env, 'out_invoice', order.company_id);
    const { rows } = await env.db.query<{ id: number }>(
      `INSERT INTO account_move (move_type, journal_id, partner_id, company_id, invoice_origin) VALUES ('out_invoice', $1, $2, $3, $4) RETURNING id`,
      [journalId, order.partner_id, order.company_id, order.name],
    );
    const invoiceId = rows[0]!.id;
    for (const line of lines) {
      await env.db.query(
        `INSERT INTO account_move_line (move_id, product_id, name, quantity, price_unit, display_type, sale_line_id) VALUES ($1, $2, $3, $4, $5, 'product', $6)`,
        [invoiceId, line.product_id, line.name, line.quantity, line.price_unit, line.id],
      );
      await env.db.query(
        'UPDATE sale_order_line SET qty_invoiced = qty_invoiced + $2 WHERE id = $1',
        [line.id, line.quantity],
      );
    }
    await syncMove(env, invoiceId);
    invoiceIds.push(invoiceId);
  }
  if (invoiceIds.length === 0) throw userError(NOTHING_TO_INVOICE);
  return {
    name: 'Customer Invoices',
    type: 'ir.actions.act_window',
    res_model: 'account.move',
    view_mode: 'form',
    views: [[false, 'form']],
    ...(invoiceIds.length === 1
      ? { res_id: invoiceIds[0] }
      : { domain: [['id', 'in', invoiceIds]] }),
    context: { default_move_type: 'out_invoice' },
  };
}

export const saleInvoicingModels: ModelDef[] = [
  {
    name: 'sale.advance.payment.inv',
    description: 'Sales Advance Payment Invoice',
    table: 'sale_advance_payment_inv',
    order: 'id',
    displayName: () => `'Create invoices'`,
    fields: {
      advance_payment_method: { type: 'selection', default: () => 'delivered' },
      sale_order_ids: {
        type: 'many2many',
        relation: 'sale.order',
        relTable: 'sale_advance_payment_inv_sale_order_rel',
        relColumn: 'sale_advance_payment_inv_id',
        relOtherColumn: 'sale_order_id',
      },
    },
    methods: {
      create_invoices: { kind: 'record', run: (env, call) => createInvoices(env, call.ids) },
    },
  },
];
