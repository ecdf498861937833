/**
 * An accountant keys a customer invoice in the web client (test/fixtures/web-client, flow 5):
 * the Invoices list, New, the customer picked by name, a line with a product picked by name, Save,
 * Confirm (action_post). 18's autocomplete_by_name is left out: it calls an outside service.
 */
import type { WebClient } from './client.ts';
import type { Pickable } from './order-entry.ts';
import { afterButton, type Form, newForm } from './records.ts';
import { StepClock } from './step-clock.ts';
import { fillContext } from './values.ts';

export interface InvoiceEntryInput {
  invoicesAction: number;
  customer: Pickable;
  /** Products (product.product) of the invoice lines. */
  products: Pickable[];
  /** The company's currency (19 reads its rate when the list opens). */
  currencyId?: number;
  /** Typed into the invoice's Reference, so the audit and cleanup find it. */
  ref: string;
  think: () => void;
}

export interface InvoiceEntryResult {
  moveId: number;
  timings: { open: number; save: number; post: number };
}

const CUSTOMER_CONTEXT = {
  res_partner_search_mode: 'customer',
  show_address: 1,
  default_is_company: true,
  show_vat: true,
};
const INVOICE = { default_move_type: 'out_invoice' };
/** 16's invoice lines' context (its move form), `$` keys filled from the invoice. */
const LEGACY_LINES_CONTEXT = {
  journal_id: '$journal_id',
  default_partner_id: '$default_partner_id',
  default_currency_id: '$default_currency_id',
  default_display_type: 'product',
  quick_encoding_vals: false,
};

export function enterInvoice(web: WebClient, input: InvoiceEntryInput): InvoiceEntryResult {
  const clock = new StepClock(input.think);
  const opening = clock.start();
  web.openAction(web.loadAction(input.invoicesAction));
  for (let read = 0; read < web.dialect.invoiceListReads; read++) {
    web.webSearchRead('account.move', 'invoiceEntry', web.dialect.invoiceListDomain, INVOICE);
    if (read === 0 && web.dialect.invoiceListExportCheck) web.listOpened();
    web.onboarding('account_invoice');
  }
  web.currencyRate(input.currencyId);
  clock.think();

  const move = newForm(web, 'account.move', 'invoiceEntry', INVOICE);
  move.open();
  if (web.dialect.lazySessionInfo)
    web.must(web.callKw('ir.http', 'lazy_session_info', [], { context: web.userContext() }));
  const open = opening();
  clock.think();

  const domain = [['company_id', 'in', [false, web.companyId()]]];
  web.searchAndPick(
    'res.partner',
    'invoiceEntry',
    web.dialect.searchTypedPartner ? input.customer.name : '',
    domain,
    CUSTOMER_CONTEXT,
    () => move.set('partner_id', input.customer.id, CUSTOMER_CONTEXT),
  );
  move.values.ref = input.ref;
  clock.think();

  for (const product of input.products) {
    addInvoiceLine(web, move, product);
    clock.think();
  }

  const saving = Date.now();
  const moveId = move.save();
  const save = Date.now() - saving;
  const newest = web.openThread('account.move', moveId);
  clock.think();

  const posting = Date.now();
  web.button('account.move', 'action_post', [moveId], {
    ...INVOICE,
    ...web.userContext(),
    ...web.dialect.postContext,
  });
  afterButton(web, 'account.move', 'invoiceEntry', moveId, newest, INVOICE);
  return { moveId, timings: { open, save, post: Date.now() - posting } };
}

/** A line: a new row, its product found by name and picked. */
function addInvoiceLine(web: WebClient, move: Form, product: Pickable) {
  const spec =
    web.dialect.forms === 'legacy'
      ? { invoice_line_ids: { context: LEGACY_LINES_CONTEXT } }
      : web.spec('invoiceEntry', 'account.move', 'onchange');
  // The line field's context, evaluated on the invoice, goes with every call about its lines.
  const linesContext =
    fillContext(spec.invoice_line_ids?.context, {
      journal_id: move.values.journal_id,
      default_partner_id: move.values.partner_id,
      default_currency_id: move.values.currency_id,
    }) ?? {};
  const line = move.addLine('invoice_line_ids', 'account.move.line', 'move_id', linesContext);
  move.linesChanged('invoice_line_ids', linesContext);
  const productContext =
    web.dialect.version >= 18
      ? { journal_id: move.values.journal_id, quick_encoding_vals: false }
      : {};
  web.searchAndPick(
    'product.product',
    'invoiceEntry',
    product.name,
    [['sale_ok', '=', true]],
    productContext,
    () => {
      line.set('product_id', product.id);
      move.linesChanged('invoice_line_ids', linesContext);
    },
  );
}
