/** Builds the emulator's HTTP server: Fastify, one PostgreSQL pool, Odoo's routes. */
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Emulator, EmulatorConfig } from './context.ts';
import type { CostModel } from './cost-model.ts';
import { newRetryStats } from './db/transaction.ts';
import { applyVersionSchema } from './db/version-schema.ts';
import { buildRegistry, GENERIC_METHODS } from './models/index.ts';
import { OdooLog } from './odoo-log.ts';
import { processModel } from './prefork.ts';
import { datasetRoutes } from './routes/dataset.ts';
import { json2Routes } from './routes/json2.ts';
import { jsonrpcRoutes } from './routes/jsonrpc.ts';
import { sessionRoutes } from './routes/session.ts';
import { stockBarcodeRoutes } from './routes/stock-barcode.ts';
import { webClientRoutes } from './routes/web-client.ts';
import { xmlrpcRoutes } from './routes/xmlrpc.ts';
import { type EmulatedPlacement, ServerTime } from './server-time.ts';
import { SessionStore } from './sessions.ts';
import { LoginThrottle } from './throttle.ts';
import { Users } from './users.ts';
import { WorkerPool } from './workers.ts';

export interface ServerOptions extends EmulatorConfig {
  databaseUrl: string;
  costModel: CostModel;
  /** Where the emulated server's database and CPUs are; the machine's own placement when absent. */
  placement?: EmulatedPlacement;
  /** Odoo's login cooldown: failures before it starts, and its length in seconds. */
  loginCooldownAfter: number;
  loginCooldownSeconds: number;
  /** Enterprise adds the barcode app (`stock_barcode`) and its routes. */
  edition: 'community' | 'enterprise';
  /** Odoo's server log; none is written when absent. */
  odooLog?: OdooLog;
}

/** The version's schema, the edition's modules, and ir.model listing the models served. */
async function prepareDatabase(pool: pg.Pool, emulator: Emulator, options: ServerOptions) {
  await applyVersionSchema(pool, options.version);
  await pool.query(
    options.edition === 'enterprise'
      ? `INSERT INTO ir_module_module (name) VALUES ('stock_barcode') ON CONFLICT (name) DO NOTHING`
      : `DELETE FROM ir_module_module WHERE name = 'stock_barcode'`,
  );
  // ir.model lists the models this emulator serves in this version (odoorpc looks models up there).
  const served = [...emulator.registry.values()].filter(
    (model) => !model.versions || model.versions.includes(options.version),
  );
  await pool.query(
    `INSERT INTO ir_model (model, name) SELECT * FROM unnest($1::varchar[], $2::varchar[]) ON CONFLICT (model) DO NOTHING`,
    [served.map((model) => model.name), served.map((model) => model.description)],
  );
}

/** Not an Odoo route: counters tests read to see retries, queueing and sessions. */
function statsRoute(app: FastifyInstance, emulator: Emulator, requests: Record<string, number>) {
  app.get('/emulator/stats', async () => ({
    version: emulator.config.version,
    workers: emulator.workers.workers,
    served: emulator.workers.served,
    queued: emulator.workers.queued,
    inFlight: emulator.workers.inFlight,
    costModel: emulator.costModel.describe,
    placement: emulator.serverTime.placement,
    killed: emulator.killed,
    counters: emulator.counters,
    maxQueued: emulator.workers.maxQueued,
    sessions: emulator.sessions.size,
    retries: emulator.retryStats,
    requests,
  }));
}

export async function buildServer(
  options: ServerOptions,
): Promise<{ app: FastifyInstance; emulator: Emulator }> {
  // Prefork: each worker process has its own db_maxconn pool, so workers never starve each other.
  const connections = options.workers > 0 ? Math.max(options.workers * 2, 4) : options.dbMaxconn;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: connections });
  // An idle connection that PostgreSQL drops must not take the server down: Odoo keeps serving,
  // with errors, until its database is back.
  const odooLog = options.odooLog ?? new OdooLog('', options.dbName);
  pool.on('error', (error) => odooLog.line('ERROR', 'odoo.sql_db', `bad query: ${error.message}`));
  const emulator: Emulator = {
    config: {
      dbName: options.dbName,
      version: options.version,
      backoffScale: options.backoffScale,
      workers: options.workers,
      dbMaxconn: options.dbMaxconn,
      limitTimeReal: options.limitTimeReal,
    },
    pool,
    registry: buildRegistry(),
    methods: GENERIC_METHODS,
    sessions: new SessionStore(options.version),
    users: new Users(pool),
    workers: new WorkerPool(options.workers),
    costModel: options.costModel,
    serverTime: new ServerTime(options.costModel, options.placement),
    throttle: new LoginThrottle(options.loginCooldownAfter, options.loginCooldownSeconds),
    retryStats: newRetryStats(),
    killed: { timeReal: 0, poolFull: 0, dropped: 0 },
    counters: {},
    odooLog,
  };
  await prepareDatabase(pool, emulator, options);
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 * 1024 });
  // Odoo reads raw bodies and decides per route how to parse them, so do the same.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // Requests per route, for tests that must prove what did (or did not) reach the server.
  const requests: Record<string, number> = {};
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests[route] = (requests[route] ?? 0) + 1;
  });
  processModel(app, emulator);
  sessionRoutes(app, emulator);
  datasetRoutes(app, emulator);
  webClientRoutes(app, emulator);
  jsonrpcRoutes(app, emulator);
  xmlrpcRoutes(app, emulator);
  if (options.edition === 'enterprise') stockBarcodeRoutes(app, emulator);
  // The JSON-2 API exists from 19.0 only (docs/odoo-protocol.md §3.3).
  if (options.version >= 19) json2Routes(app, emulator);
  statsRoute(app, emulator, requests);
  app.addHook('onClose', async () => {
    await pool.end();
    await odooLog.close();
  });
  return { app, emulator };
}
