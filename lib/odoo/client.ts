/**
 * A k6-side Odoo client. Scenarios call `callModel` (for `@api.model` methods such as search_read,
 * create, read_group) or `callRecords` (methods on ids such as write, action_confirm) with named
 * arguments, so the same call runs over every transport (odoo-rpc.md §2–3):
 * - `session`: `/web/session/authenticate` + `/web/dataset/call_kw` (default; Odoo 16–19),
 * - `jsonrpc`: `/jsonrpc` `object.execute_kw` with an API key (stateless),
 * - `json2`: Odoo 19's `/json/2/<model>/<method>` with a bearer API key.
 */
import http from 'k6/http';
import { rpcDuration, rpcErrors, rpcFailed, TAGS } from '../metrics/index.ts';
import { classifyFault, OdooRpcError, transportError } from './errors.ts';

export type AuthMode = 'session' | 'jsonrpc' | 'json2';

export interface OdooTarget {
  url: string;
  db: string;
  auth?: AuthMode;
}

export type OdooContext = Record<string, unknown> & { allowed_company_ids?: number[] };

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: OdooRpcError };

export interface SessionInfo {
  uid: number | false | null;
  server_version_info?: unknown[];
  user_companies?: { current_company: number; allowed_companies: Record<string, { id: number }> };
  company_id?: number;
}

interface Envelope {
  result?: unknown;
  error?: { code: number; message: string; data?: { name?: string; message?: string } };
}

let requestId = 0;
/** Each distinct failure is printed once per VU, so the console explains errors without flooding. */
const reported = new Set<string>();

export class OdooSession {
  readonly base: string;
  readonly auth: AuthMode;
  uid = 0;
  /** Major version from `server_version_info[0]` (odoo-rpc.md §1.1). */
  version = 0;
  context: OdooContext = {};
  /** Allowed company ids of the logged-in user. */
  companyIds: number[] = [];
  /**
   * The web session id, sent explicitly because k6 empties a VU's cookie jar at every iteration
   * and the session must outlive them. For `jsonrpc`/`json2` this holds nothing.
   */
  private sessionId = '';
  private secret = '';

  constructor(readonly target: OdooTarget) {
    this.base = target.url.replace(/\/+$/, '');
    this.auth = target.auth ?? 'session';
  }

  /** Logs in with a password (session) or API key (jsonrpc, json2); the error names login and URL. */
  authenticate(login: string, secret: string): RpcResult<SessionInfo> {
    this.secret = secret;
    if (this.auth === 'session') {
      const result = this.post<SessionInfo>(
        '/web/session/authenticate',
        { db: this.target.db, login, password: secret },
        'res.users',
        'authenticate',
      );
      if (!result.ok) return result;
      return this.adopt(result.value, login);
    }
    const version = this.post<{ server_version_info: unknown[] }>(
      '/jsonrpc',
      { service: 'common', method: 'version', args: [] },
      'common',
      'version',
    );
    if (!version.ok) return version;
    const uid = this.post<number | false>(
      '/jsonrpc',
      { service: 'common', method: 'login', args: [this.target.db, login, secret] },
      'common',
      'login',
    );
    if (!uid.ok) return uid;
    if (typeof uid.value !== 'number') return this.denied(login);
    this.uid = uid.value;
    const user = this.callRecords<{ company_id: [number, string]; company_ids: number[] }[]>(
      'res.users',
      'read',
      [uid.value],
      { fields: ['company_id', 'company_ids'] },
    );
    if (!user.ok) return user;
    const companies = user.value[0]!;
    return this.adopt(
      {
        uid: uid.value,
        server_version_info: version.value.server_version_info,
        company_id: companies.company_id[0],
        user_companies: {
          current_company: companies.company_id[0],
          allowed_companies: Object.fromEntries(
            companies.company_ids.map((id) => [String(id), { id }]),
          ),
        },
      },
      login,
    );
  }

  private adopt(info: SessionInfo, login: string): RpcResult<SessionInfo> {
    if (!info || typeof info.uid !== 'number') return this.denied(login);
    this.uid = info.uid;
    this.version = Number(info.server_version_info?.[0] ?? 0);
    const current = info.user_companies?.current_company ?? info.company_id;
    this.companyIds = Object.values(info.user_companies?.allowed_companies ?? {}).map(
      (company) => company.id,
    );
    this.context = {
      lang: 'en_US',
      tz: 'UTC',
      uid: info.uid,
      ...(current ? { allowed_company_ids: [current] } : {}),
    };
    return { ok: true, value: info };
  }

  private denied(login: string): RpcResult<SessionInfo> {
    const error = new OdooRpcError(
      'access',
      'odoo.exceptions.AccessDenied',
      `login ${login} at ${this.base} returned no uid (wrong credentials or two-factor authentication)`,
      'res.users',
      'authenticate',
      200,
    );
    return { ok: false, error };
  }

  /** An `@api.model` method with named arguments, e.g. `callModel('res.partner', 'search_read', {domain, fields})`. */
  callModel<T>(
    model: string,
    method: string,
    kwargs: Record<string, unknown> = {},
    context?: OdooContext,
  ): RpcResult<T> {
    return this.call<T>(model, method, undefined, kwargs, context);
  }

  /** A method on records, e.g. `callRecords('sale.order', 'action_confirm', [id])`. */
  callRecords<T>(
    model: string,
    method: string,
    ids: number[],
    kwargs: Record<string, unknown> = {},
    context?: OdooContext,
  ): RpcResult<T> {
    return this.call<T>(model, method, ids, kwargs, context);
  }

  /** A JSON route of its own (e.g. Enterprise's `/stock_barcode/*`), over the web session. */
  callRoute<T>(path: string, params: Record<string, unknown>, label: string): RpcResult<T> {
    return this.post<T>(path, params, 'route', label);
  }

  private call<T>(
    model: string,
    method: string,
    ids: number[] | undefined,
    kwargs: Record<string, unknown>,
    context?: OdooContext,
  ): RpcResult<T> {
    const fullContext = { ...this.context, ...context };
    const args = ids === undefined ? [] : [ids];
    if (this.auth === 'json2') {
      return this.post<T>(
        `/json/2/${model}/${method}`,
        { ...(ids === undefined ? {} : { ids }), ...kwargs, context: fullContext },
        model,
        method,
      );
    }
    if (this.auth === 'jsonrpc') {
      const params = {
        service: 'object',
        method: 'execute_kw',
        args: [
          this.target.db,
          this.uid,
          this.secret,
          model,
          method,
          args,
          { ...kwargs, context: fullContext },
        ],
      };
      return this.post<T>('/jsonrpc', params, model, method);
    }
    return this.post<T>(
      `/web/dataset/call_kw/${model}/${method}`,
      { model, method, args, kwargs: { ...kwargs, context: fullContext } },
      model,
      method,
    );
  }

  private post<T>(
    path: string,
    params: Record<string, unknown>,
    model: string,
    method: string,
  ): RpcResult<T> {
    const json2 = path.startsWith('/json/2/');
    const tags = {
      [TAGS.model]: model,
      [TAGS.method]: method,
      name: `${json2 ? '/json/2' : path.split('/').slice(0, 4).join('/')} ${model}.${method}`,
    };
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.sessionId) headers.Cookie = `session_id=${this.sessionId}`;
    if (json2) headers.Authorization = `bearer ${this.secret}`;
    const body = json2 ? params : { jsonrpc: '2.0', method: 'call', id: ++requestId, params };
    const response = http.post(this.base + path, JSON.stringify(body), {
      headers,
      tags,
      // Odoo answers errors with HTTP 200 (JSON-2 with 4xx), so only transport failures count in http_req_failed.
      responseCallback: json2
        ? http.expectedStatuses(200, 401, 403, 404, 405, 422)
        : http.expectedStatuses(200),
    });
    rpcDuration.add(response.timings.duration, tags);
    // Odoo rotates the session id on login and logout (odoo-rpc.md §0).
    const rotated = response.cookies?.session_id?.[0]?.value;
    if (rotated) this.sessionId = rotated;
    const outcome = json2
      ? parseJson2<T>(response, model, method)
      : parseEnvelope<T>(response, model, method);
    // Tagged with the error kind ('none' on success), so one series shows calls by outcome.
    rpcFailed.add(!outcome.ok, {
      ...tags,
      [TAGS.errorKind]: outcome.ok ? 'none' : outcome.error.kind,
    });
    if (!outcome.ok) {
      rpcErrors.add(1, {
        ...tags,
        [TAGS.errorKind]: outcome.error.kind,
        [TAGS.errorName]: outcome.error.faultName,
      });
      const key = `${model}.${method} ${outcome.error.faultName}`;
      if (!reported.has(key)) {
        reported.add(key);
        console.warn(
          `odoo ${outcome.error.kind} error in ${key}: ${outcome.error.message.split('\n')[0]}`,
        );
      }
    }
    return outcome;
  }
}

type Response = http.RefinedResponse<http.ResponseType | undefined>;

function parseEnvelope<T>(response: Response, model: string, method: string): RpcResult<T> {
  if (response.status !== 200) {
    const detail = response.error || String(response.body ?? '').slice(0, 120);
    return {
      ok: false,
      error: transportError(model, method, response.status, response.error_code, detail),
    };
  }
  let envelope: Envelope;
  try {
    envelope = JSON.parse(String(response.body)) as Envelope;
  } catch {
    return {
      ok: false,
      error: transportError(model, method, response.status, 0, 'response is not JSON'),
    };
  }
  if (envelope.error) {
    const name = envelope.error.data?.name ?? 'unknown';
    const message = envelope.error.data?.message ?? envelope.error.message;
    return {
      ok: false,
      error: new OdooRpcError(
        classifyFault(name, envelope.error.code),
        name,
        message,
        model,
        method,
        envelope.error.code,
      ),
    };
  }
  // A method returning None has no `result` key (odoo-rpc.md §0).
  return { ok: true, value: (envelope.result ?? null) as T };
}

/** JSON-2 answers the bare value on 200 and `{name, message}` with a 4xx/5xx status (odoo-rpc.md §3.3). */
function parseJson2<T>(response: Response, model: string, method: string): RpcResult<T> {
  let body: unknown;
  try {
    body = JSON.parse(String(response.body));
  } catch {
    return {
      ok: false,
      error: transportError(
        model,
        method,
        response.status,
        response.error_code,
        response.error || 'response is not JSON',
      ),
    };
  }
  if (response.status === 200) return { ok: true, value: body as T };
  const fault = body as { name?: string; message?: string };
  const name = fault.name ?? `HTTP ${response.status}`;
  const kind = response.status === 401 ? 'access' : classifyFault(name, 200);
  return {
    ok: false,
    error: new OdooRpcError(kind, name, fault.message ?? '', model, method, response.status),
  };
}
