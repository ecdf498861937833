/** Starts the Odoo emulator as a child process and waits until it listens. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { type EmulatorOptions, emulatorArgv } from '../emulator/options.ts';
import { isFresh } from './bundles.mjs';
import { stopChild } from './process.ts';

export type EmulatorProcessOptions = Partial<EmulatorOptions> & {
  databaseUrl: string;
  log: (line: string) => void;
};

const MAIN = fileURLToPath(new URL('../emulator/main.ts', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/node/emulator.mjs', import.meta.url));

/** The bundle `npm run build` made while no source has changed since (it starts in half the time); the sources through tsx otherwise. */
const emulatorEntry = () =>
  isFresh(BUNDLE) ? ['--enable-source-maps', BUNDLE] : ['--import', 'tsx', MAIN];

export class EmulatorProcess {
  private child?: ChildProcess;
  url = '';

  constructor(private readonly options: EmulatorProcessOptions) {}

  async start(): Promise<string> {
    const o = this.options;
    const { log: _log, ...flags } = o;
    const args = [...emulatorEntry(), ...emulatorArgv(flags)];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches the CLI, which stops it after the audit.
      detached: true,
    });
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
