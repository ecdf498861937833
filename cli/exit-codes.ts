/** The CLI's exit codes (declared in contract/exit-codes.ts) and the error that carries one. */
export { EXIT, EXIT_MEANINGS, type ExitCode } from '../contract/index.ts';

/** An error the user can act on: one line, one exit code, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
