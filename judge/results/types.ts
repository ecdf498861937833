/**
 * `results.json`: what a run's samples came to, recomputed from every sample of every k6 instance
 * in one pass. The verdict, the report, compare, capacity and the gate read this, not k6's own
 * per-instance summary.
 */
import type { ThresholdOutcome } from './thresholds.ts';

export interface TrendSummary {
  count: number;
  avg: number;
  min: number;
  med: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface MetricSummary {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  /** Counters: the sum; rates: samples; trends: samples; gauges: samples. */
  count: number;
  /** Counters: per second over the run; rates: the share of non-zero samples. */
  rate?: number;
  passes?: number;
  trend?: TrendSummary;
  /** Gauges: the highest value seen. */
  max?: number;
}

/** One combination of the suite's bounded tags and what the metric came to for it. */
export interface CounterRow {
  tags: Record<string, string>;
  value: number;
}

export interface RateRow {
  tags: Record<string, string>;
  passes: number;
  fails: number;
}

export interface TrendRow {
  tags: Record<string, string>;
  summary: TrendSummary;
  /** The HdrHistogram, encoded, so results can be merged or compared later. */
  histogram: string;
}

export interface Series {
  /** Epoch ms of the first bucket; every bucket is `bucketSeconds` long. */
  start: number;
  bucketSeconds: number;
  /** Seconds since `start`, one per bucket. */
  seconds: number[];
  requestsPerSecond: number[];
  latency: { p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] };
  /** Failed Odoo calls per bucket, by error kind. */
  errorsByKind: Record<string, number[]>;
  vus: number[];
  iterations: number[];
  droppedIterations: number[];
  /** Business counts per bucket: units done per k6 scenario (outcomes metric, `:<scenario>`), scans, import rows. */
  business: Record<string, number[]>;
  /** Browser users' step p95 (ms) per bucket, by step; null where the step was not taken. */
  uiSteps?: Record<string, (number | null)[]>;
}

/** Latency distribution of one business step over fixed edges (ms). */
export interface Distribution {
  edges: number[];
  counts: number[];
}

/** When the target answered, and when it stopped. */
export interface Timeline {
  firstSample?: number;
  lastSample?: number;
  /** Last HTTP request that got an answer (any status counts: the server was there). */
  lastAnswer?: number;
  firstTransportError?: number;
  transportErrors: number;
  /** Requests answered after the first one that got none: 0 means the target never came back. */
  answersAfterFirstTransportError: number;
  /** Iterations completed before the first transport error. */
  iterationsBeforeFirstTransportError: number;
  /**
   * The longest run of whole seconds with no answer between two answered ones (epoch ms of its
   * start), with how many seconds had answers at all, to tell a hang from a quiet workload.
   */
  longestSilence?: { from: number; seconds: number; answeredSeconds: number };
}

export interface RunResults {
  schema: 1;
  /** The k6 result files merged, one per instance. */
  sources: string[];
  window: { start: number; end: number; seconds: number };
  metrics: Record<string, MetricSummary>;
  counters: Record<string, CounterRow[]>;
  rates: Record<string, RateRow[]>;
  trends: Record<string, TrendRow[]>;
  distributions: Record<string, Distribution>;
  thresholds: ThresholdOutcome[];
  series: Series;
  timeline: Timeline;
}
