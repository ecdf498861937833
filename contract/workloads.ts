import type { MetricKey } from './metrics.ts';

/**
 * The workloads of a distributor's peak (DOMAIN.md), their k6 scenarios, the functions k6 runs for
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
] as const;
export type WorkloadKey = (typeof WORKLOAD_KEYS)[number];

/** One k6 scenario: what it runs, which workload it belongs to, and what one iteration achieves. */
export interface K6ScenarioSpec {
  /** The exported function of the bundle k6 calls (`exec`). */
  exec: string;
  workload: WorkloadKey;
  /** Value of the `workload` tag on its samples. */
  workloadTag: string;
  /** What one iteration produces, plural, for sentences such as "0 of 41 orders confirmed". */
  unit: string;
  /** The verb of a successful iteration. */
  done: string;
  /** The trend timing the business step users feel (contract/metrics.ts key). */
  step: MetricKey;
  /** How a person counts its throughput. */
  per: 'hour' | 'minute' | 'second';
}

/** Keyed by k6 scenario name (`options.scenarios.<name>`, k6's `scenario` tag). */
export const K6_SCENARIOS = {
  order_confirmation: {
    exec: 'orderConfirmation',
    workload: 'orderConfirmation',
    workloadTag: 'order_confirmation',
    unit: 'orders',
    done: 'confirmed',
    step: 'orderConfirmDuration',
    per: 'hour',
  },
  barcode_scanning: {
    exec: 'barcodeScanning',
    workload: 'barcodeScanning',
    workloadTag: 'barcode_scanning',
    unit: 'pickings',
    done: 'validated',
    step: 'scanDuration',
    per: 'hour',
  },
  bulk_import: {
    exec: 'bulkImport',
    workload: 'bulkImport',
    workloadTag: 'bulk_import',
    unit: 'import batches',
    done: 'imported',
    step: 'importBatchDuration',
    per: 'minute',
  },
  reservation_contention: {
    exec: 'reservationContention',
    workload: 'reservationContention',
    workloadTag: 'reservation_contention',
    unit: 'contended orders',
    done: 'confirmed',
    step: 'reservationDuration',
    per: 'hour',
  },
  month_end_posting: {
    exec: 'monthEndPosting',
    workload: 'monthEndClose',
    workloadTag: 'month_end_close',
    unit: 'entries',
    done: 'posted',
    step: 'postingDuration',
    per: 'minute',
  },
  month_end_report: {
    exec: 'monthEndReport',
    workload: 'monthEndClose',
    workloadTag: 'month_end_close',
    unit: 'reports',
    done: 'answered',
    step: 'reportDuration',
    per: 'minute',
  },
} as const satisfies Record<string, K6ScenarioSpec>;
export type K6ScenarioName = keyof typeof K6_SCENARIOS;

/** k6 entry files (`scenarios/<name>.ts` → `dist/<name>.js`) and the workloads each runs. */
export const SCENARIO_FILES = {
  'order-confirmation': ['orderConfirmation'],
  'barcode-scanning': ['barcodeScanning'],
  'bulk-import': ['bulkImport'],
  'reservation-contention': ['reservationContention'],
  'month-end-close': ['monthEndClose'],
  'peak-day': WORKLOAD_KEYS,
} as const satisfies Record<string, readonly WorkloadKey[]>;
export type ScenarioFile = keyof typeof SCENARIO_FILES;

export const isScenarioFile = (name: string): name is ScenarioFile => name in SCENARIO_FILES;

/** The k6 scenarios a workload compiles to. */
export const scenariosOf = (workload: WorkloadKey): K6ScenarioName[] =>
  (Object.keys(K6_SCENARIOS) as K6ScenarioName[]).filter(
    (name) => K6_SCENARIOS[name].workload === workload,
  );

/** The exec names a bundle must export: every k6 scenario of the workloads it runs. */
export const execsOf = (file: ScenarioFile): string[] =>
  SCENARIO_FILES[file].flatMap((workload) =>
    scenariosOf(workload).map((name) => K6_SCENARIOS[name].exec),
  );
