/**
 * Stock on hand and months of history, as Odoo's own buttons make them: inventory counts applied
 * (`action_apply_inventory`), orders created and confirmed (`action_confirm`), their deliveries
 * validated (`button_validate`, its wizards answered), invoiced through sale's wizard, posted and
 * paid (`account.payment.register`). Each stage picks up the grown orders the previous one left, so
 * an interrupted grow resumes where it stopped.
 */
import { ANY_RUN_REF, isKnownWizard, isWizardAction, WIZARD_BUTTONS } from '../contract/index.ts';
import { GROW_TAG, type GrowContext, inBatches, padded, QUIET } from './context.ts';
import { grownIds } from './master-data.ts';

const ORDER_REF = `${GROW_TAG}-H-`;

/** The main warehouse's stock location of each company. */
async function stockLocations(context: GrowContext): Promise<Map<number, number>> {
  const warehouses = await context.odoo.callModel<
    { company_id: [number, string]; lot_stock_id: [number, string] }[]
  >(
    'stock.warehouse',
    'search_read',
    {
      domain: [['company_id', 'in', context.companyIds]],
      fields: ['company_id', 'lot_stock_id'],
      order: 'id',
    },
    { allowed_company_ids: context.companyIds },
  );
  const byCompany = new Map<number, number>();
  for (const warehouse of warehouses)
    if (!byCompany.has(warehouse.company_id[0]))
      byCompany.set(warehouse.company_id[0], warehouse.lot_stock_id[0]);
  return byCompany;
}

/** Every grown product counted in at each company's main warehouse, where it has nothing yet. */
export async function growStock(context: GrowContext): Promise<void> {
  const { odoo, profile } = context;
  const products = await grownIds(context, 'product.product', 'default_code', `${GROW_TAG}-P-`);
  const { min, max } = profile.stock.onHand;
  for (const [companyId, locationId] of await stockLocations(context)) {
    const scope = { allowed_company_ids: [companyId] };
    const counted = new Set(
      (
        await odoo.callModel<{ product_id: [number, string] }[]>(
          'stock.quant',
          'search_read',
          {
            domain: [
              ['location_id', '=', locationId],
              ['product_id', 'in', products],
            ],
            fields: ['product_id'],
          },
          scope,
        )
      ).map((quant) => quant.product_id[0]),
    );
    const missing = products.filter((id) => !counted.has(id));
    const inventory = { ...QUIET, ...scope, inventory_mode: true };
    await inBatches(context, missing, `stock (company ${companyId})`, 'products', async (batch) => {
      const quants = await odoo.createMany(
        'stock.quant',
        batch.map((productId) => ({
          product_id: productId,
          location_id: locationId,
          inventory_quantity: min + ((productId * 7919) % (max - min + 1)),
        })),
        inventory,
      );
      await answerWizards(
        context,
        await odoo.callRecords('stock.quant', 'action_apply_inventory', quants, {}, inventory),
      );
    });
  }
}

/** Presses the suite's button on each wizard a button answered with, until the work is done. */
async function answerWizards(context: GrowContext, first: unknown): Promise<void> {
  let result = first;
  for (let round = 0; round < 4 && isWizardAction(result); round++) {
    const model = result.res_model!;
    if (!isKnownWizard(model))
      throw new Error(`grow: Odoo opened the wizard ${model}, which grow does not answer`);
    const wizardContext = { ...QUIET, ...result.context };
    const id = result.res_id ?? (await context.odoo.create(model, {}, wizardContext));
    result = await context.odoo.callRecords(
      model,
      WIZARD_BUTTONS[model]({ backorder: 'cancel' }),
      [id],
      {},
      wizardContext,
    );
  }
}

/** Grown orders (ids) in `states`, oldest first. */
const grownOrders = (context: GrowContext, domain: unknown[]) =>
  context.odoo.callModel<number[]>(
    'sale.order',
    'search',
    { domain: [['client_order_ref', '=like', `${ORDER_REF}%`], ...domain], order: 'id' },
    { allowed_company_ids: context.companyIds },
  );

/** "2025-12-05 10:00:00": the n-th of `total` orders, spread over the months before today. */
function pastDate(n: number, total: number, months: number): string {
  const span = months * 30 * 86_400_000;
  const at = new Date(Date.now() - span + (span * n) / Math.max(1, total));
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

/** Confirms grown orders, then dates them: action_confirm dates an order now. */
async function confirmDated(context: GrowContext, ids: number[], date: string): Promise<void> {
  const scope = { ...QUIET, allowed_company_ids: context.companyIds };
  await context.odoo.callRecords('sale.order', 'action_confirm', ids, {}, scope);
  await context.odoo.write('sale.order', ids, { date_order: date }, QUIET);
}

/** New orders up to the profile's total, confirmed, dated over the months of history. */
async function createOrders(context: GrowContext): Promise<void> {
  const { odoo, profile } = context;
  const { history } = profile;
  // Orders a stopped grow created but never confirmed (stopped between the two calls, or refused
  // at the confirmation): confirmed first, dated at the history's start, before counting.
  const drafts = await grownOrders(context, [['state', '=', 'draft']]);
  const start = pastDate(0, 1, history.months);
  await inBatches(context, drafts, 'history orders left unconfirmed', 'orders', (batch) =>
    confirmDated(context, batch, start),
  );
  // History is what the database sold before, not what load runs confirmed: a run's orders stay
  // confirmed with their deliveries cancelled, and counted as history they would leave a grown
  // database short of orders delivered and invoiced (6,300 of 20,000 on a real 18 here).
  const have = await odoo.callModel<number>('sale.order', 'search_count', {
    domain: [
      ['state', 'in', ['sale', 'done']],
      '|',
      ['client_order_ref', '=', false],
      '!',
      ['client_order_ref', '=like', ANY_RUN_REF],
    ],
  });
  const grown = (await grownOrders(context, [])).length;
  const indexes = Array.from(
    { length: Math.max(0, history.orders - have) },
    (_, i) => grown + 1 + i,
  );
  if (indexes.length === 0) return;
  const products = await grownIds(context, 'product.product', 'default_code', `${GROW_TAG}-P-`);
  const customers = await grownIds(context, 'res.partner', 'ref', `${GROW_TAG}-C-`);
  const span = history.linesPerOrder.max - history.linesPerOrder.min + 1;
  await inBatches(context, indexes, 'history orders', 'orders', async (batch) => {
    const ids = await odoo.createMany(
      'sale.order',
      batch.map((index) => ({
        partner_id: customers[index % customers.length],
        company_id: context.companyIds[index % context.companyIds.length],
        client_order_ref: `${ORDER_REF}${padded(index)}`,
        order_line: Array.from(
          { length: history.linesPerOrder.min + (index % span) },
          (_, line) => [
            0,
            0,
            {
              product_id: products[(index * 31 + line * 7) % products.length],
              product_uom_qty: 1 + (line % 4),
            },
          ],
        ),
      })),
      { ...QUIET, allowed_company_ids: context.companyIds },
    );
    // History is spread over the months before today, a batch a day.
    await confirmDated(context, ids, pastDate(batch[0]!, indexes.at(-1)!, history.months));
  });
}

/** The profile's share of the first `count` items (deterministic: the same ones on every resume). */
const shareOf = <T>(items: T[], share: number, count = items.length) =>
  items.slice(0, Math.round(count * share));

/** The grown orders' open deliveries validated, up to the profile's delivered share. */
async function deliver(context: GrowContext): Promise<void> {
  const { odoo, profile } = context;
  const scope = { ...QUIET, allowed_company_ids: context.companyIds };
  const all = await grownOrders(context, [['state', 'in', ['sale', 'done']]]);
  const wanted = new Set(shareOf(all, profile.history.delivered));
  const open = await odoo.callModel<{ id: number; sale_id: [number, string] }[]>(
    'stock.picking',
    'search_read',
    {
      domain: [
        ['sale_id', 'in', [...wanted]],
        ['picking_type_code', '=', 'outgoing'],
        ['state', 'not in', ['done', 'cancel']],
      ],
      fields: ['sale_id'],
      order: 'id',
    },
    scope,
  );
  await inBatches(context, open, 'history deliveries', 'deliveries', async (batch) => {
    const ids = batch.map((picking) => picking.id);
    // What is not reserved yet (stock counted in after the order) is reserved first.
    await odoo.callRecords('stock.picking', 'action_assign', ids, {}, scope).catch(() => undefined);
    await answerWizards(
      context,
      await odoo.callRecords(
        'stock.picking',
        'button_validate',
        ids,
        {},
        { ...scope, skip_backorder: true },
      ),
    );
  });
}

/** Invoices are found by their customer: the grown customers' (invoice_origin may join orders). */
const grownCustomers = (context: GrowContext) =>
  grownIds(context, 'res.partner', 'ref', `${GROW_TAG}-C-`);

/** Delivered grown orders invoiced through sale's wizard, up to the invoiced share; then posted. */
async function invoice(context: GrowContext): Promise<void> {
  const { odoo, profile } = context;
  const scope = { ...QUIET, allowed_company_ids: context.companyIds };
  const toInvoice = await grownOrders(context, [
    ['state', 'in', ['sale', 'done']],
    ['invoice_status', '=', 'to invoice'],
  ]);
  const invoiced = await grownOrders(context, [['invoice_status', '=', 'invoiced']]);
  const wanted = Math.round((toInvoice.length + invoiced.length) * profile.history.invoiced);
  const orders = toInvoice.slice(0, Math.max(0, wanted - invoiced.length));
  await inBatches(context, orders, 'history invoices', 'orders', async (batch) => {
    const wizard = await odoo.create(
      'sale.advance.payment.inv',
      { advance_payment_method: 'delivered', sale_order_ids: [[6, 0, batch]] },
      { ...scope, active_model: 'sale.order', active_ids: batch },
    );
    await odoo.callRecords('sale.advance.payment.inv', 'create_invoices', [wizard], {}, scope);
  });
  const customers = await grownCustomers(context);
  const drafts = await odoo.callModel<number[]>(
    'account.move',
    'search',
    {
      domain: [
        ['move_type', '=', 'out_invoice'],
        ['state', '=', 'draft'],
        ['partner_id', 'in', customers],
      ],
      order: 'id',
    },
    scope,
  );
  await inBatches(context, drafts, 'history postings', 'invoices', async (batch) => {
    await odoo.callRecords('account.move', 'action_post', batch, {}, scope);
  });
}

/** Posted grown invoices paid in full (`account.payment.register`), up to the paid share. */
async function pay(context: GrowContext): Promise<void> {
  const { odoo, profile } = context;
  if (profile.history.paid === 0) return;
  const scope = { ...QUIET, allowed_company_ids: context.companyIds };
  const posted = [
    ['move_type', '=', 'out_invoice'],
    ['state', '=', 'posted'],
    ['partner_id', 'in', await grownCustomers(context)],
  ];
  const all = await odoo.callModel<number>(
    'account.move',
    'search_count',
    { domain: posted },
    scope,
  );
  const unpaid = await odoo.callModel<{ id: number; company_id: [number, string] }[]>(
    'account.move',
    'search_read',
    {
      domain: [...posted, ['payment_state', '=', 'not_paid']],
      fields: ['company_id'],
      order: 'company_id, id',
    },
    scope,
  );
  const paid = all - unpaid.length;
  const wanted = unpaid.slice(0, Math.max(0, Math.round(all * profile.history.paid) - paid));
  // One company per wizard: Odoo refuses "payments for entries belonging to different companies".
  const companyOf = (move: (typeof wanted)[number]) => move.company_id[0];
  const work = async (moves: typeof wanted) => {
    const batch = moves.map((move) => move.id);
    const wizardContext = { ...scope, active_model: 'account.move', active_ids: batch };
    const wizard = await odoo.create(
      'account.payment.register',
      { group_payment: false },
      wizardContext,
    );
    await odoo.callRecords(
      'account.payment.register',
      'action_create_payments',
      [wizard],
      {},
      wizardContext,
    );
  };
  await inBatches(context, wanted, 'history payments', 'invoices', work, companyOf);
}

/** Months of history: orders, then their deliveries, invoices and payments, each resumable. */
export async function growHistory(context: GrowContext): Promise<void> {
  if (context.profile.history.orders === 0) return;
  await createOrders(context);
  await deliver(context);
  await invoice(context);
  await pay(context);
}
