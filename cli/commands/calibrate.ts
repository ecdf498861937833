/**
 * `odoo-load calibrate --odoo-log <file> [--run <run-id> …]`: a cost model for the emulator fitted to
 * what the user's own server spent, from its log, so what-ifs (more workers, more companies, another
 * channel mix, a farther database) cost what that server costs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { withBusyWorkers } from '../../calibrate/busy-workers.ts';
import { costFileOf, fitCalls, UNKNOWN_MACHINE } from '../../calibrate/fit.ts';
import { fitRoundTrips } from '../../calibrate/round-trips.ts';
import type { CapacityFile } from '../../capacity/capacity-file.ts';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import type { CalibratedCostFile } from '../../emulator/cost-model.ts';
import { type LoggedRequest, loggedRequests } from '../../judge/server-log.ts';
import { hostingProfileSchema } from '../../planning/hosting-schema.ts';
import { placementOf } from '../../planning/placement.ts';
import { assertReadable } from '../../run/writable.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { parseFlags } from '../flags.ts';

export const CALIBRATE_HELP = `odoo-load calibrate --odoo-log <file> [--run <run-id> …] [--name <name>] [--out <file>]

Fits the emulator's cost model to your own server: reads Odoo's log (log_level info, so every request
has its werkzeug line with queries, SQL and other seconds) over the measured windows of --run (a
capacity sweep or a run made against that server; without it, the whole log), and writes per call
(model.method or route, API and web client alike) the server's time with one worker busy, its
queries and SQL share, and how its time grew with each other busy worker, Odoo's retries of
serialization failures and their sleeps included. Calls the log did not see take the packaged
model's time scaled to your server. Then ask the emulator what-ifs that cost what your server costs:
  odoo-load capacity --cost-model cost-models/<name>.json --workers 8
Runs whose server reached its database at several distances (capacity --db-rtt 0,1,2 through
--db-proxy; --run may be given more than once) also measure each call's database round trips, what a
farther database costs it; the times are fitted on the nearest distance's windows.
Writes cost-models/<name>.json (--out to choose).`;

const PACKAGED_MODEL = 'emulator/cost-model.json';

interface Window {
  from: number;
  to: number;
  /** Where the server's database was while the window ran. */
  databaseRoundTripMs: number;
  /** Users at once (a capacity step's load); a plain run's window has none. */
  load?: number;
}

/**
 * Steps up to one user past the workers: the server's time as its workers share it. Beyond, more
 * users only queue; a server whose load generator shares its CPUs (a test box) slows there for the
 * generator's sake, which is no growth of the server's own and would make every what-if pessimistic.
 */
function withinKnee(load: number, sweep: CapacityFile['sweeps'][number]): boolean {
  return sweep.model !== 'closed' || sweep.workers <= 0 || load <= sweep.workers + 1;
}

/** Where a run's server was: its sweep's placement, or its hosting profile's; unknown without either. */
function measuredOnOf(
  capacity: CapacityFile | undefined,
  hosting: unknown,
): CalibratedCostFile['measuredOn'] {
  const placement =
    capacity?.sweeps[0]?.placement ??
    (hostingProfileSchema.safeParse(hosting).success
      ? placementOf(hostingProfileSchema.parse(hosting))
      : undefined);
  return placement
    ? {
        cpus: placement.cpus,
        databaseSharesCpus: placement.databaseSharesCpus,
        databaseRoundTripMs: placement.databaseRoundTripMs,
      }
    : UNKNOWN_MACHINE;
}

/** The measured windows of a capacity sweep (warm-ups left out), or a run from start to end. */
function windowsOf(folder: RunFolder): {
  windows: Window[];
  server?: { url: string; version: string };
  measuredOn: CalibratedCostFile['measuredOn'];
} {
  const record = folder.run();
  const server =
    record?.target.kind === 'remote'
      ? { url: record.target.url, version: record.target.serverVersion }
      : undefined;
  const capacity = folder.read<CapacityFile>('capacity');
  const measuredOn = measuredOnOf(capacity, record?.hosting);
  if (capacity)
    return {
      windows: capacity.sweeps.flatMap((sweep) =>
        sweep.steps
          .filter((step) => withinKnee(step.load, sweep))
          .map((step) => ({
            ...step.window,
            databaseRoundTripMs: sweep.placement?.databaseRoundTripMs ?? 0,
            load: step.load,
          })),
      ),
      server,
      measuredOn,
    };
  if (record?.ending)
    return {
      windows: [
        {
          from: Date.parse(record.startedAt),
          to: Date.parse(record.ending.endedAt),
          databaseRoundTripMs: measuredOn.databaseRoundTripMs,
        },
      ],
      server,
      measuredOn,
    };
  throw new CliError(
    `--run ${folder.runId}: the run has not ended (no capacity.json, no ending in run.json)`,
    EXIT.badInput,
  );
}

/** The log's requests, each with the window it ended in (none when no window was asked for). */
async function requestsIn(
  file: string,
  windows: Window[],
): Promise<{ request: LoggedRequest; window?: Window }[]> {
  const span = windows.length
    ? { start: Math.min(...windows.map((w) => w.from)), end: Math.max(...windows.map((w) => w.to)) }
    : { start: 0, end: Number.POSITIVE_INFINITY };
  const found: { request: LoggedRequest; window?: Window }[] = [];
  for await (const request of loggedRequests(file, span)) {
    if (!windows.length) found.push({ request });
    const window = windows.find((w) => request.end >= w.from && request.end <= w.to);
    if (window) found.push({ request, window });
  }
  return found;
}

/** A call's time alone is measured where the database was nearest; its round trips, at every distance. */
function splitByDistance(found: { request: LoggedRequest; window?: Window }[]) {
  const nearest = Math.min(...found.map(({ window }) => window?.databaseRoundTripMs ?? 0));
  const atNearest = found
    .filter(({ window }) => (window?.databaseRoundTripMs ?? 0) === nearest)
    .map(({ request }) => request);
  // One user at a time: a request's growth with distance is its round trips, not a queue's.
  const distances = new Set(found.map(({ window }) => window?.databaseRoundTripMs ?? 0));
  const roundTrips =
    distances.size < 2
      ? new Map<string, number>()
      : fitRoundTrips(
          found
            .filter(({ window }) => window && (window.load ?? 1) === 1)
            .map(({ request, window }) => ({
              call: request.call,
              ms: (request.sqlSeconds + request.pythonSeconds) * 1000,
              databaseRoundTripMs: window!.databaseRoundTripMs,
            })),
        );
  return { nearest, atNearest, roundTrips, distances: [...distances].sort((a, b) => a - b) };
}

export async function calibrateCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    'odoo-log': { type: 'string' },
    run: { type: 'string', multiple: true },
    name: { type: 'string' },
    out: { type: 'string' },
  });
  const logFile = values['odoo-log'];
  if (!logFile)
    throw new CliError(
      '--odoo-log: expected the log of the server to calibrate from (Odoo with log_level info)',
      EXIT.badInput,
    );
  assertReadable('--odoo-log', logFile);
  const name = values.name ?? `calibrated-${new Date().toISOString().slice(0, 10)}`;
  if (!/^[\w.-]{1,80}$/.test(name))
    throw new CliError(
      `--name: expected letters, digits, '.', '-' or '_' (at most 80), got ${JSON.stringify(name)}`,
      EXIT.badInput,
    );
  const runs = (values.run ?? []).map((id) => windowsOf(RunFolder.open(id, '--run')));
  const windows = runs.flatMap((run) => run.windows);
  const found = await requestsIn(logFile, windows);
  if (found.length === 0)
    throw new CliError(
      `--odoo-log ${logFile}: no request lines${runs.length ? ` in the windows of --run ${values.run!.join(', ')}` : ''} (Odoo logs them at log_level info, as "werkzeug: … <queries> <sql s> <other s>")`,
      EXIT.badInput,
    );
  const { nearest, atNearest: requests, roundTrips, distances } = splitByDistance(found);
  // Where the times were measured: the run whose database was nearest.
  const base = runs.find((run) => run.windows.some((w) => w.databaseRoundTripMs === nearest));
  const server = base?.server ?? runs[0]?.server;
  const measuredOn = base
    ? { ...base.measuredOn, databaseRoundTripMs: nearest }
    : (runs[0]?.measuredOn ?? UNKNOWN_MACHINE);
  const fitted = fitCalls(withBusyWorkers(requests));
  const ends = requests.map((request) => request.end);
  const reference = JSON.parse(readFileSync(PACKAGED_MODEL, 'utf8')) as CalibratedCostFile;
  const file = costFileOf(
    fitted,
    reference,
    {
      name,
      log: basename(logFile),
      window: {
        from: new Date(Math.min(...ends)).toISOString(),
        to: new Date(Math.max(...ends)).toISOString(),
      },
      ...(server ? { server } : {}),
      calibratedAt: new Date().toISOString(),
      requests: requests.length,
      retries: requests.reduce((sum, request) => sum + request.retries, 0),
      retrySleepSeconds: round2(requests.reduce((sum, r) => sum + r.retrySleepSeconds, 0)),
    },
    measuredOn,
    roundTrips,
  );
  const out = values.out ?? `cost-models/${name}.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
  for (const line of summaryOf(file, fitted.calls.length, { distances, roundTrips }))
    console.error(`odoo-load: ${line}`);
  console.log(out);
  return EXIT.ok;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** What the runs at several distances measured of the calls' round trips, against their queries. */
function roundTripLines(
  file: CalibratedCostFile,
  distances: number[],
  roundTrips: Map<string, number>,
): string[] {
  if (distances.length < 2) return [];
  if (!roundTrips.size)
    return [
      `  the database was ${distances.join(', ')} ms away, but no call was seen by one user at a time at two of them: round trips not measured`,
    ];
  const trips = [...roundTrips.values()].reduce((sum, value) => sum + value, 0);
  const queries = [...roundTrips.keys()].reduce(
    (sum, call) => sum + (file.sql?.methods[call]?.queries ?? 0),
    0,
  );
  return [
    `  database round trips measured at ${distances.join(', ')} ms for ${roundTrips.size} call${roundTrips.size === 1 ? '' : 's'}: ${round2(trips / Math.max(1, queries))} per query Odoo counted (${Math.round(trips)} for ${queries} queries)`,
  ];
}

function summaryOf(
  file: CalibratedCostFile,
  calls: number,
  measured: { distances: number[]; roundTrips: Map<string, number> },
): string[] {
  const { calibration: c, growth } = file;
  // JSON-RPC and XML-RPC carry the model and method in the body, which Odoo's log does not show.
  const anonymous = ['/jsonrpc', '/xmlrpc/2/object', '/xmlrpc/object'].filter((route) =>
    Object.hasOwn(file.sql?.methods ?? {}, route),
  );
  const top = Object.entries(growth.methods)
    .map(([call, g]) => `${call} ${file.methods[call]} ms +${Math.round(g * 100)} %`)
    .slice(0, 5);
  return [
    `calibrate ${c.name}: ${c.requests.toLocaleString('en')} requests of ${calls} calls, ${c.window.from} to ${c.window.to}${c.server ? ` (${c.server.url}, Odoo ${c.server.version || '?'})` : ''}`,
    `  up to ${growth.measuredUpTo} busy worker${growth.measuredUpTo === 1 ? '' : 's'} seen; each other busy worker added ${Math.round(growth.default * 100)} % to a call (SQL +${Math.round(growth.sql * 100)} %, Python +${Math.round(growth.python * 100)} %)`,
    `  ${c.retries} serialization failures retried, ${c.retrySleepSeconds} s slept on them (in the growth: the emulator's own conflicts then retry at once)`,
    `  measured on ${file.measuredOn.cpus > 0 ? `${file.measuredOn.cpus} CPU${file.measuredOn.cpus > 1 ? 's' : ''}${file.measuredOn.databaseSharesCpus ? ' shared with PostgreSQL' : ''}` : 'CPUs not said (name a hosting profile with cpu in the run, or what-ifs of CPUs assume none were short)'}, database ${file.measuredOn.databaseRoundTripMs} ms away: what-ifs of placement spend the difference`,
    ...(top.length ? [`  calls with their own growth: ${top.join('; ')}`] : []),
    ...roundTripLines(file, measured.distances, measured.roundTrips),
    `  against the packaged model (${PACKAGED_MODEL}): × ${c.referenceScale} on the calls both know`,
    ...(anonymous.length
      ? [
          `  ${anonymous.join(', ')} name no model method in the log: those calls cost the packaged times × ${c.referenceScale}; calibrate from a run with --auth session (the default) to measure them`,
        ]
      : []),
  ];
}
