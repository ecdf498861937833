/**
 * One login before any virtual user starts. Odoo throttles failed logins per IP (odoo-rpc.md §1.1),
 * so a wrong password must stop the run here instead of failing in thousands of VUs.
 */
import { CliError, EXIT } from './exit-codes.ts';

export interface Target {
  url: string;
  db: string;
  login: string;
  /** Web session with a password (default), or an API key over /jsonrpc. */
  auth?: 'session' | 'jsonrpc' | 'json2';
}

export interface PreflightResult {
  uid: number;
  /** Major version from server_version_info[0]. */
  version: number;
  serverVersion: string;
  companyIds: number[];
}

interface Envelope {
  result?: unknown;
  error?: { data?: { name?: string; message?: string } };
}

/** One JSON-RPC POST; anything that is not an Odoo answer becomes one line and exit 3. */
async function postJsonRpc(
  target: Target,
  path: string,
  params: unknown,
  timeoutMs: number,
): Promise<Envelope> {
  const endpoint = `${target.url.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      `preflight: cannot reach ${target.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      EXIT.targetUnreachable,
    );
  }
  if (response.status !== 200) {
    throw new CliError(
      `preflight: ${endpoint} answered HTTP ${response.status}; is ${target.url} an Odoo server?`,
      EXIT.targetUnreachable,
    );
  }
  try {
    return JSON.parse(await response.text()) as Envelope;
  } catch {
    throw new CliError(
      `preflight: ${endpoint} did not answer JSON; is ${target.url} an Odoo server?`,
      EXIT.targetUnreachable,
    );
  }
}

export async function preflight(
  target: Target,
  password: string,
  timeoutMs = 15_000,
): Promise<PreflightResult> {
  if (target.auth && target.auth !== 'session') return preflightApiKey(target, password, timeoutMs);
  const body = await postJsonRpc(
    target,
    '/web/session/authenticate',
    { db: target.db, login: target.login, password },
    timeoutMs,
  );
  if (body.error) {
    const name = body.error.data?.name ?? 'error';
    const message = body.error.data?.message ?? '';
    if (name === 'odoo.exceptions.AccessDenied') {
      throw new CliError(
        `preflight: login ${target.login} refused at ${target.url} (database ${target.db}): ${message || 'Access Denied'}; check ODOO_LOGIN and ODOO_PASSWORD`,
        EXIT.credentialsRefused,
      );
    }
    throw new CliError(
      `preflight: login ${target.login} at ${target.url} failed: ${name}: ${message}`,
      EXIT.targetUnreachable,
    );
  }
  const result = (body.result ?? {}) as Record<string, unknown>;
  if (typeof result.uid !== 'number') {
    throw new CliError(
      `preflight: login ${target.login} at ${target.url} returned no uid (two-factor authentication is enabled for this user?)`,
      EXIT.credentialsRefused,
    );
  }
  const companies =
    (result.user_companies as { allowed_companies?: Record<string, { id: number }> } | undefined)
      ?.allowed_companies ?? {};
  return {
    uid: result.uid,
    version: Number((result.server_version_info as unknown[] | undefined)?.[0] ?? 0),
    serverVersion: String(result.server_version ?? 'unknown'),
    companyIds: Object.values(companies).map((company) => company.id),
  };
}

/** API-key modes: `common.login` over /jsonrpc (keys are refused by the web login), then the user's companies. */
async function preflightApiKey(
  target: Target,
  apiKey: string,
  timeoutMs: number,
): Promise<PreflightResult> {
  const call = async (service: string, method: string, args: unknown[]) => {
    const body = await postJsonRpc(target, '/jsonrpc', { service, method, args }, timeoutMs);
    if (body.error)
      throw new CliError(
        `preflight: ${service}.${method} for ${target.login} at ${target.url} failed: ${body.error.data?.name}: ${body.error.data?.message}`,
        EXIT.targetUnreachable,
      );
    return body.result;
  };
  const version = (await call('common', 'version', [])) as {
    server_version: string;
    server_version_info: unknown[];
  };
  const uid = await call('common', 'login', [target.db, target.login, apiKey]);
  if (typeof uid !== 'number') {
    throw new CliError(
      `preflight: login ${target.login} refused at ${target.url} (database ${target.db}) with the API key; check ODOO_LOGIN and ODOO_API_KEY`,
      EXIT.credentialsRefused,
    );
  }
  const [user] = (await call('object', 'execute_kw', [
    target.db,
    uid,
    apiKey,
    'res.users',
    'read',
    [[uid]],
    { fields: ['company_ids'] },
  ])) as { company_ids: number[] }[];
  return {
    uid,
    version: Number(version.server_version_info[0]),
    serverVersion: version.server_version,
    companyIds: user?.company_ids ?? [],
  };
}
