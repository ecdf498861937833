/** `odoo-load`'s exit codes, with the sentence the README table and `--help` show for each. */
export const EXIT = {
  ok: 0,
  internal: 1,
  badInput: 2,
  targetUnreachable: 3,
  missingTool: 4,
  credentialsRefused: 5,
  unsafeTarget: 6,
  thresholdsFailed: 10,
  auditFailed: 11,
  k6Failed: 12,
  businessFailed: 13,
  targetLost: 14,
  gateFailed: 15,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_MEANINGS: Record<ExitCode, string> = {
  0: 'run passed',
  1: 'internal error (a bug)',
  2: 'bad input: a flag, a profile, an environment variable (the message names it)',
  3: 'target or local service unreachable before the run started',
  4: 'a required tool is missing and cannot be installed here',
  5: 'the target refused the credentials (preflight)',
  6: 'target refused for safety: not loopback and not marked as a test environment',
  10: 'k6 thresholds (SLOs) failed',
  11: 'the integrity audit failed (it outranks every other failure but an interruption)',
  12: 'k6 failed (script error, or it stopped in `setup()` naming what the target lacks)',
  13: 'business calls failed beyond the error budget (e.g. "0 of 41 orders confirmed")',
  14: 'the target stopped answering during the run',
  15: 'the readiness gate failed at least one criterion',
  130: 'interrupted',
};

/** k6's own exit codes (its errext/exitcodes): thresholds crossed, script exception, test.abort(). */
export const K6_EXIT = { thresholdsFailed: 99, scriptException: 107, scriptAborted: 108 } as const;

/** An error the user can act on: one line, one exit code, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
