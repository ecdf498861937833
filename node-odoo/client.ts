/**
 * The one Node-side Odoo client (preflight, doctor, audit, cleanup, the readiness gate): the same
 * calls the k6 client makes, over a web session (password) or `/jsonrpc` execute_kw (API key), with
 * `create`/`write` values passed positionally as Odoo requires. Odoo faults become OdooRpcFailure;
 * a target that cannot be reached becomes one CLI line and exit 3.
 */
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { type AuthMode, JSON2_SINCE } from '../contract/index.ts';

export interface NodeTarget {
  url: string;
  db: string;
  login: string;
  auth: AuthMode;
}

/** What a successful login tells about the target. */
export interface LoginInfo {
  uid: number;
  /** Major version from server_version_info[0]. */
  version: number;
  serverVersion: string;
  companyIds: number[];
}

/** An error envelope from Odoo: its Python class and message. */
export class OdooRpcFailure extends Error {
  constructor(
    readonly faultName: string,
    message: string,
  ) {
    super(message);
  }
}

type Context = Record<string, unknown>;

interface Envelope {
  result?: unknown;
  error?: { code?: number; data?: { name?: string; message?: string } };
}

export class NodeOdooClient {
  private sessionId = '';
  private uid = 0;
  private readonly base: string;

  constructor(
    private readonly target: NodeTarget,
    private readonly secret: string,
    private readonly timeoutMs = 120_000,
  ) {
    this.base = target.url.replace(/\/+$/, '');
  }

  /**
   * The same session, waiting `timeoutMs` for each answer: a preflight gives up quickly on a target
   * that does not answer, the work after it (a grow's batches, an audit on a big database) waits as
   * long as Odoo's own limit_time_real (120 s by default).
   */
  withTimeout(timeoutMs: number): NodeOdooClient {
    const client = new NodeOdooClient(this.target, this.secret, timeoutMs);
    client.sessionId = this.sessionId;
    client.uid = this.uid;
    return client;
  }

  /** One JSON-RPC POST; anything that is not an Odoo answer is one line and exit 3. */
  private async envelope(path: string, params: unknown): Promise<Envelope> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(this.sessionId ? { Cookie: `session_id=${this.sessionId}` } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // Reached but slow is not unreachable: a batch of a grow on a busy server can outlast it.
      if ((error as Error).name === 'TimeoutError')
        throw new CliError(
          `${this.target.url}${path} gave no answer within ${this.timeoutMs / 1000} s (a busy server, or one call's work longer than that; what it was doing may still complete)`,
          EXIT.targetUnreachable,
        );
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(`cannot reach ${this.target.url}: ${why}`, EXIT.targetUnreachable);
    }
    const cookie = /session_id=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (cookie) this.sessionId = cookie;
    if (response.status !== 200) {
      throw new CliError(
        `${this.target.url}${path} answered HTTP ${response.status}; is ${this.target.url} an Odoo server?`,
        EXIT.targetUnreachable,
      );
    }
    try {
      return JSON.parse(await response.text()) as Envelope;
    } catch {
      throw new CliError(
        `${this.target.url}${path} did not answer JSON; is ${this.target.url} an Odoo server?`,
        EXIT.targetUnreachable,
      );
    }
  }

  private async post(path: string, params: unknown): Promise<unknown> {
    const body = await this.envelope(path, params);
    if (body.error) {
      throw new OdooRpcFailure(
        body.error.data?.name ?? 'error',
        body.error.data?.message ?? 'Odoo error',
      );
    }
    return body.result ?? null;
  }

  /** `/web/webclient/version_info`, which answers without a login. */
  async serverVersion(): Promise<{ serverVersion: string; version: number }> {
    const info = (await this.post('/web/webclient/version_info', {})) as {
      server_version: string;
      server_version_info: unknown[];
    };
    return { serverVersion: info.server_version, version: Number(info.server_version_info[0]) };
  }

  /**
   * Logs in once: a web session with a password, or `common.login` with an API key (the web login
   * refuses keys). Refused credentials are exit 5; JSON-2 before Odoo 19 is refused as bad input.
   */
  async login(): Promise<LoginInfo> {
    const who: Who = { login: this.target.login, url: this.target.url, db: this.target.db };
    if (this.target.auth === 'session') {
      let info: Record<string, unknown>;
      try {
        info = ((await this.post('/web/session/authenticate', {
          db: this.target.db,
          login: this.target.login,
          password: this.secret,
        })) ?? {}) as Record<string, unknown>;
      } catch (error) {
        throw refusal(error, who, 'ODOO_LOGIN and ODOO_PASSWORD');
      }
      if (typeof info.uid !== 'number') {
        throw new CliError(
          `login ${who.login} at ${who.url} returned no uid (two-factor authentication is enabled for this user?)`,
          EXIT.credentialsRefused,
        );
      }
      this.uid = info.uid;
      const companies = (
        info.user_companies as { allowed_companies?: Record<string, { id: number }> } | undefined
      )?.allowed_companies;
      return {
        uid: info.uid,
        version: Number((info.server_version_info as unknown[] | undefined)?.[0] ?? 0),
        serverVersion: String(info.server_version ?? 'unknown'),
        companyIds: Object.values(companies ?? {}).map((company) => company.id),
      };
    }
    const { serverVersion, version } = await this.serviceCall<{
      server_version: string;
      server_version_info: unknown[];
    }>('common', 'version', []).then((info) => ({
      serverVersion: info.server_version,
      version: Number(info.server_version_info[0]),
    }));
    if (this.target.auth === 'json2' && version < JSON2_SINCE) {
      throw new CliError(
        `--auth json2: JSON-2 exists from Odoo ${JSON2_SINCE}; ${this.target.url} runs ${serverVersion} (use --auth session or jsonrpc)`,
        EXIT.badInput,
      );
    }
    let uid: unknown;
    try {
      uid = await this.serviceCall('common', 'login', [
        this.target.db,
        this.target.login,
        this.secret,
      ]);
    } catch (error) {
      throw refusal(error, who, 'ODOO_LOGIN and ODOO_API_KEY');
    }
    if (typeof uid !== 'number') {
      throw new CliError(
        `login ${who.login} refused at ${who.url} (database ${who.db}) with the API key; check ODOO_LOGIN and ODOO_API_KEY`,
        EXIT.credentialsRefused,
      );
    }
    this.uid = uid;
    const [user] = await this.callRecords<{ company_ids: number[] }[]>('res.users', 'read', [uid], {
      fields: ['company_ids'],
    });
    return { uid, version, serverVersion, companyIds: user?.company_ids ?? [] };
  }

  private serviceCall<T>(service: string, method: string, args: unknown[]): Promise<T> {
    return this.post('/jsonrpc', { service, method, args }) as Promise<T>;
  }

  private call<T>(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    context?: Context,
  ): Promise<T> {
    const withContext = context ? { ...kwargs, context } : kwargs;
    if (this.target.auth === 'session') {
      return this.post(`/web/dataset/call_kw/${model}/${method}`, {
        model,
        method,
        args,
        kwargs: withContext,
      }) as Promise<T>;
    }
    const executeKw = [this.target.db, this.uid, this.secret, model, method, args, withContext];
    return this.serviceCall<T>('object', 'execute_kw', executeKw);
  }

  /** An `@api.model` method with named arguments. */
  callModel<T>(
    model: string,
    method: string,
    kwargs: Record<string, unknown> = {},
    context?: Context,
  ): Promise<T> {
    return this.call<T>(model, method, [], kwargs, context);
  }

  /** A method on records: ids first, then named arguments. */
  callRecords<T>(
    model: string,
    method: string,
    ids: number[],
    kwargs: Record<string, unknown> = {},
    context?: Context,
  ): Promise<T> {
    return this.call<T>(model, method, [ids], kwargs, context);
  }

  /** `create` with its values positionally (Odoo's call_kw reads args[0]). */
  create(model: string, vals: Record<string, unknown>, context?: Context): Promise<number> {
    return this.call<number>(model, 'create', [vals], {}, context);
  }

  /** Several records in one `create` (a list of values, positionally): their ids, in order. */
  createMany(
    model: string,
    valsList: Record<string, unknown>[],
    context?: Context,
  ): Promise<number[]> {
    return this.call<number[]>(model, 'create', [valsList], {}, context);
  }

  write(
    model: string,
    ids: number[],
    vals: Record<string, unknown>,
    context?: Context,
  ): Promise<boolean> {
    return this.call<boolean>(model, 'write', [ids, vals], {}, context);
  }
}

interface Who {
  login: string;
  url: string;
  db: string;
}

/** A refused login is exit 5 with what to check; any other fault at login is exit 3. */
function refusal(error: unknown, who: Who, variables: string): unknown {
  if (!(error instanceof OdooRpcFailure)) return error;
  if (error.faultName === 'odoo.exceptions.AccessDenied') {
    return new CliError(
      `login ${who.login} refused at ${who.url} (database ${who.db}): ${error.message || 'Access Denied'}; check ${variables}`,
      EXIT.credentialsRefused,
    );
  }
  return new CliError(
    `login ${who.login} at ${who.url} failed: ${error.faultName}: ${error.message}`,
    EXIT.targetUnreachable,
  );
}
