/**
 * Builds a pinned Go command from the Go module proxy into the project's tool folder (.tools/bin),
 * the one way this project gets the Go tools it runs (k6, Toxiproxy): no binary from a website.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { findExecutable, run } from './process.ts';

export const TOOLS_BIN = resolve('.tools', 'bin');

export interface GoTool {
  /** The package to install, e.g. go.k6.io/k6 or github.com/Shopify/toxiproxy/v2/cmd/server. */
  pkg: string;
  version: string;
  /** The name it gets in .tools/bin (go install names it after its last path element). */
  binary: string;
  /** What it is for, in the log: "k6", "Toxiproxy (latency proxy)". */
  what: string;
}

export const goInstallCommand = (tool: GoTool) => `go install ${tool.pkg}@${tool.version}`;

/** `go install` of the tool into .tools/bin under its own name; its path. */
export async function goInstall(tool: GoTool, log: (line: string) => void): Promise<string> {
  const go = findExecutable('go', ['/usr/local/go/bin']);
  if (!go)
    throw new CliError(
      `${tool.what} is not installed and Go is not available to build it: install Go, then run: GOBIN=${TOOLS_BIN} ${goInstallCommand(tool)}`,
      EXIT.missingTool,
    );
  log(
    `building ${tool.what} ${tool.version} with Go into ${TOOLS_BIN} (once; later runs reuse it)`,
  );
  // Its own folder first: `go install` names the binary after the package's last element. One
  // per build: test files side by side on a fresh clone each built k6, and a shared folder
  // removed by the first to finish failed the others.
  mkdirSync(resolve('.tools'), { recursive: true });
  const staging = mkdtempSync(resolve('.tools', `go-${tool.binary}-`));
  const started = Date.now();
  try {
    const built = await run(go, ['install', `${tool.pkg}@${tool.version}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
      echo: (line) => {
        if (!line.startsWith('go: downloading')) log(`go: ${line}`);
      },
    });
    const produced = join(staging, tool.pkg.split('/').pop()!);
    if (built.code !== 0 || !existsSync(produced))
      throw new CliError(
        `${goInstallCommand(tool)} failed: ${built.stderr.trim().split('\n').slice(-3).join(' | ')}`,
        EXIT.missingTool,
      );
    mkdirSync(TOOLS_BIN, { recursive: true });
    // A rename replaces atomically: a process starting the tool meanwhile runs one whole binary.
    renameSync(produced, join(TOOLS_BIN, tool.binary));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`${tool.what} built in ${Math.round((Date.now() - started) / 1000)} s`);
  return join(TOOLS_BIN, tool.binary);
}
