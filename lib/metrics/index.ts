/**
 * The suite's custom k6 metrics, built from the contract's table (contract/metrics.ts), which is
 * also what the CLI, the report and the dashboards read: a name is spelled in one place only.
 * Declared in the init stage, as k6 requires, and published on the VU's global object, where the
 * workloads' packs, evaluated later, find this one instance (build.mjs, services/lazy-packs.mjs).
 */
import { Counter, Rate, Trend } from 'k6/metrics';
import { METRICS, type MetricSpec, TAGS } from '../../contract/metrics.ts';

export { TAGS };

const trend = (spec: MetricSpec) => new Trend(spec.name, spec.time === true);
const counter = (spec: MetricSpec) => new Counter(spec.name);
const rate = (spec: MetricSpec) => new Rate(spec.name);

export const metrics = {
  // Every failed Odoo call (a call's duration and count are k6's own samples of its tagged request,
  // folded by the CLI), and every business unit.
  rpcErrors: counter(METRICS.rpcErrors),
  outcomes: counter(METRICS.outcomes),
  // People and their sessions.
  logins: counter(METRICS.logins),
  loginDuration: trend(METRICS.loginDuration),
  webActionDuration: trend(METRICS.webActionDuration),
  // People in a real browser.
  uiStepDuration: trend(METRICS.uiStepDuration),
  uiStepFailed: rate(METRICS.uiStepFailed),
  // 1. Order confirmation.
  ordersConfirmed: counter(METRICS.ordersConfirmed),
  orderConfirmDuration: trend(METRICS.orderConfirmDuration),
  orderLines: trend(METRICS.orderLines),
  pickingsCreated: counter(METRICS.pickingsCreated),
  reservations: counter(METRICS.reservations),
  invoices: counter(METRICS.invoices),
  // 2. Barcode scanning.
  scans: counter(METRICS.scans),
  scanDuration: trend(METRICS.scanDuration),
  pickingsValidated: counter(METRICS.pickingsValidated),
  validateDuration: trend(METRICS.validateDuration),
  wizardAnswers: counter(METRICS.wizardAnswers),
  // 3. Bulk import.
  importRows: counter(METRICS.importRows),
  importRowsFailed: counter(METRICS.importRowsFailed),
  importQuantity: counter(METRICS.importQuantity),
  importBatchDuration: trend(METRICS.importBatchDuration),
  // 4. Reservation contention.
  reservationDuration: trend(METRICS.reservationDuration),
  conflicts: counter(METRICS.conflicts),
  // 5. Month-end close.
  postings: counter(METRICS.postings),
  postingDuration: trend(METRICS.postingDuration),
  sequenceConflicts: counter(METRICS.sequenceConflicts),
  reportDuration: trend(METRICS.reportDuration),
};

(globalThis as Record<string, unknown>)['odoo-load:metrics'] = { metrics, TAGS };
