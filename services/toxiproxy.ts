/**
 * Toxiproxy (Shopify's latency proxy), the project's own process on loopback: it puts real network
 * distance where a hosting profile says there is some — between people and Odoo, or between Odoo and
 * its PostgreSQL — for the emulator and a real Odoo alike. Built from the Go module proxy like k6.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { type GoTool, goInstall, TOOLS_BIN } from './go-install.ts';
import { findExecutable, freePort, stopChild } from './process.ts';

export const TOXIPROXY: GoTool = {
  pkg: 'github.com/Shopify/toxiproxy/v2/cmd/server',
  version: 'v2.5.0',
  binary: 'toxiproxy-server',
  what: 'Toxiproxy (latency proxy)',
};

/** toxiproxy-server from PATH, else the project's own build, else a fresh `go install`. */
export async function ensureToxiproxy(log: (line: string) => void): Promise<string> {
  const onPath = findExecutable(TOXIPROXY.binary);
  if (onPath) return onPath;
  const local = join(TOOLS_BIN, TOXIPROXY.binary);
  return existsSync(local) ? local : goInstall(TOXIPROXY, log);
}

/** One proxy: where it listens and what it forwards to. */
export interface ProxyRoute {
  name: string;
  listen: string;
  upstream: string;
}

/**
 * A toxiproxy-server's API: its proxies and their round trips. A round trip is split over both
 * directions (half on the request, half on the answer), so every exchange pays the whole of it once.
 */
export class ToxiproxyApi {
  constructor(readonly api: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: Error) => {
      throw new CliError(
        `toxiproxy at ${this.api} does not answer (${error.message}): start it with odoo-load latency-proxy`,
        EXIT.targetUnreachable,
      );
    });
    if (!response.ok)
      throw new CliError(
        `toxiproxy: ${method} ${path} answered ${response.status}: ${(await response.text()).trim()}`,
        EXIT.internal,
      );
  }

  /** A proxy listening on a free loopback port (or `listen`), forwarding to `upstream` (host:port). */
  async route(name: string, upstream: string, listen?: string): Promise<ProxyRoute> {
    const address = listen ?? `127.0.0.1:${await freePort()}`;
    await this.call('POST', '/proxies', { name, listen: address, upstream, enabled: true });
    return { name, listen: address, upstream };
  }

  /**
   * The round trip a proxy adds, in whole milliseconds (Toxiproxy's latency is an integer): half
   * upstream, half downstream (an odd millisecond goes to the answer). 0 removes it.
   */
  async setRoundTrip(name: string, roundTripMs: number): Promise<void> {
    for (const stream of ['upstream', 'downstream'] as const)
      await this.call('DELETE', `/proxies/${name}/toxics/rtt-${stream}`).catch(() => undefined);
    const whole = Math.round(roundTripMs);
    if (whole <= 0) return;
    const up = Math.floor(whole / 2);
    for (const [stream, latency] of [
      ['upstream', up],
      ['downstream', whole - up],
    ] as const)
      if (latency > 0)
        await this.call('POST', `/proxies/${name}/toxics`, {
          name: `rtt-${stream}`,
          type: 'latency',
          stream,
          toxicity: 1,
          attributes: { latency, jitter: 0 },
        });
  }
}

/** A toxiproxy-server of the project's own, on loopback, and its API. */
export class LocalToxiproxy extends ToxiproxyApi {
  private child?: ChildProcess;

  private constructor(
    private readonly apiPort: number,
    private readonly log: (line: string) => void,
  ) {
    super(`http://127.0.0.1:${apiPort}`);
  }

  /** Starts one on `apiPort` (a free one when 0). */
  static async start(log: (line: string) => void, apiPort = 0): Promise<LocalToxiproxy> {
    const proxy = new LocalToxiproxy(apiPort || (await freePort()), log);
    await proxy.launch();
    return proxy;
  }

  private async launch(): Promise<void> {
    const binary = await ensureToxiproxy(this.log);
    const child = spawn(binary, ['-host', '127.0.0.1', '-port', String(this.apiPort)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null)
        throw new CliError(
          `toxiproxy-server exited with code ${child.exitCode}: ${stderr.trim().split('\n').pop()}`,
          EXIT.targetUnreachable,
        );
      if (
        await fetch(`${this.api}/version`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((done) => setTimeout(done, 100));
    }
    await this.stop();
    throw new CliError(
      `toxiproxy-server did not answer on ${this.api} within 10 s`,
      EXIT.targetUnreachable,
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await stopChild(child);
  }
}
