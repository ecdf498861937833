/**
 * An InfluxDB 1.x server owned by the project (Debian's `influxdb` package): its own config, data
 * folder and loopback ports, started and stopped like the project's PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { aptInstall } from './apt.ts';
import { findExecutable, freePort, stopChild } from './process.ts';

/** The database runs stream into (k6 creates it on first write). */
export const INFLUX_DATABASE = 'odoo_load';

/** An InfluxDB 1.x the user names: `http(s)://host:port/<database>`, no credentials in it. */
export interface InfluxAddress {
  /** Scheme, host and port. */
  url: string;
  database: string;
}

/**
 * Reads `value` (given as `name`: a flag or an environment variable) as an InfluxDB address, or
 * says what was expected. Credentials in it are refused: they would land in run.json and manifests.
 */
export function influxAddressOf(name: string, value: string | undefined): InfluxAddress {
  try {
    const url = new URL(value ?? '');
    const database = url.pathname.replace(/^\/+|\/+$/g, '');
    if (/^https?:$/.test(url.protocol) && database && !url.username && !url.password)
      return { url: url.origin, database };
  } catch {}
  throw new CliError(
    `${name}: expected an InfluxDB 1.x URL with its database and no credentials, such as http://influxdb.monitoring:8086/odoo_load`,
    EXIT.badInput,
  );
}

export interface InfluxOptions {
  root: string;
  /** HTTP port; 0 picks a free one. */
  port: number;
  log: (line: string) => void;
}

export class LocalInflux {
  private child?: ChildProcess;
  port = 0;

  constructor(private readonly options: InfluxOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    let influxd = findExecutable('influxd');
    if (!influxd) {
      await aptInstall(['influxdb'], 'InfluxDB 1.x (influxd)', this.options.log);
      influxd = findExecutable('influxd');
      if (!influxd)
        throw new CliError(
          'InfluxDB was installed but influxd is still not found',
          EXIT.missingTool,
        );
    }
    const root = resolve(this.options.root);
    mkdirSync(root, { recursive: true });
    this.port = this.options.port || (await freePort());
    const rpcPort = await freePort();
    const config = [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      `[meta]\n  dir = "${join(root, 'meta')}"`,
      `[data]\n  dir = "${join(root, 'data')}"\n  wal-dir = "${join(root, 'wal')}"\n  query-log-enabled = false`,
      `[http]\n  bind-address = "127.0.0.1:${this.port}"\n  log-enabled = false`,
      '[monitor]\n  store-enabled = false',
      '[continuous_queries]\n  enabled = false',
    ].join('\n');
    const configFile = join(root, 'influxdb.conf');
    writeFileSync(configFile, `${config}\n`);
    const child = spawn(influxd, ['-config', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr!.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)),
    );
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null)
        throw new CliError(
          `influxd exited with code ${child.exitCode}: ${stderr.trim().split('\n').pop()}`,
          EXIT.targetUnreachable,
        );
      try {
        const ping = await fetch(`${this.url}/ping`);
        if (ping.status === 204) {
          this.options.log(`influxdb: listening on ${this.url}`);
          return this.url;
        }
      } catch {
        // not up yet
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    await this.stop();
    throw new CliError(`influxd did not answer on ${this.url} within 20 s`, EXIT.targetUnreachable);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await stopChild(child);
  }
}

/** Runs an InfluxQL query and returns InfluxDB's JSON answer. */
export async function influxQuery(
  url: string,
  database: string,
  query: string,
  /** `ns`, `ms`…: times as epoch numbers instead of RFC 3339 strings. */
  epoch?: string,
): Promise<{
  results: {
    series?: {
      name: string;
      columns: string[];
      values: unknown[][];
      tags?: Record<string, string>;
    }[];
    error?: string;
  }[];
}> {
  const response = await fetch(
    `${url}/query?db=${encodeURIComponent(database)}&q=${encodeURIComponent(query)}${epoch ? `&epoch=${epoch}` : ''}`,
  );
  return (await response.json()) as never;
}
