/**
 * Per-call server time, so a test can give the emulator a known capacity: with N workers and a
 * mean service time S, throughput tops out near N / S (docs/odoo-protocol.md §6). `0` switches it off,
 * `uniform:<ms>` gives every model call the same time (logins none), anything else is a JSON file
 * (see cost-model.json) keyed by `model.method` or by route (`/web/session/authenticate`).
 */
import { readFileSync } from 'node:fs';

export interface CostModel {
  /** Milliseconds of server time for one call of `model.method`, with `busy` workers busy. */
  costOf(model: string, method: string, busy?: number): number;
  /** Whether the model prices this `model.method` or route itself (not by its default). */
  prices(key: string): boolean;
  /** The growth of the call's time per other busy worker (0 for a model without growth). */
  growthOf(key: string): number;
  /** Milliseconds of worker time a route takes besides any model call (a login hashes a password). */
  costOfRoute(path: string, busy?: number): number;
  /** How Odoo splits a call's time (`model.method` or route): its queries and SQL's share. */
  sqlOf(key: string, busy?: number): SqlShape;
  /**
   * Whether a cost is the whole of a call's time as a server logged it, the emulator's own work
   * included (a calibrated model), rather than time added to that work.
   */
  inclusive: boolean;
  /** Where a calibrated model was measured. */
  calibration?: CalibrationInfo;
  growth?: CostFileGrowth;
  /** The server the times were measured on: its CPUs and its database's distance (server-time.ts). */
  measuredOn?: MeasuredOn;
  describe: string;
}

/**
 * Where a model's times were measured, so a placement spends only its difference: the CPUs the
 * server's workers had (0: unknown, taken as never short of CPU), whether PostgreSQL shared them, and
 * the round trip each query paid beyond a loopback.
 */
export interface MeasuredOn {
  cpus: number;
  databaseSharesCpus: boolean;
  databaseRoundTripMs: number;
}

export interface SqlShape {
  queries: number;
  /** Share of the call's server time spent in SQL (0–1). */
  share: number;
  /**
   * Database round trips of one call, measured: its time's growth per millisecond between Odoo
   * and PostgreSQL (`odoo-load calibrate` from runs at two distances). More than `queries`: Odoo's
   * count leaves out its transactions' own statements. Unmeasured, server-time.ts estimates it.
   */
  roundTrips?: number;
}

/**
 * How a calibrated server's time per call grew with the workers busy beside it: at `busy` workers
 * a call takes its one-worker time × (1 + growth × (busy − 1)).
 */
export interface CostFileGrowth {
  default: number;
  /** Calls seen often enough at several concurrencies to have their own growth. */
  methods: Record<string, number>;
  /** The SQL and Python parts' growths, pooled over calls: how the database's share moves. */
  sql: number;
  python: number;
  /** The most workers the calibration saw busy at once: beyond, the growth is extrapolated. */
  measuredUpTo: number;
}

/** Where and when a calibrated model was measured. */
export interface CalibrationInfo {
  name: string;
  /** The log it was fitted to (its file name) and the window read, ISO times. */
  log: string;
  window: { from: string; to: string };
  /** The server the log came from, when the run that drove it was named. */
  server?: { url: string; version: string };
  calibratedAt: string;
  requests: number;
  /** Serialization failures the server retried in the window, and the seconds it slept on them. */
  retries: number;
  retrySleepSeconds: number;
  /** This server's time against the packaged model's, on the calls both know (median ratio). */
  referenceScale?: number;
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
  growth?: CostFileGrowth;
  calibration?: CalibrationInfo;
  inclusive?: boolean;
  measuredOn?: MeasuredOn;
}

/** What `odoo-load calibrate` writes. */
export type CalibratedCostFile = CostFile & {
  $comment: string;
  $estimated: Record<string, string>;
  calibration: CalibrationInfo;
  growth: CostFileGrowth;
  inclusive: true;
  measuredOn: MeasuredOn;
};

/** Without a measured split, modeled time is all Python; the emulator's own SQL still counts. */
const NO_SQL: SqlShape = { queries: 0, share: 0 };

export const NO_COST: CostModel = {
  costOf: () => 0,
  prices: () => false,
  growthOf: () => 0,
  costOfRoute: () => 0,
  sqlOf: () => NO_SQL,
  inclusive: false,
  describe: 'off',
};

export function loadCostModel(spec: string, version = 17): CostModel {
  if (spec === '0' || spec === 'off' || spec === '') return NO_COST;
  const uniform = /^uniform:(\d+(\.\d+)?)$/.exec(spec);
  if (uniform) {
    const ms = Number(uniform[1]);
    return {
      costOf: () => ms,
      prices: () => false,
      growthOf: () => 0,
      costOfRoute: () => 0,
      sqlOf: () => NO_SQL,
      inclusive: false,
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
  const growth = parsed.growth;
  // One-worker time × (1 + growth × (busy − 1)); a model without growth costs the same at any load.
  const growthOf = (key: string) => (growth ? (growth.methods[key] ?? growth.default) : 0);
  const grown = (key: string, ms: number, busy = 1) =>
    ms * (1 + growthOf(key) * Math.max(0, busy - 1));
  const shapeOf = (key: string, busy = 1): SqlShape => {
    const shape = shapes[key] ?? parsed.sql?.default ?? NO_SQL;
    if (!growth || busy <= 1 || shape.share === 0) return shape;
    const sql = shape.share * (1 + growth.sql * (busy - 1));
    const python = (1 - shape.share) * (1 + growth.python * (busy - 1));
    return { ...shape, share: sql / (sql + python) };
  };
  return {
    costOf: (model, method, busy) => {
      const key = `${model}.${method}`;
      return grown(key, methods[key] ?? parsed.default, busy);
    },
    prices: (key) => Object.hasOwn(methods, key),
    growthOf,
    costOfRoute: (path, busy) => grown(path, methods[path] ?? 0, busy),
    sqlOf: shapeOf,
    inclusive: parsed.inclusive === true,
    ...(parsed.calibration ? { calibration: parsed.calibration } : {}),
    ...(growth ? { growth } : {}),
    ...(parsed.measuredOn ? { measuredOn: parsed.measuredOn } : {}),
    describe: parsed.calibration ? `${spec} (calibrated: ${parsed.calibration.name})` : spec,
  };
}
