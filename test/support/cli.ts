/** Runs the real `odoo-load` CLI as a child process, as a user would. */
import { spawn } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { LOCAL_DIR_VARIABLE } from '../../services/local-dir.ts';

/**
 * The local stack of this test file's CLI runs (ODOO_LOAD_LOCAL): a folder per file, named by its
 * folder and name (test/e2e/calibrate and test/measured/calibrate are two files), so files that run
 * the CLI can run side by side without sharing a PostgreSQL or the stack's lock.
 */
const testFile = process.argv[1] ?? 'main';
export const CLI_LOCAL = resolve(
  '.local',
  'test',
  `cli-${basename(dirname(testFile))}-${basename(testFile).replace(/\.test\.ts$/, '')}`,
);

/** A path inside this test file's local stack folder. */
export const cliLocal = (...parts: string[]) => join(CLI_LOCAL, ...parts);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * What a CLI run told, for an assertion's message: its exit code and last lines first (a truncated
 * CI log keeps the beginning of a message, and the conclusion is at the end of stderr), then all of
 * stderr and the end of stdout.
 */
export function told(result: CliResult, lastLines = 15): string {
  const tail = result.stderr.trimEnd().split('\n').slice(-lastLines).join('\n');
  return `exit ${result.code}; the last ${lastLines} lines of stderr:\n${tail}\n--- all of stderr:\n${result.stderr}\n--- the end of stdout:\n${result.stdout.slice(-2000)}`;
}

export function odooLoad(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 240_000,
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('cli/bin.mjs'), ...args], {
      env: {
        ...process.env,
        [LOCAL_DIR_VARIABLE]: CLI_LOCAL,
        ODOO_URL: '',
        ODOO_DB: '',
        ODOO_LOGIN: '',
        ODOO_PASSWORD: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

export interface RunningCli {
  pid: number;
  /** Resolves with the first stderr line matching `pattern` (rejects after `timeoutMs`). */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  /** Ctrl-C as a terminal sends it: SIGINT to the CLI's whole process group. */
  interrupt: () => void;
  done: Promise<CliResult>;
}

/**
 * The CLI in the background, leading its own process group as in a terminal, so a test can break
 * things while it runs. `uid`/`gid` run it as another user (the test must be root for that).
 */
export function startOdooLoad(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number } = {},
): RunningCli {
  const child = spawn(process.execPath, [resolve('cli/bin.mjs'), ...args], {
    env: {
      ...process.env,
      [LOCAL_DIR_VARIABLE]: CLI_LOCAL,
      ODOO_URL: '',
      ODOO_DB: '',
      ODOO_LOGIN: '',
      ODOO_PASSWORD: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    uid: options.uid,
    gid: options.gid,
  });
  let stdout = '';
  let stderr = '';
  const waiting = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    for (const check of waiting) check();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const done = new Promise<CliResult>((settle, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      for (const check of waiting) check();
      settle({ code: code ?? -1, stdout, stderr });
    });
  });
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((found, fail) => {
      const check = () => {
        const line = stderr.split('\n').find((candidate) => pattern.test(candidate));
        if (line !== undefined) {
          waiting.delete(check);
          clearTimeout(giveUp);
          found(line);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          waiting.delete(check);
          clearTimeout(giveUp);
          fail(new Error(`the CLI ended before printing ${pattern}:\n${stderr}`));
        }
      };
      const giveUp = setTimeout(() => {
        waiting.delete(check);
        fail(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${stderr}`));
      }, timeoutMs);
      waiting.add(check);
      check();
    });
  return {
    pid: child.pid!,
    waitFor,
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
    done,
  };
}
