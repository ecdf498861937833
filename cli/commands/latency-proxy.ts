/**
 * `odoo-load latency-proxy`: a latency proxy between a real Odoo and its PostgreSQL, in the
 * foreground until Ctrl-C, so `capacity --db-rtt … --db-proxy <its API>` can move the database away
 * and back. It must be up before Odoo starts (Odoo needs its database to start).
 */
import { DATABASE_PROXY, parseDbProxy } from '../../capacity/real-placement.ts';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { LocalToxiproxy } from '../../services/toxiproxy.ts';
import { integerFlag, parseFlags } from '../flags.ts';

export const LATENCY_PROXY_HELP = `odoo-load latency-proxy --database <listen>=<postgres> [--api-port 8474]

Runs Toxiproxy (built from the Go module proxy when missing) with one proxy: Odoo reaches PostgreSQL
at <listen>, the proxy forwards to <postgres> (host:port each, e.g. 127.0.0.1:15432=127.0.0.1:5432),
adding nothing until a capacity sweep asks. Start it first, then Odoo with db_host and db_port at
<listen>; then, against that Odoo:
  odoo-load capacity --db-rtt 0,1,2 --db-proxy http://127.0.0.1:8474 --target <its hosting profile>
Stops with Ctrl-C (Odoo then loses its database).`;

/** `127.0.0.1:15432=127.0.0.1:5432` → where Odoo connects, and where PostgreSQL is. */
function routeOf(value: string | undefined): { listen: string; upstream: string } {
  const match = /^([\w.-]+:\d+)=([\w.-]+:\d+)$/.exec(value ?? '');
  if (!match)
    throw new CliError(
      `--database: expected <where Odoo connects>=<where PostgreSQL is>, e.g. 127.0.0.1:15432=127.0.0.1:5432, got ${JSON.stringify(value ?? '')}`,
      EXIT.badInput,
    );
  return { listen: match[1]!, upstream: match[2]! };
}

export async function latencyProxyCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    database: { type: 'string' },
    'api-port': { type: 'string', default: '8474' },
  });
  const route = routeOf(values.database);
  const apiPort = integerFlag('api-port', values['api-port'], 1, 65535);
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const proxy = await LocalToxiproxy.start(log, apiPort);
  try {
    await proxy.route(DATABASE_PROXY, route.upstream, route.listen);
    // What capacity's --db-proxy takes, checked the way it will be read.
    const api = parseDbProxy('db-proxy', proxy.api);
    log(
      `latency proxy: ${route.listen} → ${route.upstream}, nothing added; its API ${api} (capacity --db-proxy ${api}); Ctrl-C stops it`,
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
  } finally {
    await proxy.stop();
  }
  return EXIT.ok;
}
