/** Entry point of the Odoo emulator process: parse flags, connect, listen; SIGINT/SIGTERM close it. */
import { parseArgs } from 'node:util';
import { type CostModel, loadCostModel, NO_COST } from './cost-model.ts';
import type { OdooVersion } from './orm/model.ts';
import { buildServer } from './server.ts';

const USAGE = `usage: emulator --database-url URL [--host 127.0.0.1] [--port 8069] [--db NAME]
       [--odoo-version 16|17|18|19] [--workers N] [--db-maxconn N] [--limit-time-real S]
       [--cost-model 0|uniform:<ms>|FILE] [--backoff-scale X] [--login-cooldown-after N]
       [--login-cooldown-duration S] [--edition community|enterprise] [--log-retries]`;

function fail(message: string): never {
  console.error(`emulator: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(flag: string, value: string, min: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    fail(`--${flag} expects an integer >= ${min}, got "${value}"`);
  return number;
}

const FLAGS = {
  'database-url': { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8069' },
  db: { type: 'string', default: 'odoo_load' },
  'odoo-version': { type: 'string', default: '17' },
  workers: { type: 'string', default: '0' },
  'db-maxconn': { type: 'string', default: '64' },
  'backoff-scale': { type: 'string', default: '1' },
  'limit-time-real': { type: 'string', default: '120' },
  'cost-model': { type: 'string', default: '0' },
  'login-cooldown-after': { type: 'string', default: '5' },
  'login-cooldown-duration': { type: 'string', default: '60' },
  edition: { type: 'string', default: 'community' },
  'log-retries': { type: 'boolean', default: false },
} as const;

function parseFlags() {
  try {
    return parseArgs({ options: FLAGS }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
}

const values = parseFlags();
if (!values['database-url']) fail('--database-url is required (postgres://user@127.0.0.1:PORT/DB)');
const version = integer('odoo-version', values['odoo-version'], 16);
if (![16, 17, 18, 19].includes(version))
  fail(`--odoo-version expects 16, 17, 18 or 19, got "${values['odoo-version']}"`);
const backoffScale = Number(values['backoff-scale']);
if (!Number.isFinite(backoffScale) || backoffScale < 0)
  fail(`--backoff-scale expects a number >= 0, got "${values['backoff-scale']}"`);

if (values.edition !== 'community' && values.edition !== 'enterprise')
  fail(`--edition expects community or enterprise, got "${values.edition}"`);
let costModel: CostModel = NO_COST;
try {
  costModel = loadCostModel(values['cost-model']);
} catch (error) {
  fail((error as Error).message);
}

const { app } = await buildServer({
  databaseUrl: values['database-url'],
  dbName: values.db,
  version: version as OdooVersion,
  workers: integer('workers', values.workers, 0),
  dbMaxconn: integer('db-maxconn', values['db-maxconn'], 1),
  backoffScale,
  limitTimeReal: integer('limit-time-real', values['limit-time-real'], 0),
  costModel,
  loginCooldownAfter: integer('login-cooldown-after', values['login-cooldown-after'], 0),
  loginCooldownSeconds: integer('login-cooldown-duration', values['login-cooldown-duration'], 0),
  edition: values.edition as 'community' | 'enterprise',
  log: values['log-retries'] ? (line) => console.log(line) : undefined,
});
const port = integer('port', values.port, 0);
try {
  await app.listen({ host: values.host, port });
} catch (error) {
  fail(`cannot listen on ${values.host}:${port}: ${(error as Error).message}`);
}
const address = app.server.address();
const boundPort = typeof address === 'object' && address ? address.port : port;
// The parent process waits for this exact line.
console.log(
  `emulator ready on http://${values.host}:${boundPort} (Odoo ${version}, db ${values.db}, workers ${values.workers}, cost model ${costModel.describe})`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().finally(() => process.exit(0));
  });
}
