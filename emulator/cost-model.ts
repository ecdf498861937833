/**
 * Per-call server time, so a test can give the emulator a known capacity: with N workers and a
 * mean service time S, throughput tops out near N / S (odoo-rpc.md §6). `0` switches it off,
 * `uniform:<ms>` gives every model call the same time (logins none), anything else is a JSON file
 * (see cost-model.json) keyed by `model.method` or by route (`/web/session/authenticate`).
 */
import { readFileSync } from 'node:fs';
import type { RequestPerf } from './odoo-log.ts';

export interface CostModel {
  /** Milliseconds of server time for one call of `model.method`. */
  costOf(model: string, method: string): number;
  /** Milliseconds of worker time a route takes besides any model call (a login hashes a password). */
  costOfRoute(path: string): number;
  /** How Odoo splits a call's time (`model.method` or route): its queries and SQL's share. */
  sqlOf(key: string): SqlShape;
  describe: string;
}

export interface SqlShape {
  queries: number;
  /** Share of the call's server time spent in SQL (0–1). */
  share: number;
}

interface CostFile {
  default: number;
  methods: Record<string, number>;
  sql?: { default: SqlShape; methods: Record<string, SqlShape> };
  /** What a version spends differently (18's web client: its own calls and their costs). */
  versions?: Record<
    string,
    { methods?: Record<string, number>; sql?: { methods?: Record<string, SqlShape> } }
  >;
}

/** Without a measured split, modeled time is all Python; the emulator's own SQL still counts. */
const NO_SQL: SqlShape = { queries: 0, share: 0 };

export const NO_COST: CostModel = {
  costOf: () => 0,
  costOfRoute: () => 0,
  sqlOf: () => NO_SQL,
  describe: 'off',
};

/** Adds the modeled part of a call's SQL to its request's counters, as Odoo's cursor counts it. */
export function chargeModeledSql(
  perf: RequestPerf,
  costModel: CostModel,
  key: string,
  costMs: number,
): void {
  const sql = costModel.sqlOf(key);
  perf.queries += sql.queries;
  perf.sqlMs += costMs * sql.share;
}

export function loadCostModel(spec: string, version = 17): CostModel {
  if (spec === '0' || spec === 'off' || spec === '') return NO_COST;
  const uniform = /^uniform:(\d+(\.\d+)?)$/.exec(spec);
  if (uniform) {
    const ms = Number(uniform[1]);
    return {
      costOf: () => ms,
      costOfRoute: () => 0,
      sqlOf: () => NO_SQL,
      describe: `${ms} ms per model call`,
    };
  }
  let parsed: CostFile;
  try {
    parsed = JSON.parse(readFileSync(spec, 'utf8')) as CostFile;
  } catch (error) {
    throw new Error(`--cost-model ${spec}: ${(error as Error).message}`);
  }
  if (typeof parsed.default !== 'number' || typeof parsed.methods !== 'object') {
    throw new Error(
      `--cost-model ${spec}: expected {"default": <ms>, "methods": {"model.method": <ms>}}`,
    );
  }
  const own = parsed.versions?.[String(version)];
  const methods = { ...parsed.methods, ...own?.methods };
  const shapes = { ...parsed.sql?.methods, ...own?.sql?.methods };
  return {
    costOf: (model, method) => methods[`${model}.${method}`] ?? parsed.default,
    costOfRoute: (path) => methods[path] ?? 0,
    sqlOf: (key) => shapes[key] ?? parsed.sql?.default ?? NO_SQL,
    describe: spec,
  };
}
