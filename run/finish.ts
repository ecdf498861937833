/**
 * Everything after k6, in order, each step allowed to fail without losing the others: merge the
 * samples into results.json, judge them (the verdict), keep the emulator's counters, audit the
 * target (unless it is gone: then say since when), and always write run.json's ending and
 * report.html. The exit code follows the documented table (contract/exit-codes.ts).
 */
import { CliError } from '../contract/exit-codes.ts';
import type { RunRecord, StreamingState } from '../contract/index.ts';
import {
  describeDrift,
  EXIT,
  EXIT_MEANINGS,
  type ExitCode,
  K6_EXIT,
  type K6ScenarioName,
  thresholdsOf,
} from '../contract/index.ts';
import type { AuditReport } from '../judge/audit/checks.ts';
import { auditRun } from '../judge/audit/run-audit.ts';
import { aggregateRun } from '../judge/results/aggregate.ts';
import { perUnit, serverCostByScenario } from '../judge/results/scenario-costs.ts';
import type { RunResults } from '../judge/results/types.ts';
import { readServerLog, type ServerLogSummary } from '../judge/server-log.ts';
import { type RunVerdict, verdictOf } from '../judge/verdict.ts';
import type { NodeTarget } from '../node-odoo/client.ts';
import { clock, percent } from '../report/format.ts';
import { writeReport } from '../report/write-report.ts';
import { cancelRunDeliveries } from './cancel-deliveries.ts';
import { generatorWarning } from './generator-health.ts';
import type { RunJournal } from './journal.ts';
import type { K6Exit } from './k6-run.ts';
import type { LocalStack } from './local-stack.ts';

export interface RunOutcome {
  runId: string;
  runDir: string;
  exitCode: ExitCode;
  /** The one sentence of the console's last line and the report's headline. */
  headline: string;
  results: RunResults | undefined;
  verdict: RunVerdict | undefined;
  audit: AuditReport | undefined;
  streaming: StreamingState;
}

export interface FinishInputs {
  journal: RunJournal;
  k6Exit: K6Exit;
  scenarios: K6ScenarioName[];
  /** The profile's error budget (slo.maxErrorRate). */
  errorBudget: number;
  /** What k6's `exec.test.abort()` said, when the script stopped itself (setup found the target lacking). */
  abortReason?: string;
  auditTarget: NodeTarget;
  secret: string;
  stack: LocalStack | undefined;
  /** Odoo's server log to read the run's server time from (`--odoo-log`, or the emulator's). */
  serverLog?: string;
  streaming: StreamingState;
  options: {
    log: (line: string) => void;
    output: (line: string) => void;
    signal?: AbortSignal;
    hardSignal?: AbortSignal;
    /** Leave the stock the run's open deliveries hold reserved (run/cancel-deliveries.ts says why not). */
    keepReservations?: boolean;
  };
}

/** Whether the target answers a request right now (2 s at most). */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/web/webclient/version_info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"jsonrpc":"2.0","method":"call","params":{}}',
      signal: AbortSignal.timeout(2000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** "the target stopped answering at 0:10 after 19 iterations", when it never answered again. */
function lostTarget(journal: RunJournal, results: RunResults | undefined): string | undefined {
  const timeline = results?.timeline;
  if (!timeline?.firstTransportError) return undefined;
  journal.note('first transport error (no answer from the target)', timeline.firstTransportError);
  if (timeline.lastAnswer) journal.note('last answer from the target', timeline.lastAnswer);
  if (timeline.answersAfterFirstTransportError > 0) {
    journal.note(
      `the target answered again (${timeline.answersAfterFirstTransportError} answers after the first transport error)`,
    );
    return undefined;
  }
  return `the target stopped answering at ${clock(journal.at(timeline.firstTransportError))} after ${timeline.iterationsBeforeFirstTransportError} iterations`;
}

/**
 * "the target answered nothing for 10 s from 0:05", when a silence stands out from the run's pace
 * (five times the usual gap between answers, and at least 5 s): a hung or paused target.
 */
function hangOf(journal: RunJournal, results: RunResults | undefined): string | undefined {
  const timeline = results?.timeline;
  const silence = timeline?.longestSilence;
  if (!silence || timeline.firstSample === undefined || timeline.lastAnswer === undefined)
    return undefined;
  const answering = (timeline.lastAnswer - timeline.firstSample) / 1000 - silence.seconds;
  const usualGap = answering / silence.answeredSeconds;
  if (silence.seconds < 5 || silence.seconds < 5 * usualGap) return undefined;
  const hang = `the target answered nothing for ${silence.seconds} s from ${clock(journal.at(silence.from))}`;
  journal.note(hang.replace(/^the target/, 'The target'), silence.from);
  return hang;
}

/** k6's samples of every instance merged into results.json; a file that cannot be read is said. */
async function resultsStep(journal: RunJournal, run: RunRecord): Promise<RunResults | undefined> {
  try {
    const results = await aggregateRun(journal.folder.metricsFiles(), thresholdsOf(run.plan));
    journal.folder.write('results', results);
    return results;
  } catch (error) {
    journal.skip('results', `k6's samples could not be read: ${(error as Error).message}`);
    return undefined;
  }
}

/** A generator short of CPU while k6 dropped iterations: the run says the load may be its own. */
function generatorStep(inputs: FinishInputs, verdict: RunVerdict | undefined): void {
  const overloaded =
    verdict &&
    generatorWarning(
      inputs.journal.generators ?? [],
      verdict.droppedIterations,
      !verdict.thresholdsFailed && !verdict.businessFailed,
    );
  if (!overloaded) return;
  inputs.journal.warnings.push(overloaded);
  inputs.options.log(overloaded);
}

async function emulatorStatsStep(journal: RunJournal, stack: FinishInputs['stack']): Promise<void> {
  if (!stack) return;
  try {
    journal.folder.write('emulatorStats', await stack.stats());
  } catch (error) {
    journal.skip('emulator counters', `the emulator did not answer: ${(error as Error).message}`);
  }
}

/** The one sentence the console and the report lead with: interruption, a lost target, the verdict. */
function headlineOf(
  inputs: FinishInputs,
  k6Exit: K6Exit,
  verdict: RunVerdict | undefined,
  lost: string | undefined,
  hang: string | undefined,
): string {
  const { journal } = inputs;
  const aborted =
    k6Exit.code === K6_EXIT.scriptAborted
      ? `k6 stopped: ${inputs.abortReason ?? 'exec.test.abort() (see its message above)'}`
      : undefined;
  if (aborted) journal.note(aborted);
  const what = aborted ?? verdict?.headline ?? 'no results were recorded';
  return [
    journal.interruptedAt === undefined
      ? undefined
      : `interrupted at ${clock(journal.interruptedAt)}`,
    lost ?? hang,
    lost && !verdict ? undefined : what,
  ]
    .filter(Boolean)
    .join(' — ');
}

export async function finishRun(inputs: FinishInputs): Promise<RunOutcome> {
  const { journal, k6Exit, options } = inputs;
  const folder = journal.folder;
  const results = await resultsStep(journal, folder.run()!);
  const verdict = results ? verdictOf(results, inputs.scenarios, inputs.errorBudget) : undefined;
  generatorStep(inputs, verdict);
  const lost = lostTarget(journal, results);
  if (lost) journal.note(lost.replace(/^the target/, 'The target'));
  const hang = lost ? undefined : hangOf(journal, results);
  await emulatorStatsStep(journal, inputs.stack);
  if (inputs.serverLog) await serverLogStep(journal, inputs.serverLog, results, inputs.scenarios);
  const audit = await auditStep(inputs, k6Exit, lost);
  if (audit) await cancelDeliveriesStep(inputs);
  folder.write('streaming', inputs.streaming);
  if (inputs.streaming.interrupted)
    journal.note('streaming to InfluxDB was interrupted; the local results are complete');
  const exitCode = exitCodeOf(inputs, k6Exit, verdict, audit, lost);
  const headline = headlineOf(inputs, k6Exit, verdict, lost, hang);
  journal.end(exitCode, headline, {
    exitCode: k6Exit.code ?? undefined,
    signal: k6Exit.signal ?? undefined,
  });
  try {
    await writeReport(folder, options.log);
  } catch (error) {
    options.log(`report: could not be written: ${(error as Error).message}`);
  }
  return {
    runId: folder.runId,
    runDir: folder.dir,
    exitCode,
    headline,
    results,
    verdict,
    audit,
    streaming: inputs.streaming,
  };
}

/**
 * Where the server's time went in the run's window, from Odoo's own log lines, and what one unit of
 * each scenario (each channel) cost it.
 */
async function serverLogStep(
  journal: RunJournal,
  file: string,
  results: RunResults | undefined,
  scenarios: K6ScenarioName[],
): Promise<void> {
  const started = Date.parse(journal.folder.run()!.startedAt);
  try {
    const summary: ServerLogSummary = await readServerLog(file, {
      start: started,
      end: Date.now(),
    });
    if (results) summary.byScenario = serverCostByScenario(results, summary, scenarios);
    journal.folder.write('serverLog', summary);
    if (!summary.requests) {
      journal.note(
        `Odoo's log (${file}) has no request in the run's window: is its clock in this machine's time zone?`,
      );
      return;
    }
    const retries = Object.values(summary.retries).reduce((sum, times) => sum + times, 0);
    const total = summary.sqlSeconds + summary.pythonSeconds;
    journal.note(
      `Odoo's log: ${summary.requests} requests, ${percent(summary.sqlSeconds / total)} of their server time in SQL, ${retries} retries the clients never saw`,
    );
    for (const cost of summary.byScenario ?? [])
      if (cost.units > 0) journal.note(`${cost.scenario} (${cost.channel}): ${perUnit(cost)}`);
  } catch (error) {
    journal.skip('server log', `${file} could not be read (${(error as Error).message})`);
  }
}

/**
 * Once audited, the deliveries the run left open are cancelled, their stock given back (see
 * run/cancel-deliveries.ts), and what the run left is said against what preflight found.
 */
async function cancelDeliveriesStep(inputs: FinishInputs): Promise<void> {
  const { journal, options } = inputs;
  const run = journal.folder.run()!;
  try {
    const cancelled = await cancelRunDeliveries(
      inputs.auditTarget,
      inputs.secret,
      run.runId,
      run.plan.companies,
      options.log,
      options.keepReservations,
    );
    if (cancelled.deliveries)
      journal.note(`cancelled the ${cancelled.deliveries} deliveries the run left open`);
    if (run.dataset) {
      const drift = describeDrift(run.dataset, { ...run.dataset, ...cancelled.held });
      const after = options.keepReservations ? 'after the run' : 'after the cancellation';
      const left = `what the run left: ${drift} (preflight → ${after})`;
      journal.note(left);
      options.log(left);
    }
  } catch (error) {
    const what = options.keepReservations
      ? 'what the run left could not be counted'
      : "the run's open deliveries were not cancelled";
    journal.note(`${what}: ${(error as Error).message}`);
  }
}

/** The audit, unless there is nothing to audit or nobody to ask; why it did not run is kept. */
async function auditStep(
  inputs: FinishInputs,
  k6Exit: K6Exit,
  lost: string | undefined,
): Promise<AuditReport | undefined> {
  const { journal, options } = inputs;
  if (options.hardSignal?.aborted) {
    journal.skip('audit', 'interrupted twice: stopped at once, nothing audited');
    return undefined;
  }
  // A run aborted in setup() (the target lacks a module or data) created nothing worth auditing.
  if (k6Exit.code === K6_EXIT.scriptAborted) {
    journal.skip('audit', 'k6 stopped in setup(): the run created nothing to audit');
    return undefined;
  }
  if (lost && !(await answers(inputs.auditTarget.url))) {
    journal.skip(
      'audit',
      `${lost.replace(/^the target stopped answering at /, 'target unreachable since ')}`,
    );
    return undefined;
  }
  if (lost) journal.note('the target answers again: auditing');
  options.log('audit: checking what the run left in Odoo');
  try {
    const audit = await auditRun(
      journal.folder,
      inputs.auditTarget,
      inputs.secret,
      (line) => options.output(`audit: ${line}`),
      journal.interruptedAt !== undefined,
    );
    journal.note(`audit ${audit.passed ? 'passed' : 'FAILED'}`);
    return audit;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    journal.skip('audit', error.message);
    options.log(`audit not run: ${error.message}`);
    return undefined;
  }
}

/**
 * Interrupted beats everything; a failed audit (data integrity) beats a lost target, which beats
 * failed business calls, which beat a failing k6 and failed thresholds (speed).
 */
function exitCodeOf(
  inputs: FinishInputs,
  k6Exit: K6Exit,
  verdict: RunVerdict | undefined,
  audit: AuditReport | undefined,
  lost: string | undefined,
): ExitCode {
  if (inputs.options.signal?.aborted || inputs.options.hardSignal?.aborted) return EXIT.interrupted;
  if (audit && !audit.passed) return EXIT.auditFailed;
  if (lost) return EXIT.targetLost;
  if (verdict?.businessFailed) return EXIT.businessFailed;
  if (k6Exit.code !== 0 && k6Exit.code !== K6_EXIT.thresholdsFailed) return EXIT.k6Failed;
  // k6 ran to its end and nothing was attempted: the run proved nothing.
  if (verdict?.nothingAttempted) return EXIT.businessFailed;
  if (verdict?.thresholdsFailed || k6Exit.code === K6_EXIT.thresholdsFailed)
    return EXIT.thresholdsFailed;
  return EXIT.ok;
}

export const meaningOf = (code: ExitCode) => EXIT_MEANINGS[code];
