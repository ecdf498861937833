/**
 * The folders a run writes, checked before anything starts: a checkout the user cannot write
 * (a non-root user in a root-owned clone) stops here with one line, not half-way with EACCES.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';

/** The folder, or the nearest existing folder above it that would have to hold it. */
function nearestExisting(path: string): string {
  let dir = resolve(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** A file the run will read at its end (Odoo's log): it must be there and readable now. */
export function assertReadable(flag: string, file: string): void {
  try {
    accessSync(file, constants.R_OK);
    if (!statSync(file).isFile()) throw Object.assign(new Error(), { code: 'not a file' });
  } catch (error) {
    throw new CliError(
      `${flag} ${file}: expected a readable Odoo log file (${(error as { code?: string }).code ?? 'unreadable'})`,
      EXIT.badInput,
    );
  }
}

export function assertWritable(folders: string[]): void {
  for (const folder of folders) {
    const existing = nearestExisting(folder);
    try {
      accessSync(existing, constants.W_OK);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'not writable';
      const where = relative(process.cwd(), existing) || '.';
      throw new CliError(
        `${folder}/: cannot be written by this user (uid ${process.getuid?.() ?? '?'}; ${where} gives ${code}); run from a checkout you own, or fix its permissions`,
        EXIT.badInput,
      );
    }
  }
}
