/**
 * Deterministic seed: the same arguments build the same database. Rows go in through `unnest()`
 * batches so 50,000 products and their stock load in seconds.
 */
import pg from 'pg';
import type { Dataset } from '../../contract/index.ts';
import { ean13 } from '../../contract/index.ts';
import { ensureDatabase, resetSchema } from '../db/migrate.ts';
import { createSequence } from '../models/sequence.ts';
import { hashPassword } from '../users.ts';
import { seedAccounting } from './accounting.ts';
import { type HistorySeed, seedHistory } from './history.ts';
import { seedOpenPickings } from './pickings.ts';
import { seededRandom } from './random.ts';

export interface SeedOptions {
  databaseUrl: string;
  dbName: string;
  companies: number;
  products: number;
  customers: number;
  operators: number;
  seed: number;
  /** Share of products (0–1) with only a handful of units on hand. */
  scarceShare: number;
  /** Password given to every seeded user; it comes from the environment and is stored hashed. */
  password: string;
  /** API key given to admin (40 hex characters), stored hashed; none when absent. */
  apiKey?: string;
  /** Open deliveries created per operator for the scanners. */
  pickingsPerOperator: number;
  /** Months of history (a dataset profile's): done orders, deliveries and invoices. */
  history?: HistorySeed;
  progress?: (line: string) => void;
}

/** Customers with no company: every company's record rules let them through. */
const SHARED_CUSTOMERS = 10;

export const SEED_DEFAULTS = {
  companies: 2,
  products: 200,
  customers: 100,
  operators: 4,
  seed: 1,
  scarceShare: 0.05,
  pickingsPerOperator: 3,
};

/** Inserts rows column by column through unnest() and returns the new ids in order. */
async function insertMany(
  db: pg.ClientBase,
  table: string,
  columns: Record<string, [string, unknown[]]>,
): Promise<number[]> {
  const names = Object.keys(columns);
  const casts = names.map((name, index) => `$${index + 1}::${columns[name]![0]}[]`);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${casts.join(', ')}) RETURNING id`,
    names.map((name) => columns[name]![1]),
  );
  return rows.map((row) => row.id);
}

type Random = ReturnType<typeof seededRandom>;

const companyName = (index: number) =>
  index === 0 ? 'Odoo Load Distribution' : `Odoo Load Distribution ${index + 1}`;

/** Companies, the unit, countries and the installed modules; returns the companies and a country. */
async function seedBasics(db: pg.Client, companies: number) {
  const companyIds = await insertMany(db, 'res_company', {
    name: ['varchar', Array.from({ length: companies }, (_, i) => companyName(i))],
    sequence: ['int', companyIdsSequence(companies)],
  });
  await db.query(`INSERT INTO uom_uom (name) VALUES ('Units')`);
  const [country] = await insertMany(db, 'res_country', {
    name: ['varchar', ['United States', 'Belgium', 'Germany']],
    code: ['varchar', ['US', 'BE', 'DE']],
  });
  await db.query('INSERT INTO ir_module_module (name) SELECT unnest($1::varchar[])', [
    INSTALLED_MODULES,
  ]);
  return { companyIds, country: country! };
}

/** Users: __system__ (1, inactive) and admin (2) as in Odoo, then one operator per scanner. */
async function seedUsers(
  db: pg.Client,
  options: SeedOptions,
  companyIds: number[],
  country: number,
) {
  const logins = [
    '__system__',
    'admin',
    ...Array.from(
      { length: options.operators },
      (_, i) => `operator${String(i + 1).padStart(3, '0')}@example.com`,
    ),
  ];
  const companies = logins.map((_, i) =>
    i < 2 ? companyIds[0]! : companyIds[(i - 2) % companyIds.length]!,
  );
  const partners = await insertMany(db, 'res_partner', {
    name: [
      'varchar',
      logins.map((_, i) =>
        i === 0
          ? 'OdooBot'
          : i === 1
            ? 'Administrator'
            : `Operator ${String(i - 1).padStart(3, '0')}`,
      ),
    ],
    // Validating with a backorder posts a message in the user's name: it needs their email.
    country_id: ['int', logins.map(() => country)],
    email: [
      'varchar',
      logins.map((login) =>
        login.includes('@') ? login : `${login.replace(/_/g, '')}@example.com`,
      ),
    ],
    company_id: ['int', companies],
  });
  const passwordHash = hashPassword(options.password);
  const ids = await insertMany(db, 'res_users', {
    login: ['varchar', logins],
    password_hash: ['varchar', logins.map(() => passwordHash)],
    partner_id: ['int', partners],
    company_id: ['int', companies],
    active: ['bool', logins.map((_, i) => i !== 0)],
  });
  // admin belongs to every company; operators to their own.
  for (const [index, userId] of ids.entries()) {
    await db.query(
      'INSERT INTO res_company_users_rel (cid, user_id) SELECT unnest($1::int[]), $2',
      [index < 2 ? companyIds : [companies[index]!], userId],
    );
  }
  if (options.apiKey) {
    await db.query(
      `INSERT INTO res_users_apikeys (name, user_id, index, key_hash) VALUES ('odoo-load', 2, $1, $2)`,
      [options.apiKey.slice(0, 8), hashPassword(options.apiKey)],
    );
  }
  return { logins, companies, partners, ids };
}

/** The partner locations and the sales order sequence every company shares. */
async function seedSharedLocations(db: pg.Client) {
  const [customerLocation] = await insertMany(db, 'stock_location', {
    name: ['varchar', ['Customers', 'Vendors']],
    complete_name: ['varchar', ['Partners/Customers', 'Partners/Vendors']],
    usage: ['varchar', ['customer', 'supplier']],
  });
  await createSequence(db, {
    name: 'Sales Order',
    code: 'sale.order',
    prefix: 'S',
    padding: 5,
    companyId: null,
  });
  return { customer: customerLocation!, supplier: customerLocation! + 1 };
}

/** A company's warehouse, its locations, picking types and sequences, accounting and pricelist. */
async function seedCompany(
  db: pg.Client,
  index: number,
  companyId: number,
  partners: { customer: number; supplier: number },
  adminPartner: number,
): Promise<Dataset['companies'][number]> {
  const code = index === 0 ? 'WH' : `WH${index + 1}`;
  const location = async (name: string, completeName: string, usage: string) =>
    (
      await insertMany(db, 'stock_location', {
        name: ['varchar', [name]],
        complete_name: ['varchar', [completeName]],
        usage: ['varchar', [usage]],
        company_id: ['int', [companyId]],
      })
    )[0]!;
  const viewLocation = await location(code, code, 'view');
  const stockLocation = await location('Stock', `${code}/Stock`, 'internal');
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO stock_warehouse (name, code, company_id, lot_stock_id) VALUES ($1, $2, $3, $4) RETURNING id',
    [index === 0 ? 'Main Warehouse' : `Warehouse ${index + 1}`, code, companyId, stockLocation],
  );
  const warehouseId = rows[0]!.id;
  await db.query('UPDATE stock_location SET warehouse_id = $1 WHERE id = ANY($2)', [
    warehouseId,
    [viewLocation, stockLocation],
  ]);
  const sequence = (kind: 'out' | 'in') =>
    createSequence(db, {
      name: `${code} Sequence ${kind}`,
      code: null,
      prefix: `${code}/${kind.toUpperCase()}/`,
      padding: 5,
      companyId,
    });
  const outSequence = await sequence('out');
  const inSequence = await sequence('in');
  await db.query(
    `INSERT INTO stock_picking_type (name, code, sequence_id, warehouse_id, company_id, default_location_src_id, default_location_dest_id)
     VALUES ('Delivery Orders', 'outgoing', $1, $3, $4, $5, $6), ('Receipts', 'incoming', $2, $3, $4, $7, $5)`,
    [
      outSequence,
      inSequence,
      warehouseId,
      companyId,
      stockLocation,
      partners.customer,
      partners.supplier,
    ],
  );
  const accounting = await seedAccounting(db, companyId, adminPartner, new Date());
  await db.query(
    `INSERT INTO product_pricelist (name, company_id) VALUES ('Public Pricelist', $1)`,
    [companyId],
  );
  return {
    id: companyId,
    name: companyName(index),
    warehouseId,
    stockLocationId: stockLocation,
    journals: accounting.journals,
    accounts: accounting.accounts,
  };
}

/**
 * The first customers are shared contacts (no company), as demo data's are; the rest are spread
 * over the companies, each company seeing only its own and the shared ones.
 */
async function seedCustomers(db: pg.Client, count: number, companyIds: number[], country: number) {
  const customerCompanies = Array.from({ length: count }, (_, i) =>
    i < SHARED_CUSTOMERS ? null : companyIds[i % companyIds.length]!,
  );
  const customerIds = await insertMany(db, 'res_partner', {
    name: [
      'varchar',
      customerCompanies.map((_, i) => `Customer ${String(i + 1).padStart(5, '0')}`),
    ],
    email: ['varchar', customerCompanies.map((_, i) => `customer${i + 1}@example.com`)],
    is_company: ['bool', customerCompanies.map(() => true)],
    customer_rank: ['int', customerCompanies.map(() => 1)],
    // Every third customer has no phone: stock_sms only texts customers who have one.
    phone: [
      'varchar',
      customerCompanies.map((_, i) =>
        i % 3 === 2 ? null : `+1 555 01${String(i % 100).padStart(2, '0')}`,
      ),
    ],
    country_id: ['int', customerCompanies.map(() => country)],
    company_id: ['int', customerCompanies],
  });
  const customers: Dataset['customers'] = {};
  customerIds.forEach((id, i) => {
    const owners = customerCompanies[i] === null ? companyIds : [customerCompanies[i]!];
    for (const owner of owners) {
      customers[String(owner)] ??= [];
      customers[String(owner)]!.push(id);
    }
  });
  return { customerIds, customers };
}

/** Products are shared by all companies (company_id empty), as a distributor's catalogue usually is. */
async function seedProducts(db: pg.Client, options: SeedOptions, random: Random) {
  const scarce = Array.from(
    { length: options.products },
    () => random.next() < options.scarceShare,
  );
  const barcodes = Array.from({ length: options.products }, (_, i) =>
    ean13(`2${String(i + 1).padStart(11, '0')}`),
  );
  // As in a real catalogue: most goods invoiced on delivered quantities, some on ordered ones,
  // and a few tracked by lot (a scanner needs the lot, an inventory count asks to confirm it).
  const tracked = barcodes.map((_, i) => i % 50 === 49);
  const prices = barcodes.map(() => random.int(100, 50000) / 100);
  const ids = await insertMany(db, 'product_product', {
    name: ['varchar', barcodes.map((_, i) => `Product ${String(i + 1).padStart(6, '0')}`)],
    default_code: ['varchar', barcodes.map((_, i) => `P${String(i + 1).padStart(6, '0')}`)],
    barcode: ['varchar', barcodes],
    list_price: ['numeric', prices],
    invoice_policy: ['varchar', barcodes.map((_, i) => invoicePolicyOf(i))],
    tracking: ['varchar', tracked.map((lot) => (lot ? 'lot' : 'none'))],
    uom_id: ['int', barcodes.map(() => 1)],
  });
  return { ids, barcodes, scarce, tracked, prices };
}

const invoicePolicyOf = (index: number) =>
  index % 3 === 1 ? ('order' as const) : ('delivery' as const);

/** On-hand stock: one quant per product and warehouse; scarce items get only a few units. */
async function seedQuants(
  db: pg.Client,
  companies: Dataset['companies'],
  products: { ids: number[]; scarce: boolean[] },
  random: Random,
): Promise<number> {
  const quants = companies.flatMap((company) =>
    products.ids.map((productId, i) => ({
      productId,
      company,
      quantity: products.scarce[i] ? random.int(1, 5) : random.int(200, 2000),
    })),
  );
  await insertMany(db, 'stock_quant', {
    product_id: ['int', quants.map((quant) => quant.productId)],
    location_id: ['int', quants.map((quant) => quant.company.stockLocationId)],
    company_id: ['int', quants.map((quant) => quant.company.id)],
    quantity: ['numeric', quants.map((quant) => quant.quantity)],
  });
  return quants.length;
}

/** Open deliveries for each operator, of plentiful products, in the operator's company. */
function openDeliveries(
  options: SeedOptions,
  users: { ids: number[]; companies: number[] },
  customers: Dataset['customers'],
  products: { ids: number[]; scarce: boolean[]; tracked: boolean[] },
  random: Random,
) {
  const plentiful = products.ids.filter((_, i) => !products.scarce[i] && !products.tracked[i]);
  return users.ids.slice(2).flatMap((operatorId, i) =>
    Array.from({ length: options.pickingsPerOperator }, () => {
      const companyId = users.companies[i + 2]!;
      return {
        operatorId,
        companyId,
        customerId: random.pick(customers[String(companyId)]!),
        productIds: Array.from({ length: random.int(1, 4) }, () => random.pick(plentiful)),
      };
    }),
  );
}

/** What the scenarios read of the seeded database (contract/dataset.ts). */
function datasetOf(
  options: SeedOptions,
  companies: Dataset['companies'],
  customers: Dataset['customers'],
  products: Awaited<ReturnType<typeof seedProducts>>,
  users: Awaited<ReturnType<typeof seedUsers>>,
  pickings: Map<number, number[]>,
): Dataset {
  return {
    db: options.dbName,
    seed: {
      companies: options.companies,
      products: options.products,
      customers: options.customers,
      operators: options.operators,
      seed: options.seed,
      scarceShare: options.scarceShare,
      pickingsPerOperator: options.pickingsPerOperator,
    },
    companies,
    customers,
    products: products.ids.map((id, i) => ({
      id,
      barcode: products.barcodes[i]!,
      scarce: products.scarce[i]!,
      tracked: products.tracked[i]!,
      invoicePolicy: invoicePolicyOf(i),
    })),
    adminLogin: 'admin',
    operators: users.logins.slice(2).map((login, i) => ({
      login,
      uid: users.ids[i + 2]!,
      companyId: users.companies[i + 2]!,
      pickingIds: pickings.get(users.ids[i + 2]!) ?? [],
    })),
  };
}

export async function seed(options: SeedOptions): Promise<Dataset> {
  const log = options.progress ?? (() => undefined);
  const random = seededRandom(options.seed);
  await ensureDatabase(options.databaseUrl);
  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await resetSchema(db);
    const { companyIds, country } = await seedBasics(db, options.companies);
    const users = await seedUsers(db, options, companyIds, country);
    const partnerLocations = await seedSharedLocations(db);
    const companies: Dataset['companies'] = [];
    for (const [index, companyId] of companyIds.entries())
      companies.push(await seedCompany(db, index, companyId, partnerLocations, users.partners[1]!));
    log(`seed: ${companies.length} companies, ${users.ids.length - 1} users`);
    const { customerIds, customers } = await seedCustomers(
      db,
      options.customers,
      companyIds,
      country,
    );
    log(`seed: ${customerIds.length} customers`);
    const products = await seedProducts(db, options, random);
    log(`seed: ${products.ids.length} products`);
    log(`seed: ${await seedQuants(db, companies, products, random)} quants`);
    if (options.history) {
      const { history } = options;
      const orders = await seedHistory(
        db,
        history,
        companies,
        customerIds,
        products,
        partnerLocations.customer,
      );
      log(`seed: ${orders} orders of history`);
    }
    const pickingOrders = openDeliveries(options, users, customers, products, random);
    const pickings = await seedOpenPickings(db, users.ids[1]!, pickingOrders);
    log(`seed: ${pickingOrders.length} open deliveries for ${users.ids.length - 2} operators`);
    await db.query('COMMIT');
    await db.query('ANALYZE');
    return datasetOf(options, companies, customers, products, users, pickings);
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

/** What `/web/session/modules` and `ir.module.module` report as installed. */
export const INSTALLED_MODULES = [
  'base',
  'web',
  'uom',
  'product',
  'stock',
  'account',
  'sale',
  'sale_management',
  'sale_stock',
  'base_import',
  'mail',
  'sms',
  'stock_sms',
  'sale_sms',
  'barcodes',
];

const companyIdsSequence = (count: number) => Array.from({ length: count }, (_, i) => 10 + i);
