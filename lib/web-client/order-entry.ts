/**
 * A sales rep keys an order in the web client (test/fixtures/web-client, flow 2): Sales opens on
 * the quotations list, New, the customer picked by name, each line's product picked by name and its
 * quantity typed, Save, Confirm. The calls, their order and their bodies are the recorded client's
 * (42 calls on 17, 43 on 18 for 3 lines; 18's autocomplete_by_name is left out: it calls an outside
 * service).
 */
import type { WebClient } from './client.ts';
import { afterButton, type Form, newForm } from './records.ts';
import { StepClock } from './step-clock.ts';
import { fillContext, unitOf, type Values } from './values.ts';

export interface Pickable {
  id: number;
  /** What the person types to find it (the name without its code). */
  name: string;
}

export interface OrderEntryInput {
  /** Window action ids of the Quotations menu, as setup() resolved them. */
  quotationsAction: number;
  customer: Pickable;
  /** Product templates with the variant the line gets, one per line. */
  lines: { template: Pickable; quantity: number }[];
  /** The company's currency (19 reads its rate when the list opens). */
  currencyId?: number;
  /** Typed into Customer Reference, so the audit and cleanup find the order (the field has no onchange). */
  ref: string;
  /** Called between two actions of the person (think time). */
  think: () => void;
}

export interface OrderEntryResult {
  orderId: number;
  /** Milliseconds of each step the person waits for. */
  timings: { open: number; save: number; confirm: number };
}

/** Customers the partner field offers (its domain in the order form). */
const customerDomain = (companyId: number) => [
  '|',
  ['company_id', '=', false],
  ['company_id', 'parent_of', [companyId]],
];
const CUSTOMER_CONTEXT = { res_partner_search_mode: 'customer', show_address: 1, show_vat: true };
/** 16's product fields' context (its sale order line view), `$` keys filled from the line. */
const LEGACY_PRODUCT_CONTEXT = {
  partner_id: '$partner_id',
  quantity: '$quantity',
  pricelist: '$pricelist',
  uom: '$uom',
  company_id: '$company_id',
  default_list_price: '$default_list_price',
  default_description_sale: '$default_description_sale',
};

export function enterOrder(web: WebClient, input: OrderEntryInput): OrderEntryResult {
  const clock = new StepClock(input.think);
  const opening = clock.start();
  const action = web.loadAction(input.quotationsAction);
  web.openAction(action);
  web.webSearchRead('sale.order', 'orderEntry', [['user_id', '=', web.user.uid]]);
  web.listOpened();
  web.currencyRate(input.currencyId);
  web.onboarding('sale_quotation');
  clock.think();

  const order = newForm(web, 'sale.order', 'orderEntry', {});
  order.open();
  if (web.dialect.colorPicker)
    web.must(
      web.callKw('ir.ui.view', 'render_public_asset', ['web_editor.colorpicker', {}], {
        context: web.userContext(),
      }),
    );
  const open = opening();
  clock.think();

  const domain = customerDomain(web.companyId());
  web.searchAndPick(
    'res.partner',
    'orderEntry',
    web.dialect.searchTypedPartner ? input.customer.name : '',
    domain,
    CUSTOMER_CONTEXT,
    () => order.set('partner_id', input.customer.id, CUSTOMER_CONTEXT),
  );
  order.values.client_order_ref = input.ref;
  clock.think();

  for (const entry of input.lines) {
    addLine(web, order, entry);
    clock.think();
  }

  const saving = Date.now();
  const orderId = order.save();
  const save = Date.now() - saving;
  const newest = web.openThread('sale.order', orderId);
  clock.think();

  const confirming = Date.now();
  web.button(
    'sale.order',
    'action_confirm',
    [orderId],
    web.userContext({ validate_analytic: true }),
  );
  afterButton(web, 'sale.order', 'orderEntry', orderId, newest);
  return { orderId, timings: { open, save, confirm: Date.now() - confirming } };
}

/** One line: a new row, the product found by name, picked, its quantity typed. */
function addLine(web: WebClient, order: Form, entry: OrderEntryInput['lines'][number]) {
  const line = order.addLine('order_line', 'sale.order.line', 'order_id');
  // 16's product field evaluates its context from the line (no specification to carry it).
  const lineSpec =
    web.dialect.forms === 'legacy'
      ? {
          product_template_id: { context: LEGACY_PRODUCT_CONTEXT },
          product_id: { context: LEGACY_PRODUCT_CONTEXT },
        }
      : web.spec('orderEntry', 'sale.order.line', 'onchange');
  const known = (): Values => ({
    quantity: line.line.values.product_uom_qty ?? 1,
    pricelist: order.values.pricelist_id ?? false,
    partner_id: order.values.partner_id,
    company_id: order.values.company_id,
    uom: unitOf(line.line.values),
    default_uom_id: unitOf(line.line.values),
    default_lst_price: line.line.values.price_unit,
    default_list_price: line.line.values.price_unit,
    default_description_sale: line.line.values.name,
  });
  const productContext = () => fillContext(lineSpec.product_template_id?.context, known()) ?? {};
  web.nameSearch('product.template', 'orderEntry', '', [['sale_ok', '=', true]], productContext());
  const found = web.nameSearch(
    'product.template',
    'orderEntry',
    entry.template.name,
    [['sale_ok', '=', true]],
    productContext(),
  );
  const templateId = found.find(([id]) => id === entry.template.id)?.[0] ?? entry.template.id;
  if (web.dialect.templateOnchange) line.set('product_template_id', templateId, productContext());
  else line.line.values.product_template_id = templateId;
  const variant = web.must<{ product_id?: number }>(
    web.callKw('product.template', 'get_single_product_variant', [templateId], {
      context: web.userContext(productContext()),
    }),
  );
  if (typeof variant.product_id !== 'number')
    throw web.stop(`product template ${templateId} has several variants; the rep would pick one`);
  line.set(
    'product_id',
    variant.product_id,
    fillContext(lineSpec.product_id?.context, known()) ?? {},
  );
  order.linesChanged('order_line');
  const qtyContext = {
    partner_id: order.values.partner_id,
    quantity: line.line.values.product_uom_qty ?? 1,
    pricelist: order.values.pricelist_id ?? false,
    uom: unitOf(line.line.values) ?? false,
    company_id: order.values.company_id,
  };
  line.set('product_uom_qty', entry.quantity, web.dialect.quantityContext ? qtyContext : {});
  order.linesChanged('order_line');
}
