/**
 * A whole run: target (remote or local stack), k6, bundle, profile, preflight, k6 run, files in
 * reports/<run-id>/. Shared by `start` and the tests, so both exercise exactly the same path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type AuditReport, auditRun } from '../audit/run-audit.ts';
import { compileLoadProfile, durationSeconds, SCENARIO_WORKLOADS } from '../profiles/compile.ts';
import { loadLoadProfile } from '../profiles/load.ts';
import { writeReport } from '../report/write-report.ts';
import { INFLUX_DATABASE, LocalInflux } from '../services/influxdb.ts';
import { ensureK6 } from '../services/k6.ts';
import { freePort, run } from '../services/process.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { K6_EXIT, runK6 } from './k6-run.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';
import { preflight } from './preflight.ts';
import { plannedSeconds, startProgress } from './progress.ts';
import { createRunDir, newRunId, writeJson } from './run-dir.ts';
import { resolveTarget } from './target.ts';

export type AuthMode = 'session' | 'jsonrpc' | 'json2';

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
  /** Emulator cost model for local runs (default: emulator/cost-model.json, rough Odoo 17 figures). */
  costModel: string;
  pgPort: number;
  /** 0 picks a free port. */
  emulatorPort: number;
  seed: Record<string, number>;
  log: (line: string) => void;
  /** k6's console lines (its summary among them). */
  output: (line: string) => void;
  /** Aborted on Ctrl-C: k6 is stopped gracefully, or the run stops before the next step. */
  signal?: AbortSignal;
  /** Stream to InfluxDB: `local` (the project's own InfluxDB 1.x) or a URL with the database, http://host:8086/odoo_load. */
  influx?: string;
}

/** How streaming went: where to, and whether k6 reported write failures. */
export interface StreamingState {
  target?: string;
  interrupted: boolean;
  errors: number;
}

export interface RunOutcome {
  runId: string;
  runDir: string;
  exitCode: number;
  summary: K6Summary | undefined;
  audit: AuditReport | undefined;
  streaming: StreamingState;
}

/** The parts of k6's `--summary-export` JSON the suite reads. */
export interface K6Summary {
  metrics: Record<string, Record<string, number> & { thresholds?: Record<string, boolean> }>;
}

export async function bundleScenarios(): Promise<void> {
  const built = await run(process.execPath, [resolve('build.mjs')]);
  if (built.code !== 0)
    throw new CliError(`build failed: ${(built.stderr || built.stdout).trim()}`, EXIT.internal);
}

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new CliError('interrupted before k6 started; nothing was sent', EXIT.interrupted);
}

export async function runScenario(options: RunOptions): Promise<RunOutcome> {
  if (!(options.scenario in SCENARIO_WORKLOADS)) {
    throw new CliError(
      `unknown scenario "${options.scenario}"; expected one of: ${Object.keys(SCENARIO_WORKLOADS).join(', ')}`,
      EXIT.badInput,
    );
  }
  const { profile, file: profileFile } = loadLoadProfile(options.profile);
  const compiled = compileLoadProfile(profile, SCENARIO_WORKLOADS[options.scenario]);
  if (Object.keys(compiled.options.scenarios).length === 0) {
    throw new CliError(
      `${profileFile}: workloads: the profile has no ${SCENARIO_WORKLOADS[options.scenario]!.join(', ')} workload for scenario ${options.scenario}`,
      EXIT.badInput,
    );
  }
  const resolved = resolveTarget(
    options.target,
    {
      odooVersion: options.odooVersion,
      workers: options.workers,
      // The barcode app's routes exist on Enterprise only.
      edition: profile.workloads.barcodeScanning?.api === 'enterprise' ? 'enterprise' : 'community',
      limitTimeReal: 120,
      dbMaxconn: 64,
    },
    options.allowNonLoopback,
  );
  const remote = resolved.kind === 'remote' ? resolved.remote : undefined;
  if (remote && options.auth !== 'session' && !process.env.ODOO_API_KEY) {
    throw new CliError(
      `ODOO_API_KEY is not set: --auth ${options.auth} logs in with an API key`,
      EXIT.badInput,
    );
  }
  const k6 = await ensureK6(options.log);
  options.log(`k6 v${k6.version} (${k6.source}: ${k6.path})`);
  await bundleScenarios();

  const runId = newRunId();
  let stack: LocalStack | undefined;
  let influx: LocalInflux | undefined;
  try {
    if (resolved.kind === 'emulator') {
      const { shape } = resolved;
      if (shape.hosting)
        options.log(
          `emulating hosting profile ${shape.hosting}: Odoo ${shape.odooVersion} ${shape.edition}, ${shape.workers} workers, limit_time_real ${shape.limitTimeReal} s`,
        );
      stack = await startLocalStack({
        pgPort: options.pgPort,
        emulatorPort: options.emulatorPort || (await freePort()),
        odooVersion: shape.odooVersion,
        workers: shape.workers,
        edition: shape.edition,
        limitTimeReal: shape.limitTimeReal,
        dbMaxconn: shape.dbMaxconn,
        backoffScale: 1,
        costModel: options.costModel,
        seed: {
          companies: profile.companies,
          operators: Math.max(4, profile.workloads.barcodeScanning?.operators ?? 0),
          ...options.seed,
        },
        datasetPath: resolve('.local', 'dataset.json'),
        log: options.log,
      });
    }
    throwIfInterrupted(options.signal);
    const target = remote ?? {
      url: stack!.url,
      db: stack!.db,
      login: stack!.login,
      password: stack!.password,
    };
    const apiKey = remote ? (process.env.ODOO_API_KEY ?? '') : stack!.apiKey;
    const secret = options.auth === 'session' ? target.password : apiKey;
    const checked = await preflight({ ...target, auth: options.auth }, secret);
    options.log(
      `preflight: ${target.login} logged in to ${target.url} (Odoo ${checked.serverVersion}, uid ${checked.uid}, auth ${options.auth})`,
    );
    for (const line of compiled.derived) options.log(`profile ${profile.name}: ${line}`);
    throwIfInterrupted(options.signal);

    if (compiled.workloads.barcodeScanning)
      compiled.workloads.barcodeScanning.operators = operatorLogins(
        stack,
        profile.workloads.barcodeScanning!.operators,
        target.login,
        options.log,
      );
    const companies = stack
      ? stack.dataset.companies.map((company) => company.id).slice(0, profile.companies)
      : checked.companyIds.slice(0, profile.companies);
    const hostingName =
      resolved.hosting?.name ??
      (resolved.kind === 'emulator' ? 'emulator' : new URL(target.url).hostname);
    // Global tags on every sample: bounded, and what dashboards filter and compare by.
    const k6Options = {
      ...compiled.options,
      tags: { run_id: runId, hosting: hostingName, profile: profile.name },
    };
    const plan = {
      runId,
      target: { url: target.url, db: target.db, login: target.login, auth: options.auth },
      companies,
      options: k6Options,
      workloads: compiled.workloads,
    };
    const runDir = createRunDir(runId);
    // Everything needed to reproduce the run, and nothing secret.
    writeJson(runDir, 'run.json', {
      runId,
      scenario: options.scenario,
      profile: { file: profileFile, resolved: profile },
      target: {
        ...plan.target,
        kind: remote ? 'remote' : 'emulator',
        serverVersion: checked.serverVersion,
      },
      hosting:
        resolved.hosting ??
        (resolved.kind === 'emulator' ? { name: 'emulator', shape: resolved.shape } : undefined),
      k6: { version: k6.version, source: k6.source },
      suite: { version: JSON.parse(readFileSync('package.json', 'utf8')).version },
      plan,
    });
    const summaryPath = join(runDir, 'summary.json');
    const streaming: StreamingState = { interrupted: false, errors: 0 };
    const influxUrl = options.influx ?? process.env.ODOO_LOAD_INFLUX_URL;
    if (influxUrl === 'local') {
      influx = new LocalInflux({ root: resolve('.local', 'influxdb'), port: 0, log: options.log });
      streaming.target = `${await influx.start()}/${INFLUX_DATABASE}`;
    } else if (influxUrl) {
      streaming.target = influxUrl;
    }
    const apiPort = await freePort();
    const stopProgress = startProgress({
      port: apiPort,
      plannedSeconds: plannedSeconds(compiled.options.scenarios, durationSeconds),
      everySeconds: 10,
      print: options.log,
    });
    const code = await runK6({
      apiPort,
      k6: k6.path,
      script: resolve('dist', `${options.scenario}.js`),
      plan,
      password: target.password,
      summaryPath,
      // Full results stay local whatever happens to streaming; the report is built from them.
      outputs: [
        `json=${join(runDir, 'metrics.json.gz')}`,
        ...(streaming.target ? [`influxdb=${streaming.target}`] : []),
      ],
      env: {
        ...(apiKey ? { ODOO_API_KEY: apiKey } : {}),
        ...(stack ? { ODOO_OPERATOR_PASSWORD: stack.password } : {}),
        // High-cardinality tags become fields, so series stay few (odoo-rpc.md has none of these).
        K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,iter:int,url',
      },
      onLine: (line) => {
        if (/InfluxDB|influxdb/.test(line) && /level=(error|warning)/.test(line)) {
          streaming.errors++;
          if (!streaming.interrupted)
            options.log(
              'streaming to InfluxDB failed; the run goes on and keeps its results locally',
            );
          streaming.interrupted = true;
          return;
        }
        options.output(line);
      },
      onStart: (stop) => options.signal?.addEventListener('abort', stop, { once: true }),
    }).finally(stopProgress);
    const summary = existsSync(summaryPath)
      ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as K6Summary)
      : undefined;
    let audit: AuditReport | undefined;
    // A run aborted in setup() (the target lacks a module or data) created nothing worth auditing.
    if (summary && code !== K6_EXIT.scriptAborted) {
      options.log('audit: checking what the run left in Odoo');
      audit = await auditRun(runDir, plan.target, secret, (line) =>
        options.output(`audit: ${line}`),
      );
    }
    // What the emulator saw (retries, exhausted retries, queueing) sits beside k6's view of the run.
    if (stack) writeJson(runDir, 'emulator-stats.json', await stack.stats());
    writeJson(runDir, 'streaming.json', streaming);
    await writeReport(runDir, (line) => options.log(line));
    return {
      runId,
      runDir,
      exitCode: exitCodeOf(code, audit, options.signal),
      summary,
      audit,
      streaming,
    };
  } finally {
    await influx?.stop();
    await stack?.stop();
  }
}

/** Interrupted beats everything; a failed audit (data integrity) beats failed thresholds (speed). */
function exitCodeOf(
  k6Code: number,
  audit: AuditReport | undefined,
  signal: AbortSignal | undefined,
): number {
  if (signal?.aborted) return EXIT.interrupted;
  if (audit && !audit.passed) return EXIT.auditFailed;
  if (k6Code === 0) return EXIT.ok;
  return k6Code === K6_EXIT.thresholdsFailed ? EXIT.thresholdsFailed : EXIT.k6Failed;
}

/** Scanner logins: the seeded operators locally; ODOO_OPERATORS (comma-separated) on a real target. */
function operatorLogins(
  stack: LocalStack | undefined,
  count: number,
  mainLogin: string,
  log: (line: string) => void,
): string[] {
  if (stack) return stack.dataset.operators.slice(0, count).map((operator) => operator.login);
  const listed = (process.env.ODOO_OPERATORS ?? '')
    .split(',')
    .map((login) => login.trim())
    .filter(Boolean);
  if (listed.length >= count) return listed.slice(0, count);
  if (listed.length > 0)
    throw new CliError(
      `ODOO_OPERATORS lists ${listed.length} login(s) but the profile has ${count} operators`,
      EXIT.badInput,
    );
  log(`barcode scanning: ODOO_OPERATORS not set, all ${count} operators log in as ${mainLogin}`);
  return Array.from({ length: count }, () => mainLogin);
}
