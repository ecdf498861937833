/**
 * Flag parsing for every command: node:util's parser, with errors that name the flag and what was
 * expected, raised as CliError (exit 2) rather than thrown as TypeErrors.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError, EXIT } from '../contract/exit-codes.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv against `options`; an unknown flag or a missing value is bad input. */
export function parseFlags<const O extends Options>(
  argv: string[],
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    // ERR_PARSE_ARGS_UNKNOWN_OPTION, _INVALID_OPTION_VALUE, _UNEXPECTED_POSITIONAL: node's own
    // message already names the flag; anything else is a bug and stays one.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new CliError((error as Error).message.split('\n')[0]!, EXIT.badInput);
    throw error;
  }
}

export function integerFlag(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isInteger(number) || number < min || number > max) {
    throw new CliError(
      `--${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      EXIT.badInput,
    );
  }
  return number;
}

/** A share from 0 to 1 (a plain decimal number). */
export function shareFlag(flag: string, value: string): number {
  const share = Number(value);
  if (value.trim() === '' || !(share >= 0 && share <= 1))
    throw new CliError(
      `--${flag}: expected a number from 0 to 1, got ${JSON.stringify(value)}`,
      EXIT.badInput,
    );
  return share;
}

export function choiceFlag<const T extends string>(
  flag: string,
  value: string,
  choices: readonly T[],
): T {
  if (!(choices as readonly string[]).includes(value))
    throw new CliError(
      `--${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`,
      EXIT.badInput,
    );
  return value as T;
}
