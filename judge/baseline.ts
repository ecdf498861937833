/**
 * No regression against a baseline, judged on the two runs' samples: a one-sided Mann–Whitney U
 * test (is the candidate's business step slower?) with the Vargha–Delaney A effect size, so a
 * difference must be both unlikely by chance and large enough to matter, and a median at least 10 %
 * slower, so a shared machine's drift under calls of nearly constant cost is not one either.
 */
import { cumulativeStdNormalProbability, median, wilcoxonRankSum } from 'simple-statistics';
import { METRICS, TAGS } from '../contract/index.ts';
import type { RunFolder } from '../store/run-folder.ts';
import { readSamples } from './results/k6-samples.ts';

/** Significance level of the one-sided test. */
export const ALPHA = 0.01;
/**
 * Vargha–Delaney's "large" effect: the candidate slower in at least 71 % of pairs. Calls of nearly
 * constant cost make even a 3 % drift between identical runs on a shared machine "significant"; a
 * large effect is what a go-live gate should stop for.
 */
export const MIN_EFFECT = 0.71;
/**
 * The candidate's median at least this much slower. When every call costs nearly the same, a few
 * milliseconds of a busy load generator shift all samples at once: certain and "large" by A, yet
 * nothing a go-live gate should stop for.
 */
export const MIN_SLOWDOWN = 1.1;

export interface Comparison {
  metric: string;
  workload: string;
  baseline: { count: number; median: number };
  candidate: { count: number; median: number };
  /** P(candidate sample > baseline sample), ties counted half. */
  effect: number;
  /** One-sided p-value (normal approximation of U; the table it uses stops at 0.001). */
  pValue: number;
  regressed: boolean;
}

/** The business step timings (contract trends with a time unit) of a run, by metric and workload. */
export async function stepSamples(folder: RunFolder): Promise<Map<string, number[]>> {
  const timed = new Set(
    Object.values(METRICS)
      .filter(
        (spec) =>
          spec.kind === 'trend' &&
          'time' in spec &&
          spec.time &&
          spec.name !== METRICS.rpcDuration.name,
      )
      .map((spec) => spec.name),
  );
  const samples = new Map<string, number[]>();
  for (const file of folder.metricsFiles())
    for await (const sample of readSamples(file)) {
      if (!timed.has(sample.metric)) continue;
      const key = `${sample.metric}|${sample.tags[TAGS.workload] ?? ''}`;
      const values = samples.get(key) ?? [];
      if (values.length === 0) samples.set(key, values);
      values.push(sample.value);
    }
  return samples;
}

export function compareSamples(baseline: number[], candidate: number[]) {
  const n1 = candidate.length;
  const n2 = baseline.length;
  // Rank sum of the candidate among both; U counts pairs where the candidate is slower.
  const rankSum = wilcoxonRankSum(candidate, baseline);
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const sd = Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
  const z = sd > 0 ? (u - mean - 0.5) / sd : 0;
  const pValue = 1 - cumulativeStdNormalProbability(z);
  const effect = u / (n1 * n2);
  const slowdown = median(candidate) / median(baseline);
  return {
    effect,
    pValue,
    regressed: pValue < ALPHA && effect >= MIN_EFFECT && slowdown >= MIN_SLOWDOWN,
  };
}

export async function compareRuns(
  baseline: RunFolder,
  candidate: RunFolder,
): Promise<Comparison[]> {
  const before = await stepSamples(baseline);
  const after = await stepSamples(candidate);
  const comparisons: Comparison[] = [];
  for (const [key, values] of after) {
    const base = before.get(key);
    // Fewer than 8 samples a side say nothing a test can trust.
    if (!base || base.length < 8 || values.length < 8) continue;
    const [metric, workload] = key.split('|') as [string, string];
    comparisons.push({
      metric,
      workload,
      baseline: { count: base.length, median: median(base) },
      candidate: { count: values.length, median: median(values) },
      ...compareSamples(base, values),
    });
  }
  return comparisons.sort((a, b) => a.metric.localeCompare(b.metric));
}
