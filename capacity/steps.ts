/**
 * A capacity sweep's steps: the k6 scenarios that raise the load one step at a time (each with a
 * warm-up that is not measured), and what each step measured, read back from k6's samples.
 */
import { quantile } from 'simple-statistics';
import {
  K6_METRICS,
  K6_SCENARIOS,
  type K6ScenarioName,
  METRICS,
  OUTCOMES,
  TAGS,
} from '../contract/index.ts';
import { readSamples } from '../judge/results/k6-samples.ts';

export type LoadModel = 'closed' | 'open';

export interface StepPlan {
  /** k6 scenario name of the step (step_01, …). */
  name: string;
  /** Closed model: virtual users working back to back. Open model: arrivals per second. */
  load: number;
  startSeconds: number;
}

export interface StepTiming {
  warmupSeconds: number;
  measureSeconds: number;
}

export interface StepResult {
  load: number;
  /** Business units done per second in the measured window. */
  throughput: number;
  /** Odoo calls per second. */
  requestsPerSecond: number;
  /** Latency of the workload's business step, ms. */
  p50: number;
  p95: number;
  p99: number;
  /** Units done, failed and in doubt in the window. */
  done: number;
  failed: number;
  /** Failed Odoo calls by error kind. */
  errors: Record<string, number>;
  errorRate: number;
  /** Work in progress by Little's law: iterations/s × mean iteration time. */
  inFlight: number;
  /** Closed model: inFlight ÷ VUs (≈ 1 when the step measured what it ran). */
  littleRatio?: number;
  droppedIterations: number;
  /** p95 within the SLO and errors within the budget. */
  withinSlo: boolean;
  /** The measured window, epoch ms (warm-up excluded). */
  window: { from: number; to: number };
  /** Where the server's time went in the window, from Odoo's log (when one was read). */
  server?: StepServerTime;
  /** What browser users waited for in the window (capacity peak-day with browserUsers), by UI step. */
  ui?: Record<string, { count: number; p95: number }>;
}

/** One step's server time from Odoo's own log: SQL against Python, and retries nobody saw. */
export interface StepServerTime {
  requests: number;
  sqlSeconds: number;
  pythonSeconds: number;
  /** Workers busy on average in the window (requests that began before it count from its start). */
  busyWorkers: number;
  /** SQL's share of the server time (0–1). */
  sqlShare: number;
  /** Retries Odoo made on its own in the window. */
  retries: number;
  /** The three calls that took most server time, with their SQL share. */
  topCalls: { call: string; requests: number; meanMs: number; sqlShare: number }[];
}

export const stepName = (index: number) => `step_${String(index + 1).padStart(2, '0')}`;

/** k6 scenarios for the steps, back to back; in-flight iterations are cut at each step's end. */
export function stepScenarios(
  scenario: K6ScenarioName,
  model: LoadModel,
  loads: number[],
  timing: StepTiming,
  /** Business step time at low load, to pre-allocate VUs for arrivals (Little's law). */
  expectedSeconds: number,
): { steps: StepPlan[]; scenarios: Record<string, Record<string, unknown>> } {
  const stepSeconds = timing.warmupSeconds + timing.measureSeconds;
  const spec = K6_SCENARIOS[scenario];
  const steps = loads.map((load, index) => ({
    name: stepName(index),
    load,
    startSeconds: index * stepSeconds,
  }));
  const scenarios = Object.fromEntries(
    steps.map((step) => {
      const common = {
        exec: spec.exec,
        startTime: `${step.startSeconds}s`,
        duration: `${stepSeconds}s`,
        gracefulStop: '0s',
        tags: { [TAGS.workload]: spec.workloadTag, [TAGS.channel]: spec.channel },
      };
      return [
        step.name,
        model === 'closed'
          ? { executor: 'constant-vus', vus: step.load, ...common }
          : {
              executor: 'constant-arrival-rate',
              // Rates below 1/s are expressed per minute, so k6 gets an integer.
              rate: Math.max(1, Math.round(step.load * 60)),
              timeUnit: '1m',
              preAllocatedVUs: Math.max(1, Math.ceil(step.load * expectedSeconds * 1.5)),
              maxVUs: Math.max(4, Math.ceil(step.load * expectedSeconds * 6)),
              ...common,
            },
      ];
    }),
  );
  return { steps, scenarios };
}

interface StepSamples {
  start: number;
  iterationEnds: number[];
  iterationMs: number[];
  stepMs: number[];
  done: number;
  failed: number;
  calls: number;
  failedCalls: number;
  errors: Record<string, number>;
  dropped: number;
}

const emptyStep = (): StepSamples => ({
  start: Number.POSITIVE_INFINITY,
  iterationEnds: [],
  iterationMs: [],
  stepMs: [],
  done: 0,
  failed: 0,
  calls: 0,
  failedCalls: 0,
  errors: {},
  dropped: 0,
});

interface RawSample {
  name: string;
  metric: string;
  time: number;
  value: number;
  kind?: string;
}

/**
 * One pass over the samples: the steps' own metrics (kept until every step's start is known), each
 * step's earliest iteration start, and the browser users' step times.
 */
async function readStepSamples(
  samplesFile: string,
  stepMetric: string,
  of: (name: string) => StepSamples,
): Promise<{ raw: RawSample[]; ui: UiSample[] }> {
  const kept = new Set<string>([
    K6_METRICS.iterationDuration,
    stepMetric,
    METRICS.outcomes.name,
    // Odoo's calls and the failed ones (contract/metrics.ts: odoo_rpc_failed is folded from these).
    K6_METRICS.httpReqs,
    METRICS.rpcErrors.name,
    K6_METRICS.droppedIterations,
  ]);
  const raw: RawSample[] = [];
  const ui: UiSample[] = [];
  for await (const sample of readSamples(samplesFile)) {
    if (sample.metric === METRICS.uiStepDuration.name)
      ui.push({ step: sample.tags[TAGS.step] ?? '', time: sample.time, value: sample.value });
    const name = sample.tags[TAGS.scenario];
    if (!name?.startsWith('step_')) continue;
    if (sample.metric === K6_METRICS.iterationDuration) {
      const entry = of(name);
      entry.start = Math.min(entry.start, sample.time - sample.value);
    }
    const call = sample.metric !== K6_METRICS.httpReqs || sample.tags[TAGS.call] !== undefined;
    if (kept.has(sample.metric) && call)
      raw.push({
        name,
        metric: sample.metric,
        time: sample.time,
        value: sample.value,
        kind:
          sample.metric === METRICS.outcomes.name
            ? sample.tags[TAGS.outcome]
            : sample.tags[TAGS.errorKind],
      });
  }
  return { raw, ui };
}

/**
 * Units done per second in a step. A closed step's users start together and stay in step, so
 * counting the units that ended in a window of a few seconds is off by up to one unit per user
 * (+9 % at 12 users was seen): by Little's law, N users with nothing between iterations complete
 * N ÷ the mean iteration time, which every iteration in the window measures. An open step's
 * arrivals are spaced by k6, so its count is its rate.
 */
function throughputOf(
  step: StepPlan,
  entry: StepSamples,
  meanIterationSeconds: number,
  seconds: number,
  model: LoadModel,
): number {
  if (model === 'open' || entry.iterationEnds.length === 0 || meanIterationSeconds <= 0)
    return entry.done / seconds;
  const unitsPerIteration = entry.done / entry.iterationEnds.length;
  return (step.load / meanIterationSeconds) * unitsPerIteration;
}

/** A step's figures from what its window held. */
function stepResultOf(
  step: StepPlan,
  entry: StepSamples,
  ui: UiSample[],
  timing: StepTiming,
  slo: { latencyMs: number; maxErrorRate: number },
  model: LoadModel,
): StepResult {
  const seconds = timing.measureSeconds;
  const iterationsPerSecond = entry.iterationEnds.length / seconds;
  const meanIterationSeconds =
    entry.iterationMs.reduce((sum, value) => sum + value, 0) /
    Math.max(1, entry.iterationMs.length) /
    1000;
  const inFlight = iterationsPerSecond * meanIterationSeconds;
  const sorted = entry.stepMs;
  const pick = (p: number) => (sorted.length ? quantile(sorted, p) : Number.NaN);
  const errorRate = entry.calls ? entry.failedCalls / entry.calls : 0;
  const p95 = pick(0.95);
  return {
    load: step.load,
    throughput: throughputOf(step, entry, meanIterationSeconds, seconds, model),
    requestsPerSecond: entry.calls / seconds,
    p50: pick(0.5),
    p95,
    p99: pick(0.99),
    done: entry.done,
    failed: entry.failed,
    errors: entry.errors,
    errorRate,
    inFlight,
    ...(model === 'closed' ? { littleRatio: inFlight / step.load } : {}),
    droppedIterations: entry.dropped,
    withinSlo: entry.done > 0 && p95 < slo.latencyMs && errorRate <= slo.maxErrorRate,
    window: windowOf(entry, timing),
    ...(ui.length ? { ui: uiStepsIn(ui, windowOf(entry, timing)) } : {}),
  };
}

/** Reads one sweep's samples and measures every step in its window (warm-up excluded). */
export async function measureSteps(
  samplesFile: string,
  scenario: K6ScenarioName,
  steps: StepPlan[],
  timing: StepTiming,
  slo: { latencyMs: number; maxErrorRate: number },
  model: LoadModel,
): Promise<StepResult[]> {
  const stepMetric = METRICS[K6_SCENARIOS[scenario].step].name;
  // A step starts at its earliest iteration start; its window is known only once every sample is
  // read, so the few metrics a step needs are kept and judged after the pass.
  const collected = new Map<string, StepSamples>();
  const of = (name: string): StepSamples => {
    const entry = collected.get(name) ?? emptyStep();
    collected.set(name, entry);
    return entry;
  };
  const { raw, ui } = await readStepSamples(samplesFile, stepMetric, of);
  for (const sample of raw) note(of(sample.name), sample, timing, stepMetric);
  return steps.map((step) => stepResultOf(step, of(step.name), ui, timing, slo, model));
}

interface UiSample {
  step: string;
  time: number;
  value: number;
}

/** Browser users' steps that ended inside a load step's window: each one's count and p95. */
function uiStepsIn(
  samples: UiSample[],
  window: { from: number; to: number },
): Record<string, { count: number; p95: number }> {
  const byStep = new Map<string, number[]>();
  for (const sample of samples) {
    if (sample.time < window.from || sample.time > window.to) continue;
    const values = byStep.get(sample.step) ?? [];
    byStep.set(sample.step, values);
    values.push(sample.value);
  }
  return Object.fromEntries(
    [...byStep].map(([step, values]) => [
      step,
      { count: values.length, p95: quantile(values, 0.95) },
    ]),
  );
}

function windowOf(entry: StepSamples, timing: StepTiming): { from: number; to: number } {
  const from = entry.start + timing.warmupSeconds * 1000;
  return { from, to: from + timing.measureSeconds * 1000 };
}

function note(
  entry: StepSamples,
  sample: { metric: string; time: number; value: number; kind?: string },
  timing: StepTiming,
  stepMetric: string,
): void {
  const { from, to } = windowOf(entry, timing);
  if (sample.time < from || sample.time > to) return;
  switch (sample.metric) {
    case K6_METRICS.iterationDuration:
      entry.iterationEnds.push(sample.time);
      entry.iterationMs.push(sample.value);
      break;
    case stepMetric:
      entry.stepMs.push(sample.value);
      break;
    case METRICS.outcomes.name:
      if (sample.kind === OUTCOMES.done) entry.done += sample.value;
      else entry.failed += sample.value;
      break;
    case K6_METRICS.httpReqs:
      entry.calls += sample.value;
      break;
    case METRICS.rpcErrors.name: {
      entry.failedCalls += sample.value;
      const kind = sample.kind ?? 'unknown';
      entry.errors[kind] = (entry.errors[kind] ?? 0) + sample.value;
      break;
    }
    case K6_METRICS.droppedIterations:
      entry.dropped += sample.value;
      break;
  }
}
