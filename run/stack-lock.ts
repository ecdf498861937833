/**
 * One run at a time on the local stack: two runs in one folder would seed, and then stop, the same
 * PostgreSQL under each other. The lock file holds its owner's pid, so a lock left by a run that
 * was killed is taken over instead of blocking every later run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Takes the lock in `root` or says who holds it; returns the release. */
export function lockLocalStack(root: string): () => void {
  mkdirSync(root, { recursive: true });
  const file = join(root, 'stack.lock');
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (isAlive(owner))
      throw new CliError(
        `the local stack (${relative(process.cwd(), root) || '.'}/) is in use by another odoo-load run (pid ${owner}); wait for it to end, or give this run a remote target`,
        EXIT.targetUnreachable,
      );
    rmSync(file, { force: true });
  }
}
