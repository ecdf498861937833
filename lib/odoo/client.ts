/**
 * A k6-side Odoo client over the web session (`/web/session/authenticate` + `call_kw`), the
 * portable path that works on Odoo 16, 17 and 18 (odoo-rpc.md §1–2).
 */
import http from 'k6/http';
import { TAGS, rpcDuration, rpcErrors, rpcFailed } from '../metrics/index.ts';
import { classifyFault, OdooRpcError, transportError } from './errors.ts';

export interface OdooTarget {
  url: string;
  db: string;
}

export type OdooContext = Record<string, unknown> & { allowed_company_ids?: number[] };

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: OdooRpcError };

interface Envelope {
  result?: unknown;
  error?: { code: number; message: string; data?: { name?: string; message?: string } };
}

export interface SessionInfo {
  uid: number | false | null;
  server_version_info?: unknown[];
  user_companies?: { current_company: number; allowed_companies: Record<string, { id: number }> };
  company_id?: number;
}

let requestId = 0;
/** Each distinct failure is printed once per VU, so the console explains errors without flooding. */
const reported = new Set<string>();

/**
 * One logged-in Odoo user. The session id is kept here and sent explicitly, because k6 empties a
 * VU's cookie jar at every iteration and the session must outlive them.
 */
export class OdooSession {
  readonly base: string;
  uid = 0;
  /** Major version from `server_version_info[0]` (odoo-rpc.md §1.1). */
  version = 0;
  context: OdooContext = {};
  private sessionId = '';

  constructor(readonly target: OdooTarget) {
    this.base = target.url.replace(/\/+$/, '');
  }

  /** Logs in; the error names the login and the URL so a wrong password is obvious. */
  authenticate(login: string, password: string): RpcResult<SessionInfo> {
    const result = this.post<SessionInfo>('/web/session/authenticate', { db: this.target.db, login, password }, 'res.users', 'authenticate');
    if (!result.ok) return result;
    const info = result.value;
    if (!info || typeof info.uid !== 'number') {
      const error = new OdooRpcError('access', 'odoo.exceptions.AccessDenied', `login ${login} at ${this.base} did not return a uid (two-factor authentication?)`, 'res.users', 'authenticate', 200);
      return { ok: false, error };
    }
    this.uid = info.uid;
    this.version = Number(info.server_version_info?.[0] ?? 0);
    const current = info.user_companies?.current_company ?? info.company_id;
    this.context = { lang: 'en_US', tz: 'UTC', uid: info.uid, ...(current ? { allowed_company_ids: [current] } : {}) };
    return result;
  }

  /** `model.method(*args, **kwargs)` through `/web/dataset/call_kw/<model>/<method>`. */
  call<T>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, context?: OdooContext): RpcResult<T> {
    const params = { model, method, args, kwargs: { ...kwargs, context: { ...this.context, ...context } } };
    return this.post<T>(`/web/dataset/call_kw/${model}/${method}`, params, model, method);
  }

  private post<T>(path: string, params: unknown, model: string, method: string): RpcResult<T> {
    const tags = { [TAGS.model]: model, [TAGS.method]: method, name: `${path.split('/').slice(0, 4).join('/')} ${model}.${method}` };
    const response = http.post(this.base + path, JSON.stringify({ jsonrpc: '2.0', method: 'call', id: ++requestId, params }), {
      headers: { 'Content-Type': 'application/json', ...(this.sessionId ? { Cookie: `session_id=${this.sessionId}` } : {}) },
      tags,
      // Odoo answers errors with HTTP 200, so only transport failures count in http_req_failed.
      responseCallback: http.expectedStatuses(200),
    });
    rpcDuration.add(response.timings.duration, tags);
    // Odoo rotates the session id on login and logout (odoo-rpc.md §0).
    const rotated = response.cookies?.session_id?.[0]?.value;
    if (rotated) this.sessionId = rotated;
    const outcome = parseEnvelope<T>(response, model, method);
    rpcFailed.add(!outcome.ok, tags);
    if (!outcome.ok) {
      rpcErrors.add(1, { ...tags, [TAGS.errorKind]: outcome.error.kind, [TAGS.errorName]: outcome.error.faultName });
      const key = `${model}.${method} ${outcome.error.faultName}`;
      if (!reported.has(key)) {
        reported.add(key);
        console.warn(`odoo ${outcome.error.kind} error in ${key}: ${outcome.error.message.split('\n')[0]}`);
      }
    }
    return outcome;
  }
}

function parseEnvelope<T>(response: http.RefinedResponse<http.ResponseType | undefined>, model: string, method: string): RpcResult<T> {
  if (response.status !== 200) {
    const detail = response.error || String(response.body ?? '').slice(0, 120);
    return { ok: false, error: transportError(model, method, response.status, response.error_code, detail) };
  }
  let envelope: Envelope;
  try {
    envelope = JSON.parse(String(response.body)) as Envelope;
  } catch {
    return { ok: false, error: transportError(model, method, response.status, 0, 'response is not JSON') };
  }
  if (envelope.error) {
    const name = envelope.error.data?.name ?? 'unknown';
    const message = envelope.error.data?.message ?? envelope.error.message;
    return { ok: false, error: new OdooRpcError(classifyFault(name, envelope.error.code), name, message, model, method, envelope.error.code) };
  }
  // A method returning None has no `result` key (odoo-rpc.md §0).
  return { ok: true, value: (envelope.result ?? null) as T };
}
