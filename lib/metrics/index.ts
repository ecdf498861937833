/**
 * The suite's custom metrics and tag names. Dashboards and reports query these names: they are a
 * stable interface, documented in README.md ("Metrics"). Tag values are bounded (model and method
 * names, error kinds, outcomes), never ids or URLs with ids.
 */
import { Counter, Rate, Trend } from 'k6/metrics';

/** Tag names the suite sets on its own requests and metrics. */
export const TAGS = {
  model: 'rpc_model',
  method: 'rpc_method',
  errorKind: 'error_kind',
  errorName: 'error_name',
  workload: 'workload',
  outcome: 'outcome',
  report: 'report',
  journal: 'journal_type',
  wizard: 'wizard',
  reason: 'reason',
  company: 'company',
} as const;

// Every Odoo call.
/** Duration of every Odoo model call, tagged rpc_model / rpc_method. */
export const rpcDuration = new Trend('odoo_rpc_duration', true);
/** Odoo errors by kind (see lib/odoo/errors.ts ERROR_KINDS), model, method and Python class. */
export const rpcErrors = new Counter('odoo_rpc_errors');
/** Share of model calls that failed, for error-budget thresholds. */
export const rpcFailed = new Rate('odoo_rpc_failed');

// 1. Order confirmation.
export const ordersConfirmed = new Counter('orders_confirmed');
export const orderConfirmDuration = new Trend('order_confirm_duration', true);
export const orderLines = new Trend('order_lines');
export const pickingsCreated = new Counter('pickings_created');
/** Reservation outcome of each confirmed order or assigned picking: assigned, partial, waiting. */
export const reservations = new Counter('reservations');
export const invoicesPosted = new Counter('invoices_posted');

// 2. Barcode scanning.
export const scans = new Counter('scans');
/** One scan's round trip: product lookup by barcode + move-line update. */
export const scanDuration = new Trend('scan_duration', true);
export const pickingsValidated = new Counter('pickings_validated');
export const validateDuration = new Trend('validate_duration', true);
/** Wizards answered, tagged wizard = backorder | immediate. */
export const wizardAnswers = new Counter('wizard_answers');

// 3. Bulk import.
export const importRows = new Counter('import_rows');
/** Rows Odoo refused, tagged reason = duplicate | format | missing | other. */
export const importRowsFailed = new Counter('import_rows_failed');
export const importBatchDuration = new Trend('import_batch_duration', true);

// 4. Reservation contention.
export const reservationDuration = new Trend('reservation_duration', true);
/** Conflicts surfaced to the client after Odoo's retries ran out, tagged error_name. */
export const conflicts = new Counter('conflicts');

// 5. Month-end close.
export const postings = new Counter('postings');
export const postingDuration = new Trend('posting_duration', true);
/** Postings that failed on a sequence/serialization conflict. */
export const sequenceConflicts = new Counter('sequence_conflicts');
/** Accounting report latency, tagged report = trial_balance | aged_receivable. */
export const reportDuration = new Trend('report_duration', true);
