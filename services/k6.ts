/**
 * Finds k6, or builds the pinned version from the Go module proxy into the project's tool folder.
 * Never downloads a binary from a project website.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { goInstall, TOOLS_BIN } from './go-install.ts';
import { findExecutable, run } from './process.ts';

export { TOOLS_BIN } from './go-install.ts';

/** The version built when no suitable k6 is found. v2.3.0 is not on the Go module proxy (see README). */
export const K6_PINNED = 'v1.8.1';
/** Oldest k6 the scenarios are written for (v1 APIs, browser module included). */
export const K6_MINIMUM = [1, 0, 0] as const;
export const K6_MODULE = 'go.k6.io/k6';

export interface K6Binary {
  path: string;
  version: string;
  source: 'PATH' | 'project' | 'built';
}

/** `k6 version` prints "k6 v1.8.1 (go1.26.8, linux/amd64)". */
export function parseK6Version(output: string): [number, number, number] | undefined {
  const match = /k6 v(\d+)\.(\d+)\.(\d+)/.exec(output);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function isAtLeast(version: readonly number[], minimum: readonly number[]): boolean {
  for (let i = 0; i < minimum.length; i++) {
    if ((version[i] ?? 0) !== minimum[i]) return (version[i] ?? 0) > minimum[i]!;
  }
  return true;
}

/** The version `k6 version` printed, when it is one the scenarios run on ("1.8.1"); else undefined. */
export function usableK6Version(output: string): string | undefined {
  const version = parseK6Version(output);
  return version && isAtLeast(version, K6_MINIMUM) ? version.join('.') : undefined;
}

async function versionOf(path: string): Promise<string | undefined> {
  try {
    return usableK6Version((await run(path, ['version'])).stdout);
  } catch {
    return undefined;
  }
}

/** k6 from PATH if recent enough, else the project's own build, else a fresh `go install`. */
export async function ensureK6(log: (line: string) => void): Promise<K6Binary> {
  const onPath = findExecutable('k6');
  if (onPath && !onPath.startsWith(TOOLS_BIN)) {
    const version = await versionOf(onPath);
    if (version) return { path: onPath, version, source: 'PATH' };
    log(
      `k6 on PATH (${onPath}) is older than v${K6_MINIMUM.join('.')}; using the project's own build`,
    );
  }
  const local = join(TOOLS_BIN, 'k6');
  if (existsSync(local)) {
    const version = await versionOf(local);
    if (version) return { path: local, version, source: 'project' };
  }
  const built = await goInstall(
    { pkg: K6_MODULE, version: K6_PINNED, binary: 'k6', what: 'k6' },
    log,
  ).catch((error: CliError) => {
    throw new CliError(
      `k6 >= v${K6_MINIMUM.join('.')} is not installed (install it with your package manager, e.g. the Grafana apt repository, or use the grafana/k6 image): ${error.message}`,
      EXIT.missingTool,
    );
  });
  const version = await versionOf(built);
  if (!version) throw new CliError(`k6 was built into ${built} but does not run`, EXIT.missingTool);
  return { path: built, version, source: 'built' };
}
