/**
 * What a sweep's steps mean: the knee by two definitions, the USL fit, and the sizing sentence
 * (how many workers hold the profile's peak at its SLO with 30 % headroom).
 */
import { type Per, throughput as perUnit } from '../report/format.ts';
import type { StepResult } from './steps.ts';
import { fitUsl, type UslFit } from './usl.ts';

/** Utilisation a sizing aims at: 30 % headroom over the peak. */
export const TARGET_UTILISATION = 0.7;

export interface Knees {
  /** Load at which p50 first reached twice its lowest-load value (Odoo SA's system limit). */
  p50Doubled?: number;
  /**
   * Last load before added work in flight stopped turning into completed work: the next step's
   * throughput grew by less than a quarter of what its growth in flight would give if it scaled.
   */
  throughputFlat?: number;
}

/**
 * Compared with growth in flight rather than a fixed margin: below the knee the client's own
 * time between calls leaves workers idle, so one step's throughput can be 10–15 % under the next
 * even where both are short of saturation; past it, doubling the users adds next to nothing.
 */
const SCALING_KEPT = 0.25;

export function kneesOf(steps: StepResult[]): Knees {
  const knees: Knees = {};
  const base = steps.find((step) => Number.isFinite(step.p50) && step.done > 0);
  if (base) knees.p50Doubled = steps.find((step) => step.p50 >= 2 * base.p50)?.load;
  for (let i = 1; i < steps.length; i++) {
    const before = steps[i - 1]!;
    const after = steps[i]!;
    if (before.inFlight <= 0 || before.throughput <= 0) continue;
    const inFlightGrowth = after.inFlight / before.inFlight - 1;
    const throughputGrowth = after.throughput / before.throughput - 1;
    if (inFlightGrowth >= 0.25 && throughputGrowth < SCALING_KEPT * inFlightGrowth) {
      knees.throughputFlat = before.load;
      break;
    }
  }
  return knees;
}

export interface Peak {
  /** Business units per second the profile's peak asks for. */
  perSecond: number;
  unit: string;
  per: Per;
  profile: string;
  sloMs: number;
}

export interface Sizing {
  sentence: string;
  /** Highest throughput measured within the SLO, units/s. */
  capacityWithinSlo: number;
  /** Workers the peak needs at 70 % utilisation; undefined when the target's workers are unknown. */
  workersNeeded?: number;
  perWorker?: number;
  /** Capacity within SLO over the peak: 1.3 means 30 % headroom, 0.8 means 20 % short. */
  headroom: number;
  holdsPeak: boolean;
}

const whole = (value: number) => Math.round(value).toLocaleString('en-US');

/** "7,200 orders/h". */
const rateOf = (perSecond: number, peak: Peak) =>
  perUnit(perSecond, peak.per).replace('/', ` ${peak.unit}/`);

/** "2.4× this target's capacity", or "4 % of this target's capacity" for a peak it holds easily. */
export function capacityNeeded(times: number): string {
  if (times >= 1) return `${times.toFixed(1)}× this target's capacity`;
  const percent = times * 100;
  const shown = percent >= 10 ? Math.round(percent) : Number(percent.toPrecision(1));
  return `${shown} % of this target's capacity`;
}

export function sizingOf(steps: StepResult[], peak: Peak, workers: number): Sizing {
  const within = steps.filter((step) => step.withinSlo);
  const capacityWithinSlo = Math.max(0, ...within.map((step) => step.throughput));
  const headroom =
    peak.perSecond > 0 ? capacityWithinSlo / peak.perSecond : Number.POSITIVE_INFINITY;
  const holdsPeak = headroom >= 1 / TARGET_UTILISATION;
  const goal = `to hold ${peak.profile}'s peak of ${rateOf(peak.perSecond, peak)} at p95 < ${whole(peak.sloMs)} ms with 30 % headroom`;
  if (capacityWithinSlo === 0) {
    const lowest = steps[0];
    return {
      sentence: `${goal}: no worker count will do — even at the lowest load (${lowest?.load ?? '?'}) p95 was ${lowest ? whole(lowest.p95) : '?'} ms${lowest && lowest.errorRate > 0 ? ` with ${(lowest.errorRate * 100).toFixed(1)} % of calls failing` : ''}; make single requests faster first`,
      capacityWithinSlo,
      headroom: 0,
      holdsPeak: false,
    };
  }
  const shortBy =
    headroom >= 1
      ? `${Math.round((headroom - 1) * 100)} % above the peak`
      : `${Math.round((1 - headroom) * 100)} % short of the peak`;
  if (workers > 0) {
    const perWorker = capacityWithinSlo / workers;
    const workersNeeded = Math.ceil(peak.perSecond / (perWorker * TARGET_UTILISATION));
    return {
      sentence: `${goal}: ${workersNeeded} worker${workersNeeded === 1 ? '' : 's'} (measured ${rateOf(perWorker, peak)} per worker; this target's ${workers} worker${workers === 1 ? '' : 's'} top out at ${rateOf(capacityWithinSlo, peak)} within the SLO, ${shortBy})`,
      capacityWithinSlo,
      workersNeeded,
      perWorker,
      headroom,
      holdsPeak,
    };
  }
  return {
    sentence: `${goal}: ${capacityNeeded(1 / TARGET_UTILISATION / headroom)} (it tops out at ${rateOf(capacityWithinSlo, peak)} within the SLO, ${shortBy}; its worker count is unknown — name a hosting profile to size in workers)`,
    capacityWithinSlo,
    headroom,
    holdsPeak,
  };
}

export interface SweepAnalysis {
  knees: Knees;
  usl?: UslFit;
  sizing: Sizing;
  /** Odoo calls per business unit, to turn unit throughput into requests. */
  requestsPerUnit: number;
}

export function analyse(steps: StepResult[], peak: Peak, workers: number): SweepAnalysis {
  const done = steps.reduce((sum, step) => sum + step.done, 0);
  const calls = steps.reduce((sum, step) => sum + step.requestsPerSecond, 0);
  const units = steps.reduce((sum, step) => sum + step.throughput, 0);
  return {
    knees: kneesOf(steps),
    // Closed model: load is the concurrency. Open model: concurrency is what Little's law says.
    usl: fitUsl(
      steps.map((step) => ({
        concurrency: step.littleRatio !== undefined ? step.load : step.inFlight,
        throughput: step.throughput,
      })),
    ),
    sizing: sizingOf(steps, peak, workers),
    requestsPerUnit: done > 0 && units > 0 ? calls / units : 0,
  };
}

/**
 * Workers for a mix of channels: a worker's time per unit is each channel's time per unit weighted
 * by its share, so the mix's capacity per worker is the weighted harmonic mean of the channels'.
 * With 30 % of orders keyed by reps and a rep's order costing five API orders, a worker holds
 * 1 / (0.7 / a + 0.3 / (a / 5)) = a / 2.2 orders.
 */
export function mixedPerWorker(perWorker: Record<string, number>, shares: Record<string, number>) {
  let time = 0;
  for (const [channel, share] of Object.entries(shares)) {
    if (share === 0) continue;
    const capacity = perWorker[channel];
    if (!capacity) return 0;
    time += share / capacity;
  }
  return time > 0 ? 1 / time : 0;
}

const CHANNEL_WORDS: Record<string, string> = {
  api: 'by API',
  web: 'keyed in the web client',
};

/** "with 30 % of orders keyed in the web client and 70 % by API: 5 workers (…)". */
export function mixSizing(
  perWorker: Record<string, number>,
  shares: Record<string, number>,
  peak: Peak,
  workers: number,
): { sentence: string; workersNeeded?: number; perWorker: number } {
  const mixed = mixedPerWorker(perWorker, shares);
  // The web client first: it is what the sentence is about ("with 30 % of orders keyed …").
  const mix = Object.entries(shares)
    .filter(([, share]) => share > 0)
    .sort(([a], [b]) => (a === 'web' ? -1 : b === 'web' ? 1 : 0))
    .map(
      ([channel, share], i) =>
        `${Math.round(share * 100)} %${i === 0 ? ` of ${peak.unit}` : ''} ${CHANNEL_WORDS[channel] ?? `by ${channel}`}`,
    )
    .join(' and ');
  const goal = `to hold ${peak.profile}'s peak of ${rateOf(peak.perSecond, peak)} at p95 < ${whole(peak.sloMs)} ms with 30 % headroom, with ${mix}`;
  const each = Object.entries(perWorker)
    .map(([channel, capacity]) => `${CHANNEL_WORDS[channel] ?? channel} ${rateOf(capacity, peak)}`)
    .join(', ');
  if (mixed === 0)
    return {
      sentence: `${goal}: no worker count will do — a channel held nothing within the SLO (per worker: ${each})`,
      perWorker: 0,
    };
  const workersNeeded = Math.ceil(peak.perSecond / (mixed * TARGET_UTILISATION));
  return {
    sentence: `${goal}: ${workersNeeded} worker${workersNeeded === 1 ? '' : 's'} (per worker: ${each}; the mix ${rateOf(mixed, peak)}${workers > 0 ? `; measured on ${workers} worker${workers === 1 ? '' : 's'}` : ''})`,
    workersNeeded,
    perWorker: mixed,
  };
}
