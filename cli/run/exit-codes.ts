/** Documented exit codes of `odoo-load` (README.md "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** Unexpected failure: a bug, reported with its message. */
  internal: 1,
  /** Bad input: a flag, a profile or an environment variable. */
  badInput: 2,
  /** The target (or a local service) cannot be reached. */
  targetUnreachable: 3,
  /** The target refused the credentials (checked once, before any virtual user starts). */
  credentialsRefused: 5,
  /** The target is not loopback and not marked as a test environment: refused before any request. */
  unsafeTarget: 6,
  /** A required tool (k6, PostgreSQL) is missing and cannot be installed here. */
  missingTool: 4,
  /** k6 ran but one or more thresholds failed. */
  thresholdsFailed: 10,
  /** The post-run integrity audit found a problem. */
  auditFailed: 11,
  /** k6 itself failed (script error, aborted in setup). */
  k6Failed: 12,
  /** Interrupted by SIGINT/SIGTERM; what was collected is still written. */
  interrupted: 130,
} as const;

/** An error the user can act on: one line, one exit code, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
