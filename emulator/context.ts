/** Everything a route needs to serve a request, and the one path every model call takes. */
import type { Socket } from 'node:net';
import type pg from 'pg';
import type { CostModel } from './cost-model.ts';
import { inTransaction, type RetryStats } from './db/transaction.ts';
import { callMethod } from './orm/dispatch.ts';
import type { Env, OdooVersion, Registry } from './orm/model.ts';
import type { SessionStore } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';
import type { Users } from './users.ts';
import type { WorkerPool } from './workers.ts';

export interface EmulatorConfig {
  /** Odoo database name the emulator answers for. */
  dbName: string;
  version: OdooVersion;
  /** Scale of Odoo's retry back-off: 1 = Odoo's own, 0 = retry at once (fast tests). */
  backoffScale: number;
  workers: number;
  dbMaxconn: number;
  /** `--limit-time-real` in seconds; a request running longer loses its connection. 0 = no limit. */
  limitTimeReal: number;
}

export interface Emulator {
  config: EmulatorConfig;
  pool: pg.Pool;
  registry: Registry;
  sessions: SessionStore;
  users: Users;
  workers: WorkerPool;
  costModel: CostModel;
  throttle: LoginThrottle;
  retryStats: RetryStats;
  /** Requests cut off by limit_time_real, and requests refused because the pool was full. */
  killed: { timeReal: number; poolFull: number };
  counters: Record<string, number>;
  log: (line: string) => void;
}

/** Raised when the response is not a JSON-RPC envelope but a bare HTTP status (500, or no response). */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(body);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One model call as Odoo serves it: a worker slot (queueing behind `--workers`), the cost model's
 * server time, one REPEATABLE READ transaction retried on conflicts, the context replacing the
 * environment's (odoo-rpc.md §2.2, §5, §6). A call over `limit_time_real` has its connection
 * closed with no response and its transaction rolled back, as when Odoo's master kills a worker.
 */
export async function executeKw(
  emulator: Emulator,
  uid: number,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  socket?: Socket,
): Promise<unknown> {
  const { context = {}, ...rest } = kwargs as { context?: Record<string, unknown> };
  const scope = await emulator.users.companyScope(uid, context ?? {});
  // Threaded server: all requests share db_maxconn connections; PoolError when none is left (§6).
  if (
    emulator.config.workers === 0 &&
    emulator.pool.totalCount >= emulator.config.dbMaxconn &&
    emulator.pool.idleCount === 0
  ) {
    emulator.killed.poolFull++;
    throw new HttpFailure(500, 'psycopg2.pool.PoolError: The Connection Pool Is Full');
  }
  return emulator.workers.run(async (release) => {
    const killed = new AbortController();
    const limit = emulator.config.limitTimeReal;
    const timer =
      limit > 0
        ? setTimeout(() => {
            emulator.killed.timeReal++;
            emulator.log(`Worker (${process.pid}) timeout after ${limit}s: ${model}.${method}`);
            killed.abort();
            socket?.destroy();
            release();
          }, limit * 1000)
        : undefined;
    try {
      return await inTransaction(
        emulator.pool,
        {
          backoffScale: emulator.config.backoffScale,
          stats: emulator.retryStats,
          log: emulator.log,
          signal: killed.signal,
          // Odoo's first query of a request reads the user: that fixes the REPEATABLE READ snapshot
          // before the work, so rows committed by others meanwhile conflict (40001) as they do in Odoo.
          firstStatement: `SELECT id FROM res_users WHERE id = ${Number(uid)}`,
        },
        async (db) => {
          // Server time is spent on both sides of the ORM work, so locks taken by the method are held
          // for part of it, as they are while Odoo computes, flushes and renders a real request.
          const cost = emulator.costModel.costOf(model, method);
          if (cost > 0) await sleep(cost / 2);
          const env: Env = {
            db,
            uid,
            ...scope,
            context: context ?? {},
            version: emulator.config.version,
            registry: emulator.registry,
            su: false,
            counters: emulator.counters,
          };
          const result = await callMethod(env, model, method, args, rest);
          if (cost > 0) await sleep(cost / 2);
          return result;
        },
      );
    } finally {
      clearTimeout(timer);
    }
  });
}
