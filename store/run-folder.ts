/**
 * A run's folder, `reports/<run-id>/`: the one module that writes and reads its files (run, audit,
 * report, compare, gate, capacity all go through here). The shapes of run.json and the other shared
 * files are in contract/run-folder.ts; a file's owner names its type when reading it. A run id
 * given by a user is checked before any path is built from it, so nothing lands outside reports/.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import {
  formatRunId,
  isRunId,
  type K6Summary,
  REPORTS_ROOT,
  RUN_FILES,
  type RunFile,
  type RunRecord,
  type StreamingState,
} from '../contract/index.ts';

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

  /** A JSON file of the folder as its owner's type (the owner names it), or undefined when absent. */
  read<T>(file: RunFile): T | undefined {
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
  streaming = () => this.read<StreamingState>('streaming');
  k6Summary = () => this.read<K6Summary>('k6Summary');
  emulatorStats = () => this.read<Record<string, unknown>>('emulatorStats');

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
