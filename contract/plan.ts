/**
 * The resolved run plan the CLI hands to k6 as JSON (`ODOO_LOAD_PLAN`). Every value is resolved in
 * Node from a validated profile (cli/profiles); the k6 side keeps no defaults of its own.
 */
import type { WorkloadKey } from './workloads.ts';

/** How virtual users log in (odoo-rpc.md §1–3); scanner operators always use web sessions. */
export const AUTH_MODES = ['session', 'jsonrpc', 'json2'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** JSON-2 (`/json/2/<model>/<method>`) exists from this major version on. */
export const JSON2_SINCE = 19;

export interface Range {
  min: number;
  max: number;
}

export interface OrderConfirmationPlan {
  linesPerOrder: Range;
  /** Units per order line. */
  quantityPerLine: Range;
  /** Share (0–1) of confirmed orders also invoiced and posted. */
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

export const IMPORT_KINDS = ['products', 'partners', 'pricelist-items', 'opening-stock'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface BulkImportPlan {
  kind: ImportKind;
  via: 'base_import' | 'load';
  rowsPerBatch: number;
  /** Batches in the whole run (opening stock needs it to give every row a place of its own). */
  batches: number;
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

export interface WorkloadPlans {
  orderConfirmation?: OrderConfirmationPlan;
  barcodeScanning?: BarcodeScanningPlan;
  bulkImport?: BulkImportPlan;
  reservationContention?: ReservationContentionPlan;
  monthEndClose?: MonthEndClosePlan;
}

/** Each workload's plan type, by key. */
export type WorkloadPlan<K extends WorkloadKey> = NonNullable<WorkloadPlans[K]>;

export interface PlanTarget {
  url: string;
  db: string;
  login: string;
  auth: AuthMode;
}

export interface RunPlan {
  runId: string;
  target: PlanTarget;
  /** Company ids to spread work over; empty means the login's allowed companies. */
  companies: number[];
  /** k6 options (scenarios, thresholds, tags), compiled from the profile. */
  options: Record<string, unknown>;
  workloads: WorkloadPlans;
}
