import type { ExitCode } from './exit-codes.ts';
import type { DatasetCounts, Placement } from './placement.ts';
import type { RunPlan } from './plan.ts';

/** The files a run writes in `reports/<run-id>/`: one name each, for writers and readers alike. */
export const RUN_FILES = {
  /** What ran against what, and how it ended (timeline, steps not run, exit code). */
  run: 'run.json',
  /** k6's own `--summary-export` (per k6 instance). */
  k6Summary: 'summary.json',
  /** The suite's verdict summary, recomputed from every sample (all instances merged). */
  results: 'results.json',
  audit: 'audit.json',
  /** Every sample k6 emitted (its JSON output), gzipped. */
  metrics: 'metrics.json.gz',
  streaming: 'streaming.json',
  emulatorStats: 'emulator-stats.json',
  /** Where the server's time went, from Odoo's own log (`--odoo-log`, or the emulator's). */
  serverLog: 'server-log.json',
  capacity: 'capacity.json',
  report: 'report.html',
  junit: 'junit.xml',
  gate: 'gate.md',
} as const;
export type RunFile = keyof typeof RUN_FILES;

/** Where run folders live, relative to the working directory. */
export const REPORTS_ROOT = 'reports';

/** Inside a run folder: screenshots of browser users' failed steps. */
export const SCREENSHOTS_DIR = 'screenshots';

/** A load generator's own health (run.json's ending): k6's CPU and memory, and its browsers'. */
export interface GeneratorHealth {
  instance: number;
  cpuSeconds: number;
  /** Cores used, on average over its life and at the busiest sample. */
  meanCores: number;
  peakCores: number;
  peakRssMiB: number;
  /**
   * The browsers k6 drove for browser users (Chromium's processes in k6's process group): their CPU
   * and memory beside k6's own, so the share a few browsers take of the generator shows.
   */
  browsers?: { cpuSeconds: number; peakCores: number; peakRssMiB: number; peakProcesses: number };
}

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

/** A product at a location whose stock was already wrong: more reserved than on hand, or negative. */
export interface StockProblem {
  productId: number;
  locationId: number;
  /** "[DESK0006] Customizable Desk at WH/Stock". */
  where: string;
  reserved: number;
  onHand: number;
}

export interface AuditBaseline {
  takenAt: string;
  stock: StockProblem[];
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
  /** Where the target's database, CPUs and people were (the hosting profile's; none said: here). */
  placement?: Placement;
  /** What the database held at preflight: the size the run ran on. */
  dataset?: DatasetCounts;
  /** What was already wrong before the load (read at preflight), so the audit does not charge it to the run. */
  baseline?: AuditBaseline;
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
