/**
 * The run plan k6 receives from the CLI as resolved JSON in `ODOO_LOAD_PLAN` (profiles are validated
 * in Node, never here). Running a bundle by hand works too: the target then comes from ODOO_URL,
 * ODOO_DB and ODOO_LOGIN with each workload's defaults at one VU. Secrets are only ever read from
 * the environment: ODOO_PASSWORD (session login), ODOO_API_KEY (jsonrpc / json2), and
 * ODOO_OPERATOR_PASSWORD for the scanner users (defaults to ODOO_PASSWORD).
 */
import type { Options } from 'k6/options';
import type { AuthMode } from './odoo/index.ts';

export interface Range {
  min: number;
  max: number;
}

export interface OrderConfirmationPlan {
  linesPerOrder: Range;
  /** Share (0–1) of confirmed orders that are also invoiced and posted. */
  invoiceShare: number;
}

export interface BarcodeScanningPlan {
  /** Logins of the warehouse operators, one VU each. */
  operators: string[];
  /** Deliveries prepared for each operator in setup(). */
  pickingsPerOperator: number;
  linesPerPicking: Range;
  /** Seconds an operator takes between two scans. */
  thinkSeconds: Range;
  /** How the operator answers "Create Backorder?". */
  backorder: 'process' | 'cancel';
  /** Share (0–1) of each line's quantity that gets scanned; below 1 leaves backorders. */
  scanShare: number;
  /** `community`: call_kw per scan; `enterprise`: the barcode app's routes (stock_barcode). */
  api: 'community' | 'enterprise';
}

export interface BulkImportPlan {
  kind: 'products' | 'partners' | 'pricelist-items' | 'opening-stock';
  via: 'base_import' | 'load';
  rowsPerBatch: number;
  /** Share (0–1) of rows made invalid on purpose, to measure failed-row handling. */
  badRowShare: number;
}

export interface ReservationContentionPlan {
  /** How many products every order competes for. */
  hotProducts: number;
  quantityPerOrder: Range;
}

export interface MonthEndClosePlan {
  /** Share (0–1) of postings that are customer invoices; the rest are journal entries. */
  invoiceShare: number;
  linesPerEntry: Range;
}

export interface Workloads {
  orderConfirmation?: OrderConfirmationPlan;
  barcodeScanning?: BarcodeScanningPlan;
  bulkImport?: BulkImportPlan;
  reservationContention?: ReservationContentionPlan;
  monthEndClose?: MonthEndClosePlan;
}

export interface RunPlan {
  runId: string;
  target: { url: string; db: string; login: string; auth: AuthMode };
  /** Company ids to spread work over; empty means the login's allowed companies. */
  companies: number[];
  options: Options;
  workloads: Workloads;
}

export const WORKLOAD_DEFAULTS: Required<Workloads> = {
  orderConfirmation: { linesPerOrder: { min: 1, max: 3 }, invoiceShare: 0 },
  barcodeScanning: {
    operators: [],
    pickingsPerOperator: 2,
    linesPerPicking: { min: 1, max: 3 },
    thinkSeconds: { min: 0.5, max: 1.5 },
    backorder: 'process',
    scanShare: 1,
    api: 'community',
  },
  bulkImport: { kind: 'products', via: 'base_import', rowsPerBatch: 200, badRowShare: 0 },
  reservationContention: { hotProducts: 2, quantityPerOrder: { min: 1, max: 2 } },
  monthEndClose: { invoiceShare: 0.5, linesPerEntry: { min: 2, max: 4 } },
};

function fromEnvironment(): RunPlan {
  const url = __ENV.ODOO_URL;
  const db = __ENV.ODOO_DB;
  const login = __ENV.ODOO_LOGIN;
  if (!url || !db || !login) {
    throw new Error(
      'Set ODOO_LOAD_PLAN (the odoo-load CLI does), or ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD',
    );
  }
  return {
    runId: __ENV.ODOO_LOAD_RUN_ID || `manual-${Date.now()}`,
    target: { url, db, login, auth: (__ENV.ODOO_AUTH as AuthMode) || 'session' },
    companies: [],
    options: { vus: 1, iterations: 3 },
    workloads: WORKLOAD_DEFAULTS,
  };
}

export function loadPlan(): RunPlan {
  return __ENV.ODOO_LOAD_PLAN ? (JSON.parse(__ENV.ODOO_LOAD_PLAN) as RunPlan) : fromEnvironment();
}

function required(name: string, why: string): string {
  const value = __ENV[name];
  if (!value) throw new Error(`${name} is not set: ${why}`);
  return value;
}

/** The secret for the plan's auth mode: a password for web sessions, an API key otherwise. */
export function secretFor(plan: RunPlan): string {
  return plan.target.auth === 'session'
    ? required('ODOO_PASSWORD', 'the password only ever comes from the environment')
    : required(
        'ODOO_API_KEY',
        `auth "${plan.target.auth}" logs in with an API key, which only ever comes from the environment`,
      );
}

/** The scanner users' password (they always use web sessions, as handhelds do). */
export function operatorPassword(): string {
  return (
    __ENV.ODOO_OPERATOR_PASSWORD ||
    required('ODOO_PASSWORD', 'operators log in with ODOO_OPERATOR_PASSWORD or ODOO_PASSWORD')
  );
}
