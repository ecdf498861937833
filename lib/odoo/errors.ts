/**
 * Odoo failures as typed errors with a small, fixed set of kinds (contract/errors.ts), so checks,
 * thresholds and dashboards can group failures by cause, and writes whose answer never came back
 * are told apart as *in doubt*.
 */
import {
  type ErrorKind,
  isReadMethod,
  transportName,
  transportOutcome,
} from '../../contract/index.ts';

export { classifyFault, ERROR_KINDS, type ErrorKind } from '../../contract/index.ts';

/** An Odoo JSON-RPC error envelope, or a transport failure, for one model call. */
export class OdooRpcError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Python class path from `data.name` (e.g. `odoo.exceptions.UserError`), or `transport: …`. */
    readonly faultName: string,
    message: string,
    readonly model: string,
    readonly method: string,
    /** Envelope `code` (200, 100) or the HTTP status / k6 error code for transport failures. */
    readonly code: number,
    /** A write that may have been committed although no answer came back. */
    readonly inDoubt = false,
  ) {
    super(message);
    this.name = 'OdooRpcError';
  }
}

/**
 * Transport failures keep k6's numbered bands in the message (1000 generic, 1100 DNS, 1200 TCP,
 * 1300 TLS, 1500 HTTP 5xx ...; see k6's lib/netext/httpext/error_codes.go) and HTTP statuses.
 */
export function transportError(
  model: string,
  method: string,
  status: number,
  errorCode: number,
  detail: string,
): OdooRpcError {
  const code = errorCode || (status ? 1000 + status : 1000);
  const inDoubt = !isReadMethod(method) && transportOutcome(code) === 'in_doubt';
  return new OdooRpcError(
    'transport',
    transportName(code),
    `${model}.${method}: HTTP ${status} (k6 error ${errorCode}) ${detail}`.trim(),
    model,
    method,
    code,
    inDoubt,
  );
}
