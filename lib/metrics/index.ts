/**
 * The suite's custom k6 metrics, built from the contract's table (contract/metrics.ts), which is
 * also what the CLI, the report and the dashboards read: a name is spelled in one place only.
 */
import { Counter, Rate, Trend } from 'k6/metrics';
import { METRICS, type MetricSpec } from '../../contract/index.ts';

export { TAGS } from '../../contract/index.ts';

const trend = (spec: MetricSpec) => new Trend(spec.name, spec.time === true);
const counter = (spec: MetricSpec) => new Counter(spec.name);
const rate = (spec: MetricSpec) => new Rate(spec.name);

// Every Odoo call, and every business unit.
export const rpcDuration = trend(METRICS.rpcDuration);
export const rpcFailed = rate(METRICS.rpcFailed);
export const rpcErrors = counter(METRICS.rpcErrors);
export const outcomes = counter(METRICS.outcomes);
// People and their sessions.
export const logins = counter(METRICS.logins);
export const loginDuration = trend(METRICS.loginDuration);
export const webActionDuration = trend(METRICS.webActionDuration);
// People in a real browser.
export const uiStepDuration = trend(METRICS.uiStepDuration);
export const uiStepFailed = rate(METRICS.uiStepFailed);
// 1. Order confirmation.
export const ordersConfirmed = counter(METRICS.ordersConfirmed);
export const orderConfirmDuration = trend(METRICS.orderConfirmDuration);
export const orderLines = trend(METRICS.orderLines);
export const pickingsCreated = counter(METRICS.pickingsCreated);
export const reservations = counter(METRICS.reservations);
export const invoices = counter(METRICS.invoices);
// 2. Barcode scanning.
export const scans = counter(METRICS.scans);
export const scanDuration = trend(METRICS.scanDuration);
export const pickingsValidated = counter(METRICS.pickingsValidated);
export const validateDuration = trend(METRICS.validateDuration);
export const wizardAnswers = counter(METRICS.wizardAnswers);
// 3. Bulk import.
export const importRows = counter(METRICS.importRows);
export const importRowsFailed = counter(METRICS.importRowsFailed);
export const importQuantity = counter(METRICS.importQuantity);
export const importBatchDuration = trend(METRICS.importBatchDuration);
// 4. Reservation contention.
export const reservationDuration = trend(METRICS.reservationDuration);
export const conflicts = counter(METRICS.conflicts);
// 5. Month-end close.
export const postings = counter(METRICS.postings);
export const postingDuration = trend(METRICS.postingDuration);
export const sequenceConflicts = counter(METRICS.sequenceConflicts);
export const reportDuration = trend(METRICS.reportDuration);
