/**
 * Reads k6's JSON output (metrics.json.gz, one sample per line) and folds it into what the report
 * plots: per-bucket throughput, latency percentiles, errors by kind, VUs and business counts, and a
 * latency distribution per business step.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export interface RunSeries {
  /** Seconds since the first sample, one per bucket. */
  seconds: number[];
  bucketSeconds: number;
  requestsPerSecond: number[];
  latency: { p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] };
  /** Failed Odoo calls per bucket, by error kind. */
  errorsByKind: Record<string, number[]>;
  vus: number[];
  /** Business counts per bucket (orders confirmed, scans, postings, import rows, pickings validated). */
  business: Record<string, number[]>;
  /** Latency samples per business step, for the distribution chart. */
  distributions: Record<string, number[]>;
}

const BUSINESS = [
  'orders_confirmed',
  'scans',
  'pickings_validated',
  'postings',
  'import_rows',
  'invoices_posted',
];
const STEPS = [
  'order_confirm_duration',
  'scan_duration',
  'validate_duration',
  'reservation_duration',
  'posting_duration',
  'report_duration',
  'import_batch_duration',
];

interface Sample {
  type: string;
  metric: string;
  data: { time: string; value: number; tags?: Record<string, string> };
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Streams the samples file; memory stays proportional to buckets, not to samples (but for the step distributions). */
export async function readSeries(file: string): Promise<RunSeries | undefined> {
  if (!existsSync(file)) return undefined;
  const points: { t: number; metric: string; value: number; tags: Record<string, string> }[] = [];
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  try {
    for await (const line of lines) {
      if (!line.startsWith('{"metric"') && !line.includes('"type":"Point"')) continue;
      const sample = JSON.parse(line) as Sample;
      if (sample.type !== 'Point') continue;
      points.push({
        t: Date.parse(sample.data.time),
        metric: sample.metric,
        value: sample.data.value,
        tags: sample.data.tags ?? {},
      });
    }
  } catch {
    // A run stopped hard may leave a truncated gzip; plot what was read.
  }
  if (points.length === 0) return undefined;
  const start = Math.min(...points.map((point) => point.t));
  const end = Math.max(...points.map((point) => point.t));
  const bucketSeconds = Math.max(1, Math.ceil((end - start) / 1000 / 120));
  const buckets = Math.floor((end - start) / 1000 / bucketSeconds) + 1;
  const zeros = () => new Array<number>(buckets).fill(0);
  const latencies: number[][] = Array.from({ length: buckets }, () => []);
  const series: RunSeries = {
    seconds: Array.from({ length: buckets }, (_, i) => i * bucketSeconds),
    bucketSeconds,
    requestsPerSecond: zeros(),
    latency: { p50: [], p95: [], p99: [] },
    errorsByKind: {},
    vus: zeros(),
    business: Object.fromEntries(BUSINESS.map((name) => [name, zeros()])),
    distributions: Object.fromEntries(STEPS.map((name) => [name, [] as number[]])),
  };
  for (const point of points) {
    const bucket = Math.floor((point.t - start) / 1000 / bucketSeconds);
    if (point.metric === 'http_reqs')
      series.requestsPerSecond[bucket]! += point.value / bucketSeconds;
    else if (point.metric === 'odoo_rpc_duration') latencies[bucket]!.push(point.value);
    else if (point.metric === 'vus')
      series.vus[bucket] = Math.max(series.vus[bucket]!, point.value);
    else if (point.metric === 'odoo_rpc_failed' && point.value === 1) {
      const kind = point.tags.error_kind ?? 'unknown';
      series.errorsByKind[kind] ??= zeros();
      series.errorsByKind[kind]![bucket]! += 1;
    } else if (point.metric in series.business)
      series.business[point.metric]![bucket]! += point.value;
    else if (point.metric in series.distributions)
      series.distributions[point.metric]!.push(point.value);
  }
  for (const values of latencies) {
    values.sort((a, b) => a - b);
    series.latency.p50.push(percentile(values, 50));
    series.latency.p95.push(percentile(values, 95));
    series.latency.p99.push(percentile(values, 99));
  }
  series.requestsPerSecond = series.requestsPerSecond.map((value) => Math.round(value * 100) / 100);
  return series;
}

/** Histogram of latency samples on roughly logarithmic bins (ms), for the distribution chart. */
export function histogram(values: number[]): { labels: string[]; counts: number[] } {
  const edges = [0, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, Infinity];
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const value of values)
    counts[edges.findIndex((edge, i) => value >= edge && value < edges[i + 1]!)]! += 1;
  const label = (ms: number) => (ms === Infinity ? '∞' : ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`);
  return { labels: counts.map((_, i) => `${label(edges[i]!)}–${label(edges[i + 1]!)}`), counts };
}
