/**
 * Run ids and the references that tie every record a run creates to it: orders carry
 * `<run-id>/<code>/<vu>/<iteration>` in `client_order_ref`, entries in `ref`; imported records carry
 * `IMP-<run-id>-<n>`. The audit and cleanup search for exactly these.
 */

/** A run id is a folder name and part of Odoo references: letters, digits, dot, dash, underscore. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
export const RUN_ID_MAX_LENGTH = 64;

export const isRunId = (value: string): boolean =>
  value.length <= RUN_ID_MAX_LENGTH && RUN_ID_PATTERN.test(value);

/** Sortable and unique: 20261122-143501-a1b2 (the suffix is four hex digits). */
export function formatRunId(now: Date, suffix: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${suffix}`;
}

/** Which workload made a record, inside its reference. */
export const REF_CODES = {
  orderConfirmation: 'oc',
  /** Orders a sales rep keyed in the web client. */
  orderEntryWeb: 'ow',
  /** Invoices an accountant keyed in the web client. */
  invoiceEntryWeb: 'iw',
  reservationContention: 'rc',
  barcodeScanning: 'scan',
  monthEndClose: 'me',
} as const;
export type RefCode = (typeof REF_CODES)[keyof typeof REF_CODES];

export const recordRef = (runId: string, code: RefCode, vu: number, iteration: number): string =>
  `${runId}/${code}/${vu}/${iteration}`;

/** `=like` pattern of the records of any run (`<run-id>/<code>/<vu>/<iteration>`). */
export const ANY_RUN_REF = '%/%/%/%';

/** `=like` pattern of every record of a run, or of one workload's. */
export const refPattern = (runId: string, code?: RefCode): string =>
  code ? `${runId}/${code}/%` : `${runId}/%`;

/** Imported products and partners carry the run: default_code / ref start with this. */
export const importPrefix = (runId: string): string => `IMP-${runId}-`;
