/**
 * Odoo's exceptions and their JSON-RPC error envelope (docs/odoo-protocol.md §4.1): HTTP 200, code 200
 * ("Odoo Server Error") or 100 for an expired session, `data.name` = Python class path.
 */

/** An exception the emulator raises exactly as Odoo would, by Python class path. */
export class OdooError extends Error {
  constructor(
    readonly pythonClass: string,
    message: string,
    readonly args: unknown[] = [message],
  ) {
    super(message);
  }
}

export const userError = (message: string) => new OdooError('odoo.exceptions.UserError', message);
export const validationError = (message: string) =>
  new OdooError('odoo.exceptions.ValidationError', message);
export const accessError = (message: string) =>
  new OdooError('odoo.exceptions.AccessError', message);
export const accessDenied = (message = 'Access Denied') =>
  new OdooError('odoo.exceptions.AccessDenied', message);
/** Odoo shows a KeyError's message without Python's quotes (`x.no.such.model`). */
export const keyError = (key: string) => new OdooError('builtins.KeyError', key, [key]);
export const attributeError = (model: string, method: string) =>
  new OdooError(
    'builtins.AttributeError',
    `The method '${method}' does not exist on the model '${model}'`,
  );
export const typeError = (message: string) => new OdooError('builtins.TypeError', message);

/** `MissingError` as `BaseModel._check_access`/`read` word it. */
export const missingError = (model: string, ids: number[], uid: number) =>
  new OdooError(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}(${ids.join(', ')},), User: ${uid})`,
  );

/** Raised for `auth='user'` routes without a logged-in session; envelope code 100. */
export class SessionExpired extends OdooError {
  constructor() {
    super('odoo.http.SessionExpiredException', 'Session expired');
  }
}

/**
 * werkzeug's NotFound, as 18's call_kw raises it for an unknown model (before the session is even
 * looked at, in `_call_kw_readonly`): envelope code 404, no `id` echoed.
 */
export class WerkzeugNotFound extends OdooError {
  constructor() {
    super(
      'werkzeug.exceptions.NotFound',
      '404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
      [],
    );
  }
}

/** PostgreSQL SQLSTATEs that Odoo's `retrying()` retries (docs/odoo-protocol.md §5.2), with psycopg2's class. */
export const RETRYABLE_SQLSTATES: Record<string, string> = {
  '40001': 'psycopg2.errors.SerializationFailure',
  '55P03': 'psycopg2.errors.LockNotAvailable',
  '40P01': 'psycopg2.errors.DeadlockDetected',
};

interface PgError {
  code?: string;
  message: string;
  constraint?: string;
}

const isPgError = (error: unknown): error is PgError =>
  error instanceof Error &&
  typeof (error as PgError).code === 'string' &&
  (error as PgError).code!.length === 5;

/** SQLSTATE classes and socket errors that mean PostgreSQL itself is gone (psycopg2.OperationalError). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);

/** Whether a request failed because the database cannot be reached (PostgreSQL down or gone). */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as PgError).code ?? '';
  return (
    UNREACHABLE_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|connection ended|connection error and is not queryable/i.test(
      error.message,
    )
  );
}

/** Maps whatever a request raised to the Odoo exception the client would see. */
export function toOdooError(error: unknown): OdooError {
  if (error instanceof OdooError) return error;
  if (isPgError(error)) {
    const retryable = RETRYABLE_SQLSTATES[error.code!];
    if (retryable) return new OdooError(retryable, error.message);
    // Integrity errors are never retried; Odoo turns them into ValidationError (docs/odoo-protocol.md §4.1).
    if (error.code!.startsWith('23')) {
      return validationError(`The operation cannot be completed: ${error.message}`);
    }
    return new OdooError(`psycopg2.errors.${error.code}`, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isDatabaseUnreachable(error)) return new OdooError('psycopg2.OperationalError', message);
  return new OdooError('builtins.Exception', message);
}

/** The `error` member of a JSON-RPC response, as `odoo.http.serialize_exception` builds it. */
export function errorEnvelope(error: OdooError) {
  const expired = error instanceof SessionExpired;
  const notFound = error instanceof WerkzeugNotFound;
  return {
    code: expired ? 100 : notFound ? 404 : 200,
    message: expired ? 'Odoo Session Expired' : notFound ? '404: Not Found' : 'Odoo Server Error',
    data: {
      name: error.pythonClass,
      message: error.message,
      arguments: error.args,
      context: {},
      debug: `Traceback (most recent call last):\n  File "odoo/http.py", in _serve_db\n${error.pythonClass}: ${error.message}`,
    },
  };
}
