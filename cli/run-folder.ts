/**
 * A run's folder, `reports/<run-id>/`, and the format of every file in it: the one module that
 * writes and reads them (run, audit, report, compare, gate, capacity all go through here). A run id
 * given by a user is checked before any path is built from it, so nothing lands outside reports/.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  type ExitCode,
  formatRunId,
  isRunId,
  REPORTS_ROOT,
  RUN_FILES,
  type RunFile,
  type RunPlan,
} from '../contract/index.ts';
import type { AuditReport } from './audit/checks.ts';
import type { CapacityFile } from './capacity/capacity-file.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { RunResults } from './results/types.ts';
import type { GeneratorHealth } from './run/generator-health.ts';
import type { ServerLogSummary } from './server-log/parse.ts';

/** Something that happened during a run, at a time relative to its start. */
export interface RunEvent {
  /** Seconds since the run started. */
  at: number;
  what: string;
}

/** A step of the run that did not run, and why ("audit not run: target unreachable since 0:10"). */
export interface SkippedStep {
  step: string;
  reason: string;
}

/** How the run ended: its verdict, its exit code, and what happened on the way. */
export interface RunEnding {
  exitCode: ExitCode;
  /** The one sentence the console's last line and the report's headline say. */
  verdict: string;
  /** How k6 itself ended: its exit code, or why it did not run. */
  k6?: { exitCode?: number; signal?: string };
  events: RunEvent[];
  skipped: SkippedStep[];
  /** Each k6 process's CPU and memory (load generator health). */
  generators?: GeneratorHealth[];
  /** Things the reader must know that are not failures (a generator that was the bottleneck). */
  warnings?: string[];
  endedAt: string;
}

/** run.json: everything needed to reproduce the run, nothing secret, and how it ended. */
export interface RunRecord {
  runId: string;
  scenario: string;
  startedAt: string;
  profile: {
    file: string;
    resolved: Record<string, unknown> & { name: string; slo: { maxErrorRate: number } };
  };
  target: {
    url: string;
    db: string;
    login: string;
    auth: string;
    kind: 'remote' | 'emulator';
    serverVersion: string;
  };
  hosting?: unknown;
  k6: { version: string; source: string };
  suite: { version: string };
  /** k6 processes the plan was split over (execution segments). */
  instances: number;
  plan: RunPlan;
  ending?: RunEnding;
}

export interface StreamingState {
  target?: string;
  interrupted: boolean;
  errors: number;
}

/** k6's `--summary-export` JSON, the parts the suite reads. */
export interface K6Summary {
  metrics: Record<string, Record<string, number> & { thresholds?: Record<string, boolean> }>;
}

export function newRunId(now = new Date()): string {
  return formatRunId(now, randomBytes(2).toString('hex'));
}

export class RunFolder {
  private constructor(readonly dir: string) {}

  get runId(): string {
    return basename(this.dir);
  }

  /** A new folder for a new run. */
  static create(runId: string, root = REPORTS_ROOT): RunFolder {
    const dir = resolve(root, runId);
    mkdirSync(dir, { recursive: true });
    return new RunFolder(dir);
  }

  /**
   * An existing run's folder, from its run id. Anything that is not a run id (a path, `..`) is bad
   * input naming the flag, so nothing outside reports/ is ever read or written.
   */
  static open(runId: string, flag = '--run', root = REPORTS_ROOT): RunFolder {
    if (!isRunId(runId)) {
      throw new CliError(
        `${flag}: expected a run id such as 20261122-143501-a1b2 (letters, digits, ".", "-", "_"), got ${JSON.stringify(runId.slice(0, 80))}`,
        EXIT.badInput,
      );
    }
    const dir = resolve(root, runId);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new CliError(`${flag}: no run folder ${root}/${runId}`, EXIT.badInput);
    }
    if (!existsSync(join(dir, RUN_FILES.run))) {
      throw new CliError(
        `${flag}: ${dir} has no ${RUN_FILES.run}; is it a run folder (${root}/<run-id>)?`,
        EXIT.badInput,
      );
    }
    return new RunFolder(dir);
  }

  path(file: RunFile): string {
    return join(this.dir, RUN_FILES[file]);
  }

  has(file: RunFile): boolean {
    return existsSync(this.path(file));
  }

  write(file: RunFile, value: unknown): string {
    const path = this.path(file);
    writeFileSync(path, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
    return path;
  }

  private read<T>(file: RunFile): T | undefined {
    if (!this.has(file)) return undefined;
    try {
      return JSON.parse(readFileSync(this.path(file), 'utf8')) as T;
    } catch {
      return undefined; // a file cut short by a killed process reads as absent
    }
  }

  /** A file's text, or undefined when it is absent. */
  readText(file: RunFile): string | undefined {
    return this.has(file) ? readFileSync(this.path(file), 'utf8') : undefined;
  }

  run = () => this.read<RunRecord>('run');
  capacity = () => this.read<CapacityFile>('capacity');
  results = () => this.read<RunResults>('results');
  audit = () => this.read<AuditReport>('audit');
  streaming = () => this.read<StreamingState>('streaming');
  k6Summary = () => this.read<K6Summary>('k6Summary');
  emulatorStats = () => this.read<Record<string, unknown>>('emulatorStats');
  serverLog = () => this.read<ServerLogSummary>('serverLog');

  /** k6's result files: metrics.json.gz, or one per instance (metrics-1.json.gz, …). */
  metricsFiles(): string[] {
    const stem = RUN_FILES.metrics.replace(/\.json\.gz$/, '');
    return readdirSync(this.dir)
      .filter(
        (name) => name === RUN_FILES.metrics || new RegExp(`^${stem}-\\d+\\.json\\.gz$`).test(name),
      )
      .sort()
      .map((name) => join(this.dir, name));
  }

  /** k6's summary export of instance `index` (1-based) of `count`. */
  summaryFileOf(index: number, count: number): string {
    return count === 1
      ? this.path('k6Summary')
      : join(this.dir, RUN_FILES.k6Summary.replace(/\.json$/, `-${index}.json`));
  }

  /** The results file of instance `index` (1-based) of `count`. */
  metricsFileOf(index: number, count: number): string {
    return count === 1
      ? this.path('metrics')
      : join(this.dir, RUN_FILES.metrics.replace(/\.json\.gz$/, `-${index}.json.gz`));
  }
}
