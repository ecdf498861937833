/**
 * Folds every sample of a run (one k6 JSON file per instance) into RunResults in one streaming
 * pass: memory grows with the bounded tag combinations and the time buckets (at most MAX_BUCKETS,
 * widened as the run grows), not with the samples. Only the trends that thresholds judge keep
 * their exact values, so percentiles there are k6's own; everything else is a histogram.
 */
import { basename } from 'node:path';
import { K6_METRICS, METRICS, OUTCOMES, TAGS } from '../../contract/index.ts';
import { LatencyHistogram } from './histogram.ts';
import { readSamples, type Sample } from './k6-samples.ts';
import {
  evaluateThreshold,
  matchesSelector,
  parseSelector,
  type SelectedData,
  type Selector,
} from './thresholds.ts';
import type {
  CounterRow,
  RateRow,
  RunResults,
  Series,
  Timeline,
  TrendRow,
  TrendSummary,
} from './types.ts';

/** Tags that are bounded by design (contract/metrics.ts) and worth a breakdown. */
const KEPT_TAGS = new Set<string>([
  TAGS.model,
  TAGS.method,
  TAGS.call,
  TAGS.errorKind,
  TAGS.errorName,
  TAGS.workload,
  TAGS.outcome,
  TAGS.report,
  TAGS.journal,
  TAGS.wizard,
  TAGS.reason,
  TAGS.company,
  TAGS.scenario,
  TAGS.role,
  TAGS.phase,
  TAGS.channel,
  TAGS.step,
]);

/** Trends kept per tag combination (the suite's own, by business step or Odoo method). */
const DETAILED_TRENDS = new Set<string>(
  Object.values(METRICS)
    .filter((spec) => spec.kind === 'trend')
    .map((spec) => spec.name),
);

/** The suite's metrics that k6 does not send twice: each is http_req_duration of its tagged requests. */
const FOLDED_FROM_HTTP = Object.values(METRICS).flatMap((spec) =>
  'foldedFromHttpByTag' in spec && spec.foldedFromHttpByTag
    ? [{ name: spec.name, tag: spec.foldedFromHttpByTag }]
    : [],
);

/** The rate k6 does not send (one sample a call was too dear): its calls and failures, folded here. */
const FOLDED_CALLS = Object.values(METRICS).flatMap((spec) =>
  'foldedFromCallsByTag' in spec && spec.foldedFromCallsByTag
    ? [{ name: spec.name, tag: spec.foldedFromCallsByTag }]
    : [],
)[0]!;

/** Business counters drawn over time; business outcomes are drawn per k6 scenario (done only). */
const BUSINESS_SERIES = new Set<string>([METRICS.scans.name, METRICS.importRows.name]);

/** Series key of a business sample, or undefined when it is not drawn. */
function businessKey(metric: string, tags: Record<string, string>): string | undefined {
  if (metric === METRICS.outcomes.name) {
    return tags[TAGS.outcome] === OUTCOMES.done
      ? `${metric}:${tags[TAGS.scenario] ?? '?'}`
      : undefined;
  }
  return BUSINESS_SERIES.has(metric) ? metric : undefined;
}

const DISTRIBUTION_EDGES = [0, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
const MAX_BUCKETS = 600;

function keyOf(tags: Record<string, string>): string {
  const kept = Object.keys(tags)
    .filter((name) => KEPT_TAGS.has(name))
    .sort();
  return JSON.stringify(kept.map((name) => [name, tags[name]]));
}

const ALL_CALLS = keyOf({});

const bump = (counts: Map<number, number>, key: number, by: number) =>
  counts.set(key, (counts.get(key) ?? 0) + by);

const tagsOf = (key: string): Record<string, string> =>
  Object.fromEntries(JSON.parse(key) as [string, string][]);

/** A Float64Array that grows, for the exact values of a thresholded trend. */
class Values {
  private data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

interface Bucket {
  requests: number;
  latency: LatencyHistogram;
  errors: Map<string, number>;
  vus: number;
  iterations: number;
  dropped: number;
  business: Map<string, number>;
  /** Browser users' step timings, by step. */
  uiSteps: Map<string, LatencyHistogram>;
}

interface SelectorState {
  text: string;
  selector: Selector;
  type?: Sample['type'];
  count: number;
  sum: number;
  passes: number;
  last?: number;
  values: Values;
}

const summarize = (histogram: LatencyHistogram, sum: number, min: number): TrendSummary => ({
  count: histogram.count,
  avg: histogram.count ? sum / histogram.count : 0,
  min: histogram.count ? min : 0,
  med: histogram.percentile(50) ?? 0,
  p90: histogram.percentile(90) ?? 0,
  p95: histogram.percentile(95) ?? 0,
  p99: histogram.percentile(99) ?? 0,
  max: histogram.max ?? 0,
});

interface TrendState {
  histogram: LatencyHistogram;
  sum: number;
  min: number;
}

const newTrend = (): TrendState => ({
  histogram: new LatencyHistogram(),
  sum: 0,
  min: Number.POSITIVE_INFINITY,
});

export class ResultsAggregator {
  private readonly types = new Map<string, Sample['type']>();
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly rates = new Map<string, Map<string, { passes: number; fails: number }>>();
  private readonly trends = new Map<string, Map<string, TrendState>>();
  private readonly overallTrends = new Map<string, TrendState>();
  private readonly gauges = new Map<string, { count: number; max: number; last: number }>();
  private readonly distributions = new Map<string, number[]>();
  private readonly buckets = new Map<number, Bucket>();
  private readonly selectors: SelectorState[];
  /** Iterations and answered calls per second of the run, for the timeline (bounded by its length). */
  private readonly iterationsPerSecond = new Map<number, number>();
  private readonly answersPerSecond = new Map<number, number>();
  /** When the earliest request answered in each second was sent (k6 stamps a request's samples at its end). */
  private readonly earliestSentPerSecond = new Map<number, number>();
  private bucketSeconds = 1;
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;
  private readonly timeline = {
    lastAnswer: undefined as number | undefined,
    firstTransportError: undefined as number | undefined,
    transportErrors: 0,
  };
  readonly sources: string[] = [];

  /** `thresholds`: the compiled k6 thresholds, `selector → rules`, to judge on merged samples. */
  constructor(private readonly thresholds: Record<string, unknown[]> = {}) {
    this.selectors = Object.keys(thresholds).map((text) => ({
      text,
      selector: parseSelector(text),
      count: 0,
      sum: 0,
      passes: 0,
      values: new Values(),
    }));
  }

  /** Adds every sample of one k6 results file. */
  async addFile(file: string): Promise<void> {
    this.sources.push(basename(file));
    for await (const sample of readSamples(file)) this.add(sample);
  }

  add(sample: Sample): void {
    const { metric, type, time, value, tags } = sample;
    // Sent by k6 before it was folded (an older run): the fold below counts these calls already.
    if (metric === FOLDED_CALLS.name) return;
    this.types.set(metric, type);
    this.start = Math.min(this.start, time);
    this.end = Math.max(this.end, time);
    const key = keyOf(tags);
    const bucket = this.bucket(time);
    if (type === 'counter') {
      const rows = this.counters.get(metric) ?? new Map<string, number>();
      this.counters.set(metric, rows);
      rows.set(key, (rows.get(key) ?? 0) + value);
      if (metric === K6_METRICS.httpReqs) {
        bucket.requests += value;
        this.noteRequest(time, tags.status);
      } else if (metric === K6_METRICS.iterations) {
        bucket.iterations += value;
        bump(this.iterationsPerSecond, Math.floor(time / 1000), value);
      } else if (metric === K6_METRICS.droppedIterations) bucket.dropped += value;
      const business = businessKey(metric, tags);
      if (business) bucket.business.set(business, (bucket.business.get(business) ?? 0) + value);
    } else if (type === 'rate') {
      const rows = this.rates.get(metric) ?? new Map<string, { passes: number; fails: number }>();
      this.rates.set(metric, rows);
      const row = rows.get(key) ?? { passes: 0, fails: 0 };
      rows.set(key, row);
      if (value !== 0) row.passes++;
      else row.fails++;
    } else if (type === 'gauge') {
      const gauge = this.gauges.get(metric) ?? { count: 0, max: Number.NEGATIVE_INFINITY, last: 0 };
      this.gauges.set(metric, gauge);
      gauge.count++;
      gauge.max = Math.max(gauge.max, value);
      gauge.last = value;
      if (metric === K6_METRICS.vus) bucket.vus = Math.max(bucket.vus, value);
    } else {
      this.addTrend(metric, key, value, bucket);
      if (metric === METRICS.uiStepDuration.name) {
        const step = tags[TAGS.step] ?? '';
        const histogram = bucket.uiSteps.get(step) ?? new LatencyHistogram();
        bucket.uiSteps.set(step, histogram);
        histogram.record(value);
      }
      if (metric === K6_METRICS.httpReqDuration && tags.status !== '0') {
        const second = Math.floor(time / 1000);
        const sent = time - value;
        this.earliestSentPerSecond.set(
          second,
          Math.min(this.earliestSentPerSecond.get(second) ?? sent, sent),
        );
      }
    }
    for (const state of this.selectors) {
      if (state.selector.metric !== metric || !matchesSelector(state.selector, tags)) continue;
      state.type = type;
      state.count++;
      state.sum += value;
      state.last = value;
      if (type === 'rate' && value !== 0) state.passes++;
      if (type === 'trend') state.values.push(value);
    }
    if (metric === K6_METRICS.httpReqs && tags[FOLDED_CALLS.tag] !== undefined)
      this.foldCalls(tags, value, 0, bucket);
    else if (metric === METRICS.rpcErrors.name) this.foldCalls(tags, 0, value, bucket);
    if (metric !== K6_METRICS.httpReqDuration) return;
    const folded = FOLDED_FROM_HTTP.find((spec) => tags[spec.tag] !== undefined);
    if (folded) this.add({ ...sample, metric: folded.name });
  }

  private addTrend(metric: string, key: string, value: number, bucket: Bucket): void {
    const overall = this.overallTrends.get(metric) ?? newTrend();
    this.overallTrends.set(metric, overall);
    overall.histogram.record(value);
    overall.sum += value;
    overall.min = Math.min(overall.min, value);
    if (metric === METRICS.rpcDuration.name) bucket.latency.record(value);
    if (!DETAILED_TRENDS.has(metric)) return;
    const rows = this.trends.get(metric) ?? new Map<string, TrendState>();
    this.trends.set(metric, rows);
    const row = rows.get(key) ?? newTrend();
    rows.set(key, row);
    row.histogram.record(value);
    row.sum += value;
    row.min = Math.min(row.min, value);
    const counts =
      this.distributions.get(metric) ?? new Array<number>(DISTRIBUTION_EDGES.length).fill(0);
    this.distributions.set(metric, counts);
    let edge = DISTRIBUTION_EDGES.length - 1;
    while (edge > 0 && value < DISTRIBUTION_EDGES[edge]!) edge--;
    counts[edge]! += 1;
  }

  /**
   * Odoo calls into the folded rate: `calls` from k6's http_reqs of a tagged request, `failed` from
   * odoo_rpc_errors, whose call was counted by its request. One row: nothing reads it by call.
   */
  private foldCalls(
    tags: Record<string, string>,
    calls: number,
    failed: number,
    bucket: Bucket,
  ): void {
    const metric = FOLDED_CALLS.name;
    this.types.set(metric, 'rate');
    const rows = this.rates.get(metric) ?? new Map<string, { passes: number; fails: number }>();
    this.rates.set(metric, rows);
    const row = rows.get(ALL_CALLS) ?? { passes: 0, fails: 0 };
    rows.set(ALL_CALLS, row);
    row.passes += failed;
    row.fails += calls - failed;
    for (const state of this.selectors) {
      if (state.selector.metric !== metric || !matchesSelector(state.selector, tags)) continue;
      state.type = 'rate';
      state.count += calls;
      state.passes += failed;
    }
    if (!failed) return;
    const kind = tags[TAGS.errorKind] ?? 'unknown';
    bucket.errors.set(kind, (bucket.errors.get(kind) ?? 0) + failed);
  }

  /**
   * Every HTTP request: any status is an answer (the server was there, even one answering 404 or
   * 500); k6's status 0 is none (refused, reset, timed out).
   */
  private noteRequest(time: number, status: string | undefined): void {
    if (status === '0') {
      this.timeline.transportErrors++;
      this.timeline.firstTransportError = Math.min(this.timeline.firstTransportError ?? time, time);
    } else {
      this.timeline.lastAnswer = Math.max(this.timeline.lastAnswer ?? time, time);
      bump(this.answersPerSecond, Math.floor(time / 1000), 1);
    }
  }

  private bucket(time: number): Bucket {
    const second = Math.floor(time / 1000);
    const start = second - (second % this.bucketSeconds);
    let bucket = this.buckets.get(start);
    if (!bucket) {
      bucket = {
        requests: 0,
        latency: new LatencyHistogram(),
        errors: new Map(),
        vus: 0,
        iterations: 0,
        dropped: 0,
        business: new Map(),
        uiSteps: new Map(),
      };
      this.buckets.set(start, bucket);
      if (this.buckets.size > MAX_BUCKETS) {
        this.widen();
        return this.bucket(time);
      }
    }
    return bucket;
  }

  /** Doubles the bucket width, merging neighbours, so a long run keeps a bounded series. */
  private widen(): void {
    this.bucketSeconds *= 2;
    const old = [...this.buckets.entries()];
    this.buckets.clear();
    for (const [start, bucket] of old) {
      const merged = start - (start % this.bucketSeconds);
      const target = this.buckets.get(merged);
      if (!target) {
        this.buckets.set(merged, bucket);
        continue;
      }
      target.requests += bucket.requests;
      target.latency.add(bucket.latency);
      for (const [kind, count] of bucket.errors)
        target.errors.set(kind, (target.errors.get(kind) ?? 0) + count);
      target.vus = Math.max(target.vus, bucket.vus);
      target.iterations += bucket.iterations;
      target.dropped += bucket.dropped;
      for (const [name, count] of bucket.business)
        target.business.set(name, (target.business.get(name) ?? 0) + count);
      for (const [step, histogram] of bucket.uiSteps) {
        const merged = target.uiSteps.get(step);
        if (merged) merged.add(histogram);
        else target.uiSteps.set(step, histogram);
      }
    }
  }

  /** Each metric over the whole run: counts, rates, gauges and trend summaries. */
  private metricSummaries(seconds: number): RunResults['metrics'] {
    const metrics: RunResults['metrics'] = {};
    for (const [metric, rows] of this.counters) {
      const count = [...rows.values()].reduce((sum, value) => sum + value, 0);
      metrics[metric] = { type: 'counter', count, rate: seconds ? count / seconds : 0 };
    }
    for (const [metric, rows] of this.rates) {
      const passes = [...rows.values()].reduce((sum, row) => sum + row.passes, 0);
      const count = [...rows.values()].reduce((sum, row) => sum + row.passes + row.fails, 0);
      metrics[metric] = { type: 'rate', count, passes, rate: count ? passes / count : 0 };
    }
    for (const [metric, gauge] of this.gauges)
      metrics[metric] = { type: 'gauge', count: gauge.count, max: gauge.max };
    for (const [metric, trend] of this.overallTrends) {
      metrics[metric] = {
        type: 'trend',
        count: trend.histogram.count,
        trend: summarize(trend.histogram, trend.sum, trend.min),
      };
    }
    return metrics;
  }

  /** Every threshold k6 was given, judged on the merged samples of all instances. */
  private judgedThresholds(seconds: number) {
    return Object.entries(this.thresholds).flatMap(([text, rules]) => {
      const state = this.selectors.find((candidate) => candidate.text === text)!;
      const data: SelectedData | undefined = state.type
        ? {
            type: state.type,
            count: state.count,
            sum: state.sum,
            passes: state.passes,
            last: state.last,
            values: state.type === 'trend' ? state.values.sorted() : undefined,
            seconds,
          }
        : undefined;
      return rules.map((rule) =>
        evaluateThreshold(
          text,
          typeof rule === 'string' ? rule : String((rule as { threshold: string }).threshold),
          data,
        ),
      );
    });
  }

  results(): RunResults {
    const seconds = Number.isFinite(this.start)
      ? Math.max(0.001, (this.end - this.start) / 1000)
      : 0;
    const metrics = this.metricSummaries(seconds);
    const counters: Record<string, CounterRow[]> = {};
    for (const [metric, rows] of this.counters)
      counters[metric] = [...rows].map(([key, value]) => ({ tags: tagsOf(key), value }));
    const rates: Record<string, RateRow[]> = {};
    for (const [metric, rows] of this.rates)
      rates[metric] = [...rows].map(([key, row]) => ({ tags: tagsOf(key), ...row }));
    const trends: Record<string, TrendRow[]> = {};
    for (const [metric, rows] of this.trends) {
      trends[metric] = [...rows].map(([key, row]) => ({
        tags: tagsOf(key),
        summary: summarize(row.histogram, row.sum, row.min),
        histogram: row.histogram.encode(),
      }));
    }
    const distributions = Object.fromEntries(
      [...this.distributions].map(([metric, counts]) => [
        metric,
        { edges: DISTRIBUTION_EDGES, counts },
      ]),
    );
    const thresholds = this.judgedThresholds(seconds);
    return {
      schema: 1,
      sources: this.sources,
      window: {
        start: Number.isFinite(this.start) ? this.start : 0,
        end: Number.isFinite(this.end) ? this.end : 0,
        seconds,
      },
      metrics,
      counters,
      rates,
      trends,
      distributions,
      thresholds,
      series: this.series(),
      timeline: this.timelineOf(),
    };
  }

  private series(): Series {
    const starts = [...this.buckets.keys()].sort((a, b) => a - b);
    const first = starts[0] ?? 0;
    const last = starts[starts.length - 1] ?? 0;
    const count = starts.length ? Math.floor((last - first) / this.bucketSeconds) + 1 : 0;
    const at = (i: number) => this.buckets.get(first + i * this.bucketSeconds);
    const each = <T>(pick: (bucket: Bucket | undefined) => T) =>
      Array.from({ length: count }, (_, i) => pick(at(i)));
    const kinds = new Set(starts.flatMap((start) => [...this.buckets.get(start)!.errors.keys()]));
    const business = new Set(
      starts.flatMap((start) => [...this.buckets.get(start)!.business.keys()]),
    );
    const uiSteps = new Set(
      starts.flatMap((start) => [...this.buckets.get(start)!.uiSteps.keys()]),
    );
    const round = (value: number | undefined) =>
      value === undefined ? null : Math.round(value * 100) / 100;
    return {
      start: first * 1000,
      bucketSeconds: this.bucketSeconds,
      seconds: each((_bucket) => 0).map((_, i) => i * this.bucketSeconds),
      requestsPerSecond: each(
        (bucket) => Math.round(((bucket?.requests ?? 0) / this.bucketSeconds) * 100) / 100,
      ),
      latency: {
        p50: each((bucket) => round(bucket?.latency.percentile(50))),
        p95: each((bucket) => round(bucket?.latency.percentile(95))),
        p99: each((bucket) => round(bucket?.latency.percentile(99))),
      },
      errorsByKind: Object.fromEntries(
        [...kinds].map((kind) => [kind, each((bucket) => bucket?.errors.get(kind) ?? 0)]),
      ),
      vus: each((bucket) => bucket?.vus ?? 0),
      iterations: each((bucket) => bucket?.iterations ?? 0),
      droppedIterations: each((bucket) => bucket?.dropped ?? 0),
      business: Object.fromEntries(
        [...business].map((name) => [name, each((bucket) => bucket?.business.get(name) ?? 0)]),
      ),
      ...(uiSteps.size > 0
        ? {
            uiSteps: Object.fromEntries(
              [...uiSteps].map((step) => [
                step,
                each((bucket) => round(bucket?.uiSteps.get(step)?.percentile(95))),
              ]),
            ),
          }
        : {}),
    };
  }

  private timelineOf(): RunResults['timeline'] {
    const first = this.timeline.firstTransportError;
    const firstSecond = first === undefined ? Number.POSITIVE_INFINITY : Math.floor(first / 1000);
    const sumWhere = (counts: Map<number, number>, keep: (second: number) => boolean) =>
      [...counts].reduce((sum, [second, count]) => (keep(second) ? sum + count : sum), 0);
    return {
      firstSample: Number.isFinite(this.start) ? this.start : undefined,
      lastSample: Number.isFinite(this.end) ? this.end : undefined,
      lastAnswer: this.timeline.lastAnswer,
      firstTransportError: first,
      transportErrors: this.timeline.transportErrors,
      answersAfterFirstTransportError: sumWhere(
        this.answersPerSecond,
        (second) => second > firstSecond,
      ),
      iterationsBeforeFirstTransportError: sumWhere(
        this.iterationsPerSecond,
        (second) => second < firstSecond,
      ),
      longestSilence: this.longestSilence(),
    };
  }

  /**
   * The longest stretch without any answer between two answered seconds while a request waited (a
   * hung target): a quiet stretch when nothing was asked (people pausing, a light rate) is not one.
   * A request waited if it was answered at or after the second answers resumed: a woken target
   * works through its backlog in its own order, so the oldest waiting request may come back later.
   */
  private longestSilence(): Timeline['longestSilence'] {
    const answered = [...this.answersPerSecond.keys()].sort((a, b) => a - b);
    const earliestSentFrom = new Array<number>(answered.length);
    let earliest = Number.POSITIVE_INFINITY;
    for (let i = answered.length - 1; i >= 0; i--) {
      earliest = Math.min(earliest, this.earliestSentPerSecond.get(answered[i]!) ?? earliest);
      earliestSentFrom[i] = earliest;
    }
    let longest: { from: number; seconds: number } | undefined;
    for (let i = 1; i < answered.length; i++) {
      const quietFrom = (answered[i - 1]! + 1) * 1000;
      const waitingFrom = Math.max(quietFrom, earliestSentFrom[i]!);
      const seconds = Math.floor((answered[i]! * 1000 - waitingFrom) / 1000);
      if (seconds > (longest?.seconds ?? 0)) longest = { from: waitingFrom, seconds };
    }
    return longest && { ...longest, answeredSeconds: answered.length };
  }
}

/** The results of every instance's file, merged into one. */
export async function aggregateRun(
  files: string[],
  thresholds: Record<string, unknown[]>,
): Promise<RunResults> {
  const aggregator = new ResultsAggregator(thresholds);
  for (const file of files) await aggregator.addFile(file);
  return aggregator.results();
}
