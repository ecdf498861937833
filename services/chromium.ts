/**
 * Chromium for browser users: Debian's package (installed when missing, as root), the environment
 * k6's browser module reads, and how many browsers this generator can hold.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, freemem } from 'node:os';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { aptInstall } from './apt.ts';

export const findChromium = (): string | undefined =>
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export async function ensureChromium(log: (line: string) => void): Promise<string> {
  const found = findChromium();
  if (found) return found;
  await aptInstall(['chromium'], 'Chromium (for browser users)', log);
  const installed = findChromium();
  if (!installed)
    throw new CliError('Chromium is not installed: apt-get install chromium', EXIT.missingTool);
  return installed;
}

/**
 * What k6's browser module needs to drive Debian's Chromium: its path, no sandbox when running as
 * root (Chromium refuses to start otherwise), and no calls home at start on a machine without network.
 */
export function browserEnv(executable: string): Record<string, string> {
  const args = [
    ...(process.getuid?.() === 0 ? ['no-sandbox'] : []),
    'disable-background-networking',
    'disable-component-update',
    'no-first-run',
  ];
  return {
    K6_BROWSER_EXECUTABLE_PATH: executable,
    K6_BROWSER_ARGS: args.join(','),
    K6_BROWSER_HEADLESS: 'true',
  };
}

/**
 * What one browser user costs a generator with Odoo's web client open: measured here (generator
 * health of a 90 s smoke on a real 17 with a rep and a picker), the two browsers' 18 processes peaked
 * at 2.4 GB resident (summed, so shared pages count more than once) and 2.2 cores during their
 * logins, 0.63 cores over the run. Planned at 600 MB and half a core each; one core stays for k6 and
 * the protocol load's VUs.
 */
export const BROWSER_COST = { memoryMiB: 600, cores: 0.5 } as const;

export interface GeneratorRoom {
  browsers: number;
  memoryMiB: number;
  cores: number;
  /** Browsers this machine holds beside the protocol load. */
  holds: number;
}

export function generatorRoom(
  browsers: number,
  machine = { cores: availableParallelism(), freeMiB: freemem() / 2 ** 20 },
): GeneratorRoom {
  const byCores = Math.floor((machine.cores - 1) / BROWSER_COST.cores);
  const byMemory = Math.floor((machine.freeMiB * 0.6) / BROWSER_COST.memoryMiB);
  return {
    browsers,
    memoryMiB: browsers * BROWSER_COST.memoryMiB,
    cores: browsers * BROWSER_COST.cores,
    holds: Math.max(0, Math.min(byCores, byMemory)),
  };
}

/** One line: what the browsers need of this machine. */
export const describeRoom = (room: GeneratorRoom): string =>
  `${room.browsers} browser${room.browsers === 1 ? '' : 's'} need about ${room.memoryMiB} MB and ${room.cores} core${room.cores === 1 ? '' : 's'} of this generator (it holds ${room.holds} beside the protocol load)`;

/** More browsers than the machine holds: refused before anything starts. */
export function assertGeneratorHolds(room: GeneratorRoom): void {
  if (room.browsers <= room.holds) return;
  throw new CliError(
    `browserUsers: ${describeRoom(room)}; name fewer browser users`,
    EXIT.badInput,
  );
}
