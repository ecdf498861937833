/**
 * The resolved run plan the CLI hands to k6 as JSON (`ODOO_LOAD_PLAN`). Every value is resolved in
 * Node from a validated profile (planning/); the k6 side keeps no defaults of its own.
 */
import type { BrowserRole } from './browser.ts';
import type { WorkloadKey } from './workloads.ts';

/** How virtual users log in (docs/odoo-protocol.md §1–3); scanner operators always use web sessions. */
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
  /** Logins of the warehouse operators with a scanner, one VU each. */
  operators: string[];
  /** Logins of the pickers who validate deliveries in the web client (Community Inventory), one VU each. */
  webOperators: string[];
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

/** A shift starting: people log in to the web client during the load, each with a new session. */
export interface ShiftStartPlan {
  /** Who they are (their role tags the logins). */
  role: Exclude<Role, 'integration'>;
  /** The users they log in as, taken in turn. */
  users: string[];
}

export interface WorkloadPlans {
  orderConfirmation?: OrderConfirmationPlan;
  barcodeScanning?: BarcodeScanningPlan;
  bulkImport?: BulkImportPlan;
  reservationContention?: ReservationContentionPlan;
  monthEndClose?: MonthEndClosePlan;
  shiftStart?: ShiftStartPlan;
}

/** Each workload's plan type, by key. */
export type WorkloadPlan<K extends WorkloadKey> = NonNullable<WorkloadPlans[K]>;

/**
 * The people a run simulates (docs/domain.md): who they are decides how they log in and what they do.
 * An integration user (EDI, e-commerce, a connector) sends the API channel's calls with the run's
 * auth mode; sales reps, accountants and pickers use web sessions, as the web client and the
 * handhelds do.
 */
export const ROLES = ['integration', 'salesRep', 'accountant', 'picker'] as const;
export type Role = (typeof ROLES)[number];

/** One person of the run: a login and a role. Several people may share a login (each has a session). */
export interface PersonPlan {
  role: Role;
  login: string;
}

export interface PeoplePlan {
  /**
   * Everyone who works during the run, logged in once in setup(), before the measured load; the
   * first integration user is the one setup() itself logs in as.
   */
  people: PersonPlan[];
  /** Logins sent at the same time in setup() (a password login holds a worker ≈ 0.35–0.55 s). */
  loginConcurrency: number;
  /** Seconds a person of the web channel takes between two actions in a form. */
  thinkSeconds: Range;
}

export interface PlanTarget {
  url: string;
  db: string;
  login: string;
  auth: AuthMode;
  /** The way in of each role whose people are away from Odoo (a latency proxy); else `url`. */
  urlByRole?: Partial<Record<Role, string>>;
}

/** Every threshold of a plan, k6's and the folded ones, as the CLI judges them on merged samples. */
export const thresholdsOf = (plan: Pick<RunPlan, 'options' | 'foldedThresholds'>) => ({
  ...((plan.options.thresholds ?? {}) as Record<string, unknown[]>),
  ...plan.foldedThresholds,
});

/** The target as a person of `role` reaches it. */
export const targetOf = (target: PlanTarget, role: Role): PlanTarget => ({
  ...target,
  url: target.urlByRole?.[role] ?? target.url,
});

export interface RunPlan {
  runId: string;
  target: PlanTarget;
  /** Company ids to spread work over; empty means the login's allowed companies. */
  companies: number[];
  /** k6 options (scenarios, thresholds, tags), compiled from the profile. */
  options: Record<string, unknown>;
  /**
   * Thresholds on metrics k6 does not send (contract/metrics.ts FOLDED_METRICS): never handed to
   * k6, which would refuse a threshold on a metric it does not know; the CLI judges them.
   */
  foldedThresholds?: Record<string, unknown[]>;
  /**
   * The k6 scenarios the plan runs. The k6 side reads this, never `options.scenarios`: k6 takes the
   * exported options object over and empties it by setup() time.
   */
  scenarios: string[];
  workloads: WorkloadPlans;
  people: PeoplePlan;
  /** People in a real browser beside the protocol load (peak-day only). */
  browsers?: BrowserPlan;
}

/** A browser user: who logs in to the web client, as what. */
export interface BrowserUserPlan {
  role: BrowserRole;
  login: string;
}

export interface BrowserPlan {
  /** Major version of the target's web client: its URLs and markup (17: /web#…, 18: /odoo/…). */
  version: number;
  users: BrowserUserPlan[];
  /** Seconds a person pauses between two units of work (an order, a delivery, an invoice). */
  pauseSeconds: Range;
  /** How long each browser user works, in seconds from the start of the load. */
  durationSeconds: number;
  /** Where a failed step's screenshot is written (the run folder's screenshots/). */
  screenshotsDir: string;
}
