/**
 * Odoo failures as typed errors with a small, fixed set of kinds, so checks, thresholds and
 * dashboards can group failures by cause (odoo-rpc.md §4).
 */

/** Every failure falls in exactly one of these; the list is stable because dashboards query it. */
export const ERROR_KINDS = [
  'concurrency',
  'validation',
  'access',
  'missing',
  'session',
  'server',
  'transport',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An Odoo JSON-RPC error envelope, or a transport failure, for one model call. */
export class OdooRpcError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Python class path from `data.name` (e.g. `odoo.exceptions.UserError`), or `transport`. */
    readonly faultName: string,
    message: string,
    readonly model: string,
    readonly method: string,
    /** Envelope `code` (200, 100) or the HTTP status / k6 error code for transport failures. */
    readonly code: number,
  ) {
    super(message);
    this.name = 'OdooRpcError';
  }
}

const CONCURRENCY = new Set([
  'psycopg2.errors.SerializationFailure',
  'psycopg2.errors.LockNotAvailable',
  'psycopg2.errors.DeadlockDetected',
  'psycopg2.extensions.TransactionRollbackError',
]);

/** Maps `data.name` (and the envelope code) to an error kind. */
export function classifyFault(faultName: string, code: number): ErrorKind {
  if (code === 100 || faultName === 'odoo.http.SessionExpiredException') return 'session';
  if (CONCURRENCY.has(faultName)) return 'concurrency';
  if (faultName === 'odoo.exceptions.MissingError') return 'missing';
  if (faultName === 'odoo.exceptions.AccessError' || faultName === 'odoo.exceptions.AccessDenied')
    return 'access';
  if (
    faultName === 'odoo.exceptions.UserError' ||
    faultName === 'odoo.exceptions.ValidationError' ||
    faultName === 'odoo.exceptions.RedirectWarning'
  ) {
    return 'validation';
  }
  return 'server';
}

/**
 * Transport failures keep k6's numbered bands in the message (1000 generic, 1100 DNS, 1200 TCP,
 * 1300 TLS, 1500 HTTP 5xx ...; see k6's js/modules/k6/http/error_codes.go) and HTTP statuses.
 */
export function transportError(
  model: string,
  method: string,
  status: number,
  errorCode: number,
  detail: string,
): OdooRpcError {
  const code = errorCode || status;
  return new OdooRpcError(
    'transport',
    'transport',
    `${model}.${method}: HTTP ${status} (k6 error ${errorCode}) ${detail}`.trim(),
    model,
    method,
    code,
  );
}
