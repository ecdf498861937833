/** Installs Debian packages when running as root; otherwise names the exact command to run. */
import { existsSync, readdirSync } from 'node:fs';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { run } from './process.ts';

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
  const listsEmpty =
    !existsSync('/var/lib/apt/lists') ||
    readdirSync('/var/lib/apt/lists').filter((file) => file.endsWith('Packages')).length === 0;
  if (listsEmpty) {
    log('apt-get update (package lists are empty)');
    await run('apt-get', ['update']);
  }
  log(`${why} is missing: ${command}`);
  const result = await run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.code !== 0) {
    throw new CliError(
      `${command} failed (exit ${result.code}): ${result.stderr.trim().split('\n').pop() ?? ''}`,
      EXIT.missingTool,
    );
  }
}
