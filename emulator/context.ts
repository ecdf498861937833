/** Everything a route needs to serve a request, and the one path every model call takes. */
import type pg from 'pg';
import type { CostModel } from './cost-model.ts';
import { inTransaction, type RetryStats } from './db/transaction.ts';
import type { OdooLog, RequestPerf } from './odoo-log.ts';
import { type CallStyle, callMethod } from './orm/dispatch.ts';
import type { Env, GenericMethods, OdooVersion, Registry } from './orm/model.ts';
import type { ServerTime } from './server-time.ts';
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

/** The worker serving one request: killed past limit_time_real; counts what it spent. */
export interface WorkerSlot {
  signal: AbortSignal;
  perf: RequestPerf;
}

export interface Emulator {
  config: EmulatorConfig;
  pool: pg.Pool;
  registry: Registry;
  /** The methods every model answers (the ORM's and the web client's). */
  methods: GenericMethods;
  sessions: SessionStore;
  users: Users;
  workers: WorkerPool;
  costModel: CostModel;
  /** The cost model's times where the emulated server is placed (database distance, CPUs). */
  serverTime: ServerTime;
  throttle: LoginThrottle;
  retryStats: RetryStats;
  /** Requests cut off by limit_time_real, refused for a full pool, dropped beyond the backlog. */
  killed: { timeReal: number; poolFull: number; dropped: number };
  counters: Record<string, number>;
  /** Odoo's server log (emulator/odoo-log.ts). */
  odooLog: OdooLog;
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

/** One model call: who, what, and how it arrived. */
export interface ModelCall {
  uid: number;
  model: string;
  method: string;
  args: unknown[];
  /** Keyword arguments, `context` included. */
  kwargs: Record<string, unknown>;
  style: CallStyle;
  /**
   * What the cost model prices the call as, when not `model.method`: 17's `/web/dataset/call_button`
   * names no method in Odoo's log, so a model calibrated from one prices the route.
   */
  costKey?: string;
  /** The worker serving the request: its kill signal and what it spent (see prefork.ts). */
  worker?: WorkerSlot;
}

/**
 * One model call as Odoo serves it inside its worker: the cost model's server time, one REPEATABLE
 * READ transaction retried on conflicts, the context replacing the environment's (docs/odoo-protocol.md §2.2,
 * §5, §6). A killed worker's transaction is rolled back, never committed.
 */
export async function executeKw(emulator: Emulator, call: ModelCall): Promise<unknown> {
  const { uid, model, method } = call;
  const { context = {}, ...rest } = call.kwargs as { context?: Record<string, unknown> };
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
  // A calibrated model's growth already holds the server's retries and their sleeps: the
  // emulator's own conflicts are then retried at once, their modelled time not spent again.
  const retriesModelled = emulator.costModel.growth !== undefined;
  const spent = { first: false, second: false };
  return inTransaction(
    emulator.pool,
    {
      backoffScale: retriesModelled ? 0 : emulator.config.backoffScale,
      stats: emulator.retryStats,
      log: (line) => emulator.odooLog.line('INFO', 'odoo.service.model', line),
      signal: call.worker?.signal,
      // Counting and timing every query is for the log line only.
      perf: emulator.odooLog.writes ? call.worker?.perf : undefined,
      // Odoo's first query of a request reads the user: that fixes the REPEATABLE READ snapshot
      // before the work, so rows committed by others meanwhile conflict (40001) as they do in Odoo.
      firstStatement: `SELECT id FROM res_users WHERE id = ${Number(uid)}`,
    },
    async (db) => {
      // Server time is spent on both sides of the ORM work, so locks taken by the method are held
      // for part of it, as they are while Odoo computes, flushes and renders a real request.
      const key = call.costKey ?? `${model}.${method}`;
      const alone = call.costKey
        ? emulator.costModel.costOfRoute(key)
        : emulator.costModel.costOf(model, method);
      const busy = () => Math.max(1, emulator.workers.inFlight);
      const { serverTime } = emulator;
      if (call.worker && !(retriesModelled && spent.first))
        serverTime.charge(call.worker.perf, key, alone, busy());
      const requestStart = call.worker?.perf.startedAt ?? performance.now();
      const firstHalf = performance.now();
      // Half of the call's time and of its round trips before the work, half after.
      if (!(retriesModelled && spent.first)) await serverTime.spend(key, alone / 2, busy, 0, 0.5);
      spent.first = true;
      const firstHalfMs = performance.now() - firstHalf;
      const env: Env = {
        db,
        uid,
        ...scope,
        context: context ?? {},
        version: emulator.config.version,
        registry: emulator.registry,
        methods: emulator.methods,
        su: false,
        counters: emulator.counters,
      };
      const result = await callMethod(env, model, method, call.args, rest, call.style);
      // The emulator's own work so far: all of the request but the first half's spending.
      const ownMs = performance.now() - requestStart - firstHalfMs;
      if (!(retriesModelled && spent.second))
        await serverTime.spend(key, alone / 2, busy, ownMs, 0.5);
      spent.second = true;
      return result;
    },
  );
}
