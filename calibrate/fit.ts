/**
 * A cost model fitted to what one server spent: per call, its time with one worker busy (SQL and
 * Python apart, its queries), and how that time grows with every other busy worker — the growth
 * holds whatever made the server slower under concurrency: a shared CPU, lock waits, and the
 * serialization failures Odoo retried, sleeping inside the request.
 */
import type { CalibratedCostFile, CostFileGrowth, SqlShape } from '../emulator/cost-model.ts';
import type { TimedRequest } from './busy-workers.ts';

/** A call's own growth is fitted when it was seen this often, over this spread of busy workers. */
const MIN_REQUESTS = 8;
const MIN_BUSY_SPREAD = 0.15;
/** A growth past this (×6 at two busy workers) is a fit gone wrong, not a server. */
const MAX_GROWTH = 5;

interface Line {
  intercept: number;
  slope: number;
}

/** Least squares of y on x; undefined when x does not vary enough to tell a slope. */
function fitLine(points: { x: number; y: number }[]): Line | undefined {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  if (n < MIN_REQUESTS || Math.sqrt(sxx / n) < MIN_BUSY_SPREAD) return undefined;
  const sxy = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const slope = sxy / sxx;
  return { intercept: meanY - slope * meanX, slope };
}

const clampGrowth = (value: number) => Math.min(MAX_GROWTH, Math.max(0, value));

/** A request with fewer than 1.2 workers busy on average ran alone; five such make a time alone. */
const ALONE_BELOW = 0.2;
const MIN_ALONE = 5;

/** Least squares of y − intercept on x, through a known intercept. */
function slopeThrough(points: { x: number; y: number }[], intercept: number): number {
  const sxx = points.reduce((sum, p) => sum + p.x * p.x, 0);
  return sxx > 0 ? points.reduce((sum, p) => sum + p.x * (p.y - intercept), 0) / sxx : 0;
}

/** Growth of a part of every call's time (its SQL, its Python, all of it), pooled over calls. */
function pooledGrowth(requests: TimedRequest[], part: (request: TimedRequest) => number): number {
  const means = new Map<string, { sum: number; count: number }>();
  for (const request of requests) {
    const entry = means.get(request.call) ?? { sum: 0, count: 0 };
    entry.sum += part(request);
    entry.count++;
    means.set(request.call, entry);
  }
  // Each request relative to its call's mean, so cheap and dear calls weigh the same.
  const points = requests.flatMap((request) => {
    const entry = means.get(request.call)!;
    const mean = entry.sum / entry.count;
    return mean > 0 ? [{ x: request.busy - 1, y: part(request) / mean }] : [];
  });
  const line = points.length ? fitLine(points) : undefined;
  return line && line.intercept > 0 ? clampGrowth(line.slope / line.intercept) : 0;
}

export interface CallFit {
  call: string;
  requests: number;
  /** Milliseconds with one worker busy. */
  aloneMs: number;
  growth: number;
  /** Whether the growth is the call's own (else the pooled one). */
  ownGrowth: boolean;
  queries: number;
  sqlShare: number;
  retries: number;
  retrySleepSeconds: number;
  meanBusy: number;
}

function fitCall(
  call: string,
  requests: TimedRequest[],
  pooled: { all: number; sql: number; python: number },
): CallFit {
  const ms = (request: TimedRequest) => (request.sqlSeconds + request.pythonSeconds) * 1000;
  const points = requests.map((request) => ({ x: request.busy - 1, y: ms(request) }));
  const mean = requests.reduce((sum, request) => sum + ms(request), 0) / requests.length;
  const meanBusy = requests.reduce((sum, request) => sum + request.busy, 0) / requests.length;
  const line = fitLine(points);
  // Seen alone often enough, the call's time alone is what it took alone; the slope is then
  // fitted through it, so a few slow requests under load cannot tilt the time alone. A request
  // that retried a serialization failure met another transaction, whatever its overlap says: its
  // sleep belongs to the growth (the slope), not to the time alone.
  const alone = requests
    .filter((request) => request.busy - 1 < ALONE_BELOW && request.retries === 0)
    .map(ms);
  const aloneMean = alone.reduce((sum, value) => sum + value, 0) / alone.length;
  const anchored =
    line && alone.length >= MIN_ALONE && aloneMean > 0
      ? { intercept: aloneMean, slope: slopeThrough(points, aloneMean) }
      : line;
  const own = anchored && anchored.intercept > mean * 0.2 ? anchored : undefined;
  const growth = own ? clampGrowth(own.slope / own.intercept) : pooled.all;
  // SQL's share with one worker busy: each part taken back to one worker by its own growth.
  const sql =
    requests.reduce((sum, r) => sum + r.sqlSeconds, 0) / (1 + pooled.sql * (meanBusy - 1));
  const python =
    requests.reduce((sum, r) => sum + r.pythonSeconds, 0) / (1 + pooled.python * (meanBusy - 1));
  return {
    call,
    requests: requests.length,
    // What the mean says with one worker busy, under the growth the call follows.
    aloneMs: own ? own.intercept : mean / (1 + growth * (meanBusy - 1)),
    growth,
    ownGrowth: own !== undefined,
    queries: Math.round(requests.reduce((sum, r) => sum + r.queries, 0) / requests.length),
    sqlShare: sql + python > 0 ? sql / (sql + python) : 0,
    retries: requests.reduce((sum, r) => sum + r.retries, 0),
    retrySleepSeconds: requests.reduce((sum, r) => sum + r.retrySleepSeconds, 0),
    meanBusy,
  };
}

export interface Fitted {
  calls: CallFit[];
  growth: CostFileGrowth;
}

export function fitCalls(requests: TimedRequest[]): Fitted {
  const pooled = {
    all: pooledGrowth(requests, (r) => r.sqlSeconds + r.pythonSeconds),
    sql: pooledGrowth(requests, (r) => r.sqlSeconds),
    python: pooledGrowth(requests, (r) => r.pythonSeconds),
  };
  const byCall = new Map<string, TimedRequest[]>();
  for (const request of requests) {
    const own = byCall.get(request.call);
    if (own) own.push(request);
    else byCall.set(request.call, [request]);
  }
  const calls = [...byCall]
    .map(([call, own]) => fitCall(call, own, pooled))
    .sort((a, b) => b.aloneMs * b.requests - a.aloneMs * a.requests);
  const busiest = [...requests.map((request) => request.busy)].sort((a, b) => a - b);
  return {
    calls,
    growth: {
      default: round3(pooled.all),
      methods: Object.fromEntries(
        calls.filter((fit) => fit.ownGrowth).map((fit) => [fit.call, round3(fit.growth)]),
      ),
      sql: round3(pooled.sql),
      python: round3(pooled.python),
      // The 99th percentile: a few instants of overlap are not a concurrency the server was measured at.
      measuredUpTo: Math.max(1, Math.round(busiest[Math.floor(busiest.length * 0.99)] ?? 1)),
    },
  };
}

export const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The cost file: the fitted calls, and every call of the packaged model the log did not see,
 * scaled by how this server compares with it on the calls both know (named under $estimated).
 */
export function costFileOf(
  fitted: Fitted,
  reference: {
    default: number;
    methods: Record<string, number>;
    sql?: { methods: Record<string, SqlShape> };
  },
  calibration: CalibratedCostFile['calibration'],
  measuredOn: CalibratedCostFile['measuredOn'] = UNKNOWN_MACHINE,
  roundTrips: Map<string, number> = new Map(),
): CalibratedCostFile {
  const measured = Object.fromEntries(fitted.calls.map((fit) => [fit.call, round1(fit.aloneMs)]));
  const ratios = fitted.calls
    .filter((fit) => (reference.methods[fit.call] ?? 0) > 0)
    .map((fit) => fit.aloneMs / reference.methods[fit.call]!)
    .sort((a, b) => a - b);
  const scale = ratios.length ? ratios[Math.floor(ratios.length / 2)]! : 1;
  const estimated = Object.entries(reference.methods).filter(([call]) => !(call in measured));
  return {
    $comment: `Calibrated by odoo-load calibrate from ${calibration.log}: per call, the server's time with one worker busy, and growth per other busy worker (cost × (1 + growth × (busy − 1))). Use with --cost-model.`,
    $estimated: Object.fromEntries(
      estimated.map(([call]) => [
        call,
        `not in the log: the packaged model's time × ${round3(scale)} (this server against it, median over ${ratios.length} calls both know)`,
      ]),
    ),
    calibration: { ...calibration, referenceScale: round3(scale) },
    inclusive: true,
    default: round1(reference.default * scale),
    methods: {
      ...Object.fromEntries(estimated.map(([call, ms]) => [call, round1(ms * scale)])),
      ...measured,
    },
    sql: {
      default: { queries: 0, share: 0 },
      methods: Object.fromEntries([
        // Calls the log did not see keep the packaged model's queries and round trips.
        ...estimated.flatMap(([call]) =>
          reference.sql?.methods[call] ? [[call, reference.sql.methods[call]] as const] : [],
        ),
        ...fitted.calls.map((fit) => {
          // Round trips are Odoo's code's, not the machine's: unmeasured here, the packaged model's.
          const trips = roundTrips.get(fit.call) ?? reference.sql?.methods[fit.call]?.roundTrips;
          return [
            fit.call,
            {
              queries: fit.queries,
              share: round3(fit.sqlShare),
              ...(trips === undefined ? {} : { roundTrips: trips }),
            },
          ] as const;
        }),
      ]),
    },
    growth: fitted.growth,
    measuredOn,
  };
}

/** A server whose CPUs were not said: taken as never short of CPU, its database on loopback. */
export const UNKNOWN_MACHINE: CalibratedCostFile['measuredOn'] = {
  cpus: 0,
  databaseSharesCpus: false,
  databaseRoundTripMs: 0,
};

const round1 = (value: number) => Math.round(value * 10) / 10;
