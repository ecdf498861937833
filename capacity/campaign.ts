/**
 * A capacity run: every target × company count × placement × channel swept, one sweep each, until
 * done or interrupted; then the mixes sized, what each company and each placement term costs, and
 * capacity.json, run.json and report.html in the run folder.
 */
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { isK6Scenario, type RunRecord, type ScenarioFile } from '../contract/index.ts';
import { compileLoadProfile } from '../planning/compile.ts';
import { type DatasetProfile, seedShapeOf } from '../planning/dataset-schema.ts';
import type { Placement } from '../planning/placement.ts';
import { operatorCount, peopleOf } from '../planning/plan.ts';
import type { LoadProfile } from '../planning/schema.ts';
import { renderPage } from '../report/html.ts';
import { cancelRunDeliveries } from '../run/cancel-deliveries.ts';
import { preflight } from '../run/preflight.ts';
import type { RemoteTarget } from '../run/target.ts';
import { newRunId, RunFolder } from '../store/run-folder.ts';
import type { Peak } from './analysis.ts';
import { type CapacityFile, mixesOf, type SweepResult } from './capacity-file.ts';
import {
  companyCostOf,
  datasetCostOf,
  placementCostOf,
  ruleOfThumbClause,
} from './placement-cost.ts';
import { assertRealPlacement, type RealPlacement } from './real-placement.ts';
import { capacityCharts, capacityHtml } from './report.ts';
import type { LoadModel, StepTiming } from './steps.ts';
import { runSweep, sweepTarget } from './sweep.ts';
import { k6ScenarioOf, profileFor, type Sweepable, type SweptChannel } from './sweepable.ts';

/** What a capacity run asks for, every value checked. */
export interface CapacityRequest {
  profileFile: string;
  scenario: ScenarioFile;
  sweepable: Sweepable;
  profile: LoadProfile;
  targets: (string | undefined)[];
  companies: number[];
  /** What-ifs of where things are, one sweep each ([{}]: the targets as they are). */
  placements: Partial<Placement>[];
  /** Dataset profiles the emulator is seeded from, one sweep each ([undefined]: its default seed). */
  datasets: (DatasetProfile | undefined)[];
  /** Sweeps of each configuration, so a difference can be told from noise. */
  repeat: number;
  realPlacement?: RealPlacement;
  model: LoadModel;
  loads: number[];
  timing: StepTiming;
  workers: number;
  pgPort: number;
  odooLog?: string;
  products?: number;
  costModel: string;
  allowNonLoopback: boolean;
  channel: SweptChannel | 'mix';
  channels: SweptChannel[];
  shares: Record<SweptChannel, number>;
  peak: Peak;
}

export interface CapacityOutcome {
  file: CapacityFile;
  folder: RunFolder;
  report: string;
}

interface Configuration {
  target: string | undefined;
  companies: number;
  placement: Partial<Placement>;
  dataset: DatasetProfile | undefined;
  channel: SweptChannel;
}

/** Every target × company count × dataset × placement × repeat × channel, in that order. */
function configurationsOf(request: CapacityRequest): Configuration[] {
  const all: Configuration[] = [];
  for (const target of request.targets)
    for (const companies of request.companies)
      for (const dataset of request.datasets)
        for (const placement of request.placements)
          for (let repeat = 0; repeat < request.repeat; repeat++)
            for (const channel of request.channels)
              all.push({ target, companies, placement, dataset, channel });
  return all;
}

/** What the emulator is seeded with: a dataset profile's sizes, or the --products flag. */
function seedOf(request: CapacityRequest, dataset: DatasetProfile | undefined) {
  if (!dataset) return request.products ? { products: request.products } : {};
  return seedShapeOf(dataset);
}

/** Every configuration, one sweep each, until done or interrupted. */
async function runSweeps(
  request: CapacityRequest,
  k6: string,
  folder: RunFolder,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<SweepResult[]> {
  const sweeps: SweepResult[] = [];
  const { model, loads, sweepable } = request;
  for (const configuration of configurationsOf(request)) {
    if (signal.aborted) break;
    const sweep = await runSweep({
      index: sweeps.length,
      scenario: request.scenario,
      k6Scenario: k6ScenarioOf(sweepable, configuration.channel),
      channel: configuration.channel,
      profile: profileFor(
        request.profile,
        sweepable,
        configuration.channel,
        model === 'closed' ? Math.max(...loads) : 0,
      ),
      target: configuration.target,
      companies: configuration.dataset?.companies ?? configuration.companies,
      placement: configuration.placement,
      ...(configuration.dataset ? { datasetName: configuration.dataset.name } : {}),
      realPlacement: request.realPlacement,
      model,
      loads,
      timing: request.timing,
      peak: request.peak,
      costModel: request.costModel,
      workers: request.workers,
      allowNonLoopback: request.allowNonLoopback,
      pgPort: request.pgPort,
      odooLog: request.odooLog,
      seed: seedOf(request, configuration.dataset),
      k6,
      folder,
      log,
      signal,
    });
    sweeps.push(sweep);
    log(`capacity ${sweep.label}: ${sweep.analysis.sizing.sentence}`);
  }
  return sweeps;
}

/** The people at work at the profile's peak (Odoo's rule of thumb counts concurrent users). */
function peopleAtPeak(request: CapacityRequest): number {
  const { profile, scenario } = request;
  const scenarios = Object.keys(compileLoadProfile(profile, scenario).options.scenarios).filter(
    isK6Scenario,
  );
  const operators = Array.from({ length: operatorCount(profile, scenario) }, () => 'operator');
  return peopleOf(profile, 'login', operators, scenarios).people.length;
}

/** capacity.json: the sweeps without their samples, the mixes sized, each company's and placement's cost. */
function capacityFileOf(
  request: CapacityRequest,
  runId: string,
  sweeps: SweepResult[],
  log: (line: string) => void,
): CapacityFile {
  const { peak } = request;
  const mixes = request.channel === 'mix' ? mixesOf(sweeps, request.shares, peak) : [];
  for (const mix of mixes) log(`capacity ${mix.label}: ${mix.sentence}`);
  const sweepsKept = sweeps.map(({ samplesFile: _samples, plan: _plan, ...sweep }) => sweep);
  const companyCost = companyCostOf(sweepsKept, peak);
  for (const line of companyCost) log(`capacity: ${line}`);
  const placementCost = [...placementCostOf(sweepsKept, peak), ...datasetCostOf(sweepsKept, peak)];
  for (const line of placementCost) log(`capacity: ${line}`);
  const first = mixes[0] ?? sweeps[0]!.analysis.sizing;
  const sentence =
    (mixes[0]?.sentence ?? sweeps[0]!.analysis.sizing.sentence) +
    ruleOfThumbClause(peopleAtPeak(request), first.workersNeeded);
  return {
    runId,
    sentence,
    scenario: request.scenario,
    model: request.model,
    peak,
    timing: request.timing,
    sweeps: sweepsKept,
    mixes,
    companyCost,
    placementCost,
  };
}

function capacityRecord(
  request: CapacityRequest,
  runId: string,
  first: SweepResult,
  k6: { version: string; source: string },
): RunRecord {
  return {
    runId,
    scenario: `capacity ${request.scenario}`,
    startedAt: new Date().toISOString(),
    profile: { file: request.profileFile, resolved: request.profile },
    target: {
      ...first.plan.target,
      kind: first.target.kind,
      serverVersion: first.target.serverVersion ?? '',
    },
    k6: { version: k6.version, source: k6.source },
    suite: { version: JSON.parse(readFileSync('package.json', 'utf8')).version },
    instances: 1,
    plan: first.plan,
  };
}

function capacityReport(request: CapacityRequest, file: CapacityFile, sweeps: SweepResult[]) {
  const { timing, peak } = request;
  return renderPage({
    title: `Capacity: ${request.scenario} against ${sweeps.map((sweep) => sweep.label).join(' · ')}`,
    subtitle: `run ${file.runId} · ${request.model} model · ${sweeps[0]!.steps.length} steps of ${timing.warmupSeconds} + ${timing.measureSeconds} s · profile ${request.profile.name}`,
    status: sweeps[0]!.analysis.sizing.holdsPeak ? 'pass' : 'fail',
    headline: file.sentence,
    keyFigures: [],
    criteria: sweeps.map((sweep) => ({
      group: 'capacity',
      status: sweep.analysis.sizing.holdsPeak ? 'pass' : 'fail',
      criterion: `${sweep.label}: holds the peak at p95 < ${peak.sloMs} ms with 30 % headroom`,
      evidence: sweep.analysis.sizing.sentence,
    })),
    timeline: [],
    skipped: [],
    notes: [
      ...sweeps
        .filter((sweep) => sweep.stagingLike)
        .map(
          (sweep) =>
            `${sweep.label} has one worker: a staging-like shape; sizing from it says nothing about production.`,
        ),
      ...file.companyCost,
      ...(file.placementCost ?? []),
    ],
    runs: [],
    extra: { html: capacityHtml(file), charts: capacityCharts(file) },
  });
}

/**
 * A real target sweeps its login's first companies (`--companies 1,3`): the most asked must be
 * there before the first sweep starts, not found missing after an hour of sweeps.
 */
async function assertCompanies(remote: RemoteTarget, most: number): Promise<void> {
  if (most <= 1) return;
  const login = await preflight({ ...remote, auth: 'session' }, remote.password);
  if (login.companyIds.length < most)
    throw new CliError(
      `--companies ${most}: ${remote.login} has ${login.companyIds.length} compan${login.companyIds.length === 1 ? 'y' : 'ies'} at ${remote.url}; grow the database (odoo-load grow --dataset …) or sweep at most ${login.companyIds.length}`,
      EXIT.badInput,
    );
}

/**
 * A real target's deliveries the sweeps left open are cancelled, as a run's are
 * (run/cancel-deliveries.ts): thousands of orders confirmed in minutes would keep stock reserved for good.
 */
async function cancelSweepDeliveries(
  request: CapacityRequest,
  runId: string,
  log: (line: string) => void,
) {
  for (const target of request.targets) {
    const { resolved } = sweepTarget({ ...request, target, companies: 1 });
    if (resolved.kind !== 'remote') continue;
    const { remote } = resolved;
    try {
      await cancelRunDeliveries(
        { ...remote, auth: 'session' },
        remote.password,
        runId,
        undefined,
        log,
      );
    } catch (error) {
      log(
        `capacity: the sweeps' open deliveries at ${remote.url} were not cancelled: ${(error as Error).message}`,
      );
    }
  }
}

/** The whole capacity run; the sweeps measured so far are kept when `signal` aborts it. */
export async function runCapacity(
  request: CapacityRequest,
  k6: { path: string; version: string; source: string },
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<CapacityOutcome> {
  for (const target of request.targets) {
    const { resolved } = sweepTarget({ ...request, target, companies: 1 });
    if (resolved.kind !== 'remote') continue;
    for (const placement of request.placements)
      assertRealPlacement(request.realPlacement, placement);
    if (request.datasets.some(Boolean))
      throw new CliError(
        '--dataset: a real target holds what it holds; grow it to a dataset profile with odoo-load grow (each sweep counts what it holds at preflight)',
        EXIT.badInput,
      );
    await assertCompanies(resolved.remote, Math.max(...request.companies));
  }
  const runId = newRunId();
  const folder = RunFolder.create(runId);
  const sweeps = await runSweeps(request, k6.path, folder, log, signal);
  await cancelSweepDeliveries(request, runId, log);
  if (sweeps.length === 0)
    throw new CliError('capacity: no sweep finished; nothing to report', EXIT.interrupted);
  const file = capacityFileOf(request, runId, sweeps, log);
  folder.write('capacity', file);
  folder.write('run', capacityRecord(request, runId, sweeps[0]!, k6));
  const report = folder.write('report', capacityReport(request, file, sweeps));
  return { file, folder, report };
}
