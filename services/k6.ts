/**
 * Finds k6, or builds the pinned version from the Go module proxy into the project's tool folder.
 * Never downloads a binary from a project website.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { findExecutable, run } from './process.ts';

/** The version built when no suitable k6 is found. v2.3.0 is not on the Go module proxy (see README). */
export const K6_PINNED = 'v1.8.1';
/** Oldest k6 the scenarios are written for (v1 APIs, browser module included). */
export const K6_MINIMUM = [1, 0, 0] as const;
export const K6_MODULE = 'go.k6.io/k6';

export const TOOLS_BIN = resolve('.tools', 'bin');

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
  const go = findExecutable('go', ['/usr/local/go/bin']);
  if (!go) {
    throw new CliError(
      `k6 >= v${K6_MINIMUM.join('.')} is not installed and Go is not available to build it. Install k6 with your package manager ` +
        `(e.g. "brew install k6" or the Grafana apt repository), use the grafana/k6 Docker image, or install Go and run: ` +
        `GOBIN=${TOOLS_BIN} go install ${K6_MODULE}@${K6_PINNED}`,
      EXIT.missingTool,
    );
  }
  log(
    `building k6 ${K6_PINNED} with Go into ${TOOLS_BIN} (takes a few minutes the first time; later runs reuse it)`,
  );
  const started = Date.now();
  const built = await run(go, ['install', `${K6_MODULE}@${K6_PINNED}`], {
    env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
    echo: (line) => {
      if (!line.startsWith('go: downloading')) log(`go: ${line}`);
    },
  });
  if (built.code !== 0) {
    throw new CliError(
      `go install ${K6_MODULE}@${K6_PINNED} failed: ${built.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      EXIT.missingTool,
    );
  }
  const version = await versionOf(local);
  if (!version) throw new CliError(`k6 was built into ${local} but does not run`, EXIT.missingTool);
  log(`k6 v${version} built in ${Math.round((Date.now() - started) / 1000)} s`);
  return { path: local, version, source: 'built' };
}
