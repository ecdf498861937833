/**
 * One capacity sweep: one target (a hosting profile emulated locally, or a URL), one company count,
 * the load raised step by step in a single k6 run, each step measured after its warm-up.
 */

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { calibratedPlacementOf, calibratedVersionOf } from '../calibrate/what-if.ts';
import {
  isK6Scenario,
  K6_SCENARIOS,
  type K6ScenarioName,
  type RunPlan,
  SCREENSHOTS_DIR,
  type ScenarioFile,
} from '../contract/index.ts';
import { EMULATOR_DEFAULTS } from '../emulator/options.ts';
import { describePlacement, type Placement } from '../planning/placement.ts';
import { browserCount, checkBrowserTarget } from '../planning/plan.ts';
import type { LoadProfile } from '../planning/schema.ts';
import { runK6 } from '../run/k6-run.ts';
import type { SeedShape } from '../run/local-stack.ts';
import { type ResolvedTarget, resolveTarget } from '../run/target.ts';
import { planFor, startTarget, type TargetSession } from '../run/target-session.ts';
import { browserEnv, ensureChromium } from '../services/chromium.ts';
import { freePort } from '../services/process.ts';
import type { RunFolder } from '../store/run-folder.ts';
import { analyse, type Peak } from './analysis.ts';
import { datasetWords, placementWords, type SweepResult } from './capacity-file.ts';
import { placeRealTarget, type RealPlacement } from './real-placement.ts';
import { serverTimeOf } from './server-time.ts';
import {
  type LoadModel,
  measureSteps,
  type StepResult,
  type StepTiming,
  stepScenarios,
} from './steps.ts';

export interface SweepOptions {
  index: number;
  scenario: ScenarioFile;
  k6Scenario: K6ScenarioName;
  /** How the swept units arrive: by an integration (api) or keyed in the web client (web). */
  channel: 'api' | 'web';
  profile: LoadProfile;
  /** Hosting profile name or URL; undefined = ODOO_URL or the plain emulator. */
  target?: string;
  companies: number;
  /** A what-if on where things are: terms that replace the target's own placement. */
  placement?: Partial<Placement>;
  /** The dataset profile the emulator was seeded from, for the label. */
  datasetName?: string;
  /** How a real target's database distance and CPUs are changed (a proxy, its processes). */
  realPlacement?: RealPlacement;
  model: LoadModel;
  /** Loads per step; empty = derived from the target's workers. */
  loads: number[];
  timing: StepTiming;
  peak: Peak;
  costModel: string;
  /** Workers of the emulator when no hosting profile says (0 = threaded). */
  workers: number;
  allowNonLoopback: boolean;
  pgPort: number;
  /** Odoo's log of a self-hosted target (the emulator's is read without it). */
  odooLog?: string;
  /** Seed options of the emulated database beyond the company count (e.g. products). */
  seed?: SeedShape;
  k6: string;
  folder: RunFolder;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** Closed-model loads around the target's workers: below, at, and past where the queue starts. */
export function defaultLoads(model: LoadModel, workers: number, peakPerSecond: number): number[] {
  if (model === 'open')
    return [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2].map((share) => round2(peakPerSecond * share));
  if (workers <= 0) return [1, 2, 4, 8, 16];
  return [
    ...new Set([
      1,
      Math.ceil(workers / 2),
      workers,
      Math.ceil(workers * 1.5),
      workers * 2,
      workers * 3,
    ]),
  ].sort((a, b) => a - b);
}

/**
 * The rest of a mix, for the whole sweep: every workload but the stepped one, started at once,
 * time-bound ones lasting as long as the steps do (iteration-bound ones end when done).
 */
export function mixBackground(
  compiled: Record<string, Record<string, unknown>>,
  stepped: string,
  seconds: number,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(compiled)
      .filter(([name]) => name !== stepped)
      .map(([name, scenario]) => {
        const { stages: _stages, ...rest } = scenario;
        const timed =
          'duration' in scenario || 'stages' in scenario
            ? { duration: `${seconds}s` }
            : { maxDuration: `${seconds}s` };
        // Ramping executors keep their peak target as a constant rate or VU count.
        const peakTarget = Math.max(
          0,
          ...((scenario.stages as { target: number }[] | undefined) ?? []).map((s) => s.target),
        );
        const executor =
          scenario.executor === 'ramping-arrival-rate'
            ? { executor: 'constant-arrival-rate', rate: peakTarget }
            : scenario.executor === 'ramping-vus'
              ? { executor: 'constant-vus', vus: peakTarget }
              : {};
        const { startVUs: _start, startRate: _rate, ...kept } = rest;
        return [name, { ...kept, ...executor, ...timed, startTime: '0s' }];
      }),
  );
}

const round2 = (value: number) => Math.max(0.01, Math.round(value * 100) / 100);

/** "; browser users' p95: confirm 1.2 s, …" for a step that had browser users in its window. */
const uiClause = (step: StepResult) =>
  step.ui && Object.keys(step.ui).length
    ? `; browser users' p95: ${Object.entries(step.ui)
        .map(([name, ui]) => `${name} ${(ui.p95 / 1000).toFixed(1)} s`)
        .join(', ')}`
    : '';

/** What a sweep runs against: the resolved target, where it is placed, and the names it goes by. */
interface SweepTarget {
  resolved: ResolvedTarget;
  placement: Placement;
  workers: number;
  targetName: string;
  label: string;
}

/** The target of a sweep resolved (a hosting profile read, a URL checked), nothing started. */
export function sweepTarget(
  options: Pick<
    SweepOptions,
    | 'target'
    | 'costModel'
    | 'workers'
    | 'profile'
    | 'allowNonLoopback'
    | 'placement'
    | 'companies'
    | 'datasetName'
  > & { channel?: string },
): SweepTarget {
  const resolved = resolveTarget(
    options.target,
    {
      odooVersion: calibratedVersionOf(options.costModel) ?? 17,
      placement: calibratedPlacementOf(options.costModel),
      workers: options.workers,
      edition:
        options.profile.workloads.barcodeScanning?.api === 'enterprise'
          ? 'enterprise'
          : 'community',
      limitTimeReal: EMULATOR_DEFAULTS.limitTimeReal,
      dbMaxconn: EMULATOR_DEFAULTS.dbMaxconn,
    },
    options.allowNonLoopback,
  );
  const placement = { ...resolved.placement, ...options.placement };
  const workers =
    resolved.kind === 'emulator' ? resolved.shape.workers : (resolved.hosting?.workers ?? 0);
  const targetName =
    resolved.hosting?.name ??
    (resolved.kind === 'emulator' ? `emulator-${workers}w` : new URL(resolved.remote.url).hostname);
  const whatIf = options.placement && Object.keys(options.placement).length > 0;
  return {
    resolved,
    placement,
    workers,
    targetName,
    label: `${targetName}, ${options.companies} compan${options.companies === 1 ? 'y' : 'ies'}, ${options.channel ?? ''}${options.datasetName ? `, dataset ${options.datasetName}` : ''}${whatIf ? `, ${describePlacement(placement)}` : ''}`,
  };
}

const stepSecondsOf = (timing: StepTiming) => timing.warmupSeconds + timing.measureSeconds;

/** The profile's plan for this target, its schedule replaced by the steps. */
function sweepPlan(
  options: SweepOptions,
  target: TargetSession,
  label: string,
  steps: ReturnType<typeof stepScenarios>,
  browsers: number,
): RunPlan {
  const { plan } = planFor(target, {
    runId: options.folder.runId,
    scenario: options.scenario,
    // The sweep's company count, not the profile's: a real target's first companies take orders.
    profile: { ...options.profile, companies: options.companies },
    auth: 'session',
    companies: options.companies,
    hosting: label,
    browsers,
    screenshotsDir: join(options.folder.dir, SCREENSHOTS_DIR),
    log: options.log,
  });
  const seconds = steps.steps.length * stepSecondsOf(options.timing);
  if (plan.browsers) {
    plan.browsers.durationSeconds = seconds;
    mkdirSync(plan.browsers.screenshotsDir, { recursive: true });
  }
  // Every company of the sweep takes orders (buildPlan keeps the profile's own count).
  if (target.stack) plan.companies = target.stack.dataset.companies.map((company) => company.id);
  // The steps replace the profile's schedule; SLOs are judged per step afterwards, not by k6.
  // In a mix, the profile's other workloads run beside the steps as background, unmeasured.
  const background = mixBackground(
    plan.options.scenarios as Record<string, Record<string, unknown>>,
    options.k6Scenario,
    seconds,
  );
  plan.options = {
    ...plan.options,
    scenarios: { ...background, ...steps.scenarios },
    thresholds: {},
  } as typeof plan.options;
  // What setup() prepares for: the background's scenarios and the stepped one.
  plan.scenarios = [...Object.keys(background).filter(isK6Scenario), options.k6Scenario];
  return plan;
}

/** One k6 run through every step; the samples land in sweep-<n>.json.gz. */
async function runSweepK6(
  options: SweepOptions,
  plan: RunPlan,
  target: TargetSession,
  chromium: string | undefined,
  label: string,
): Promise<string> {
  const samplesFile = join(options.folder.dir, `sweep-${options.index + 1}.json.gz`);
  const k6Exit = await runK6({
    k6: options.k6,
    script: resolve('dist', `${options.scenario}.js`),
    plan,
    password: target.password,
    summaryPath: join(options.folder.dir, `sweep-${options.index + 1}-summary.json`),
    outputs: [`json=${samplesFile}`],
    env: {
      ...(target.stack
        ? { ODOO_API_KEY: target.stack.apiKey, ODOO_OPERATOR_PASSWORD: target.stack.password }
        : {}),
      ...(chromium ? browserEnv(chromium) : {}),
    },
    apiPort: await freePort(),
    // k6's own warnings and errors are worth seeing; its progress lines are not.
    onLine: (line) => {
      if (/level=(error|warning)|^\s*(ERRO|WARN)/.test(line)) options.log(`k6: ${line}`);
    },
    signal: options.signal,
  });
  if (k6Exit.code !== 0 && k6Exit.code !== null)
    options.log(`capacity ${label}: k6 exited ${k6Exit.code}; the steps it finished are kept`);
  return samplesFile;
}

/** Each step measured from the samples, said on the console, and priced from Odoo's log. */
async function measureSweep(
  options: SweepOptions,
  samplesFile: string,
  steps: ReturnType<typeof stepScenarios>['steps'],
  serverLog: string | undefined,
  label: string,
): Promise<StepResult[]> {
  const stepResults = await measureSteps(
    samplesFile,
    options.k6Scenario,
    steps,
    options.timing,
    { latencyMs: options.peak.sloMs, maxErrorRate: options.profile.slo.maxErrorRate },
    options.model,
  );
  for (const step of stepResults)
    options.log(
      `  load ${step.load}: ${step.throughput.toFixed(2)} ${K6_SCENARIOS[options.k6Scenario].unit}/s, ${step.requestsPerSecond.toFixed(1)} calls/s, p50 ${Math.round(step.p50)} ms, p95 ${Math.round(step.p95)} ms, errors ${(step.errorRate * 100).toFixed(1)} %${step.withinSlo ? '' : ' (beyond the SLO)'}${uiClause(step)}`,
    );
  if (serverLog)
    for (const step of stepResults)
      step.server = await serverTimeOf(serverLog, step.window).catch((error: Error) => {
        options.log(`capacity ${label}: ${serverLog} could not be read: ${error.message}`);
        return undefined;
      });
  return stepResults;
}

/** Serialization failures the server retried: time users paid for but never saw as errors. */
async function serverRetries(target: TargetSession): Promise<number | undefined> {
  const { stack } = target;
  if (!stack) return undefined;
  const stats = (await stack.stats().catch(() => ({}))) as { retries?: { retries?: number } };
  return stats.retries?.retries;
}

/**
 * A month of the peak hour every hour overstates volume; cost per unit is at the peak rate, for
 * the deployment running 24 h × 30 d, as a hosting bill is.
 */
function costPerUnitAtPeak(price: { monthly: number; currency: string } | undefined, peak: Peak) {
  return price
    ? { amount: price.monthly / (peak.perSecond * 3600 * 24 * 30), currency: price.currency }
    : undefined;
}

/** The steps run and measured against a target that is up: the plan, k6, each step's figures. */
async function sweepSteps(
  options: SweepOptions,
  sweep: SweepTarget,
  target: TargetSession,
  chromium: string | undefined,
) {
  const loads = options.loads.length
    ? options.loads
    : defaultLoads(options.model, sweep.workers, options.peak.perSecond);
  // Open model: VUs are pre-allocated for 2 s per unit, Odoo's order confirmation at low load.
  const steps = stepScenarios(options.k6Scenario, options.model, loads, options.timing, 2);
  const browsers = browserCount(options.profile, options.scenario);
  const plan = sweepPlan(options, target, sweep.label, steps, browsers);
  options.log(
    `capacity ${sweep.label}: ${options.model} model, ${loads.length} steps of ${stepSecondsOf(options.timing)} s (${options.timing.warmupSeconds} s warm-up): ${loads.join(', ')} ${options.model === 'closed' ? 'users' : `${options.peak.unit}/s`}`,
  );
  const samplesFile = await runSweepK6(options, plan, target, chromium, sweep.label);
  const stepResults = await measureSweep(
    options,
    samplesFile,
    steps.steps,
    options.odooLog ?? target.stack?.odooLog,
    sweep.label,
  );
  return { plan, samplesFile, stepResults };
}

export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const sweep = sweepTarget(options);
  const { resolved, placement, workers } = sweep;
  // Browser users (capacity peak-day) work through every step, beside the stepped load.
  const browsers = browserCount(options.profile, options.scenario);
  checkBrowserTarget(browsers, resolved.kind);
  const chromium = browsers > 0 ? await ensureChromium(options.log) : undefined;
  // A real server takes the what-if itself (a latency proxy, taskset); the emulator spends it.
  const real =
    resolved.kind === 'remote'
      ? await placeRealTarget(options.realPlacement, options.placement, options.log)
      : undefined;
  let target: TargetSession | undefined;
  try {
    target = await startTarget({
      resolved,
      scenario: options.scenario,
      profile: options.profile,
      companies: options.companies,
      placement,
      auth: 'session',
      costModel: options.costModel,
      pgPort: options.pgPort,
      seed: options.seed,
      log: options.log,
    });
    const { plan, samplesFile, stepResults } = await sweepSteps(options, sweep, target, chromium);
    const analysis = analyse(stepResults, options.peak, workers);
    const { costs } = target;
    analysis.sizing.sentence += `; ${placementWords({ placement, target: { kind: resolved.kind } })}${costs?.clause ?? ''}; ${datasetWords(target.dataset)}`;
    const retries = await serverRetries(target);
    if (retries)
      options.log(`capacity ${sweep.label}: the server retried ${retries} serialization failures`);
    const price = resolved.hosting?.price;
    const perUnit = costPerUnitAtPeak(price, options.peak);
    return {
      label: sweep.label,
      targetName: sweep.targetName,
      channel: options.channel,
      target: {
        kind: resolved.kind,
        url: target.url,
        serverVersion: target.preflight.serverVersion,
        ...(resolved.hosting ? { hosting: resolved.hosting.name } : {}),
      },
      workers,
      companies: options.companies,
      placement,
      dataset: target.dataset,
      ...(options.datasetName ? { datasetName: options.datasetName } : {}),
      ...(price ? { price } : {}),
      stagingLike: workers === 1,
      model: options.model,
      steps: stepResults,
      analysis,
      ...(perUnit ? { costPerUnitAtPeak: perUnit } : {}),
      ...(retries !== undefined ? { serverRetries: retries } : {}),
      ...(costs ? { costModel: costs } : {}),
      samplesFile,
      plan,
    };
  } finally {
    await target?.stop();
    await real?.restore();
  }
}
