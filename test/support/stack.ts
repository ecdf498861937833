/** Test helpers: a project-owned PostgreSQL per test file and stacks started with the CLI's own code. */
import { resolve } from 'node:path';
import type { EmulatorOptions } from '../../emulator/options.ts';
import type { SeedOptions } from '../../emulator/seed/seed.ts';
import { type LocalStack, startSeededEmulator } from '../../run/local-stack.ts';
import { LocalPostgres } from '../../services/postgres.ts';
import { freePort } from '../../services/process.ts';

export interface TestStack extends LocalStack {
  postgres: LocalPostgres;
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

/** A seeded database and an emulator on a free port; retries back off at 1 % of Odoo's pace. */
export async function startStack(
  postgres: LocalPostgres,
  options: Partial<
    Pick<
      EmulatorOptions,
      | 'workers'
      | 'backoffScale'
      | 'costModel'
      | 'limitTimeReal'
      | 'loginCooldownAfter'
      | 'dbMaxconn'
      | 'logFile'
    >
  > & {
    version?: number;
    seed?: Partial<SeedOptions>;
    database?: string;
    /** The emulator reaches PostgreSQL through this host:port (a latency proxy). */
    through?: string;
  } = {},
): Promise<TestStack> {
  const { version, seed, database, through, ...emulator } = options;
  const stack = await startSeededEmulator(postgres, {
    db: database ?? 'odoo_test',
    emulator: {
      port: await freePort(),
      odooVersion: version ?? 17,
      dbMaxconn: 32,
      backoffScale: 0.01,
      ...emulator,
    },
    seed: seed ?? {},
    ...(through ? { through } : {}),
    log: quiet,
  });
  return { ...stack, postgres };
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

/**
 * What a web-client flow's order is keyed with: the first company, its first customer and three
 * products without scarcity or tracking, each as `{id, name}` read through the emulator.
 */
export async function orderParties(stack: TestStack) {
  const companyId = stack.dataset.companies[0]!.id;
  const admin = await login(stack);
  const read = async (model: string, ids: number[]) =>
    (await callKw(stack, admin, model, 'read', [ids], { fields: ['name'] })).body.result as {
      id: number;
      name: string;
    }[];
  const plain = stack.dataset.products.filter((p) => !p.scarce && !p.tracked).slice(0, 3);
  const products = await read(
    'product.product',
    plain.map((p) => p.id),
  );
  const [customer] = await read('res.partner', [stack.dataset.customers[String(companyId)]![0]!]);
  return { companyId, customer: customer!, products };
}

export async function stats(stack: TestStack) {
  return (await (await fetch(`${stack.url}/emulator/stats`)).json()) as Record<string, any>;
}
