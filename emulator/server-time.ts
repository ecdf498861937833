/**
 * How long a call holds its worker, where the server is placed: the cost model's time with one worker
 * busy, grown as calibrated with the workers busy beside it, stretched when busy workers outnumber
 * the CPUs they get, plus the call's database round trips at the database's distance.
 *
 * The cost model was measured somewhere (`measuredOn`: its CPUs, whether PostgreSQL shared them, its
 * database's distance); a placement says where the emulated server is. Only the difference is spent,
 * so the calibrated point stays the calibrated point.
 */
import type { CostModel, MeasuredOn, SqlShape } from './cost-model.ts';
import type { RequestPerf } from './odoo-log.ts';

/**
 * A call's round trips to PostgreSQL when no calibration measured them: Odoo's query count misses
 * what each request's transactions send beside it (BEGIN, COMMIT, the registry's signaling check).
 * Fitted on real Odoo 17.0's API calls through a latency proxy at 1 and 2 ms, time per call against
 * its queries (test/fixtures/real-odoo-17/round-trips.tsv, docs/hosting.md).
 */
export const UNMEASURED_ROUND_TRIPS = { perRequest: 10, perQuery: 1.2 };

export const roundTripsOf = (shape: SqlShape) =>
  shape.roundTrips ??
  UNMEASURED_ROUND_TRIPS.perRequest + UNMEASURED_ROUND_TRIPS.perQuery * shape.queries;

/** Where the emulated server's database and CPUs are. */
export interface EmulatedPlacement {
  /** Milliseconds each round trip between Odoo and PostgreSQL pays, beyond a loopback. */
  databaseRoundTripMs: number;
  /** CPUs Odoo's workers get; 0 = as many as they need (no contention modelled). */
  cpus: number;
  /** Whether PostgreSQL runs on those CPUs. */
  databaseSharesCpus: boolean;
}

export const UNPLACED: EmulatedPlacement = {
  databaseRoundTripMs: 0,
  cpus: 0,
  databaseSharesCpus: false,
};

/**
 * Each CPU-bound millisecond of a busy worker stretches by how many want a CPU at once over how many
 * there are: `busy` workers each on a CPU for a share `cpuShare` of their time (processor sharing,
 * averaged over the call).
 */
export function cpuStretch(busy: number, cpuShare: number, cpus: number): number {
  return cpus > 0 ? Math.max(1, (busy * cpuShare) / cpus) : 1;
}

/** The share of a call's time spent on the Odoo host's CPUs: its Python, and its SQL when they share. */
const cpuShareOf = (shape: SqlShape, databaseSharesCpus: boolean) =>
  Math.min(1, 1 - shape.share + (databaseSharesCpus ? shape.share : 0));

export interface CallTime {
  /** Milliseconds of database round trips beyond what the cost was measured with (may be negative). */
  roundTripMs: number;
  /** How much longer each millisecond of the call's own time takes with `busy` workers busy. */
  pace: (busy: number) => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Work is re-paced this often as workers come and go. */
const PACE_SLICE_MS = 20;

export class ServerTime {
  constructor(
    readonly costModel: CostModel,
    readonly placement: EmulatedPlacement = UNPLACED,
  ) {}

  /** Where the model's costs were measured: without a record, where the emulator runs them. */
  private get measuredOn(): MeasuredOn {
    return (
      this.costModel.measuredOn ?? {
        cpus: 0,
        databaseSharesCpus: this.placement.databaseSharesCpus,
        databaseRoundTripMs: 0,
      }
    );
  }

  /** The placement's terms for one call (`model.method` or a route), whose one-worker time is `aloneMs`. */
  callTime(key: string, aloneMs: number): CallTime {
    const shape = this.costModel.sqlOf(key);
    const measured = this.measuredOn;
    const roundTripMs =
      roundTripsOf(shape) * (this.placement.databaseRoundTripMs - measured.databaseRoundTripMs);
    const growth = this.costModel.growthOf(key);
    const grown = (busy: number) => 1 + growth * Math.max(0, busy - 1);
    if (this.placement.cpus <= 0) return { roundTripMs, pace: grown };
    // Round trips wait on the network, off the CPU: they thin the share of time a worker computes.
    const onCpu = aloneMs > 0 ? aloneMs / Math.max(aloneMs, aloneMs + roundTripMs) : 1;
    const target = cpuShareOf(shape, this.placement.databaseSharesCpus) * onCpu;
    const calibrated = cpuShareOf(shape, measured.databaseSharesCpus);
    return {
      roundTripMs,
      pace: (busy) => {
        const stretch =
          cpuStretch(busy, target, this.placement.cpus) /
          cpuStretch(busy, calibrated, measured.cpus);
        return grown(busy) * (1 - target + target * stretch);
      },
    };
  }

  /** Adds the call's modelled queries and SQL time to its request's log line, as Odoo's cursor counts them. */
  charge(perf: RequestPerf, key: string, aloneMs: number, busy: number): void {
    const { roundTripMs, pace } = this.callTime(key, aloneMs);
    const sql = this.costModel.sqlOf(key, busy);
    perf.queries += sql.queries;
    // Odoo's query time is wall time in cursor.execute: the network's share of it included.
    perf.sqlMs += aloneMs * pace(busy) * sql.share + Math.max(0, roundTripMs);
  }

  /**
   * Spends `aloneMs` of a call's one-worker time (and `share` of its round trips) in the worker
   * serving it, at the pace the busy workers allow — re-read every slice as others come and go, the
   * way a calibration measured it. An inclusive (calibrated) cost is the whole request, so the
   * `spentMs` the emulator's own work already took counts toward it.
   */
  async spend(
    key: string,
    aloneMs: number,
    busy: () => number,
    spentMs = 0,
    share = 1,
  ): Promise<void> {
    const { roundTripMs, pace } = this.callTime(key, aloneMs / share);
    let left = this.costModel.inclusive ? aloneMs - spentMs / pace(busy()) : aloneMs;
    left += (roundTripMs * share) / pace(busy());
    while (left > 0.5) {
      const now = pace(busy());
      const slice = now === 1 ? left : Math.min(left * now, PACE_SLICE_MS);
      // What the timer really slept, not what was asked: on a busy machine each wake-up is late by
      // a millisecond or more, and ten slices of a stretched call would add ten of them.
      const sliceStarted = performance.now();
      await sleep(slice);
      left -= (performance.now() - sliceStarted) / now;
    }
  }

  /** A route's whole cost (a login's password hashing, a web-client route), charged and spent. */
  async route(route: string, busy: () => number, perf?: RequestPerf, startedAt?: number) {
    const aloneMs = this.costModel.costOfRoute(route);
    if (perf) this.charge(perf, route, aloneMs, busy());
    const spent = startedAt === undefined ? 0 : performance.now() - startedAt;
    await this.spend(route, aloneMs, busy, spent);
  }
}
