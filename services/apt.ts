/** Installs Debian packages when running as root; otherwise names the exact command to run. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { run } from './process.ts';

/**
 * The suite's own installs take turns (util-linux's flock, on every Debian): the test lanes start
 * several at once on a fresh machine, and a second apt-get fails at once on dpkg's lock.
 */
const TURN = join(tmpdir(), 'odoo-load-apt.lock');
const TURN_SECONDS = 900;
/** Any other apt-get (unattended upgrades, a person) is waited for too, not failed on. */
const DPKG_LOCK_WAIT = ['-o', `DPkg::Lock::Timeout=${TURN_SECONDS}`];
/** Package lists are fetched once: the check runs again inside the turn, after whoever fetched them. */
const UPDATE_WHEN_EMPTY = `ls /var/lib/apt/lists/*Packages >/dev/null 2>&1 || { echo "apt-get update (package lists are empty)"; apt-get ${DPKG_LOCK_WAIT.join(' ')} update; }`;

export async function aptInstall(
  packages: string[],
  why: string,
  log: (line: string) => void,
): Promise<void> {
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new CliError(
      `${why} is missing; install it with: sudo apt-get update && sudo ${command}`,
      EXIT.missingTool,
    );
  }
  log(`${why} is missing: ${command}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const inTurn = (args: string[], echo?: (line: string) => void) =>
    run('flock', ['--wait', String(TURN_SECONDS), TURN, ...args], { env, echo });
  const update = await inTurn(['sh', '-c', UPDATE_WHEN_EMPTY], (line) => {
    if (line.startsWith('apt-get update')) log(line);
  });
  if (update.code !== 0) throw failed('apt-get update', update);
  const installArgs = ['install', '-y', '--no-install-recommends', ...DPKG_LOCK_WAIT, ...packages];
  const install = await inTurn(['apt-get', ...installArgs]);
  if (install.code !== 0) throw failed(command, install);
}

function failed(command: string, result: { code: number; stderr: string }): CliError {
  return new CliError(
    `${command} failed (exit ${result.code}): ${result.stderr.trim().split('\n').pop() ?? ''}`,
    EXIT.missingTool,
  );
}
