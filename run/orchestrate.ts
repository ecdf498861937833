/**
 * A whole run, as a short sequence: check the input, get k6 and the bundles, bring up the target
 * (the local stack, or a remote Odoo after one preflight login), build the plan, then — once the
 * run folder exists — run k6 and finish the run (results, verdict, audit, report), whatever fails.
 * Shared by `run`, `start` and the tests, so all exercise exactly the same path.
 */

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { calibratedPlacementOf } from '../calibrate/what-if.ts';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import type { AuditBaseline, RunRecord, StreamingState } from '../contract/index.ts';
import {
  type AuthMode,
  INFLUX_TAGS_AS_FIELDS,
  REPORTS_ROOT,
  SCREENSHOTS_DIR,
  type ScenarioFile,
} from '../contract/index.ts';
import { EMULATOR_DEFAULTS } from '../emulator/options.ts';
import { auditBaseline } from '../judge/audit/checks.ts';
import { durationSeconds } from '../planning/compile.ts';
import { describePlacement } from '../planning/placement.ts';
import { browserCount, checkBrowserTarget, loadScenarioProfile } from '../planning/plan.ts';
import type { LoadProfile } from '../planning/schema.ts';
import { isFresh } from '../services/bundles.mjs';
import {
  assertGeneratorHolds,
  browserEnv,
  describeRoom,
  ensureChromium,
  generatorRoom,
} from '../services/chromium.ts';
import { influxAddressOf } from '../services/influxdb.ts';
import { ensureK6 } from '../services/k6.ts';
import { localDir } from '../services/local-dir.ts';
import { freePort, run } from '../services/process.ts';
import { newRunId, RunFolder } from '../store/run-folder.ts';
import { finishRun, type RunOutcome } from './finish.ts';
import { watchGenerators } from './generator-health.ts';
import { combinedExit, runInstances } from './instances.ts';
import { RunJournal } from './journal.ts';
import { K6_EXIT, runK6 } from './k6-run.ts';

import { plannedSeconds, startProgress } from './progress.ts';

import { startStreaming } from './streaming.ts';

import { type ResolvedTarget, resolveTarget } from './target.ts';
import { planFor, startTarget, type TargetSession } from './target-session.ts';

import { assertReadable, assertWritable } from './writable.ts';

export type { AuthMode } from '../contract/index.ts';
export type { RunOutcome } from './finish.ts';

export interface RunOptions {
  scenario: string;
  /** A hosting profile (name or path) or a URL; ODOO_URL or the emulator when absent. */
  target?: string;
  /** The operator's explicit word that a non-loopback target is not production. */
  allowNonLoopback: boolean;
  /** How virtual users authenticate (scanner operators always use web sessions). */
  auth: AuthMode;
  profile: string;
  odooVersion: number;
  workers: number;
  /** Emulator cost model for local runs (default: emulator/cost-model.json, a real Odoo 17's times). */
  costModel: string;
  pgPort: number;
  /** 0 picks a free port. */
  emulatorPort: number;
  seed: Record<string, number>;
  log: (line: string) => void;
  /** k6's console lines (its summary among them). */
  output: (line: string) => void;
  /** Aborted on the first Ctrl-C: k6 stops gracefully, and the run is still audited and reported. */
  signal?: AbortSignal;
  /** Aborted on the second: k6 stops now, the audit is skipped, what exists is reported. */
  hardSignal?: AbortSignal;
  /** Odoo's server log to attribute server time from (self-hosted targets); the emulator's by default. */
  odooLog?: string;
  /** k6 processes the plan is split over (execution segments); 1 by default. */
  instances?: number;
  /** Stream to InfluxDB: `local` (the project's own InfluxDB 1.x) or a URL with the database. */
  influx?: string;
  /** Leave the stock the run's open deliveries hold reserved after the audit. */
  keepReservations?: boolean;
}

/** Rebuilds the k6 bundles unless every scenario's is already fresh (a build costs a Node process and esbuild). */
export async function bundleScenarios(): Promise<void> {
  const scenarios = readdirSync(resolve('scenarios')).filter((file) => file.endsWith('.ts'));
  const fresh = scenarios.every((file) => isFresh(resolve('dist', file.replace(/\.ts$/, '.js'))));
  if (fresh) return;
  const built = await run(process.execPath, [resolve('build.mjs'), '--only', 'k6']);
  if (built.code !== 0)
    throw new CliError(`build failed: ${(built.stderr || built.stdout).trim()}`, EXIT.internal);
}

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new CliError('interrupted before k6 started; nothing was sent', EXIT.interrupted);
}

interface Prepared {
  scenario: ScenarioFile;
  profile: LoadProfile;
  profileFile: string;
  resolved: ResolvedTarget;
  /** Browser users the plan runs beside the protocol load. */
  browsers: number;
}

/** Everything that can be checked before anything starts: bad input stops here, nothing sent. */
function prepare(options: RunOptions): Prepared {
  const { scenario, profile, profileFile } = loadScenarioProfile(options.scenario, options.profile);
  const resolved = resolveTarget(
    options.target,
    {
      odooVersion: options.odooVersion,
      workers: options.workers,
      // The barcode app's routes exist on Enterprise only.
      edition: profile.workloads.barcodeScanning?.api === 'enterprise' ? 'enterprise' : 'community',
      limitTimeReal: EMULATOR_DEFAULTS.limitTimeReal,
      dbMaxconn: EMULATOR_DEFAULTS.dbMaxconn,
      placement: calibratedPlacementOf(options.costModel),
    },
    options.allowNonLoopback,
  );
  if (resolved.kind === 'remote' && options.auth !== 'session' && !process.env.ODOO_API_KEY) {
    throw new CliError(
      `ODOO_API_KEY is not set: --auth ${options.auth} logs in with an API key`,
      EXIT.badInput,
    );
  }
  const browsers = browserCount(profile, scenario);
  checkBrowserTarget(browsers, resolved.kind);
  if (browsers > 0) assertGeneratorHolds(generatorRoom(browsers));
  if (options.odooLog) assertReadable('--odoo-log', options.odooLog);
  // A mistyped InfluxDB URL is bad input here, not a k6 error half-way through the run.
  if (options.influx && options.influx !== 'local') influxAddressOf('--influx', options.influx);
  else if (!options.influx && process.env.ODOO_LOAD_INFLUX_URL)
    influxAddressOf('ODOO_LOAD_INFLUX_URL', process.env.ODOO_LOAD_INFLUX_URL);
  // reports/ always; dist/ for the bundles; .local/ for the local stack.
  assertWritable([REPORTS_ROOT, 'dist', ...(resolved.kind === 'emulator' ? [localDir()] : [])]);
  return { scenario, profile, profileFile, resolved, browsers };
}

export async function runScenario(options: RunOptions): Promise<RunOutcome> {
  const prepared = prepare(options);
  const tools = await getTools(options, prepared.browsers);
  const runId = newRunId();
  let target: TargetSession | undefined;
  let stopStreaming: (() => Promise<void>) | undefined;
  try {
    target = await bringUp(prepared, options);
    throwIfInterrupted(options.signal);
    const planned = planRun(runId, prepared, target, options);
    const baseline = await baselineOf(target, planned.plan, options);
    const journal = openJournal(runId, prepared, target, planned, tools.k6, options, baseline);
    const streaming: StreamingState = { interrupted: false, errors: 0 };
    const started = await startStreaming(
      options.influx ?? process.env.ODOO_LOAD_INFLUX_URL,
      options.log,
    );
    stopStreaming = started.stop;
    streaming.target = started.target;
    const { k6Exit, abortReason } = await runK6Processes({
      journal,
      planned,
      target,
      tools,
      streaming,
      scenario: prepared.scenario,
      options,
    });
    return await finishRun({
      journal,
      k6Exit,
      scenarios: planned.scenarios,
      errorBudget: prepared.profile.slo.maxErrorRate,
      abortReason,
      auditTarget: { ...planned.plan.target },
      secret: target.secret,
      stack: target.stack,
      serverLog: options.odooLog ?? target.stack?.odooLog,
      streaming,
      options,
    });
  } finally {
    await stopStreaming?.();
    await target?.stop();
  }
}

interface Tools {
  k6: { path: string; version: string; source: string };
  chromium?: string;
}

/** k6 (built when missing), Chromium when browser users come, and fresh bundles. */
async function getTools(options: RunOptions, browsers: number): Promise<Tools> {
  const k6 = await ensureK6(options.log);
  const chromium = browsers > 0 ? await ensureChromium(options.log) : undefined;
  options.log(`k6 v${k6.version} (${k6.source}: ${k6.path})`);
  await bundleScenarios();
  return { k6, ...(chromium ? { chromium } : {}) };
}

/** The target brought up (the emulator placed like the hosting profile, or a real Odoo), logged in once. */
async function bringUp({ resolved, profile, scenario }: Prepared, options: RunOptions) {
  if (resolved.kind === 'emulator' && resolved.shape.hosting)
    options.log(
      `emulating hosting profile ${resolved.shape.hosting}: Odoo ${resolved.shape.odooVersion} ${resolved.shape.edition}, ${resolved.shape.workers} workers, limit_time_real ${resolved.shape.limitTimeReal} s; ${describePlacement(resolved.placement)}`,
    );
  const target = await startTarget({
    resolved,
    scenario,
    profile,
    companies: profile.companies,
    placement: resolved.placement,
    auth: options.auth,
    costModel: options.costModel,
    pgPort: options.pgPort,
    emulatorPort: options.emulatorPort,
    seed: options.seed,
    log: options.log,
  });
  if (target.costs?.calibrated) options.log(`emulator${target.costs.clause.replace(/^;/, ':')}`);
  return target;
}

/**
 * What was already wrong before the load (stock over-reserved or negative), read once at preflight:
 * the audit reports those pairs as inherited, not caused by the run. A target that will not say is
 * audited without a baseline.
 */
async function baselineOf(target: TargetSession, plan: Planned['plan'], options: RunOptions) {
  try {
    const baseline = await auditBaseline(target.preflight.client, plan.companies);
    if (baseline.stock.length)
      options.log(
        `preflight: ${baseline.stock.length} product/location pair(s) already have more reserved than on hand (or negative stock) before the run: the audit reports them apart`,
      );
    return baseline;
  } catch (error) {
    options.log(`preflight: no audit baseline (${(error as Error).message})`);
    return undefined;
  }
}

/** The plan k6 receives: the profile compiled for this target's companies and people. */
function planRun(
  runId: string,
  { scenario, profile, resolved, browsers }: Prepared,
  target: TargetSession,
  options: RunOptions,
) {
  const planned = planFor(target, {
    runId,
    scenario,
    profile,
    auth: options.auth,
    companies: profile.companies,
    hosting: resolved.hosting?.name ?? (target.stack ? 'emulator' : new URL(target.url).hostname),
    browsers,
    screenshotsDir: resolve(REPORTS_ROOT, runId, SCREENSHOTS_DIR),
    log: options.log,
  });
  for (const line of planned.compiled.derived) options.log(`profile ${profile.name}: ${line}`);
  if (browsers > 0) options.log(`browser users: ${describeRoom(generatorRoom(browsers))}`);
  return planned;
}

type Planned = ReturnType<typeof planRun>;

/** The run folder and its journal (run.json), which hears of Ctrl-C from here on. */
function openJournal(
  runId: string,
  { scenario, profile, profileFile, resolved, browsers }: Prepared,
  target: TargetSession,
  { plan }: Planned,
  k6: Tools['k6'],
  options: RunOptions,
  baseline: AuditBaseline | undefined,
): RunJournal {
  const folder = createFolder(runId);
  if (browsers > 0) mkdirSync(join(folder.dir, SCREENSHOTS_DIR), { recursive: true });
  const record: RunRecord = {
    runId,
    scenario,
    startedAt: new Date().toISOString(),
    profile: { file: profileFile, resolved: profile },
    target: {
      ...plan.target,
      kind: resolved.kind === 'remote' ? 'remote' : 'emulator',
      serverVersion: target.preflight.serverVersion,
    },
    hosting:
      resolved.hosting ??
      (resolved.kind === 'emulator'
        ? { name: 'emulator', shape: resolved.shape, costModel: target.costs }
        : undefined),
    placement: resolved.placement,
    dataset: target.dataset,
    ...(baseline ? { baseline } : {}),
    k6: { version: k6.version, source: k6.source },
    suite: { version: JSON.parse(readFileSync('package.json', 'utf8')).version },
    instances: options.instances ?? 1,
    plan,
  };
  const journal = new RunJournal(folder, record);
  options.signal?.addEventListener(
    'abort',
    () => journal.interrupt('interrupted (Ctrl-C): k6 stops gracefully, the run is still audited'),
    { once: true },
  );
  options.hardSignal?.addEventListener(
    'abort',
    () => journal.interrupt('interrupted again: k6 stopped at once, no audit'),
    { once: true },
  );
  return journal;
}

interface K6Processes {
  journal: RunJournal;
  planned: Planned;
  target: TargetSession;
  tools: Tools;
  streaming: StreamingState;
  scenario: ScenarioFile;
  options: RunOptions;
}

/**
 * What k6 prints, read as it comes: an abort in setup() names what the target lacks; InfluxDB's
 * errors mean streaming stopped (the run goes on); the rest is the user's to see.
 */
function k6Lines(
  streaming: StreamingState,
  options: RunOptions,
  onAbort: (reason: string) => void,
): (line: string) => void {
  return (line) => {
    const aborted = /test aborted: (.*?)"?(?: source=|$)/.exec(line)?.[1];
    if (aborted) onAbort(aborted.replace(/\\"/g, '"'));
    if (/InfluxDB|influxdb/.test(line) && /level=(error|warning)/.test(line)) {
      streaming.errors++;
      if (!streaming.interrupted)
        options.log('streaming to InfluxDB failed; the run goes on and keeps its results locally');
      streaming.interrupted = true;
      return;
    }
    options.output(line);
  };
}

/** k6 on one instance or several, with progress and generator health; what it ended with. */
async function runK6Processes(run: K6Processes) {
  const { journal, planned, target, tools, streaming, options } = run;
  const { stack } = target;
  const folder = journal.folder;
  const instances = options.instances ?? 1;
  const apiPorts = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const stopProgress = startProgress({
    ports: apiPorts,
    plannedSeconds: plannedSeconds(planned.compiled.options.scenarios, durationSeconds),
    everySeconds: 10,
    print: options.log,
  });
  journal.note('k6 started');
  let abortReason: string | undefined;
  const base = {
    k6: tools.k6.path,
    script: resolve('dist', `${run.scenario}.js`),
    plan: planned.plan,
    password: target.password,
    env: {
      ...(target.apiKey ? { ODOO_API_KEY: target.apiKey } : {}),
      ...(stack ? { ODOO_OPERATOR_PASSWORD: stack.password } : {}),
      K6_INFLUXDB_TAGS_AS_FIELDS: INFLUX_TAGS_AS_FIELDS,
      ...(tools.chromium ? browserEnv(tools.chromium) : {}),
    },
    onLine: k6Lines(streaming, options, (reason) => {
      abortReason = reason;
    }),
    signal: options.signal,
    hardSignal: options.hardSignal,
  };
  const generators = watchGenerators();
  const perInstance = (index: number) => ({
    onStart: (pid: number) => generators.started(index + 1, pid),
    apiPort: apiPorts[index]!,
    summaryPath: folder.summaryFileOf(index + 1, instances),
    // Full results stay local whatever happens to streaming; the report is built from them.
    outputs: [
      `json=${folder.metricsFileOf(index + 1, instances)}`,
      ...(streaming.target ? [`influxdb=${streaming.target}`] : []),
    ],
  });
  const k6Exit = await (instances === 1
    ? runK6({ ...base, ...perInstance(0) })
    : runInstances(instances, base, perInstance).then(({ exits, setupFailed }) => {
        if (!setupFailed) return combinedExit(exits);
        abortReason = setupFailed;
        return { code: K6_EXIT.scriptAborted, signal: null };
      })
  )
    .catch((error: Error) => {
      journal.skip('k6', `k6 could not run: ${error.message}`);
      return { code: null, signal: null };
    })
    .finally(() => {
      stopProgress();
      journal.generators = generators.stop();
    });
  journal.note(
    `k6 ended (${k6Exit.code === null ? `signal ${k6Exit.signal ?? 'none'}` : `exit ${k6Exit.code}`})`,
  );
  return { k6Exit, abortReason };
}

/** The run folder; a reports/ that cannot be written stops the run before anything is sent. */
function createFolder(runId: string): RunFolder {
  try {
    return RunFolder.create(runId);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new CliError(
      `reports/: cannot create the run folder reports/${runId} (${code}); run from a writable folder`,
      EXIT.badInput,
    );
  }
}
