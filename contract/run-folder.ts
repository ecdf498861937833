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
