/** `odoo-load run <scenario>`: preflight, k6, audit, report; against the emulator or ODOO_URL. */
import { calibratedVersionOf } from '../../calibrate/what-if.ts';
import { CliError, EXIT, EXIT_MEANINGS } from '../../contract/exit-codes.ts';
import { AUTH_MODES, SCENARIO_FILES } from '../../contract/index.ts';
import { SEED_DEFAULTS } from '../../emulator/seed/seed.ts';
import { runScenario } from '../../run/orchestrate.ts';
import { choiceFlag, integerFlag, parseFlags, shareFlag } from '../flags.ts';

export const RUN_HELP = `odoo-load run <scenario> [--profile smoke] [--target <hosting profile|url>] [--auth session|jsonrpc|json2]
              [--influx local|<url>/<db>] [--odoo-version 17] [--workers 0] [--cost-model emulator/cost-model.json]
              [--pg-port 55432] [--emulator-port 0] [--scarce-share 0.05] [--odoo-log <file>] [--instances 1]
              [--keep-reservations]

Runs one scenario with real k6, audits what it left in Odoo, and writes reports/<run-id>/
(run.json, summary.json, audit.json). Scenarios: ${Object.keys(SCENARIO_FILES).join(', ')}.
Without ODOO_URL it starts the project's PostgreSQL, seeds it and starts the Odoo emulator on 127.0.0.1
(--odoo-version, --workers and --cost-model shape it; --cost-model 0 makes it answer at full speed, a
model from "odoo-load calibrate" at your server's costs and, unless --odoo-version says, its version;
--scarce-share is the share of its products with only 1–5 units on hand: orders for them reserve
partly, and Odoo 17/18's skip-locked reservation lets concurrent orders over-reserve them, which the
audit reports). With ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD
(or ODOO_API_KEY for --auth jsonrpc|json2) it runs against that Odoo and starts nothing.
Scanner operators log in as ODOO_OPERATORS (comma-separated) with ODOO_OPERATOR_PASSWORD.
--influx local starts the project's own InfluxDB 1.x (.local/influxdb) and streams to it; --influx
http://host:8086/odoo_load (or ODOO_LOAD_INFLUX_URL) streams to yours. Results are always kept locally.
--odoo-log reads a self-hosted Odoo's log file at the end (its request lines' query count, SQL and
Python time, and the retries Odoo made on its own) into server-log.json and the report; emulator
runs read the emulator's own log (.local/emulator-odoo.log).
--instances N splits the plan over N k6 processes (k6 execution segments): setup() runs once and
its data goes to every instance; one summary, audit, report and exit code come out.
--target takes a hosting profile (profiles/hosting/<name>.json): with a url it is the target, without
one the emulator takes its shape (version, workers, limits) and placement (database distance, CPUs;
people's distance through a latency proxy).
Before the load the run reads what is already wrong in stock (the audit reports it apart); once
audited, it cancels the deliveries its orders left open, their stock given back (--keep-reservations
leaves them; the orders stay confirmed), so a database does not drift run after run. A target that is not loopback is refused
unless its hosting profile says "testEnvironment": true or you pass --i-know-this-is-not-production.

examples:
  odoo-load run peak-day --profile peak-hour --target self-hosted-single-box
  ODOO_URL=https://staging.example.com ODOO_DB=staging ODOO_LOGIN=load@example.com ODOO_PASSWORD=… \\
    odoo-load run order-confirmation --profile smoke --i-know-this-is-not-production`;

const FLAGS = {
  profile: { type: 'string', default: 'smoke' },
  target: { type: 'string' },
  influx: { type: 'string' },
  'i-know-this-is-not-production': { type: 'boolean', default: false },
  auth: { type: 'string', default: 'session' },
  'odoo-version': { type: 'string' },
  workers: { type: 'string', default: '0' },
  'cost-model': { type: 'string', default: 'emulator/cost-model.json' },
  'pg-port': { type: 'string', default: '55432' },
  'emulator-port': { type: 'string', default: '0' },
  'scarce-share': { type: 'string', default: String(SEED_DEFAULTS.scarceShare) },
  'odoo-log': { type: 'string' },
  instances: { type: 'string', default: '1' },
  'keep-reservations': { type: 'boolean', default: false },
} as const;

/** Shared by `run`, `start` and `gate`: flags in, one run out (its id and exit code). */
export async function runWithFlags(
  scenario: string,
  argv: string[],
): Promise<{ runId: string; exitCode: number }> {
  const { values } = parseFlags(argv, FLAGS);
  const auth = choiceFlag('auth', values.auth, AUTH_MODES);
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  // Ctrl-C once: k6 stops gracefully, and the run is still audited and reported. Twice: k6 stops
  // now and the audit is skipped, but what exists is still written; the local services stop.
  const interrupt = new AbortController();
  const hard = new AbortController();
  const onSignal = () => {
    if (interrupt.signal.aborted) {
      log('stopping now: no audit; writing what exists');
      hard.abort();
      return;
    }
    log('stopping (Ctrl-C again to stop at once)');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcome = await runScenario({
    scenario,
    target: values.target,
    influx: values.influx,
    odooLog: values['odoo-log'],
    instances: integerFlag('instances', values.instances, 1, 64),
    allowNonLoopback: values['i-know-this-is-not-production'],
    auth,
    profile: values.profile,
    // A calibrated cost model names the version it was measured on; 17 otherwise.
    odooVersion: values['odoo-version']
      ? integerFlag('odoo-version', values['odoo-version'], 16, 19)
      : (calibratedVersionOf(values['cost-model']) ?? 17),
    workers: integerFlag('workers', values.workers, 0, 1024),
    costModel: values['cost-model'],
    pgPort: integerFlag('pg-port', values['pg-port'], 1, 65535),
    emulatorPort: integerFlag('emulator-port', values['emulator-port'], 0, 65535),
    seed: { scarceShare: shareFlag('scarce-share', values['scarce-share']) },
    keepReservations: values['keep-reservations'],
    log,
    output: (line) => console.log(line),
    signal: interrupt.signal,
    hardSignal: hard.signal,
  }).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  const audit = outcome.audit
    ? outcome.audit.passed
      ? 'audit passed'
      : 'AUDIT FAILED'
    : 'not audited';
  // The last line tells the truth: what the business calls came to, the audit, and the exit code.
  const meaning =
    outcome.exitCode === EXIT.ok
      ? 'PASSED'
      : `FAILED (exit ${outcome.exitCode}: ${EXIT_MEANINGS[outcome.exitCode]})`;
  log(
    `run ${outcome.runId}: ${outcome.headline}; ${audit}; ${meaning}; results in ${outcome.runDir}`,
  );
  return outcome;
}

export const runCommand = async (scenario: string, argv: string[]) =>
  (await runWithFlags(scenario, argv)).exitCode;

export async function run(argv: string[]): Promise<number> {
  const [scenario, ...rest] = argv;
  if (!scenario || scenario.startsWith('-'))
    throw new CliError(
      `run: name a scenario: ${Object.keys(SCENARIO_FILES).join(', ')}`,
      EXIT.badInput,
    );
  return runCommand(scenario, rest);
}
