/**
 * What a report says about one run, read from its folder: the verdict sentence and status (the
 * exit code's), the key business figures, one row per criterion (workloads, SLO thresholds, audit
 * checks) with its evidence, how the run ended (timeline, steps not run), and the series to draw.
 */
import {
  describeDataset,
  EXIT,
  EXIT_MEANINGS,
  type ExitCode,
  type GeneratorHealth,
  isK6Scenario,
  K6_SCENARIOS,
  type K6ScenarioName,
  METRICS,
  type RunRecord,
} from '../contract/index.ts';
import type { AuditReport } from '../judge/audit/checks.ts';

import { parseSelector } from '../judge/results/thresholds.ts';

import type { Distribution, RunResults, Series } from '../judge/results/types.ts';
import { type RunVerdict, verdictOf } from '../judge/verdict.ts';

import { describePlacement } from '../planning/placement.ts';
import type { RunFolder } from '../store/run-folder.ts';
import { clock, count, duration, percent, throughput } from './format.ts';

export type Status = 'pass' | 'fail' | 'not_applicable';

export interface Criterion {
  /** `ui`: what browser users wait for (one criterion per step's SLO). */
  group: 'workload' | 'slo' | 'ui' | 'audit' | 'capacity' | 'baseline';
  status: Status;
  criterion: string;
  evidence: string;
}

export interface KeyFigure {
  label: string;
  value: string;
  detail?: string;
}

/** One run's data for charts and tables. */
export interface RunData {
  label: string;
  series?: Series;
  distributions: Record<string, Distribution>;
  results?: RunResults;
}

export interface RunPage {
  runId: string;
  title: string;
  subtitle: string;
  status: Status;
  headline: string;
  /** What the exit code means, when the run did not pass. */
  exitMeaning?: string;
  keyFigures: KeyFigure[];
  criteria: Criterion[];
  timeline: { at: string; what: string }[];
  skipped: { step: string; reason: string }[];
  notes: string[];
  data: RunData;
}

const STEP_LABEL: Record<K6ScenarioName, string> = {
  order_confirmation: 'order confirmation',
  order_entry_web: 'order keyed in the web client',
  barcode_scanning: 'scan round trip',
  delivery_validation_web: 'delivery validated in the web client',
  invoice_entry_web: 'invoice keyed in the web client',
  shift_start: 'shift start login',
  bulk_import: 'import batch',
  reservation_contention: 'contended confirmation',
  month_end_posting: 'posting',
  month_end_report: 'accounting report',
};

/** The browsers' part of a generator, beside k6's own: what a few real browsers cost it. */
function browsersShare(generator: GeneratorHealth): string {
  const browsers = generator.browsers;
  if (!browsers) return '';
  const cpu = browsers.cpuSeconds + generator.cpuSeconds;
  return `; its browsers (Chromium, up to ${browsers.peakProcesses} processes): ${browsers.cpuSeconds.toFixed(1)} CPU s (${percent(browsers.cpuSeconds / Math.max(cpu, 0.001))} of the generator's), ${browsers.peakCores.toFixed(2)} cores at their busiest, ${Math.round(browsers.peakRssMiB)} MiB at most`;
}

/** Metrics of browser users: their thresholds are UI criteria. */
const UI_METRICS = new Set<string>([METRICS.uiStepDuration.name, METRICS.uiStepFailed.name]);

/** A k6 threshold as a person reads it: the metric, its tags, "p95 < 2.00 s". */
function thresholdCriterion(selector: string, rule: string): string {
  const { metric, tags } = parseSelector(selector);
  const where = Object.values(tags).length ? ` (${Object.values(tags).join(', ')})` : '';
  const match = /^(p\((\d+(?:\.\d+)?)\)|rate|avg|med|max|min|count|value)\s*([<>=!]+)\s*(.+)$/.exec(
    rule,
  );
  if (!match) return `${metric}${where} ${rule}`;
  const [, method, percentile, operator, bound] = match;
  const isTime = Object.values(METRICS).some(
    (spec) => spec.name === metric && 'time' in spec && spec.time,
  );
  const shown = isTime
    ? duration(Number(bound))
    : method === 'rate'
      ? percent(Number(bound))
      : bound;
  return `${metric}${where} ${percentile ? `p${percentile}` : method} ${operator} ${shown}`;
}

function observedText(selector: string, observed: number | undefined): string {
  if (observed === undefined) return 'no sample: nothing to judge';
  const { metric } = parseSelector(selector);
  const spec = Object.values(METRICS).find((candidate) => candidate.name === metric);
  if (spec && 'time' in spec && spec.time) return `observed ${duration(observed)}`;
  return observed <= 1 && observed >= 0 && !Number.isInteger(observed)
    ? `observed ${percent(observed)}`
    : `observed ${count(observed)}`;
}

export function criteriaOf(verdict: RunVerdict | undefined, folder: RunFolder): Criterion[] {
  const rows: Criterion[] = [];
  for (const workload of verdict?.workloads ?? []) {
    rows.push({
      group: 'workload',
      status: workload.verdict,
      criterion: `${STEP_LABEL[workload.scenario]}: ${K6_SCENARIOS[workload.scenario].unit} ${K6_SCENARIOS[workload.scenario].done} within the error budget`,
      evidence: workload.sentence,
    });
  }
  for (const outcome of verdict?.thresholds ?? []) {
    const ui = UI_METRICS.has(parseSelector(outcome.selector).metric);
    const criterion = thresholdCriterion(outcome.selector, outcome.rule);
    rows.push({
      group: ui ? 'ui' : 'slo',
      status: outcome.verdict,
      criterion: ui ? `browser users: ${criterion}` : criterion,
      evidence: observedText(outcome.selector, outcome.observed),
    });
  }
  for (const check of folder.read<AuditReport>('audit')?.checks ?? []) {
    rows.push({
      group: 'audit',
      status: check.verdict,
      criterion: `audit ${check.check}: ${check.criterion}`,
      evidence: [check.summary, ...check.evidence].join(' · '),
    });
  }
  return rows;
}

function keyFiguresOf(
  verdict: RunVerdict | undefined,
  results: RunResults | undefined,
): KeyFigure[] {
  if (!results) return [];
  const seconds = Math.max(1, results.window.seconds);
  const figures: KeyFigure[] = [];
  for (const workload of verdict?.workloads ?? []) {
    if (workload.total === 0) continue;
    const spec = K6_SCENARIOS[workload.scenario];
    const p95 = results.metrics[METRICS[spec.step].name]?.trend?.p95;
    figures.push({
      label: `${spec.unit} ${spec.done}`,
      value: `${count(workload.done)} of ${count(workload.total)}`,
      detail: `${throughput(workload.done / seconds, spec.per)} · ${STEP_LABEL[workload.scenario]} p95 ${duration(p95)}`,
    });
  }
  const calls = results.metrics[METRICS.rpcFailed.name];
  if (calls) {
    figures.push({
      label: 'Odoo calls',
      value: count(calls.count),
      detail: `${percent(calls.rate)} failed · p95 ${duration(results.metrics[METRICS.rpcDuration.name]?.trend?.p95)}`,
    });
  }
  return figures;
}

const statusOfExit = (record: RunRecord | undefined, criteria: Criterion[]): Status => {
  if (record?.ending) return record.ending.exitCode === EXIT.ok ? 'pass' : 'fail';
  return criteria.some((row) => row.status === 'fail') ? 'fail' : 'pass';
};

export function runPage(folder: RunFolder, label?: string): RunPage {
  const record = folder.run();
  const results = folder.read<RunResults>('results');
  const scenarios = Object.keys(record?.plan.options.scenarios ?? {}).filter(isK6Scenario);
  const budget = record?.profile.resolved.slo.maxErrorRate ?? 0;
  const verdict = results ? verdictOf(results, scenarios, budget) : undefined;
  const criteria = criteriaOf(verdict, folder);
  const status = statusOfExit(record, criteria);
  const ending = record?.ending;
  const streaming = folder.streaming();
  const notes: string[] = [];
  if (streaming?.interrupted)
    notes.push(
      `Streaming to InfluxDB (${streaming.target}) was interrupted during the run; this report is built from the complete local results.`,
    );
  if (!folder.read<AuditReport>('audit'))
    notes.push('The integrity audit did not run (see "steps not run" below).');
  for (const warning of record?.ending?.warnings ?? [])
    notes.push(`${warning[0]!.toUpperCase()}${warning.slice(1)}.`);
  for (const generator of record?.ending?.generators ?? [])
    notes.push(
      `Load generator ${generator.instance} (k6): ${generator.cpuSeconds.toFixed(1)} CPU s, ${generator.meanCores.toFixed(2)} cores on average and ${generator.peakCores.toFixed(2)} at its busiest, ${Math.round(generator.peakRssMiB)} MiB at most${browsersShare(generator)}.`,
    );
  // What the run ran on: the database's size and where the server's pieces were.
  if (record?.dataset)
    notes.push(`The database held ${describeDataset(record.dataset)} at preflight.`);
  if (record?.placement) notes.push(`Placement: ${describePlacement(record.placement)}.`);
  const hosting = (record?.hosting as { name?: string } | undefined)?.name;
  return {
    runId: folder.runId,
    title: `odoo-load run ${folder.runId}`,
    subtitle: record
      ? `scenario ${record.scenario} · profile ${record.profile.resolved.name} · target ${hosting ?? record.target.kind} (${record.target.url}, Odoo ${record.target.serverVersion}) · k6 v${record.k6.version}`
      : folder.dir,
    status,
    headline: ending?.verdict ?? verdict?.headline ?? 'no results were recorded',
    exitMeaning:
      ending && ending.exitCode !== EXIT.ok
        ? `exit ${ending.exitCode}: ${EXIT_MEANINGS[ending.exitCode as ExitCode]}`
        : undefined,
    keyFigures: keyFiguresOf(verdict, results),
    criteria,
    timeline: (ending?.events ?? []).map((event) => ({ at: clock(event.at), what: event.what })),
    skipped: ending?.skipped ?? [],
    notes,
    data: {
      label: label ?? folder.runId,
      series: results?.series,
      distributions: results?.distributions ?? {},
      results,
    },
  };
}
