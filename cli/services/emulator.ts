/** Starts the Odoo emulator as a child process and waits until it listens. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT } from '../run/exit-codes.ts';
import { stopChild } from './process.ts';

export interface EmulatorProcessOptions {
  databaseUrl: string;
  dbName: string;
  port: number;
  version: number;
  workers: number;
  dbMaxconn: number;
  backoffScale: number;
  /** `0`, `uniform:<ms>` or a cost-model JSON file (default: off). */
  costModel?: string;
  limitTimeReal?: number;
  /** Failed logins per IP before Odoo's cooldown; 0 disables throttling. */
  loginCooldownAfter?: number;
  logRetries?: boolean;
  edition?: 'community' | 'enterprise';
  log: (line: string) => void;
}

const MAIN = fileURLToPath(new URL('../../emulator/main.ts', import.meta.url));

export class EmulatorProcess {
  private child?: ChildProcess;
  url = '';

  constructor(private readonly options: EmulatorProcessOptions) {}

  async start(): Promise<string> {
    const o = this.options;
    const args = [
      '--import',
      'tsx',
      MAIN,
      '--database-url',
      o.databaseUrl,
      '--db',
      o.dbName,
      '--port',
      String(o.port),
      '--odoo-version',
      String(o.version),
      '--workers',
      String(o.workers),
      '--db-maxconn',
      String(o.dbMaxconn),
      '--backoff-scale',
      String(o.backoffScale),
      '--cost-model',
      o.costModel ?? '0',
      '--limit-time-real',
      String(o.limitTimeReal ?? 120),
      '--login-cooldown-after',
      String(o.loginCooldownAfter ?? 5),
      '--edition',
      o.edition ?? 'community',
      ...(o.logRetries ? ['--log-retries'] : []),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () =>
          reject(
            new CliError(
              `emulator did not start within 30 s: ${output.trim()}`,
              EXIT.targetUnreachable,
            ),
          ),
        30_000,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        output += text;
        const ready = /emulator ready on (\S+)/.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        }
        for (const line of text.split('\n')) if (line.trim() && !ready) o.log(line);
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(
          new CliError(
            `emulator exited with code ${code}: ${output.trim()}`,
            EXIT.targetUnreachable,
          ),
        );
      });
    });
    // After start, keep echoing retry log lines if asked.
    if (o.logRetries)
      child.stdout!.on('data', (chunk: Buffer) =>
        chunk.toString().split('\n').filter(Boolean).forEach(o.log),
      );
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await stopChild(child);
  }
}
