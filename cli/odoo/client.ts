/**
 * A Node-side Odoo client for the audit and cleanup: the same calls the k6 client makes, over a web
 * session (password) or `/jsonrpc` execute_kw (API key), so both work against any Odoo 16–19.
 */
import { CliError, EXIT } from '../run/exit-codes.ts';

export interface NodeTarget {
  url: string;
  db: string;
  login: string;
  auth: 'session' | 'jsonrpc' | 'json2';
}

export class OdooRpcFailure extends Error {
  constructor(
    readonly faultName: string,
    message: string,
  ) {
    super(message);
  }
}

export class NodeOdooClient {
  private sessionId = '';
  private uid = 0;
  private readonly base: string;

  constructor(
    private readonly target: NodeTarget,
    private readonly secret: string,
  ) {
    this.base = target.url.replace(/\/+$/, '');
  }

  private async post(path: string, params: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(this.sessionId ? { Cookie: `session_id=${this.sessionId}` } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      throw new CliError(
        `cannot reach ${this.target.url}: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}`,
        EXIT.targetUnreachable,
      );
    }
    const cookie = /session_id=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (cookie) this.sessionId = cookie;
    if (response.status !== 200)
      throw new CliError(
        `${this.target.url}${path} answered HTTP ${response.status}`,
        EXIT.targetUnreachable,
      );
    const body = (await response.json()) as {
      result?: unknown;
      error?: { data?: { name?: string; message?: string } };
    };
    if (body.error)
      throw new OdooRpcFailure(
        body.error.data?.name ?? 'error',
        body.error.data?.message ?? 'Odoo error',
      );
    return body.result ?? null;
  }

  async login(): Promise<void> {
    if (this.target.auth === 'session') {
      const info = (await this.post('/web/session/authenticate', {
        db: this.target.db,
        login: this.target.login,
        password: this.secret,
      })) as { uid?: number };
      this.uid = info?.uid ?? 0;
    } else {
      this.uid = Number(
        (await this.post('/jsonrpc', {
          service: 'common',
          method: 'login',
          args: [this.target.db, this.target.login, this.secret],
        })) || 0,
      );
    }
    if (!this.uid)
      throw new CliError(
        `login ${this.target.login} refused at ${this.target.url}`,
        EXIT.credentialsRefused,
      );
  }

  private call<T>(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
  ): Promise<T> {
    if (this.target.auth === 'session') {
      return this.post(`/web/dataset/call_kw/${model}/${method}`, {
        model,
        method,
        args,
        kwargs,
      }) as Promise<T>;
    }
    return this.post('/jsonrpc', {
      service: 'object',
      method: 'execute_kw',
      args: [this.target.db, this.uid, this.secret, model, method, args, kwargs],
    }) as Promise<T>;
  }

  callModel<T>(model: string, method: string, kwargs: Record<string, unknown> = {}): Promise<T> {
    return this.call<T>(model, method, [], kwargs);
  }

  callRecords<T>(
    model: string,
    method: string,
    ids: number[],
    kwargs: Record<string, unknown> = {},
  ): Promise<T> {
    return this.call<T>(model, method, [ids], kwargs);
  }
}
