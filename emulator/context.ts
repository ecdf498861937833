/** Everything a route needs to serve a request: config, database pool, sessions, users, workers. */
import type pg from 'pg';
import { callMethod } from './orm/dispatch.ts';
import type { Env, OdooVersion, Registry } from './orm/model.ts';
import { inTransaction, type RetryStats } from './db/transaction.ts';
import type { SessionStore } from './sessions.ts';
import type { Users } from './users.ts';
import type { WorkerPool } from './workers.ts';

export interface EmulatorConfig {
  /** Odoo database name the emulator answers for (its PostgreSQL database may be named differently). */
  dbName: string;
  version: OdooVersion;
  /** Scale of Odoo's retry back-off: 1 = Odoo's own, 0 = retry at once (fast tests). */
  backoffScale: number;
  workers: number;
}

export interface Emulator {
  config: EmulatorConfig;
  pool: pg.Pool;
  registry: Registry;
  sessions: SessionStore;
  users: Users;
  workers: WorkerPool;
  retryStats: RetryStats;
  log: (line: string) => void;
}

/**
 * One model call as Odoo runs it: a worker slot, one REPEATABLE READ transaction (retried on
 * conflicts), the context replacing the environment's (odoo-rpc.md §2.2).
 */
export async function executeKw(
  emulator: Emulator,
  uid: number,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
): Promise<unknown> {
  const { context = {}, ...rest } = kwargs as { context?: Record<string, unknown> };
  const scope = await emulator.users.companyScope(uid, context ?? {});
  return inTransaction(emulator.pool, { backoffScale: emulator.config.backoffScale, stats: emulator.retryStats, log: emulator.log }, (db) => {
    const env: Env = { db, uid, ...scope, context: context ?? {}, version: emulator.config.version, registry: emulator.registry, su: false };
    return callMethod(env, model, method, args, rest);
  });
}
