/**
 * `odoo-load capacity`: stepped sweeps against one or more targets (and company counts), the knee,
 * the USL fit, and the sizing sentence; capacity.json and a report in reports/<run-id>/.
 */
import { type CapacityRequest, runCapacity } from '../../capacity/campaign.ts';
import { parseDbProxy } from '../../capacity/real-placement.ts';
import type { LoadModel } from '../../capacity/steps.ts';
import {
  peakOf,
  SWEEPABLE,
  type Sweepable,
  type SweptChannel,
  sharesOf,
} from '../../capacity/sweepable.ts';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { ROLES } from '../../contract/index.ts';
import { loadDatasetProfile } from '../../planning/load.ts';
import type { Placement } from '../../planning/placement.ts';
import { loadScenarioProfile } from '../../planning/plan.ts';
import { bundleScenarios } from '../../run/orchestrate.ts';
import { assertReadable } from '../../run/writable.ts';
import { ensureK6 } from '../../services/k6.ts';
import { choiceFlag, integerFlag, parseFlags } from '../flags.ts';

export const CAPACITY_HELP = `odoo-load capacity [workload] [--profile peak-hour] [--target <hosting profile|url>]…
                   [--companies 1[,5,20]] [--model closed|open] [--loads 1,2,4,8]
                   [--step-seconds 20] [--warmup-seconds 5] [--workers 2] [--products 200] [--cost-model emulator/cost-model.json]
                   [--channel api|web|mix] [--db-rtt 0,1,2] [--cpus 1,2 | --cpu-quota 1,0.5] [--people-rtt 0,50,150]
                   [--dataset demo,distributor-3-companies] [--repeat 3]
                   [--db-proxy http://127.0.0.1:8474] [--odoo-pid <pid|file>] [--postgres-pid <pid|file>]
                   [--pg-port 55432] [--odoo-log <file>] [--i-know-this-is-not-production]

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
--companies 1,5,20 seeds that many companies on the emulator (a real target: its login's first ones) and
says what each added company costs.
Each step's server time is split into SQL and Python, with the retries Odoo made on its own, from
Odoo's log: the emulator's own, or a self-hosted server's with --odoo-log <file>.
--db-rtt, --cpus and --people-rtt sweep where things are: milliseconds each query pays between Odoo
and PostgreSQL, CPUs Odoo's workers get, milliseconds of each HTTP exchange between the people and
Odoo (through a latency proxy). --cpu-quota gives the CPUs as a container's CPU limit would (a cgroup
quota of CPU time) instead of whole CPUs. The emulator spends them; a real server on this machine needs
--db-proxy (the API of the odoo-load latency-proxy Odoo reaches PostgreSQL through) and --odoo-pid
(its master, for taskset or the cgroup; --postgres-pid adds PostgreSQL's processes when they share
Odoo's CPUs). The sentence says what each millisecond and CPU costs,
and how far Odoo's rule of thumb (6 users a worker, 2 × CPUs + 1 workers) is from the measurement.
--dataset sweeps the emulator seeded from dataset profiles (profiles/datasets; a real target holds
what it holds: grow it with odoo-load grow, every sweep says what it counted at preflight).
--repeat N sweeps each configuration N times: what a company, a millisecond, a CPU or a dataset
costs is then said against the spread of the repeats (a difference inside it is noise).
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

/** A comma-separated list of names. */
function listOf(flag: string, value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === ''))
    throw new CliError(
      `--${flag}: expected a comma-separated list, got ${JSON.stringify(value)}`,
      EXIT.badInput,
    );
  return items;
}

function millisecondsFlag(flag: string, item: string): number {
  const value = Number(item);
  if (!/^\d+(\.\d+)?$/.test(item) || value > 2000)
    throw new CliError(
      `--${flag}: expected milliseconds from 0 to 2000, got ${JSON.stringify(item)}`,
      EXIT.badInput,
    );
  return value;
}

/**
 * The placement what-ifs the flags ask for: every combination of the lists given, one sweep each;
 * none given, the targets as their profiles place them.
 */
function placementsOf(values: {
  'db-rtt'?: string;
  cpus?: string;
  'cpu-quota'?: string;
  'people-rtt'?: string;
}): Partial<Placement>[] {
  if (values.cpus !== undefined && values['cpu-quota'] !== undefined)
    throw new CliError(
      '--cpus and --cpu-quota both give Odoo its CPUs: expected one of them (whole CPUs, or a quota of CPU time)',
      EXIT.badInput,
    );
  let placements: Partial<Placement>[] = [{}];
  const vary = (flag: string, raw: string | undefined, set: (ms: number) => Partial<Placement>) => {
    if (raw === undefined) return;
    const values = listFlag(flag, raw, (item) =>
      flag.startsWith('cpu') ? positiveNumber(flag, item) : millisecondsFlag(flag, item),
    );
    placements = placements.flatMap((placement) =>
      values.map((value) => ({ ...placement, ...set(value) })),
    );
  };
  vary('db-rtt', values['db-rtt'], (ms) => ({ databaseRoundTripMs: ms }));
  vary('cpus', values.cpus, (cpus) => ({ cpus }));
  vary('cpu-quota', values['cpu-quota'], (cpus) => ({ cpus, cpuQuota: true }));
  vary('people-rtt', values['people-rtt'], (ms) => ({
    people: Object.fromEntries(
      ROLES.map((role) => [role, role === 'integration' ? 0 : ms]),
    ) as Placement['people'],
  }));
  return placements;
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
  'db-rtt': { type: 'string' },
  cpus: { type: 'string' },
  'cpu-quota': { type: 'string' },
  'people-rtt': { type: 'string' },
  'db-proxy': { type: 'string' },
  dataset: { type: 'string' },
  repeat: { type: 'string', default: '1' },
  'odoo-pid': { type: 'string' },
  'postgres-pid': { type: 'string' },
  'i-know-this-is-not-production': { type: 'boolean', default: false },
} as const;

/** The workload swept, its profile, the channels swept and the peak they must hold. */
function sweptWorkload(scenarioName: string, profileFile: string, channelFlag?: string) {
  if (!(scenarioName in SWEEPABLE))
    throw new CliError(
      `capacity: expected a workload among ${Object.keys(SWEEPABLE).join(', ')}, got ${JSON.stringify(scenarioName)}`,
      EXIT.badInput,
    );
  const { scenario, profile } = loadScenarioProfile(scenarioName, profileFile);
  const sweepable = scenarioName as Sweepable;
  const shares = sharesOf(profile, sweepable);
  const available = Object.keys(SWEEPABLE[sweepable].k6) as SweptChannel[];
  const channel = choiceFlag('channel', channelFlag ?? (shares.web > 0 ? 'mix' : 'api'), [
    ...available,
    ...(available.length > 1 ? (['mix'] as const) : []),
  ]) as SweptChannel | 'mix';
  const peak = peakOf(profile, sweepable);
  if (peak.perSecond <= 0)
    throw new CliError(
      `${profileFile}: workloads: the profile has no peak rate for ${scenarioName}`,
      EXIT.badInput,
    );
  const channels = channel === 'mix' ? available : [channel];
  return { profileFile, scenario, sweepable, profile, shares, channel, channels, peak };
}

function capacityRequest(argv: string[]): CapacityRequest {
  const { values, positionals } = parseFlags(argv, CAPACITY_FLAGS, { positionals: true });
  const workload = sweptWorkload(
    positionals[0] ?? 'order-confirmation',
    values.profile,
    values.channel,
  );
  const model = choiceFlag('model', values.model, ['closed', 'open'] as const) as LoadModel;
  const odooLog = values['odoo-log'];
  if (odooLog) assertReadable('--odoo-log', odooLog);
  return {
    ...workload,
    targets: values.target?.length ? values.target : [undefined],
    companies: listFlag('companies', values.companies, (item) =>
      integerFlag('companies', item, 1, 200),
    ),
    placements: placementsOf(values),
    datasets: values.dataset
      ? listOf('dataset', values.dataset).map((name) => loadDatasetProfile(name).profile)
      : [undefined],
    repeat: integerFlag('repeat', values.repeat, 1, 20),
    realPlacement: {
      ...(values['db-proxy'] ? { dbProxy: parseDbProxy('db-proxy', values['db-proxy']) } : {}),
      ...(values['odoo-pid'] ? { odooPid: values['odoo-pid'] } : {}),
      ...(values['postgres-pid'] ? { postgresPid: values['postgres-pid'] } : {}),
    },
    model,
    loads: values.loads
      ? listFlag('loads', values.loads, (item) =>
          model === 'closed' ? integerFlag('loads', item, 1, 2000) : positiveNumber('loads', item),
        )
      : [],
    timing: {
      warmupSeconds: durationFlag('warmup-seconds', values['warmup-seconds']),
      measureSeconds: durationFlag('step-seconds', values['step-seconds']),
    },
    workers: integerFlag('workers', values.workers, 0, 1024),
    pgPort: integerFlag('pg-port', values['pg-port'], 1, 65535),
    odooLog,
    products: values.products ? integerFlag('products', values.products, 10, 100_000) : undefined,
    costModel: values['cost-model'],
    allowNonLoopback: values['i-know-this-is-not-production'],
  };
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
  try {
    const k6 = await ensureK6(log);
    await bundleScenarios();
    const { file, folder, report } = await runCapacity(request, k6, log, interrupt.signal);
    log(`capacity: results in ${folder.dir} (capacity.json, report ${report})`);
    console.log(file.sentence);
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
