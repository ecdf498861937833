/**
 * `odoo-load capacity`: stepped sweeps against one or more targets (and company counts), the knee,
 * the USL fit, and the sizing sentence; capacity.json and a report in reports/<run-id>/.
 */
import { readFileSync } from 'node:fs';
import type { Peak } from '../../capacity/analysis.ts';
import {
  type CapacityFile,
  companyCostOf,
  mixesOf,
  type SweepResult,
} from '../../capacity/capacity-file.ts';
import { capacityCharts, capacityHtml } from '../../capacity/report.ts';
import type { LoadModel, StepTiming } from '../../capacity/steps.ts';
import { runSweep } from '../../capacity/sweep.ts';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import {
  K6_SCENARIOS,
  type K6ScenarioName,
  type RunRecord,
  type ScenarioFile,
} from '../../contract/index.ts';
import { compileLoadProfile } from '../../planning/compile.ts';
import { loadScenarioProfile } from '../../planning/plan.ts';
import type { LoadProfile } from '../../planning/schema.ts';
import { renderPage } from '../../report/html.ts';
import { bundleScenarios } from '../../run/orchestrate.ts';
import { assertReadable } from '../../run/writable.ts';
import { ensureK6 } from '../../services/k6.ts';
import { newRunId, RunFolder } from '../../store/run-folder.ts';
import { choiceFlag, integerFlag, parseFlags } from '../flags.ts';

/**
 * The workloads a sweep can drive, the k6 scenario it measures per channel, the profile workload
 * whose channel shares set the mix, and the SLO that judges it.
 */
const SWEEPABLE = {
  'order-confirmation': {
    k6: { api: 'order_confirmation', web: 'order_entry_web' },
    workload: 'orderConfirmation',
    slo: 'orderConfirmP95Ms',
  },
  'reservation-contention': {
    k6: { api: 'reservation_contention' },
    workload: 'reservationContention',
    slo: 'orderConfirmP95Ms',
  },
  'month-end-close': {
    k6: { api: 'month_end_posting', web: 'invoice_entry_web' },
    workload: 'monthEndClose',
    slo: 'postingP95Ms',
  },
  // Order confirmation stepped while the rest of the peak-day mix runs at its peak rates.
  'peak-day': {
    k6: { api: 'order_confirmation', web: 'order_entry_web' },
    workload: 'orderConfirmation',
    slo: 'orderConfirmP95Ms',
  },
} as const satisfies Partial<
  Record<
    ScenarioFile,
    {
      k6: Partial<Record<'api' | 'web', K6ScenarioName>>;
      workload: 'orderConfirmation' | 'reservationContention' | 'monthEndClose';
      slo: keyof LoadProfile['slo'];
    }
  >
>;
type Sweepable = keyof typeof SWEEPABLE;
type SweptChannel = 'api' | 'web';

/** The profile's shares of the swept workload by channel (all by API when it has none). */
function sharesOf(profile: LoadProfile, scenario: Sweepable): Record<SweptChannel, number> {
  const workload = profile.workloads[SWEEPABLE[scenario].workload] as
    | { channels?: Partial<Record<SweptChannel, number>> }
    | undefined;
  return { api: workload?.channels?.api ?? 1, web: workload?.channels?.web ?? 0 };
}

/**
 * The profile as one channel's sweep runs it: all of the swept workload by that channel, and
 * people without pauses (a closed-model user works back to back, as the API channel's does). In
 * the web client each of `users` is a person of their own, logged in before the first step.
 */
function profileFor(
  profile: LoadProfile,
  scenario: Sweepable,
  channel: SweptChannel,
  users: number,
): LoadProfile {
  const swept = structuredClone(profile);
  if (channel === 'web')
    swept.people = {
      ...swept.people,
      salesReps: Math.max(swept.people.salesReps, users),
      accountants: Math.max(swept.people.accountants, users),
    };
  const workload = swept.workloads[SWEEPABLE[scenario].workload] as
    | { channels?: Record<string, number> }
    | undefined;
  if (workload?.channels)
    workload.channels = Object.fromEntries(
      Object.keys(workload.channels).map((name) => [name, name === channel ? 1 : 0]),
    );
  swept.people = { ...swept.people, thinkSeconds: { min: 0, max: 0 } };
  return swept;
}

export const CAPACITY_HELP = `odoo-load capacity [workload] [--profile peak-hour] [--target <hosting profile|url>]…
                   [--companies 1[,5,20]] [--model closed|open] [--loads 1,2,4,8]
                   [--step-seconds 20] [--warmup-seconds 5] [--workers 2] [--products 200] [--cost-model emulator/cost-model.json]
                   [--channel api|web|mix] [--pg-port 55432] [--odoo-log <file>] [--i-know-this-is-not-production]

Raises the load on ${Object.keys(SWEEPABLE).join(', ')} (default order-confirmation) step by step
(peak-day steps order confirmation while the rest of the profile's mix runs at its peak rates),
each step measured after an unmeasured warm-up: concurrent users back to back (closed model, default)
or arrivals per second (open model). Per step: throughput, p50/p95/p99, errors by kind, work in
flight (Little's law), dropped iterations. Then the knee (p50 doubled; throughput flat while work in
flight grows), a Universal Scalability Law fit, and one sentence: how many workers hold the
profile's peak at its p95 SLO with 30 % headroom.

--channel sweeps the workload as it arrives by one channel: api (calls of an integration), web (a
person in Odoo's own web client, sending what it sends), or mix (default when the profile keys some
of the workload in the web client): both swept, and the profile's shares sized together, the sentence
naming the mix it assumed.

--target may be given several times (hosting profiles are emulated locally unless they name a url):
the sweeps are compared side by side, with the cost per unit where a profile names a monthly price.
--companies 1,5,20 seeds that many companies on the emulator and says what each added company costs.
Each step's server time is split into SQL and Python, with the retries Odoo made on its own, from
Odoo's log: the emulator's own, or a self-hosted server's with --odoo-log <file>.
Writes reports/<run-id>/capacity.json and report.html.`;

const durationFlag = (flag: string, value: string) => integerFlag(flag, value, 1, 3600);

function listFlag(flag: string, value: string, parse: (item: string) => number): number[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === ''))
    throw new CliError(
      `--${flag}: expected a comma-separated list, got ${JSON.stringify(value)}`,
      EXIT.badInput,
    );
  return items.map(parse);
}

function positiveNumber(flag: string, item: string): number {
  const value = Number(item);
  if (!/^\d+(\.\d+)?$/.test(item) || value <= 0 || value > 100_000)
    throw new CliError(
      `--${flag}: expected numbers above 0 (at most 100000), got ${JSON.stringify(item)}`,
      EXIT.badInput,
    );
  return value;
}

/** The peak the profile asks of the workload, by every channel together, in units per second. */
function peakOf(profile: LoadProfile, scenario: Sweepable): Peak {
  const { k6, slo } = SWEEPABLE[scenario];
  const scenarios = compileLoadProfile(profile, scenario).options.scenarios;
  let perSecond = 0;
  for (const name of Object.values(k6) as K6ScenarioName[]) {
    const compiled = scenarios[name] as
      | { rate?: number; timeUnit?: string; stages?: { target: number }[] }
      | undefined;
    const seconds = { '1h': 3600, '1m': 60, '1s': 1 }[compiled?.timeUnit ?? '1s'] ?? 1;
    perSecond +=
      Math.max(compiled?.rate ?? 0, ...(compiled?.stages ?? []).map((s) => s.target)) / seconds;
  }
  const spec = K6_SCENARIOS[k6.api];
  return {
    perSecond,
    unit: spec.unit,
    per: spec.per,
    profile: profile.name,
    sloMs: profile.slo[slo] as number,
  };
}

const CAPACITY_FLAGS = {
  profile: { type: 'string', default: 'peak-hour' },
  target: { type: 'string', multiple: true },
  companies: { type: 'string', default: '1' },
  model: { type: 'string', default: 'closed' },
  loads: { type: 'string' },
  'step-seconds': { type: 'string', default: '20' },
  'warmup-seconds': { type: 'string', default: '5' },
  workers: { type: 'string', default: '2' },
  products: { type: 'string' },
  'cost-model': { type: 'string', default: 'emulator/cost-model.json' },
  'pg-port': { type: 'string', default: '55432' },
  'odoo-log': { type: 'string' },
  channel: { type: 'string' },
  'i-know-this-is-not-production': { type: 'boolean', default: false },
} as const;

/** What the flags ask for, every value checked. */
interface CapacityRequest {
  profileFile: string;
  scenario: ScenarioFile;
  sweepable: Sweepable;
  profile: LoadProfile;
  targets: (string | undefined)[];
  companies: number[];
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

function capacityRequest(argv: string[]): CapacityRequest {
  const { values, positionals } = parseFlags(argv, CAPACITY_FLAGS, { positionals: true });
  const scenarioName = positionals[0] ?? 'order-confirmation';
  if (!(scenarioName in SWEEPABLE))
    throw new CliError(
      `capacity: expected a workload among ${Object.keys(SWEEPABLE).join(', ')}, got ${JSON.stringify(scenarioName)}`,
      EXIT.badInput,
    );
  const model = choiceFlag('model', values.model, ['closed', 'open'] as const) as LoadModel;
  const companies = listFlag('companies', values.companies, (item) =>
    integerFlag('companies', item, 1, 200),
  );
  const loads = values.loads
    ? listFlag('loads', values.loads, (item) =>
        model === 'closed' ? integerFlag('loads', item, 1, 2000) : positiveNumber('loads', item),
      )
    : [];
  const timing = {
    warmupSeconds: durationFlag('warmup-seconds', values['warmup-seconds']),
    measureSeconds: durationFlag('step-seconds', values['step-seconds']),
  };
  const workers = integerFlag('workers', values.workers, 0, 1024);
  const pgPort = integerFlag('pg-port', values['pg-port'], 1, 65535);
  const odooLog = values['odoo-log'];
  if (odooLog) assertReadable('--odoo-log', odooLog);
  const { scenario, profile } = loadScenarioProfile(scenarioName, values.profile);
  const sweepable = scenarioName as Sweepable;
  const shares = sharesOf(profile, sweepable);
  const available = Object.keys(SWEEPABLE[sweepable].k6) as SweptChannel[];
  const channel = choiceFlag('channel', values.channel ?? (shares.web > 0 ? 'mix' : 'api'), [
    ...available,
    ...(available.length > 1 ? (['mix'] as const) : []),
  ]) as SweptChannel | 'mix';
  const peak = peakOf(profile, sweepable);
  if (peak.perSecond <= 0)
    throw new CliError(
      `${values.profile}: workloads: the profile has no peak rate for ${scenarioName}`,
      EXIT.badInput,
    );
  return {
    profileFile: values.profile,
    scenario,
    sweepable,
    profile,
    targets: values.target?.length ? values.target : [undefined],
    companies,
    model,
    loads,
    timing,
    workers,
    pgPort,
    odooLog,
    products: values.products ? integerFlag('products', values.products, 10, 100_000) : undefined,
    costModel: values['cost-model'],
    allowNonLoopback: values['i-know-this-is-not-production'],
    channel,
    channels: channel === 'mix' ? available : [channel],
    shares,
    peak,
  };
}

/** Every target × company count × channel, one sweep each, until done or interrupted. */
async function runSweeps(
  request: CapacityRequest,
  k6: string,
  folder: RunFolder,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<SweepResult[]> {
  const sweeps: SweepResult[] = [];
  const { model, loads, sweepable } = request;
  for (const target of request.targets)
    for (const companyCount of request.companies)
      for (const swept of request.channels) {
        if (signal.aborted) break;
        const sweep = await runSweep({
          index: sweeps.length,
          scenario: request.scenario,
          k6Scenario: SWEEPABLE[sweepable].k6[swept as 'api']!,
          channel: swept,
          profile: profileFor(
            request.profile,
            sweepable,
            swept,
            model === 'closed' ? Math.max(...loads) : 0,
          ),
          target,
          companies: companyCount,
          model,
          loads,
          timing: request.timing,
          peak: request.peak,
          costModel: request.costModel,
          workers: request.workers,
          allowNonLoopback: request.allowNonLoopback,
          pgPort: request.pgPort,
          odooLog: request.odooLog,
          seed: request.products ? { products: request.products } : {},
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

/** capacity.json: the sweeps without their samples, the mixes sized, and each company's cost. */
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
  return {
    runId,
    sentence: mixes[0]?.sentence ?? sweeps[0]!.analysis.sizing.sentence,
    scenario: request.scenario,
    model: request.model,
    peak,
    timing: request.timing,
    sweeps: sweepsKept,
    mixes,
    companyCost,
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
    notes: sweeps
      .filter((sweep) => sweep.stagingLike)
      .map(
        (sweep) =>
          `${sweep.label} has one worker: a staging-like shape; sizing from it says nothing about production.`,
      ),
    runs: [],
    extra: { html: capacityHtml(file), charts: capacityCharts(file) },
  });
}

export async function capacityCommand(argv: string[]): Promise<number> {
  const request = capacityRequest(argv);
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const interrupt = new AbortController();
  const onSignal = () => {
    log('stopping: the steps measured so far are kept');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  const k6 = await ensureK6(log);
  await bundleScenarios();
  const runId = newRunId();
  const folder = RunFolder.create(runId);
  let sweeps: SweepResult[];
  try {
    sweeps = await runSweeps(request, k6.path, folder, log, interrupt.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
  if (sweeps.length === 0)
    throw new CliError('capacity: no sweep finished; nothing to report', EXIT.interrupted);
  const file = capacityFileOf(request, runId, sweeps, log);
  folder.write('capacity', file);
  folder.write('run', capacityRecord(request, runId, sweeps[0]!, k6));
  const report = folder.write('report', capacityReport(request, file, sweeps));
  log(`capacity: results in ${folder.dir} (capacity.json, report ${report})`);
  console.log(file.sentence);
  return EXIT.ok;
}
