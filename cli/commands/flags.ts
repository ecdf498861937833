/** Flag parsing helpers whose errors name the flag and what was expected. */
import { CliError, EXIT } from '../run/exit-codes.ts';

export function integerFlag(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new CliError(
      `--${flag}: expected an integer from ${min} to ${max}, got "${value}"`,
      EXIT.badInput,
    );
  }
  return number;
}
