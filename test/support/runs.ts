/** Reading what a run wrote (through the same run-folder module the CLI uses). */

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { EXIT } from '../../contract/exit-codes.ts';
import { ERROR_KINDS, METRICS, REPORTS_ROOT, type RunRecord, TAGS } from '../../contract/index.ts';
import type { AuditReport } from '../../judge/audit/checks.ts';
import type { RunResults } from '../../judge/results/types.ts';
import { RunFolder } from '../../store/run-folder.ts';

export interface RunFiles {
  runId: string;
  folder: RunFolder;
  record: RunRecord;
  results: RunResults;
  audit: AuditReport;
  stats: Record<string, any>;
}

export function readRun(runId: string): RunFiles {
  const folder = RunFolder.open(runId);
  return {
    runId,
    folder,
    record: folder.run()!,
    results: folder.read<RunResults>('results')!,
    audit: folder.read<AuditReport>('audit')!,
    // Runs against an external target have no emulator counters.
    stats: folder.emulatorStats() ?? {},
  };
}

/** The run id the CLI printed in its last line. */
/** The run folders in reports/ now. */
export const runFolderNames = () =>
  new Set(existsSync(REPORTS_ROOT) ? readdirSync(REPORTS_ROOT) : []);

/**
 * Run folders made since `before` whose run.json matches: other test files run beside this one and
 * make run folders of their own, so "no run folder" means none of this run's.
 */
export function runFoldersSince(
  before: Set<string>,
  ours: (record: RunRecord) => boolean,
): string[] {
  return [...runFolderNames()]
    .filter((name) => !before.has(name))
    .filter((name) => {
      try {
        const record = RunFolder.open(name).read<RunRecord>('run');
        return record !== undefined && ours(record);
      } catch {
        return false; // a folder another file's run is still making
      }
    });
}

export const runIdOf = (stderr: string) => /run (\d{8}-\d{6}-[0-9a-f]{4}):/.exec(stderr)?.[1];

/** A counter's total, a rate's samples, a trend's samples. */
export const count = (run: RunFiles, metric: string) => run.results.metrics[metric]?.count ?? 0;

/** Whether a trend recorded anything at all. */
export const observed = (run: RunFiles, trend: string) =>
  (run.results.metrics[trend]?.count ?? 0) > 0;

/** Business units of one k6 scenario by outcome (done, failed, in_doubt). */
export const outcomes = (run: RunFiles, scenario: string, outcome: string) =>
  (run.results.counters[METRICS.outcomes.name] ?? [])
    .filter((row) => row.tags[TAGS.scenario] === scenario && row.tags[TAGS.outcome] === outcome)
    .reduce((sum, row) => sum + row.value, 0);

/** Errors whose kind is not one of the documented kinds: nothing may escape classification. */
export function unclassifiedErrors(run: RunFiles): number {
  return (run.results.counters[METRICS.rpcErrors.name] ?? [])
    .filter((row) => !(ERROR_KINDS as readonly string[]).includes(row.tags[TAGS.errorKind] ?? ''))
    .reduce((sum, row) => sum + row.value, 0);
}

/**
 * A run whose subject is not stock: it passed, or its audit failed on nothing but the over-reservation
 * Odoo 17/18's skip-locked reservation lets concurrent orders make on a scarce product (the emulator
 * reproduces it; the audit rightly reports it). Anything else, or any other failure, fails the test.
 */
export function assertPassedOrSkipLockedRace(
  result: { code: number; stderr: string },
  runId: string,
  told: string,
): void {
  if (result.code !== EXIT.auditFailed) {
    assert.equal(result.code, EXIT.ok, told);
    return;
  }
  const audit = RunFolder.open(runId).read<AuditReport>('audit')!;
  const failed = audit.checks.filter((check) => check.verdict === 'fail');
  assert.ok(
    failed.length === 1 &&
      failed[0]!.check === 'stock' &&
      failed[0]!.evidence.every((line) => /skip-locked/.test(line)),
    told,
  );
}
