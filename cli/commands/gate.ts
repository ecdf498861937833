/**
 * `odoo-load gate`: the go-live readiness check. One verdict per criterion, each with its evidence
 * (SLOs, error budgets, every audit check, capacity headroom, no regression against a baseline),
 * written as JUnit XML for any CI system and as Markdown for a pull request or a job summary.
 */
import junit from 'junit-report-builder';
import type { CapacityFile } from '../../capacity/capacity-file.ts';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import {
  ALPHA,
  type Comparison,
  compareRuns,
  MIN_EFFECT,
  MIN_SLOWDOWN,
} from '../../judge/baseline.ts';
import { duration } from '../../report/format.ts';
import { type Criterion, runPage } from '../../report/model.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { parseFlags } from '../flags.ts';
import { runWithFlags } from './run.ts';

export const GATE_HELP = `odoo-load gate [--run <run-id>] [--capacity <run-id>] [--baseline <run-id>] [run flags…]

Without --run it first runs peak-day with the given run flags (e.g. --profile peak-hour --target …).
Then one verdict per criterion, each with its evidence: every workload within its error budget, every
latency SLO, every integrity-audit check, the capacity headroom over the profile's peak (from a
capacity run, --capacity), and with --baseline no regression of any business step, judged by a
one-sided Mann–Whitney U test on the two runs' samples (p < ${ALPHA}) with an effect size of at least
A = ${MIN_EFFECT} (Vargha–Delaney) and a median at least ${Math.round((MIN_SLOWDOWN - 1) * 100)} % slower.
Writes reports/<run-id>/junit.xml (one test case per criterion) and gate.md; exits 0 when every
criterion passes or does not apply, ${EXIT.gateFailed} when any fails.`;

const LABEL = { pass: 'PASS', fail: 'FAIL', not_applicable: 'N/A' } as const;

function capacityCriterion(capacity: RunFolder | undefined): Criterion {
  const file = capacity?.read<CapacityFile>('capacity');
  if (!capacity || !file)
    return {
      group: 'capacity',
      status: 'not_applicable',
      criterion: 'capacity headroom over the peak',
      evidence: capacity
        ? `${capacity.runId} has no capacity.json`
        : 'no capacity run given (--capacity <run-id>)',
    };
  const sizing = file.sweeps[0]!.analysis.sizing;
  return {
    group: 'capacity',
    status: sizing.holdsPeak ? 'pass' : 'fail',
    criterion: `capacity: ${file.sweeps[0]!.label} holds ${file.peak.profile}'s peak with 30 % headroom`,
    evidence: `${file.sentence} (capacity run ${file.runId})`,
  };
}

function baselineCriteria(comparisons: Comparison[], baseline: string): Criterion[] {
  if (comparisons.length === 0)
    return [
      {
        group: 'baseline',
        status: 'not_applicable',
        criterion: `no regression against ${baseline}`,
        evidence: 'no business step has at least 8 samples in both runs',
      },
    ];
  return comparisons.map((comparison) => ({
    group: 'baseline',
    status: comparison.regressed ? 'fail' : 'pass',
    criterion: `no regression of ${comparison.metric}${comparison.workload ? ` (${comparison.workload})` : ''} against ${baseline}`,
    evidence: `median ${duration(comparison.candidate.median)} vs ${duration(comparison.baseline.median)} (${comparison.candidate.count} vs ${comparison.baseline.count} samples); slower in ${(comparison.effect * 100).toFixed(0)} % of pairs, one-sided p ${comparison.pValue <= 0.001 ? '< 0.001' : `= ${comparison.pValue.toFixed(3)}`}`,
  }));
}

function junitXml(runId: string, criteria: Criterion[]): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`odoo-load gate ${runId}`);
  for (const row of criteria) {
    const testCase = suite
      .testCase()
      .className(`odoo-load.${row.group}`)
      .name(row.criterion)
      .standardOutput(row.evidence);
    if (row.status === 'fail') testCase.failure(row.evidence, row.group);
    if (row.status === 'not_applicable') testCase.skipped();
  }
  return builder.build();
}

function markdown(runId: string, headline: string, criteria: Criterion[], passed: boolean): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const failed = criteria.filter((row) => row.status === 'fail').length;
  return [
    `## odoo-load gate: ${passed ? 'READY' : 'NOT READY'}`,
    '',
    `Run \`${runId}\`: ${headline}`,
    '',
    `${criteria.length} criteria: ${criteria.filter((row) => row.status === 'pass').length} passed, ${failed} failed, ${criteria.filter((row) => row.status === 'not_applicable').length} not applicable.`,
    '',
    '| | criterion | evidence |',
    '|---|---|---|',
    ...criteria.map(
      (row) => `| ${LABEL[row.status]} | ${cell(row.criterion)} | ${cell(row.evidence)} |`,
    ),
    '',
  ].join('\n');
}

export async function gateCommand(argv: string[]): Promise<number> {
  const own = new Set(['--run', '--capacity', '--baseline']);
  const ownArgs: string[] = [];
  const runArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name] = arg.split('=');
    if (own.has(name!)) {
      ownArgs.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) ownArgs.push(argv[++i]!);
    } else runArgs.push(arg);
  }
  const { values } = parseFlags(ownArgs, {
    run: { type: 'string' },
    capacity: { type: 'string' },
    baseline: { type: 'string' },
  });
  // Check every named run before anything starts.
  const capacity = values.capacity ? RunFolder.open(values.capacity, '--capacity') : undefined;
  const baseline = values.baseline ? RunFolder.open(values.baseline, '--baseline') : undefined;
  if (values.run && runArgs.length)
    throw new CliError(
      `--run judges a finished run; run flags (${runArgs.join(' ')}) only apply without it`,
      EXIT.badInput,
    );
  const folder = values.run
    ? RunFolder.open(values.run)
    : RunFolder.open((await runWithFlags('peak-day', runArgs)).runId);
  const page = runPage(folder);
  const criteria: Criterion[] = [...page.criteria, capacityCriterion(capacity)];
  if (baseline)
    criteria.push(...baselineCriteria(await compareRuns(baseline, folder), baseline.runId));
  // A run that did not pass (k6 failed, the target was lost) fails the gate even if no row says so.
  const ended = folder.run()?.ending;
  if (ended && ended.exitCode !== EXIT.ok && !criteria.some((row) => row.status === 'fail'))
    criteria.push({
      group: 'workload',
      status: 'fail',
      criterion: 'the run ended cleanly',
      evidence: `${ended.verdict} (exit ${ended.exitCode})`,
    });
  const passed = !criteria.some((row) => row.status === 'fail');
  const junitFile = folder.write('junit', junitXml(folder.runId, criteria));
  const markdownFile = folder.write(
    'gate',
    markdown(folder.runId, page.headline, criteria, passed),
  );
  for (const row of criteria)
    console.log(`${LABEL[row.status].padEnd(4)} ${row.criterion}: ${row.evidence}`);
  console.error(
    `odoo-load: gate ${passed ? 'READY' : 'NOT READY'} (${criteria.filter((row) => row.status === 'fail').length} of ${criteria.length} criteria failed); ${junitFile}, ${markdownFile}`,
  );
  return passed ? EXIT.ok : EXIT.gateFailed;
}
