import { BROWSER_SCENARIOS } from './browser.ts';
import type { MetricKey } from './metrics.ts';

/**
 * The workloads of a distributor's peak (docs/domain.md), their k6 scenarios, the functions k6 runs for
 * them (`exec`), and the business unit each one counts. The profile compiler, the scenario entry
 * files, the verdict and the dashboards all take these names from here.
 */

/** Keys of `workloads` in a load profile and in the run plan. */
export const WORKLOAD_KEYS = [
  'orderConfirmation',
  'barcodeScanning',
  'bulkImport',
  'reservationContention',
  'monthEndClose',
  'shiftStart',
] as const;
export type WorkloadKey = (typeof WORKLOAD_KEYS)[number];

/**
 * How work reaches Odoo: `api` (an integration: EDI, e-commerce, a connector, over call_kw or
 * /jsonrpc), `web` (a person in Odoo's own web client, which costs the server several times more per
 * order), `barcode` (a handheld scanner's calls).
 */
export const CHANNELS = ['api', 'web', 'barcode'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One k6 scenario: what it runs, which workload it belongs to, and what one iteration achieves. */
export interface K6ScenarioSpec {
  /** The exported function of the bundle k6 calls (`exec`). */
  exec: string;
  workload: WorkloadKey;
  /** Value of the `workload` tag on its samples. */
  workloadTag: string;
  /** What one iteration produces, plural, for sentences such as "0 of 41 orders confirmed". */
  unit: string;
  /** One of them: "server time per order". */
  one: string;
  /** The verb of a successful iteration. */
  done: string;
  /** The trend timing the business step users feel (contract/metrics.ts key). */
  step: MetricKey;
  /** How a person counts its throughput. */
  per: 'hour' | 'minute' | 'second';
  /** How its work reaches Odoo (the `channel` tag of its samples). */
  channel: Channel;
}

/** Keyed by k6 scenario name (`options.scenarios.<name>`, k6's `scenario` tag). */
export const K6_SCENARIOS = {
  order_confirmation: {
    exec: 'orderConfirmation',
    workload: 'orderConfirmation',
    workloadTag: 'order_confirmation',
    unit: 'orders',
    one: 'order',
    done: 'confirmed',
    step: 'orderConfirmDuration',
    per: 'hour',
    channel: 'api',
  },
  order_entry_web: {
    exec: 'orderEntryWeb',
    workload: 'orderConfirmation',
    workloadTag: 'order_confirmation',
    unit: 'orders keyed in the web client',
    one: 'order',
    done: 'confirmed',
    step: 'orderConfirmDuration',
    per: 'hour',
    channel: 'web',
  },
  barcode_scanning: {
    exec: 'barcodeScanning',
    workload: 'barcodeScanning',
    workloadTag: 'barcode_scanning',
    unit: 'pickings',
    one: 'picking',
    done: 'validated',
    step: 'scanDuration',
    per: 'hour',
    channel: 'barcode',
  },
  delivery_validation_web: {
    exec: 'deliveryValidationWeb',
    workload: 'barcodeScanning',
    workloadTag: 'barcode_scanning',
    unit: 'deliveries',
    one: 'delivery',
    done: 'validated in the web client',
    step: 'validateDuration',
    per: 'hour',
    channel: 'web',
  },
  bulk_import: {
    exec: 'bulkImport',
    workload: 'bulkImport',
    workloadTag: 'bulk_import',
    unit: 'import batches',
    one: 'import batch',
    done: 'imported',
    step: 'importBatchDuration',
    per: 'minute',
    channel: 'api',
  },
  reservation_contention: {
    exec: 'reservationContention',
    workload: 'reservationContention',
    workloadTag: 'reservation_contention',
    unit: 'contended orders',
    one: 'contended order',
    done: 'confirmed',
    step: 'reservationDuration',
    per: 'hour',
    channel: 'api',
  },
  month_end_posting: {
    exec: 'monthEndPosting',
    workload: 'monthEndClose',
    workloadTag: 'month_end_close',
    unit: 'entries',
    one: 'entry',
    done: 'posted',
    step: 'postingDuration',
    per: 'minute',
    channel: 'api',
  },
  invoice_entry_web: {
    exec: 'invoiceEntryWeb',
    workload: 'monthEndClose',
    workloadTag: 'month_end_close',
    unit: 'invoices keyed in the web client',
    one: 'invoice',
    done: 'posted',
    step: 'postingDuration',
    per: 'minute',
    channel: 'web',
  },
  month_end_report: {
    exec: 'monthEndReport',
    workload: 'monthEndClose',
    workloadTag: 'month_end_close',
    unit: 'reports',
    one: 'report',
    done: 'answered',
    step: 'reportDuration',
    per: 'minute',
    channel: 'api',
  },
  shift_start: {
    exec: 'shiftStart',
    workload: 'shiftStart',
    workloadTag: 'shift_start',
    unit: 'people',
    one: 'person',
    done: 'logged in to the web client',
    step: 'loginDuration',
    per: 'minute',
    channel: 'web',
  },
} as const satisfies Record<string, K6ScenarioSpec>;
export type K6ScenarioName = keyof typeof K6_SCENARIOS;

/** A scenario of the protocol load (browser users' scenarios are k6's business only). */
export const isK6Scenario = (name: string): name is K6ScenarioName => name in K6_SCENARIOS;

/** k6 entry files (`scenarios/<name>.ts` → `dist/<name>.js`) and the workloads each runs. */
export const SCENARIO_FILES = {
  'order-confirmation': ['orderConfirmation'],
  'barcode-scanning': ['barcodeScanning'],
  'bulk-import': ['bulkImport'],
  'reservation-contention': ['reservationContention'],
  'month-end-close': ['monthEndClose'],
  'shift-start': ['shiftStart'],
  'peak-day': WORKLOAD_KEYS,
} as const satisfies Record<string, readonly WorkloadKey[]>;
export type ScenarioFile = keyof typeof SCENARIO_FILES;

export const isScenarioFile = (name: string): name is ScenarioFile => name in SCENARIO_FILES;

/** The k6 scenarios a workload compiles to. */
export const scenariosOf = (workload: WorkloadKey): K6ScenarioName[] =>
  (Object.keys(K6_SCENARIOS) as K6ScenarioName[]).filter(
    (name) => K6_SCENARIOS[name].workload === workload,
  );

/** The exec names a bundle must export: every k6 scenario of the workloads it runs, and peak-day's browser users. */
export const execsOf = (file: ScenarioFile): string[] => [
  ...SCENARIO_FILES[file].flatMap((workload) =>
    scenariosOf(workload).map((name) => K6_SCENARIOS[name].exec),
  ),
  ...(file === 'peak-day' ? Object.values(BROWSER_SCENARIOS).map((browser) => browser.exec) : []),
];
