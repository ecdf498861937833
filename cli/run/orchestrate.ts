/**
 * A whole run: target (remote or local stack), k6, bundle, profile, preflight, k6 run, files in
 * reports/<run-id>/. Shared by `start` and the tests, so both exercise exactly the same path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileLoadProfile } from '../profiles/compile.ts';
import { loadLoadProfile } from '../profiles/load.ts';
import { ensureK6 } from '../services/k6.ts';
import { freePort, run } from '../services/process.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { K6_EXIT, runK6 } from './k6-run.ts';
import { startLocalStack, type LocalStack } from './local-stack.ts';
import { preflight } from './preflight.ts';
import { createRunDir, newRunId, writeJson } from './run-dir.ts';
import { remoteTargetFromEnv } from './target.ts';

export interface RunOptions {
  scenario: string;
  profile: string;
  odooVersion: number;
  workers: number;
  pgPort: number;
  /** 0 picks a free port. */
  emulatorPort: number;
  seed: Record<string, number>;
  log: (line: string) => void;
  /** k6's console lines (its summary among them). */
  output: (line: string) => void;
  /** Aborted on Ctrl-C: k6 is stopped gracefully, or the run stops before the next step. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  runId: string;
  runDir: string;
  exitCode: number;
  summary: K6Summary | undefined;
}

/** The parts of k6's `--summary-export` JSON the suite reads. */
export interface K6Summary {
  metrics: Record<string, Record<string, number> & { thresholds?: Record<string, boolean> }>;
  root_group?: { checks?: Record<string, { name: string; passes: number; fails: number }> };
}

export async function bundleScenarios(): Promise<void> {
  const built = await run(process.execPath, [resolve('build.mjs')]);
  if (built.code !== 0) throw new CliError(`build failed: ${(built.stderr || built.stdout).trim()}`, EXIT.internal);
}

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CliError('interrupted before k6 started; nothing was sent', EXIT.interrupted);
}

export async function runScenario(options: RunOptions): Promise<RunOutcome> {
  const { profile, file: profileFile } = loadLoadProfile(options.profile);
  const compiled = compileLoadProfile(profile);
  const remote = remoteTargetFromEnv();
  const k6 = await ensureK6(options.log);
  options.log(`k6 v${k6.version} (${k6.source}: ${k6.path})`);
  await bundleScenarios();

  const runId = newRunId();
  let stack: LocalStack | undefined;
  try {
    if (!remote) {
      stack = await startLocalStack({
        pgPort: options.pgPort,
        emulatorPort: options.emulatorPort || (await freePort()),
        odooVersion: options.odooVersion,
        workers: options.workers,
        backoffScale: 1,
        seed: { companies: profile.companies, ...options.seed },
        datasetPath: resolve('.local', 'dataset.json'),
        log: options.log,
      });
    }
    throwIfInterrupted(options.signal);
    const target = remote ?? { url: stack!.url, db: stack!.db, login: stack!.login, password: stack!.password };
    const checked = await preflight(target, target.password);
    options.log(`preflight: ${target.login} logged in to ${target.url} (Odoo ${checked.serverVersion}, uid ${checked.uid})`);
    compiled.derived.forEach((line) => options.log(`profile ${profile.name}: ${line}`));
    throwIfInterrupted(options.signal);
    const runDir = createRunDir(runId);

    const companies = stack ? stack.dataset.companies.map((company) => company.id).slice(0, profile.companies) : checked.companyIds.slice(0, profile.companies);
    const plan = {
      runId,
      target: { url: target.url, db: target.db, login: target.login },
      companies,
      options: compiled.options,
      workloads: compiled.workloads,
    };
    // Everything needed to reproduce the run, and nothing secret.
    writeJson(runDir, 'run.json', {
      runId,
      scenario: options.scenario,
      profile: { file: profileFile, resolved: profile },
      target: { ...plan.target, kind: remote ? 'remote' : 'emulator', serverVersion: checked.serverVersion },
      k6: { version: k6.version, source: k6.source },
      suite: { version: JSON.parse(readFileSync('package.json', 'utf8')).version },
      plan,
    });
    const summaryPath = join(runDir, 'summary.json');
    const code = await runK6({
      k6: k6.path,
      script: resolve('dist', `${options.scenario}.js`),
      plan,
      password: target.password,
      summaryPath,
      onLine: options.output,
      onStart: (stop) => options.signal?.addEventListener('abort', stop, { once: true }),
    });
    const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as K6Summary) : undefined;
    const exitCode = options.signal?.aborted
      ? EXIT.interrupted
      : code === 0
        ? EXIT.ok
        : code === K6_EXIT.thresholdsFailed
          ? EXIT.thresholdsFailed
          : EXIT.k6Failed;
    return { runId, runDir, exitCode, summary };
  } finally {
    await stack?.stop();
  }
}
