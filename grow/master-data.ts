/**
 * The master data a distributor's database grows: companies (each with its chart of accounts and a
 * warehouse), users by role, product categories, products with
 * barcodes, customers with their contacts. Each step counts what is there and adds the difference.
 */
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { ean13, versionFields } from '../contract/index.ts';
import { GROW_TAG, type GrowContext, inBatches, padded, QUIET } from './context.ts';

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** The ids of records whose `field` starts with the GROW tag's `prefix`, in id order. */
export const grownIds = (context: GrowContext, model: string, field: string, prefix: string) =>
  context.odoo.callModel<number[]>(
    model,
    'search',
    { domain: [[field, '=like', `${prefix}%`]], order: 'id' },
    { active_test: false, allowed_company_ids: context.companyIds },
  );

/**
 * A chart of accounts on a company that has none: 17+ `account.chart.template.try_loading(code,
 * company)` (addons/account/models/chart_template.py), 16 the generic template record's `try_loading`.
 */
async function loadChart(context: GrowContext, companyId: number): Promise<void> {
  const { odoo, version } = context;
  if (version >= 17) {
    const [company] = await odoo.callRecords<{ chart_template: string | false }[]>(
      'res.company',
      'read',
      [companyId],
      { fields: ['chart_template'] },
    );
    if (company?.chart_template) return;
    await odoo.callRecords(
      'account.chart.template',
      'try_loading',
      [],
      { template_code: 'generic_coa', company: companyId, install_demo: false },
      QUIET,
    );
    return;
  }
  const [company] = await odoo.callRecords<{ chart_template_id: unknown }[]>(
    'res.company',
    'read',
    [companyId],
    { fields: ['chart_template_id'] },
  );
  if (company?.chart_template_id) return;
  const [template] = await odoo.callModel<{ res_id: number }[]>('ir.model.data', 'search_read', {
    domain: [
      ['module', '=', 'l10n_generic_coa'],
      ['name', '=', 'configurable_chart_template'],
    ],
    fields: ['res_id'],
  });
  if (!template)
    throw new CliError(
      'grow companies: Odoo 16 has no generic chart of accounts here (l10n_generic_coa)',
      EXIT.badInput,
    );
  await odoo.callRecords(
    'account.chart.template',
    'try_loading',
    [template.res_id],
    { company: companyId, install_demo: false },
    QUIET,
  );
}

/**
 * A warehouse for a company that has none. Odoo 17's stock module gives a company created by the API
 * one; 18's only under tests (addons/stock/models/res_company.py `create` in each), and an order
 * for the company is then refused: "Please create a warehouse for company …". Created as Odoo's own
 * `create` does it then, from the company alone (name and short name default from it).
 */
async function ensureWarehouse(context: GrowContext, companyId: number): Promise<void> {
  const scope = { allowed_company_ids: [companyId] };
  const domain = [['company_id', '=', companyId]];
  const have = await context.odoo.callModel<number>(
    'stock.warehouse',
    'search_count',
    { domain },
    scope,
  );
  if (have === 0)
    await context.odoo.create('stock.warehouse', { company_id: companyId }, { ...QUIET, ...scope });
}

/** Companies up to the profile's count, each with a chart of accounts; the admin may use them all. */
export async function growCompanies(context: GrowContext): Promise<void> {
  const { odoo, profile } = context;
  const have = await odoo.callModel<number>('res.company', 'search_count', { domain: [] });
  const grown = await grownIds(context, 'res.company', 'name', `${GROW_TAG} Company`);
  const missing = range(grown.length + 1, grown.length + 1 + profile.companies - have);
  await inBatches({ ...context, batch: 1 }, missing, 'companies', 'companies', async ([index]) => {
    const id = await odoo.create('res.company', { name: `${GROW_TAG} Company ${index}` }, QUIET);
    grown.push(id);
  });
  if (grown.length === 0) return;
  await odoo.write('res.users', [context.uid], { company_ids: grown.map((id) => [4, id]) }, QUIET);
  for (const id of grown) {
    await loadChart(context, id);
    await ensureWarehouse(context, id);
  }
  context.companyIds.push(...grown.filter((id) => !context.companyIds.includes(id)));
}

const ROLES = [
  ['salesReps', 'rep', ['base.group_user', 'sales_team.group_sale_salesman']],
  ['accountants', 'acc', ['base.group_user', 'account.group_account_invoice']],
  ['pickers', 'picker', ['base.group_user', 'stock.group_stock_user']],
] as const;

async function groupIds(context: GrowContext, xmlids: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const xmlid of xmlids) {
    const [module, name] = xmlid.split('.');
    const [row] = await context.odoo.callModel<{ res_id: number }[]>(
      'ir.model.data',
      'search_read',
      {
        domain: [
          ['module', '=', module],
          ['name', '=', name],
        ],
        fields: ['res_id'],
      },
    );
    if (row) ids.push(row.res_id);
  }
  return ids;
}

/**
 * Users by role, `grow-<role>-NN@example.com`, with an email (a backorder's message needs one) and
 * every grown company; their password is ODOO_OPERATOR_PASSWORD, from the environment only.
 */
export async function growUsers(context: GrowContext): Promise<void> {
  const { odoo, profile, version } = context;
  for (const [key, role, xmlids] of ROLES) {
    const have = await grownIds(context, 'res.users', 'login', `grow-${role}-`);
    const missing = range(have.length + 1, profile.users[key] + 1);
    if (missing.length === 0) continue;
    const password = process.env.ODOO_OPERATOR_PASSWORD;
    if (!password)
      throw new CliError(
        'ODOO_OPERATOR_PASSWORD is not set: the users grow creates log in with it (it only ever comes from the environment)',
        EXIT.badInput,
      );
    const groups = await groupIds(context, xmlids);
    await inBatches(context, missing, `users (${key})`, 'users', async (batch) => {
      await odoo.createMany(
        'res.users',
        batch.map((index) => {
          const login = `grow-${role}-${padded(index, 2)}@example.com`;
          return {
            name: `${GROW_TAG} ${role} ${padded(index, 2)}`,
            login,
            email: login,
            password,
            company_id: context.companyIds[0],
            company_ids: [[6, 0, context.companyIds]],
            [versionFields(version).userGroups]: [[6, 0, groups]],
          };
        }),
        QUIET,
      );
    });
  }
}

/** Product categories named `GROW Category NN`. */
async function growCategories(context: GrowContext): Promise<number[]> {
  const have = await grownIds(context, 'product.category', 'name', `${GROW_TAG} Category`);
  const missing = range(have.length + 1, context.profile.products.categories + 1);
  if (missing.length)
    have.push(
      ...(await context.odoo.createMany(
        'product.category',
        missing.map((index) => ({ name: `${GROW_TAG} Category ${padded(index, 3)}` })),
        QUIET,
      )),
    );
  return have;
}

/**
 * Storable products up to the profile's count, `GROW-P-000123`, spread over the categories, an
 * EAN-13 barcode on the profile's share (prefix 29: in-store numbers, never a real article's).
 */
export async function growProducts(context: GrowContext): Promise<void> {
  const { odoo, profile, version } = context;
  const categories = await growCategories(context);
  const have = await odoo.callModel<number>('product.product', 'search_count', {
    domain: versionFields(version).storable,
  });
  const grown = (await grownIds(context, 'product.product', 'default_code', `${GROW_TAG}-P-`))
    .length;
  const missing = range(grown + 1, grown + 1 + profile.products.count - have);
  const barcodeEvery = profile.products.barcodeShare > 0 ? 1 / profile.products.barcodeShare : 0;
  await inBatches(context, missing, 'products', 'products', async (batch) => {
    await odoo.createMany(
      'product.product',
      batch.map((index) => ({
        name: `${GROW_TAG} Product ${padded(index)}`,
        default_code: `${GROW_TAG}-P-${padded(index)}`,
        ...(barcodeEvery && index % Math.round(barcodeEvery) === 0
          ? { barcode: ean13(`29${padded(index, 10)}`) }
          : {}),
        categ_id: categories[index % categories.length],
        list_price: 5 + (index % 200),
        standard_price: 3 + (index % 120),
        // Ordered quantities: history's invoices follow its orders (delivered ones would too).
        invoice_policy: 'order',
        ...versionFields(version).storableValues,
      })),
      QUIET,
    );
  });
}

/** Customer companies up to the profile's count, `GROW-C-000123`, each with its contacts and an address. */
export async function growCustomers(context: GrowContext): Promise<void> {
  const { odoo, profile } = context;
  const have = await odoo.callModel<number>('res.partner', 'search_count', {
    domain: [['is_company', '=', true]],
  });
  const grown = (await grownIds(context, 'res.partner', 'ref', `${GROW_TAG}-C-`)).length;
  const missing = range(grown + 1, grown + 1 + profile.customers.count - have);
  await inBatches(context, missing, 'customers', 'customers', async (batch) => {
    await odoo.createMany(
      'res.partner',
      batch.map((index) => ({
        name: `${GROW_TAG} Customer ${padded(index)}`,
        ref: `${GROW_TAG}-C-${padded(index)}`,
        is_company: true,
        customer_rank: 1,
        email: `customer${index}@example.com`,
        street: `${1 + (index % 400)} Market Street`,
        city: 'Springfield',
        zip: String(10000 + (index % 80000)),
        child_ids: range(1, profile.customers.contactsPerCustomer + 1).map((contact) => [
          0,
          0,
          {
            name: `${GROW_TAG} Contact ${padded(index)}-${contact}`,
            type: contact === 1 ? 'contact' : 'delivery',
            email: `contact${index}-${contact}@example.com`,
          },
        ]),
      })),
      QUIET,
    );
  });
}
