/**
 * Installs from Debian's packages wait their turn: a fresh machine's test lanes start several at once
 * (PostgreSQL, InfluxDB, Chromium), and apt-get alone fails at once when another holds dpkg's lock.
 * The package asked for is one every Debian has, so apt-get takes its locks and installs nothing.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { aptInstall } from '../../services/apt.ts';
import { findExecutable } from '../../services/process.ts';

const PRESENT = ['coreutils'];
const quiet = () => undefined;

/** Holds dpkg's frontend lock as apt-get takes it (fcntl), until killed. */
async function holdDpkgLock(): Promise<ChildProcess> {
  if (!findExecutable('python3')) await aptInstall(['python3'], 'python3 (holds the lock)', quiet);
  const holder = spawn('python3', [
    '-c',
    "import fcntl,time; f=open('/var/lib/dpkg/lock-frontend','a'); fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
  ]);
  const held = once(holder.stdout!, 'data') as Promise<[Buffer]>;
  const failed = once(holder, 'exit').then(([code]) => {
    throw new Error(`python3 could not hold dpkg's lock (exit ${code})`);
  });
  // Killed later, once it served: that exit is no failure.
  failed.catch(() => undefined);
  const [line] = await Promise.race([held, failed]);
  assert.equal(line.toString().trim(), 'held');
  return holder;
}

/** Only root installs: anyone else is told the exact command, and nothing waits on dpkg's lock. */
const root = process.getuid?.() === 0;
const namesTheCommand = () =>
  assert.rejects(aptInstall(PRESENT, 'coreutils', quiet), /sudo apt-get install -y coreutils/);

test('an install waits for another apt-get that holds the lock, then succeeds', async () => {
  if (!root) return namesTheCommand();
  const holder = await holdDpkgLock();
  let released = false;
  const release = setTimeout(() => {
    released = true;
    holder.kill();
  }, 2000);
  try {
    await aptInstall(PRESENT, 'coreutils', quiet);
    assert.ok(released, 'apt-get ran while the lock was held');
  } finally {
    clearTimeout(release);
    holder.kill();
  }
});

test("the suite's own installs started at once all succeed", async () => {
  if (!root) return namesTheCommand();
  const results = await Promise.allSettled(
    [1, 2, 3].map(() => aptInstall(PRESENT, 'coreutils', quiet)),
  );
  assert.deepEqual(
    results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'installed')),
    ['installed', 'installed', 'installed'],
  );
});
