/**
 * Load profiles as data, in business units (orders per hour, operators and scans per minute, rows per
 * batch, postings per minute) plus SLOs. Closed objects with a description per field, defaults
 * applied after validation; JSON Schema is exported for editors (`npm run schemas`).
 */
import { z } from 'zod';
import type { UiStep, WorkloadKey } from '../contract/index.ts';

/** k6 duration strings: "30s", "5m", "1h30m". */
export const durationSchema = z
  .string()
  .regex(/^(\d+(\.\d+)?(ms|s|m|h))+$/, 'expected a duration such as "30s", "5m" or "1h30m"')
  .describe('A k6 duration: digits followed by ms, s, m or h, e.g. "90s" or "1h30m".');

const range = (what: string, min: number, max: number) =>
  z
    .strictObject({
      min: z.number().min(min).max(max).describe(`Least ${what}.`),
      max: z.number().min(min).max(max).describe(`Most ${what}.`),
    })
    .refine((value) => value.min <= value.max, {
      message: 'min must not exceed max',
      path: ['min'],
    })
    .describe(`${what}: drawn uniformly in [min, max].`);

const share = (what: string) => z.number().min(0).max(1).describe(`${what} (0–1).`);

/**
 * Shares of a workload's units by channel, adding up to 1: a channel left out gets the rest when it
 * is the only one left out, 0 otherwise; none given means all by `byDefault`.
 */
const channelShares = <K extends string>(names: readonly K[], what: string, byDefault: K) => {
  const shape = Object.fromEntries(
    names.map((name) => [
      name,
      share(`Share of ${what} arriving by the ${name} channel`).optional(),
    ]),
  ) as Record<K, z.ZodOptional<z.ZodNumber>>;
  return z
    .strictObject(shape)
    .transform((value) => {
      const given = value as Record<K, number | undefined>;
      const missing = names.filter((name) => given[name] === undefined);
      const sum = names.reduce((total, name) => total + (given[name] ?? 0), 0);
      return Object.fromEntries(
        names.map((name) => [
          name,
          missing.length === names.length
            ? Number(name === byDefault)
            : (given[name] ?? (missing.length === 1 ? Math.max(0, 1 - sum) : 0)),
        ]),
      ) as Record<K, number>;
    })
    .refine(
      (value) =>
        Math.abs(Object.values<number>(value).reduce((sum, item) => sum + item, 0) - 1) < 1e-9,
      { message: 'the channel shares must add up to 1' },
    )
    .describe(
      `How ${what} arrive: a share per channel (${names.join(', ')}), adding up to 1. The web channel sends what Odoo's own web client sends, which costs the server several times more per unit.`,
    );
};

const startTime = durationSchema
  .default('0s')
  .describe('When the workload starts, from the beginning of the run.');

export const orderConfirmationSchema = z
  .strictObject({
    ordersPerHour: z
      .number()
      .positive()
      .max(10_000_000)
      .describe('Orders created and confirmed per hour (an open arrival rate).'),
    linesPerOrder: range('lines per order', 1, 200).default({ min: 1, max: 5 }),
    quantityPerLine: range('units per order line', 1, 10_000).default({ min: 1, max: 5 }),
    invoiceShare: share('Share of confirmed orders also invoiced and posted').default(0),
    channels: channelShares(['api', 'web'] as const, 'orders', 'api').prefault({}),
    maxVus: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Cap on concurrent virtual users; derived from the rate and the SLO when absent.'),
    startTime,
  })
  .describe('Peak order confirmation: sale.order create + action_confirm + read back.');

export const barcodeScanningSchema = z
  .strictObject({
    operators: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .describe('Warehouse operators scanning at once, one virtual user each.'),
    scansPerMinute: z
      .number()
      .positive()
      .max(120)
      .default(20)
      .describe('Scans per operator per minute (human pace; think time = 60 / rate, ±30 %).'),
    pickingsPerOperator: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(2)
      .describe('Deliveries prepared for each operator.'),
    linesPerPicking: range('lines per delivery', 1, 100).default({ min: 1, max: 3 }),
    scanShare: share(
      'Share of each line scanned before validating; below 1 leaves backorders',
    ).default(1),
    backorder: z
      .enum(['process', 'cancel'])
      .default('process')
      .describe('Answer to "Create Backorder?": keep the rest (process) or cancel it.'),
    api: z
      .enum(['community', 'enterprise'])
      .default('community')
      .describe(
        "Community call sequence (call_kw), or Enterprise's barcode app routes (needs stock_barcode).",
      ),
    channels: channelShares(['barcode', 'web'] as const, 'operators', 'barcode').prefault({}),
    startTime,
  })
  .describe(
    'Concurrent barcode scanning: lookup by barcode, add quantity, validate, answer wizards.',
  );

export const bulkImportSchema = z
  .strictObject({
    kind: z
      .enum(['products', 'partners', 'pricelist-items', 'opening-stock'])
      .default('products')
      .describe('What the CSV holds.'),
    via: z
      .enum(['base_import', 'load'])
      .default('base_import')
      .describe("Odoo's import wizard (execute_import) or Model.load."),
    rowsPerBatch: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .describe('Rows per batch (the import screen uses 2,000).'),
    batches: z.number().int().min(1).max(100_000).describe('How many batches to import.'),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe('Batches imported at the same time.'),
    badRowShare: share(
      'Share of rows deliberately malformed, to measure failed-row handling',
    ).default(0),
    startTime,
  })
  .describe('Bulk imports of CSV batches through base_import.import or load.');

export const reservationContentionSchema = z
  .strictObject({
    ordersPerHour: z
      .number()
      .positive()
      .max(10_000_000)
      .describe('Orders for the hot products per hour.'),
    hotProducts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(2)
      .describe('How many products every order competes for.'),
    quantityPerOrder: range('units per line', 1, 10_000).default({ min: 1, max: 2 }),
    maxVus: z.number().int().positive().optional().describe('Cap on concurrent virtual users.'),
    startTime,
  })
  .describe(
    'Reservation contention: orders and availability checks competing for the same quants.',
  );

export const monthEndCloseSchema = z
  .strictObject({
    postingsPerMinute: z
      .number()
      .positive()
      .max(100_000)
      .describe('Journal entries and invoices created and posted per minute.'),
    invoiceShare: share('Share of postings that are customer invoices').default(0.5),
    linesPerEntry: range('lines per entry', 2, 100).default({ min: 2, max: 4 }),
    reportsPerMinute: z
      .number()
      .min(0)
      .max(10_000)
      .default(6)
      .describe('Trial balance / aged receivable refreshes per minute while posting runs.'),
    channels: channelShares(['api', 'web'] as const, 'entries and invoices', 'api').prefault({}),
    startTime,
  })
  .describe('Month-end postings with journal numbering, plus accounting reports.');

export const peopleSchema = z
  .strictObject({
    integrationUsers: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(1)
      .describe(
        "Sessions of the integration user (EDI, e-commerce, a connector) the API channel's calls are spread over.",
      ),
    salesReps: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(4)
      .describe(
        'Sales reps keying orders in the web client (web channel), each in a session of their own.',
      ),
    accountants: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(2)
      .describe(
        'Accountants keying invoices in the web client (web channel), each in a session of their own.',
      ),
    loginConcurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(2)
      .describe(
        'Logins sent at once before the load starts (a password login holds an Odoo worker for 0.35–0.55 s).',
      ),
    thinkSeconds: range('seconds between two actions of a person in a web form', 0, 600).default({
      min: 0.5,
      max: 1.5,
    }),
  })
  .describe(
    'Who works during the run: everyone logs in once, before the measured load, and keeps the session (pickers are the barcode operators).',
  );

export const shiftStartSchema = z
  .strictObject({
    people: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .describe('People who log in to the web client as their shift starts.'),
    minutes: z.number().positive().max(600).describe('Over how many minutes they arrive (evenly).'),
    role: z
      .enum(['salesRep', 'accountant', 'picker'])
      .default('salesRep')
      .describe('Who they are: pickers log in as the operators, the others as the main login.'),
    startTime,
  })
  .describe(
    "A shift starting: people log in to the web client during the load (a password login and the web client's first calls), each a new session. The only logins a run measures.",
  );

/** Per role; how many the generator can hold is checked against the machine when the run is planned. */
const MAX_BROWSERS = 20;

const uiStepSlo = (step: string, ms: number) =>
  z
    .number()
    .positive()
    .default(ms)
    .describe(`p95 of "${step}" in a real browser, in milliseconds.`);

export const browserUsersSchema = z
  .strictObject({
    salesReps: z
      .number()
      .int()
      .min(0)
      .max(MAX_BROWSERS)
      .default(0)
      .describe(
        'Sales reps keying quotations in the real web client (New → customer → lines → Save → Confirm), then opening the order list and an order.',
      ),
    pickers: z
      .number()
      .int()
      .min(0)
      .max(MAX_BROWSERS)
      .default(0)
      .describe(
        'Pickers opening ready deliveries and validating one, answering its wizards as a person would.',
      ),
    accountants: z
      .number()
      .int()
      .min(0)
      .max(MAX_BROWSERS)
      .default(0)
      .describe('Accountants keying a customer invoice and posting it.'),
    pauseSeconds: range(
      'seconds a person pauses between two orders, deliveries or invoices',
      0,
      600,
    ).default({
      min: 2,
      max: 5,
    }),
    slo: z
      .strictObject({
        login: uiStepSlo('login until the home screen is usable', 10_000),
        openForm: uiStepSlo('open a new form', 3000),
        save: uiStepSlo('save', 3000),
        confirm: uiStepSlo('confirm an order', 3000),
        openList: uiStepSlo('open a list', 3000),
        openOrder: uiStepSlo('open an order', 3000),
        openDeliveries: uiStepSlo('open the ready deliveries', 3000),
        openDelivery: uiStepSlo('open a delivery', 3000),
        validate: uiStepSlo('validate a delivery', 3000),
        post: uiStepSlo('post an invoice', 3000),
      })
      .prefault({})
      .describe(
        "Each step's p95 SLO; every step a browser user takes becomes a threshold and a gate criterion.",
      ),
  })
  .refine((users) => users.salesReps + users.pickers + users.accountants > 0, {
    message:
      'name at least one browser user (salesReps, pickers or accountants), or leave browserUsers out',
  })
  .describe(
    "People in a real browser (Chromium driven by k6's browser module) beside the protocol load: what their screens do at the peak. Needs a real Odoo 17 or 18: the emulator serves no web client.",
  );

export const sloSchema = z
  .strictObject({
    orderConfirmP95Ms: z
      .number()
      .positive()
      .default(2000)
      .describe('p95 of action_confirm, in milliseconds.'),
    scanP95Ms: z
      .number()
      .positive()
      .default(1000)
      .describe('p95 of one scan round trip (operators notice anything above ~1 s).'),
    postingP95Ms: z.number().positive().default(2000).describe('p95 of action_post.'),
    reportP95Ms: z.number().positive().default(10000).describe('p95 of an accounting report.'),
    importBatchP95Ms: z.number().positive().default(60000).describe('p95 of one import batch.'),
    maxErrorRate: z
      .number()
      .min(0)
      .max(1)
      .default(0.01)
      .describe('Largest share of failed model calls (0–1).'),
    loginP95Ms: z
      .number()
      .positive()
      .default(5000)
      .describe("p95 of a shift start's login, until the web client is bootstrapped."),
    webActionP95Ms: z
      .number()
      .positive()
      .default(3000)
      .describe(
        'p95 of one action of a person in the web client (open a form, save, confirm, validate).',
      ),
    abortOnFail: z
      .boolean()
      .default(false)
      .describe('Stop the run as soon as a latency SLO is broken (breakpoint tests).'),
  })
  .describe('Service-level objectives; each becomes a k6 threshold for the workloads present.');

export const workloadsSchema = z
  .strictObject({
    orderConfirmation: orderConfirmationSchema.optional(),
    barcodeScanning: barcodeScanningSchema.optional(),
    bulkImport: bulkImportSchema.optional(),
    reservationContention: reservationContentionSchema.optional(),
    monthEndClose: monthEndCloseSchema.optional(),
    shiftStart: shiftStartSchema.optional(),
  })
  .refine((value) => Object.values(value).some(Boolean), {
    message: 'at least one workload is required',
  })
  .describe('The workloads this profile runs and their rates.');

export const loadProfileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    kind: z.literal('load').describe('Profile kind.'),
    name: z.string().min(1).describe('Short name, used in reports.'),
    description: z.string().default('').describe('What this load represents.'),
    duration: durationSchema.describe(
      'How long each workload runs (from its start time); with stages, their sum replaces it.',
    ),
    stages: z
      .array(
        z.strictObject({
          duration: durationSchema.describe('How long this stage lasts.'),
          multiplier: z
            .number()
            .min(0)
            .max(1000)
            .describe(
              "Target rate as a multiple of each workload's rate (1 = the profile's rates).",
            ),
        }),
      )
      .min(1)
      .optional()
      .describe(
        'Ramp the open workloads (orders, contention, postings, reports) through these stages: stress, spike, breakpoint.',
      ),
    companies: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(1)
      .describe('How many companies the work is spread over.'),
    workloads: workloadsSchema,
    // prefault parses {} through the schema, so the field defaults above are the only ones.
    people: peopleSchema.prefault({}),
    browserUsers: browserUsersSchema.optional(),
    slo: sloSchema.prefault({}),
  })
  .describe('A load profile: what runs, at what rate, for how long, and what counts as passing.');

export type LoadProfile = z.infer<typeof loadProfileSchema>;

/** The profile's workloads are the contract's, no more and no fewer (a type error otherwise). */
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never]
  ? true
  : never;
export const workloadKeysMatch: SameKeys<LoadProfile['workloads'], WorkloadKey> = true;
/** Every browser step has an SLO, and no SLO names a step nobody takes. */
export const uiStepSlosMatch: SameKeys<NonNullable<LoadProfile['browserUsers']>['slo'], UiStep> =
  true;
