/**
 * How failures are named, for both runtimes: Odoo faults become one of a few kinds (docs/odoo-protocol.md §4),
 * and a transport failure is either "never sent" or "in doubt" (the server may have committed it).
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

const CONCURRENCY = new Set([
  'psycopg2.errors.SerializationFailure',
  'psycopg2.errors.LockNotAvailable',
  'psycopg2.errors.DeadlockDetected',
  'psycopg2.extensions.TransactionRollbackError',
]);

const VALIDATION = new Set([
  'odoo.exceptions.UserError',
  'odoo.exceptions.ValidationError',
  'odoo.exceptions.RedirectWarning',
]);

/** Maps Odoo's `data.name` (and the envelope code) to an error kind. */
export function classifyFault(faultName: string, code: number): ErrorKind {
  if (code === 100 || faultName === 'odoo.http.SessionExpiredException') return 'session';
  if (CONCURRENCY.has(faultName)) return 'concurrency';
  if (faultName === 'odoo.exceptions.MissingError') return 'missing';
  if (faultName === 'odoo.exceptions.AccessError' || faultName === 'odoo.exceptions.AccessDenied') {
    return 'access';
  }
  return VALIDATION.has(faultName) ? 'validation' : 'server';
}

/**
 * k6's transport error codes (lib/netext/httpext/error_codes.go) that mean the request never
 * reached the server: a bad URL, DNS, a refused or timed-out dial, TLS before any byte was sent.
 * HTTP 500 is Odoo's threaded server refusing for want of a database connection (docs/odoo-protocol.md §6),
 * 503 a proxy with no upstream, 404 no route (Odoo that lost its database serves JSON routes
 * without one, where they do not exist: http.py `_serve_db`): none of them ran the call.
 */
const NEVER_SENT = new Set([
  1020, 1100, 1101, 1110, 1111, 1210, 1211, 1212, 1213, 1404, 1500, 1503,
]);

/**
 * A write that failed in transport is *in doubt* unless the request provably never arrived: a reset
 * connection, a timeout or a 502/504 from a proxy can all follow a commit the client never saw.
 */
export function transportOutcome(errorCode: number): 'never_sent' | 'in_doubt' {
  if (NEVER_SENT.has(errorCode)) return 'never_sent';
  if (errorCode >= 1300 && errorCode < 1400) return 'never_sent';
  return 'in_doubt';
}

/**
 * Methods that only read: a transport failure on them changes nothing on the server, so it is a
 * failure, never in doubt. Everything else (create, write, action_*, button_*, imports) may write.
 */
const READ_METHODS = new Set([
  'search',
  'search_read',
  'search_count',
  'read',
  'read_group',
  'web_read_group',
  'web_search_read',
  'web_read',
  'fields_get',
  'name_search',
  'version',
  'login',
  'authenticate',
  'get_barcode_data',
]);

export const isReadMethod = (method: string): boolean => READ_METHODS.has(method);

/** A bounded name for a transport failure (the `error_name` tag), from k6's error code. */
export function transportName(errorCode: number): string {
  if (errorCode === 1220) return 'transport: connection reset';
  if (errorCode === 1212) return 'transport: connection refused';
  if (errorCode === 1211 || errorCode === 1050) return 'transport: timeout';
  if (errorCode >= 1100 && errorCode < 1200) return 'transport: DNS';
  if (errorCode >= 1300 && errorCode < 1400) return 'transport: TLS';
  if (errorCode >= 1400 && errorCode < 1600) return `transport: HTTP ${errorCode - 1000}`;
  if (errorCode === 1000 || errorCode === 1201) return 'transport: connection closed';
  return 'transport';
}
