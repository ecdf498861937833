/**
 * Every metric and tag a user, a dashboard or a report can see, declared once. The k6 side builds
 * its Trends, Counters and Rates from this table; the CLI, the report and the dashboards query the
 * same names. Tag values are bounded (model and method names, kinds, outcomes), never ids.
 */

/** Tag names the suite sets on its own samples. */
export const TAGS = {
  model: 'rpc_model',
  method: 'rpc_method',
  /** The call as Odoo's request log names it (contract/server-calls.ts). */
  call: 'rpc_call',
  errorKind: 'error_kind',
  errorName: 'error_name',
  workload: 'workload',
  outcome: 'outcome',
  report: 'report',
  journal: 'journal_type',
  wizard: 'wizard',
  reason: 'reason',
  company: 'company',
  /** Who acted (contract/plan.ts ROLES) and how the work arrived (contract/workloads.ts CHANNELS). */
  role: 'role',
  channel: 'channel',
  /** When a login happened: before the load, in a shift-start wave, or renewing an expired session. */
  phase: 'phase',
  /** What a person waits for in the web client: open, save, confirm, validate, post. */
  step: 'step',
  /** k6's own system tag: the scenario a sample was emitted in. */
  scenario: 'scenario',
  /** Global tags on every sample of a run (set in the k6 options). */
  runId: 'run_id',
  hosting: 'hosting',
  profile: 'profile',
} as const;
export type TagName = (typeof TAGS)[keyof typeof TAGS];

/** High-cardinality tags written to InfluxDB as fields, so series stay few. */
export const INFLUX_TAGS_AS_FIELDS = 'vu:int,iter:int,url';

/** Outcome of one business unit (an order, a picking, a batch, an entry, a report). */
export const OUTCOMES = {
  done: 'done',
  /** Odoo refused it, or a step failed on a read: nothing of it was committed. */
  failed: 'failed',
  /** A write whose answer never came back (reset, timeout): it may or may not have committed. */
  inDoubt: 'in_doubt',
} as const;
export type Outcome = (typeof OUTCOMES)[keyof typeof OUTCOMES];

/** What an invoicing attempt on a confirmed order came to. */
export const INVOICE_OUTCOMES = {
  posted: 'posted',
  /** Delivered-quantity products not yet delivered: Odoo has nothing to invoice (not an error). */
  nothingToInvoice: 'nothing_to_invoice',
  failed: 'failed',
  inDoubt: 'in_doubt',
} as const;

export const RESERVATION_OUTCOMES = ['assigned', 'partial', 'waiting'] as const;
export type ReservationOutcome = (typeof RESERVATION_OUTCOMES)[number];

/** Wizards a button can return, by the `wizard` tag of the answers counted. */
export const WIZARD_TAGS = {
  'stock.backorder.confirmation': 'backorder',
  'stock.immediate.transfer': 'immediate',
  'confirm.stock.sms': 'sms',
  'stock.track.confirmation': 'tracking',
  'sale.order.cancel': 'cancel',
} as const;

/** When a person logs in: `setup` (before the measured load), `shift` (a shift-start wave), `renewal`. */
export const LOGIN_PHASES = { setup: 'setup', shift: 'shift', renewal: 'renewal' } as const;
export type LoginPhase = (typeof LOGIN_PHASES)[keyof typeof LOGIN_PHASES];

export type MetricKind = 'counter' | 'trend' | 'rate';

export interface MetricSpec {
  name: string;
  kind: MetricKind;
  /** Trends of milliseconds (k6 `isTime`), shown as durations. */
  time?: boolean;
  /** Tags the suite sets on it, besides the global ones. */
  tags: readonly TagName[];
  /** One line for the README, the report and dashboard descriptions. */
  description: string;
  /**
   * Not sent by k6: the CLI folds it from k6's `http_req_duration` of the requests that carry this
   * tag, and the dashboards query it there (one sample per call, not two).
   */
  foldedFromHttpByTag?: TagName;
  /**
   * Not sent by k6: a rate the CLI folds from k6's `http_reqs` of the requests that carry this tag
   * (the calls) and from odoo_rpc_errors (the failed ones), so a call records no sample of its own.
   */
  foldedFromCallsByTag?: TagName;
}

const m = <T extends MetricSpec>(spec: T) => spec;

export const METRICS = {
  // Every Odoo call.
  rpcDuration: m({
    name: 'odoo_rpc_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.model, TAGS.method, TAGS.call],
    description: 'every Odoo call',
    // A second sample of what k6 already times cost the client 5–15 % of its CPU per call in
    // side-by-side runs (bench/emulator-throughput.ts, docs/scale.md).
    foldedFromHttpByTag: TAGS.call,
  }),
  rpcFailed: m({
    name: 'odoo_rpc_failed',
    kind: 'rate',
    tags: [],
    description:
      'share of Odoo calls that failed: odoo_rpc_errors over the requests tagged rpc_call',
    // A sample of its own at every call was k6 handing one more sample to its engine each time: with
    // it folded (and each call described once), the client went from 0.81x to 0.88x raw k6's CPU per
    // call, side by side in one run (docs/scale.md).
    foldedFromCallsByTag: TAGS.call,
  }),
  rpcErrors: m({
    name: 'odoo_rpc_errors',
    kind: 'counter',
    tags: [TAGS.model, TAGS.method, TAGS.call, TAGS.errorKind, TAGS.errorName],
    description: 'failed Odoo calls by error_kind and error_name (Python class or transport)',
  }),
  // Every business unit, whatever the workload.
  outcomes: m({
    name: 'business_outcomes',
    kind: 'counter',
    tags: [TAGS.outcome, TAGS.workload, TAGS.scenario],
    description: 'each business unit once: done, failed, or in_doubt (a write with no answer)',
  }),
  // People and their sessions.
  logins: m({
    name: 'logins',
    kind: 'counter',
    tags: [TAGS.role, TAGS.phase, TAGS.outcome],
    description:
      'password logins by role, phase (setup, shift, renewal) and outcome (done, failed)',
  }),
  loginDuration: m({
    name: 'login_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.role, TAGS.phase],
    description: 'one login; for a shift start, until the web client is bootstrapped',
  }),
  // What people wait for in the web client.
  webActionDuration: m({
    name: 'web_action_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.step, TAGS.workload],
    description:
      'one action of a person in the web client, from click to usable screen: open, save, confirm, validate, post',
  }),
  // People in a real browser.
  uiStepDuration: m({
    name: 'ui_step_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.step, TAGS.role],
    description:
      'what a person in a real browser waits for, from click to usable screen: login, open form, save, confirm, validate, post',
  }),
  uiStepFailed: m({
    name: 'ui_step_failed',
    kind: 'rate',
    tags: [TAGS.step, TAGS.role],
    description: "share of browser users' steps that failed (each failed one leaves a screenshot)",
  }),
  // 1. Order confirmation.
  ordersConfirmed: m({
    name: 'orders_confirmed',
    kind: 'counter',
    tags: [],
    description: 'orders created and confirmed by the order-confirmation workload',
  }),
  orderConfirmDuration: m({
    name: 'order_confirm_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.workload, TAGS.company],
    description: 'sale.order action_confirm (procurement and reservation included)',
  }),
  orderLines: m({
    name: 'order_lines',
    kind: 'trend',
    tags: [],
    description: 'lines per order created',
  }),
  pickingsCreated: m({
    name: 'pickings_created',
    kind: 'counter',
    tags: [TAGS.workload],
    description: 'deliveries created by confirmations',
  }),
  reservations: m({
    name: 'reservations',
    kind: 'counter',
    tags: [TAGS.outcome, TAGS.workload, TAGS.company],
    description: 'reservation outcome of each confirmed order: assigned, partial, waiting',
  }),
  invoices: m({
    name: 'invoices',
    kind: 'counter',
    tags: [TAGS.outcome],
    description: 'invoicing attempts: posted, nothing_to_invoice, failed, in_doubt',
  }),
  // 2. Barcode scanning.
  scans: m({ name: 'scans', kind: 'counter', tags: [], description: 'barcode scans recorded' }),
  scanDuration: m({
    name: 'scan_duration',
    kind: 'trend',
    time: true,
    tags: [],
    description: 'one scan round trip: product by barcode + move-line update',
  }),
  pickingsValidated: m({
    name: 'pickings_validated',
    kind: 'counter',
    tags: [],
    description: 'deliveries validated by operators',
  }),
  validateDuration: m({
    name: 'validate_duration',
    kind: 'trend',
    time: true,
    tags: [],
    description: 'button_validate with the wizards it returned',
  }),
  wizardAnswers: m({
    name: 'wizard_answers',
    kind: 'counter',
    tags: [TAGS.wizard],
    description: 'wizards answered: backorder, immediate, sms, tracking, cancel',
  }),
  // 3. Bulk import.
  importRows: m({
    name: 'import_rows',
    kind: 'counter',
    tags: [TAGS.model],
    description: 'rows Odoo accepted (opening stock: rows whose count was applied)',
  }),
  importRowsFailed: m({
    name: 'import_rows_failed',
    kind: 'counter',
    tags: [TAGS.reason, TAGS.model],
    description: 'rows Odoo refused, by reason: duplicate, format, missing, other',
  }),
  importQuantity: m({
    name: 'import_quantity',
    kind: 'counter',
    tags: [],
    description: 'units of opening stock applied (what on-hand must have grown by)',
  }),
  importBatchDuration: m({
    name: 'import_batch_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.model],
    description: 'one import batch, from upload to answer',
  }),
  // 4. Reservation contention.
  reservationDuration: m({
    name: 'reservation_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.method],
    description: 'confirmations and availability checks on the contended products',
  }),
  conflicts: m({
    name: 'conflicts',
    kind: 'counter',
    tags: [TAGS.errorName],
    description: "serialization conflicts that outlived Odoo's retries",
  }),
  // 5. Month-end close.
  postings: m({
    name: 'postings',
    kind: 'counter',
    tags: [TAGS.journal],
    description: 'journal entries and invoices posted',
  }),
  postingDuration: m({
    name: 'posting_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.journal],
    description: 'account.move action_post',
  }),
  sequenceConflicts: m({
    name: 'sequence_conflicts',
    kind: 'counter',
    tags: [TAGS.journal],
    description: 'postings refused on a numbering or serialization conflict',
  }),
  reportDuration: m({
    name: 'report_duration',
    kind: 'trend',
    time: true,
    tags: [TAGS.report],
    description: 'trial balance and aged receivable (read_group on journal items)',
  }),
} as const;
export type MetricKey = keyof typeof METRICS;

/** k6's own metrics the suite reads. */
export const K6_METRICS = {
  httpReqs: 'http_reqs',
  httpReqDuration: 'http_req_duration',
  vus: 'vus',
  iterations: 'iterations',
  iterationDuration: 'iteration_duration',
  droppedIterations: 'dropped_iterations',
  checks: 'checks',
} as const;

/** The suite's metrics k6 does not send: the CLI folds them from k6's own samples. */
export const FOLDED_METRICS: ReadonlySet<string> = new Set(
  Object.values(METRICS)
    .filter((spec) => 'foldedFromHttpByTag' in spec || 'foldedFromCallsByTag' in spec)
    .map((spec) => spec.name),
);

/** A k6 metric selector with tags, e.g. `order_confirm_duration{workload:order_confirmation}`. */
export const selector = (metric: string, tags: Record<string, string> = {}): string => {
  const entries = Object.entries(tags);
  return entries.length ? `${metric}{${entries.map(([k, v]) => `${k}:${v}`).join(',')}}` : metric;
};
