/** Test helpers: a project-owned PostgreSQL, a seeded database and an emulator, on free loopback ports. */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { EmulatorProcess } from '../../cli/services/emulator.ts';
import { LocalPostgres } from '../../cli/services/postgres.ts';
import { freePort } from '../../cli/services/process.ts';
import type { Dataset } from '../../contract/index.ts';
import { SEED_DEFAULTS, type SeedOptions, seed } from '../../emulator/db/seed.ts';

export interface TestStack {
  url: string;
  db: string;
  password: string;
  apiKey: string;
  dataset: Dataset;
  databaseUrl: string;
  postgres: LocalPostgres;
  stop: () => Promise<void>;
}

const quiet = () => undefined;

/** One PostgreSQL per test file (its own data folder), reused by every stack the file starts. */
export async function startPostgres(name: string): Promise<LocalPostgres> {
  const postgres = new LocalPostgres({
    root: resolve('.local', 'test', name),
    port: await freePort(),
    log: quiet,
  });
  await postgres.start();
  return postgres;
}

export async function startStack(
  postgres: LocalPostgres,
  options: {
    version?: number;
    workers?: number;
    backoffScale?: number;
    costModel?: string;
    limitTimeReal?: number;
    loginCooldownAfter?: number;
    dbMaxconn?: number;
    seed?: Partial<SeedOptions>;
    database?: string;
  } = {},
): Promise<TestStack> {
  const db = options.database ?? 'odoo_test';
  const databaseUrl = postgres.databaseUrl(db);
  const password = randomBytes(12).toString('hex');
  const apiKey = randomBytes(20).toString('hex');
  const dataset = await seed({
    ...SEED_DEFAULTS,
    ...options.seed,
    databaseUrl,
    dbName: db,
    password,
    apiKey,
  });
  const emulator = new EmulatorProcess({
    databaseUrl,
    dbName: db,
    port: await freePort(),
    version: options.version ?? 17,
    workers: options.workers ?? 0,
    dbMaxconn: options.dbMaxconn ?? 32,
    backoffScale: options.backoffScale ?? 0.01,
    costModel: options.costModel,
    limitTimeReal: options.limitTimeReal,
    loginCooldownAfter: options.loginCooldownAfter,
    log: quiet,
  });
  const url = await emulator.start();
  return { url, db, password, apiKey, dataset, databaseUrl, postgres, stop: () => emulator.stop() };
}

/** A JSON-RPC call the way Odoo's web client makes it; returns status, headers and parsed body. */
export async function rpc(url: string, path: string, params: unknown, cookie?: string) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 7, params }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: JSON.parse(text) as Record<string, any>,
  };
}

/** Logs in and returns the `session_id=…` cookie to send back. */
export async function login(stack: TestStack, user = stack.dataset.adminLogin): Promise<string> {
  const { body, headers } = await rpc(stack.url, '/web/session/authenticate', {
    db: stack.db,
    login: user,
    password: stack.password,
  });
  if (!body.result) throw new Error(`login failed: ${JSON.stringify(body.error)}`);
  return headers.get('set-cookie')!.split(';')[0]!;
}

export async function callKw(
  stack: TestStack,
  cookie: string,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
) {
  return rpc(
    stack.url,
    `/web/dataset/call_kw/${model}/${method}`,
    { model, method, args, kwargs },
    cookie,
  );
}

export async function stats(stack: TestStack) {
  return (await (await fetch(`${stack.url}/emulator/stats`)).json()) as Record<string, any>;
}
