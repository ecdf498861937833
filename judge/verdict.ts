/**
 * The truthful verdict of a run, from its merged results: per workload, how many business units
 * were done, failed or left in doubt, and why the failures failed ("0 of 41 orders confirmed —
 * builtins.IndexError in sale.order.create ×41"). A workload over its error budget fails the run
 * whatever k6's thresholds say; a workload that had nothing to do is not applicable.
 */
import {
  ALL_UI_STEPS,
  K6_METRICS,
  K6_SCENARIOS,
  type K6ScenarioName,
  METRICS,
  OUTCOMES,
  TAGS,
} from '../contract/index.ts';
import type { ThresholdOutcome } from './results/thresholds.ts';
import type { RunResults } from './results/types.ts';

export type CriterionVerdict = 'pass' | 'fail' | 'not_applicable';

export interface WorkloadVerdict {
  scenario: K6ScenarioName;
  total: number;
  done: number;
  failed: number;
  inDoubt: number;
  /** The commonest failure: Odoo's error class (or transport) and the call that raised it. */
  topError?: { name: string; call: string; count: number };
  verdict: CriterionVerdict;
  sentence: string;
}

export interface RunVerdict {
  workloads: WorkloadVerdict[];
  /** The SLO thresholds (the always-true ones that only break errors down are left out). */
  thresholds: ThresholdOutcome[];
  businessFailed: boolean;
  /** No workload did anything: a run that proved nothing (k6 stopping first explains it better). */
  nothingAttempted: boolean;
  thresholdsFailed: boolean;
  /** Iterations k6 planned but could not start (every VU busy): load that never reached Odoo. */
  droppedIterations: number;
  /** The run in one sentence: the first failing workload, or what every workload did. */
  headline: string;
}

const count = (results: RunResults, scenario: string, outcome: string) =>
  (results.counters[METRICS.outcomes.name] ?? [])
    .filter((row) => row.tags[TAGS.scenario] === scenario && row.tags[TAGS.outcome] === outcome)
    .reduce((sum, row) => sum + row.value, 0);

function topErrorOf(results: RunResults, scenario: string): WorkloadVerdict['topError'] {
  const byCause = new Map<string, { name: string; call: string; count: number }>();
  for (const row of results.counters[METRICS.rpcErrors.name] ?? []) {
    if (row.tags[TAGS.scenario] !== scenario) continue;
    const name = row.tags[TAGS.errorName] ?? 'unknown';
    const call = `${row.tags[TAGS.model] ?? '?'}.${row.tags[TAGS.method] ?? '?'}`;
    const key = `${name} ${call}`;
    const entry = byCause.get(key) ?? { name, call, count: 0 };
    entry.count += row.value;
    byCause.set(key, entry);
  }
  return [...byCause.values()].sort((a, b) => b.count - a.count)[0];
}

function workloadVerdict(
  results: RunResults,
  scenario: K6ScenarioName,
  errorBudget: number,
): WorkloadVerdict {
  const spec = K6_SCENARIOS[scenario];
  const done = count(results, scenario, OUTCOMES.done);
  const failed = count(results, scenario, OUTCOMES.failed);
  const inDoubt = count(results, scenario, OUTCOMES.inDoubt);
  const total = done + failed + inDoubt;
  const topError = failed + inDoubt > 0 ? topErrorOf(results, scenario) : undefined;
  const verdict: CriterionVerdict =
    total === 0
      ? 'not_applicable'
      : done === 0 || (failed + inDoubt) / total > errorBudget
        ? 'fail'
        : 'pass';
  const doubt = inDoubt ? `, ${inDoubt} in doubt (no answer came back)` : '';
  const cause = topError ? ` — ${topError.name} in ${topError.call} ×${topError.count}` : '';
  const sentence =
    total === 0
      ? `${spec.unit}: none attempted`
      : `${done} of ${total} ${spec.unit} ${spec.done}${doubt}${verdict === 'fail' ? cause : ''}`;
  return { scenario, total, done, failed, inDoubt, topError, verdict, sentence };
}

/**
 * What browser users waited for, in one clause: each step's p95 (the worst role's where two roles take
 * it), in the order people take them, and the steps that failed.
 */
export function uiStepsClause(results: RunResults): string | undefined {
  const rows = results.trends[METRICS.uiStepDuration.name] ?? [];
  const failed = (results.rates[METRICS.uiStepFailed.name] ?? []).reduce(
    (sum, row) => ({ failed: sum.failed + row.passes, all: sum.all + row.passes + row.fails }),
    { failed: 0, all: 0 },
  );
  if (failed.all === 0) return undefined;
  const p95 = new Map<string, number>();
  for (const row of rows) {
    const step = row.tags[TAGS.step] ?? '';
    p95.set(step, Math.max(p95.get(step) ?? 0, row.summary.p95));
  }
  const steps = ALL_UI_STEPS.filter((step) => p95.has(step))
    .map((step) => `${step} ${(p95.get(step)! / 1000).toFixed(1)} s`)
    .join(', ');
  const failures = failed.failed ? `, ${failed.failed} of ${failed.all} steps failed` : '';
  return `browser users' p95: ${steps || 'no step done'}${failures}`;
}

/** The verdict of every k6 scenario the plan ran, given the profile's error budget (0–1). */
export function verdictOf(
  results: RunResults,
  scenarios: K6ScenarioName[],
  errorBudget: number,
): RunVerdict {
  const workloads = scenarios.map((scenario) => workloadVerdict(results, scenario, errorBudget));
  const thresholds = results.thresholds.filter((outcome) => outcome.rule.trim() !== 'count>=0');
  // A run that did nothing at all proved nothing: it fails, as one whose calls failed does.
  const nothingAttempted =
    workloads.length > 0 && workloads.every((w) => w.verdict === 'not_applicable');
  const businessFailed = workloads.some((workload) => workload.verdict === 'fail');
  const thresholdsFailed = thresholds.some((outcome) => outcome.verdict === 'fail');
  const failing = workloads.find((workload) => workload.verdict === 'fail');
  const droppedIterations = results.metrics[K6_METRICS.droppedIterations]?.count ?? 0;
  const done = failing
    ? failing.sentence
    : workloads
        .filter((workload) => workload.verdict !== 'not_applicable')
        .map((workload) => workload.sentence)
        .join('; ') || 'no business unit was attempted';
  const ui = uiStepsClause(results);
  const withUi = ui ? `${done}; ${ui}` : done;
  const headline = droppedIterations
    ? `${withUi} (${droppedIterations} planned iterations never started: every VU was busy)`
    : withUi;
  return {
    workloads,
    thresholds,
    businessFailed,
    nothingAttempted,
    thresholdsFailed,
    droppedIterations,
    headline,
  };
}
