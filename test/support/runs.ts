/** Reading what a run wrote: k6's summary, the audit, the emulator's counters. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_KINDS } from '../../lib/odoo/errors.ts';

export interface RunFiles {
  runId: string;
  summary: { metrics: Record<string, Record<string, number>> };
  audit: {
    passed: boolean;
    checks: { check: string; verdict: string; summary: string; evidence: string[] }[];
  };
  stats: Record<string, any>;
}

export function readRun(runId: string): RunFiles {
  const dir = join('reports', runId);
  const json = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  // Runs against an external target have no emulator counters.
  const stats = existsSync(join(dir, 'emulator-stats.json')) ? json('emulator-stats.json') : {};
  return { runId, summary: json('summary.json'), audit: json('audit.json'), stats };
}

/** The run id the CLI printed in its last line. */
export const runIdOf = (stderr: string) => /run (\d{8}-\d{6}-[0-9a-f]{4}):/.exec(stderr)?.[1];

/** A Counter's total (Trends have no count in k6's summary export: use `observed`). */
export const count = (run: RunFiles, metric: string) => run.summary.metrics[metric]?.count ?? 0;

/** Whether a Trend recorded anything at all. */
export const observed = (run: RunFiles, trend: string) =>
  (run.summary.metrics[trend]?.max ?? 0) > 0;

/** Errors per kind add up to all errors: nothing escaped classification. */
export function unclassifiedErrors(run: RunFiles): number {
  const classified = ERROR_KINDS.reduce(
    (sum, kind) => sum + count(run, `odoo_rpc_errors{error_kind:${kind}}`),
    0,
  );
  return count(run, 'odoo_rpc_errors') - classified;
}
