/**
 * A k6-side Odoo client. Scenarios call `callModel` (for `@api.model` methods such as search_read or
 * read_group) or `callRecords` (methods on ids such as action_confirm) with named arguments, and
 * `create` / `write` whose values Odoo takes positionally, so the same call runs over every
 * transport (docs/odoo-protocol.md §2–3):
 * - `session`: `/web/session/authenticate` + `/web/dataset/call_kw` (default; Odoo 16–19),
 * - `jsonrpc`: `/jsonrpc` `object.execute_kw` with an API key (stateless),
 * - `json2`: Odoo 19's `/json/2/<model>/<method>` with a bearer API key.
 */
import http from 'k6/http';
import {
  type AuthMode,
  callOf,
  JSON2_SINCE,
  LOGIN_PHASES,
  type LoginPhase,
  OUTCOMES,
} from '../../contract/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import { parseEnvelope, parseJson2, type RpcResult } from './answers.ts';
import { OdooRpcError } from './errors.ts';

export type { AuthMode } from '../../contract/index.ts';

export interface OdooTarget {
  url: string;
  db: string;
  auth?: AuthMode;
}

export type OdooContext = Record<string, unknown> & { allowed_company_ids?: number[] };

export type { RpcResult } from './answers.ts';

export interface SessionInfo {
  uid: number | false | null;
  server_version_info?: unknown[];
  user_companies?: {
    current_company: number;
    allowed_companies: Record<string, { id: number }>;
  };
  company_id?: number;
}

/**
 * What a VU needs to act in a session someone else opened (setup() logs people in once and hands
 * these to the VUs as setup data): no secret, only the session cookie and what login returned.
 */
export interface SessionSnapshot {
  login: string;
  auth: AuthMode;
  sessionId: string;
  uid: number;
  version: number;
  companyIds: number[];
  context: OdooContext;
}

/** One request of a batch (`http.batch`), built by the session that will read its answer. */
export interface BatchRequest {
  method: 'POST';
  url: string;
  body: string;
  params: http.RefinedParams<'text'>;
}

let requestId = 0;
// Odoo answers errors with HTTP 200 (JSON-2 with 4xx), so only transport failures count in
// http_req_failed. Made once: each is a Go object, and building it per call showed in k6's profile.
const JSON_RPC_STATUSES = http.expectedStatuses(200);
const JSON2_STATUSES = http.expectedStatuses(200, 401, 403, 404, 405, 422);
/** The same headers every JSON-RPC call (shared, so frozen): a session's cookie is its jar's to send. */
const JSON_HEADERS = Object.freeze({ 'Content-Type': 'application/json' });
/** Each distinct failure is printed once per VU, so the console explains errors without flooding. */
const reported = new Set<string>();

export class OdooSession {
  readonly base: string;
  readonly auth: AuthMode;
  uid = 0;
  /** Major version from `server_version_info[0]` (docs/odoo-protocol.md §1.1). */
  version = 0;
  context: OdooContext = {};
  /** Allowed company ids of the logged-in user. */
  companyIds: number[] = [];
  /**
   * Cookies of this session alone, its `session_id` among them: the VU's own jar would mix the
   * cookies of every person the VU acts for, and k6 empties it at each iteration. k6 sends them
   * and keeps the ones Odoo sets, so a rotated session id (login, logout) needs nothing of ours.
   */
  private readonly jar = new http.CookieJar();
  private secret = '';
  private login = '';
  /** Role tag of this session's logins (renewals are counted per role). */
  role = '';

  constructor(readonly target: OdooTarget) {
    this.base = target.url.replace(/\/+$/, '');
    this.auth = target.auth ?? 'session';
  }

  /** A session opened elsewhere (setup), used without logging in again; `secret` renews it if it expires. */
  static resume(
    target: OdooTarget,
    snapshot: SessionSnapshot,
    secret: string,
    role: string,
  ): OdooSession {
    const session = new OdooSession({ ...target, auth: snapshot.auth });
    if (snapshot.sessionId) session.jar.set(session.base, 'session_id', snapshot.sessionId);
    Object.assign(session, {
      uid: snapshot.uid,
      version: snapshot.version,
      companyIds: snapshot.companyIds,
      context: snapshot.context,
      login: snapshot.login,
      secret,
      role,
    });
    return session;
  }

  snapshot(): SessionSnapshot {
    return {
      login: this.login,
      auth: this.auth,
      sessionId: this.jar.cookiesForURL(this.base).session_id?.[0] ?? '',
      uid: this.uid,
      version: this.version,
      companyIds: this.companyIds,
      context: this.context,
    };
  }

  /** Logs in with a password (session) or API key (jsonrpc, json2); the error names login and URL. */
  authenticate(login: string, secret: string): RpcResult<SessionInfo> {
    this.secret = secret;
    this.login = login;
    if (this.auth === 'session') {
      const params = { db: this.target.db, login, password: secret };
      const site = callSite('/web/session/authenticate', 'res.users', 'authenticate');
      const result = this.post<SessionInfo>(site, params);
      return result.ok ? this.adopt(result.value, login) : result;
    }
    const version = this.service<{ server_version_info: unknown[] }>('common', 'version', []);
    if (!version.ok) return version;
    const major = Number(version.value.server_version_info[0]);
    if (this.auth === 'json2' && major < JSON2_SINCE) {
      const message = `JSON-2 exists from Odoo ${JSON2_SINCE}; ${this.base} runs ${major}`;
      const error = new OdooRpcError('access', 'json2', message, 'res.users', 'authenticate', 404);
      return { ok: false, error };
    }
    const uid = this.service<number | false>('common', 'login', [this.target.db, login, secret]);
    if (!uid.ok) return uid;
    if (typeof uid.value !== 'number') return this.denied(login);
    this.uid = uid.value;
    this.version = major;
    const user = this.callRecords<{ company_id: [number, string]; company_ids: number[] }[]>(
      'res.users',
      'read',
      [uid.value],
      { fields: ['company_id', 'company_ids'] },
    );
    if (!user.ok) return user;
    const companies = user.value[0]!;
    const allowed = Object.fromEntries(companies.company_ids.map((id) => [String(id), { id }]));
    return this.adopt(
      {
        uid: uid.value,
        server_version_info: version.value.server_version_info,
        company_id: companies.company_id[0],
        user_companies: { current_company: companies.company_id[0], allowed_companies: allowed },
      },
      login,
    );
  }

  /**
   * A page or file of the web client as a browser asks for it: GET with this session's cookie (none
   * before login), following redirects; the body is kept only when asked for.
   */
  page(path: string, keepBody: boolean): Response {
    return http.get(this.base + path, {
      jar: this.jar,
      responseType: keepBody ? 'text' : 'none',
      tags: {
        name: `GET ${path.split('?')[0]!.replace(/\/web\/assets\/[^/]+\//, '/web/assets/…/')}`,
      },
    });
  }

  /** A password login as one request of a batch; `acceptLogin` reads its answer. */
  loginRequest(login: string, password: string, role: string): BatchRequest {
    this.login = login;
    this.secret = password;
    this.role = role;
    const site = callSite('/web/session/authenticate', 'res.users', 'authenticate');
    const body = bodyOf(site, { db: this.target.db, login, password }, ++requestId);
    return { method: 'POST', url: this.base + site.path, body, params: this.paramsOf(site) };
  }

  acceptLogin(response: Response): RpcResult<SessionInfo> {
    const result = parseEnvelope<SessionInfo>(response, 'res.users', 'authenticate');
    if (!result.ok)
      report(result.error, callSite('/web/session/authenticate', 'res.users', 'authenticate').tags);
    return result.ok ? this.adopt(result.value, this.login) : result;
  }

  private adopt(info: SessionInfo, login: string): RpcResult<SessionInfo> {
    if (!info || typeof info.uid !== 'number') return this.denied(login);
    this.uid = info.uid;
    this.version = Number(info.server_version_info?.[0] ?? 0);
    const current = info.user_companies?.current_company ?? info.company_id;
    const allowed = Object.values(info.user_companies?.allowed_companies ?? {});
    this.companyIds = allowed.map((company) => company.id);
    this.context = {
      lang: 'en_US',
      tz: 'UTC',
      uid: info.uid,
      ...(current ? { allowed_company_ids: [current] } : {}),
    };
    return { ok: true, value: info };
  }

  private denied(login: string): RpcResult<SessionInfo> {
    const message = `login ${login} at ${this.base} returned no uid (wrong credentials or two-factor authentication)`;
    const error = new OdooRpcError(
      'access',
      'odoo.exceptions.AccessDenied',
      message,
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
    return this.call<T>(model, method, undefined, [], kwargs, context);
  }

  /** A method on records, e.g. `callRecords('sale.order', 'action_confirm', [id])`. */
  callRecords<T>(
    model: string,
    method: string,
    ids: number[],
    kwargs: Record<string, unknown> = {},
    context?: OdooContext,
  ): RpcResult<T> {
    return this.call<T>(model, method, ids, [], kwargs, context);
  }

  /**
   * `create` with its values positionally, as Odoo's `call_kw` requires: it reads `args[0]` to
   * decide between an id and a list of ids, so values passed by keyword fail with IndexError.
   */
  create(model: string, vals: Record<string, unknown>, context?: OdooContext): RpcResult<number> {
    if (this.auth === 'json2') {
      // JSON-2 binds parameters by name and answers recordsets as id lists.
      const created = this.call<number[]>(
        model,
        'create',
        undefined,
        [],
        { vals_list: [vals] },
        context,
      );
      return created.ok ? { ok: true, value: created.value[0]! } : created;
    }
    return this.call<number>(model, 'create', undefined, [vals], {}, context);
  }

  /** `write` with ids and values positionally, as the web client sends it. */
  write(
    model: string,
    ids: number[],
    vals: Record<string, unknown>,
    context?: OdooContext,
  ): RpcResult<boolean> {
    if (this.auth === 'json2') return this.call(model, 'write', ids, [], { vals }, context);
    return this.call<boolean>(model, 'write', ids, [vals], {}, context);
  }

  /**
   * A JSON route of its own (e.g. Enterprise's `/stock_barcode/*`, the web client's routes), over the
   * web session; `model` labels calls that act on one (call_button), `route` otherwise.
   */
  callRoute<T>(
    path: string,
    params: Record<string, unknown>,
    label: string,
    model = 'route',
  ): RpcResult<T> {
    return this.renewing<T>(callSite(path, model, label), params);
  }

  private service<T>(service: string, method: string, args: unknown[]): RpcResult<T> {
    return this.post<T>(callSite('/jsonrpc', service, method), { service, method, args });
  }

  private call<T>(
    model: string,
    method: string,
    ids: number[] | undefined,
    positional: unknown[],
    kwargs: Record<string, unknown>,
    context?: OdooContext,
  ): RpcResult<T> {
    // Shared, not copied, when the call adds nothing: it is only serialized.
    const fullContext = context ? { ...this.context, ...context } : this.context;
    const args = ids === undefined ? positional : [ids, ...positional];
    if (this.auth === 'json2') {
      const body = { ...(ids === undefined ? {} : { ids }), ...kwargs, context: fullContext };
      return this.post<T>(callSite(`/json/2/${model}/${method}`, model, method), body);
    }
    const callKwargs = { ...kwargs, context: fullContext };
    if (this.auth === 'jsonrpc') {
      const db = this.target.db;
      const executeKw = [db, this.uid, this.secret, model, method, args, callKwargs];
      return this.post<T>(callSite('/jsonrpc', model, method), {
        service: 'object',
        method: 'execute_kw',
        args: executeKw,
      });
    }
    const body = { model, method, args, kwargs: callKwargs };
    return this.renewing<T>(callKwSite(model, method), body);
  }

  /**
   * A web session that expired (code 100: SessionExpiredException) is logged in again once, counted
   * as a renewal, and the call is sent again; a second expiry is the call's answer.
   */
  private renewing<T>(site: CallSite, params: Record<string, unknown>): RpcResult<T> {
    const first = this.post<T>(site, params);
    if (first.ok || first.error.code !== 100 || this.auth !== 'session' || !this.secret)
      return first;
    const renewed = this.timedLogin(LOGIN_PHASES.renewal);
    return renewed.ok ? this.post<T>(site, params) : first;
  }

  /** A password login, timed and counted under its role and phase. */
  timedLogin(phase: LoginPhase): RpcResult<SessionInfo> {
    const started = Date.now();
    const result = this.authenticate(this.login, this.secret);
    recordLogin(this.role, phase, result.ok, Date.now() - started);
    return result;
  }

  /** One call, written flat: a VU makes thousands, and each function call costs k6's CPU. */
  private post<T>(site: CallSite, params: Record<string, unknown>): RpcResult<T> {
    const id = ++requestId;
    const body = bodyOf(site, params, id);
    const response = http.post(this.base + site.path, body, this.paramsOf(site));
    const outcome = site.json2
      ? parseJson2<T>(response, site.model, site.method)
      : parseEnvelope<T>(response, site.model, site.method, id);
    // A success records nothing of its own: k6's samples of the tagged request count it.
    if (!outcome.ok) report(outcome.error, site.tags);
    return outcome;
  }

  private paramsOf(site: CallSite): http.RefinedParams<'text'> {
    if (!site.json2)
      return {
        headers: JSON_HEADERS,
        tags: site.tags,
        jar: this.jar,
        responseCallback: JSON_RPC_STATUSES,
      };
    // JSON-2 sends the API key in a header.
    return {
      headers: { ...JSON_HEADERS, Authorization: `bearer ${this.secret}` },
      tags: site.tags,
      jar: this.jar,
      responseCallback: JSON2_STATUSES,
    };
  }
}

/** One kind of call: where it goes, what it is, and the tags of its request. */
interface CallSite {
  path: string;
  model: string;
  method: string;
  json2: boolean;
  /** model, method, the call as Odoo's log names it, and a bounded `name` (route + model.method, never ids). */
  tags: Record<string, string>;
}

/**
 * A VU makes the same few calls thousands of times: each is described once (building the tags,
 * twice a call, was about 5 % of the client's CPU in k6's profile). Bounded: a route may carry ids.
 */
const siteByCall = new Map<string, CallSite>();
/** The model calls' sites by model, then method: found without building their path. */
const kwSiteByModel = new Map<string, Map<string, CallSite>>();

function callKwSite(model: string, method: string): CallSite {
  let byMethod = kwSiteByModel.get(model);
  if (!byMethod) {
    byMethod = new Map();
    kwSiteByModel.set(model, byMethod);
  }
  let site = byMethod.get(method);
  if (!site) {
    site = callSite(`/web/dataset/call_kw/${model}/${method}`, model, method);
    byMethod.set(method, site);
  }
  return site;
}

function callSite(path: string, model: string, method: string): CallSite {
  const key = `${path} ${model} ${method}`;
  const known = siteByCall.get(key);
  if (known) return known;
  const json2 = path.startsWith('/json/2/');
  const route = json2 ? '/json/2' : path.split('/').slice(0, 4).join('/');
  const tags = {
    [TAGS.model]: model,
    [TAGS.method]: method,
    [TAGS.call]: callOf(path),
    name: `${route} ${model}.${method}`,
  };
  const site = { path, model, method, json2, tags };
  if (siteByCall.size < 500) siteByCall.set(key, site);
  return site;
}

function bodyOf(site: CallSite, params: Record<string, unknown>, id: number): string {
  return JSON.stringify(site.json2 ? params : { jsonrpc: '2.0', method: 'call', id, params });
}

/** Counts one password login under its role and phase, and times it. */
export function recordLogin(role: string, phase: LoginPhase, ok: boolean, ms: number): void {
  const tags = { [TAGS.role]: role || 'unknown', [TAGS.phase]: phase };
  metrics.logins.add(1, { ...tags, [TAGS.outcome]: ok ? OUTCOMES.done : OUTCOMES.failed });
  metrics.loginDuration.add(ms, tags);
}

function report(error: OdooRpcError, tags: Record<string, string>): void {
  metrics.rpcErrors.add(1, {
    ...tags,
    [TAGS.errorKind]: error.kind,
    [TAGS.errorName]: error.faultName,
  });
  const key = `${error.model}.${error.method} ${error.faultName}`;
  if (reported.has(key)) return;
  reported.add(key);
  const doubt = error.inDoubt ? ' (in doubt: it may have been committed)' : '';
  console.warn(`odoo ${error.kind} error in ${key}${doubt}: ${error.message.split('\n')[0]}`);
}

type Response = http.RefinedResponse<http.ResponseType | undefined>;
