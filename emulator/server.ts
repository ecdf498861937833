/** Builds the emulator's HTTP server: Fastify, one PostgreSQL pool, Odoo's routes. */
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Emulator, EmulatorConfig } from './context.ts';
import { newRetryStats } from './db/transaction.ts';
import { buildRegistry } from './models/index.ts';
import { datasetRoutes } from './routes/dataset.ts';
import { jsonrpcRoutes } from './routes/jsonrpc.ts';
import { sessionRoutes } from './routes/session.ts';
import { SessionStore } from './sessions.ts';
import { Users } from './users.ts';
import { WorkerPool } from './workers.ts';

export interface ServerOptions extends EmulatorConfig {
  databaseUrl: string;
  /** PostgreSQL connections, as Odoo's `--db_maxconn` (default 64). */
  dbMaxconn: number;
  log?: (line: string) => void;
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; emulator: Emulator }> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.dbMaxconn });
  const emulator: Emulator = {
    config: { dbName: options.dbName, version: options.version, backoffScale: options.backoffScale, workers: options.workers },
    pool,
    registry: buildRegistry(),
    sessions: new SessionStore(options.version),
    users: new Users(pool),
    workers: new WorkerPool(options.workers),
    retryStats: newRetryStats(),
    log: options.log ?? (() => undefined),
  };
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
  sessionRoutes(app, emulator);
  datasetRoutes(app, emulator);
  jsonrpcRoutes(app, emulator);
  // Not an Odoo route: counters tests read to see retries, queueing and sessions.
  app.get('/emulator/stats', async () => ({
    version: emulator.config.version,
    workers: emulator.workers.workers,
    served: emulator.workers.served,
    queued: emulator.workers.queued,
    maxQueued: emulator.workers.maxQueued,
    sessions: emulator.sessions.size,
    retries: emulator.retryStats,
    requests,
  }));
  app.addHook('onClose', async () => pool.end());
  return { app, emulator };
}
