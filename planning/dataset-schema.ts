/**
 * Dataset profiles: a database as a distributor's would be, in business units — companies, people
 * by role, a catalogue, customers, stock on hand and months of history — so `odoo-load grow` can
 * bring a target to that size and runs can say what they ran on. Every count is what the target
 * should hold in all (what is there already counts), so growing again adds only the difference.
 */
import { z } from 'zod';

const count = (what: string, max: number) => z.number().int().min(0).max(max).describe(`${what}.`);

const range = (what: string, min: number, max: number) =>
  z
    .strictObject({
      min: z.number().int().min(min).max(max).describe(`Least ${what}.`),
      max: z.number().int().min(min).max(max).describe(`Most ${what}.`),
    })
    .refine((value) => value.min <= value.max, {
      message: 'min must not exceed max',
      path: ['min'],
    })
    .describe(`${what}: drawn uniformly in [min, max].`);

const share = (what: string) => z.number().min(0).max(1).describe(`${what} (0–1).`);

export const datasetProfileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    kind: z.literal('dataset').describe('Profile kind.'),
    name: z.string().min(1).describe('Short name, used in run.json, reports and sizing sentences.'),
    description: z.string().default('').describe('What business this database is.'),
    companies: z
      .number()
      .int()
      .min(1)
      .max(50)
      .describe('Companies in all, each with its chart of accounts, warehouse and journals.'),
    users: z
      .strictObject({
        salesReps: count('Sales users (their own logins, with an email)', 500),
        accountants: count('Accounting users', 200),
        pickers: count('Warehouse operators (scanners and pickers)', 1000),
      })
      .default({ salesReps: 0, accountants: 0, pickers: 3 })
      .describe('People with their own users, by role; logins grow-<role>-NN@example.com.'),
    products: z
      .strictObject({
        count: count('Storable products in all', 200_000),
        categories: count('Product categories they are spread over', 500).default(10),
        barcodeShare: share('Share of the products with an EAN-13 barcode').default(1),
      })
      .describe('The catalogue.'),
    customers: z
      .strictObject({
        count: count('Customer companies in all', 200_000),
        contactsPerCustomer: count(
          'Contacts (people, delivery addresses) under each customer',
          10,
        ).default(1),
      })
      .describe('Customers with their contacts and addresses.'),
    stock: z
      .strictObject({
        onHand: range("units on hand per product in each company's main warehouse", 0, 1_000_000),
      })
      .default({ onHand: { min: 100, max: 1000 } })
      .describe('Stock on hand, counted in with inventory adjustments.'),
    history: z
      .strictObject({
        orders: count('Historical sales orders in all, spread over the months', 2_000_000),
        months: count('Months they are spread over, ending today', 60).default(12),
        linesPerOrder: range('lines per order', 1, 50).default({ min: 1, max: 5 }),
        delivered: share('Share of the orders whose delivery was validated').default(1),
        invoiced: share('Share of the delivered orders invoiced and posted').default(1),
        paid: share('Share of the posted invoices paid in full').default(1),
      })
      .default({
        orders: 0,
        months: 12,
        linesPerOrder: { min: 1, max: 5 },
        delivered: 1,
        invoiced: 1,
        paid: 1,
      })
      .describe(
        'Months of history: orders with their lines, deliveries done, invoices posted and paid.',
      ),
  })
  .describe('A dataset profile: the database a run meets, at a business size.');

export type DatasetProfile = z.infer<typeof datasetProfileSchema>;

/** What the emulator's seed makes of a dataset profile: its sizes and its history. */
export function seedShapeOf(profile: DatasetProfile) {
  return {
    companies: profile.companies,
    products: Math.max(1, profile.products.count),
    customers: Math.max(1, profile.customers.count),
    operators: profile.users.pickers,
    history: {
      orders: profile.history.orders,
      months: profile.history.months,
      linesPerOrder: profile.history.linesPerOrder,
      delivered: profile.history.delivered,
      invoiced: profile.history.invoiced,
    },
  };
}
