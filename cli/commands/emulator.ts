/** `odoo-load emulator`: the project's PostgreSQL and the Odoo emulator in the foreground, until Ctrl-C. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from '../run/exit-codes.ts';
import { LOCAL_DB } from '../run/local-stack.ts';
import { EmulatorProcess } from '../services/emulator.ts';
import { LocalPostgres } from '../services/postgres.ts';
import { integerFlag } from './flags.ts';

export const EMULATOR_HELP = `odoo-load emulator [--port 8069] [--odoo-version 17] [--workers 0] [--db-maxconn 64]
                   [--limit-time-real 120] [--cost-model 0|uniform:<ms>|emulator/cost-model.json]
                   [--pg-port 55432] [--log-retries]

Serves the database built by "odoo-load seed" on http://127.0.0.1:<port> as Odoo would, until Ctrl-C.
--workers N queues requests beyond N as Odoo's prefork server does; --cost-model adds server time
per model.method so the emulator has a known capacity (about workers / mean service time).`;

export async function emulatorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8069' },
      'odoo-version': { type: 'string', default: '17' },
      workers: { type: 'string', default: '0' },
      'pg-port': { type: 'string', default: '55432' },
      'db-maxconn': { type: 'string', default: '64' },
      'limit-time-real': { type: 'string', default: '120' },
      'cost-model': { type: 'string', default: '0' },
      'log-retries': { type: 'boolean', default: false },
    },
  });
  // Every flag is checked before anything starts.
  const settings = {
    port: integerFlag('port', values.port, 1, 65535),
    version: integerFlag('odoo-version', values['odoo-version'], 16, 19),
    workers: integerFlag('workers', values.workers, 0, 1024),
    dbMaxconn: integerFlag('db-maxconn', values['db-maxconn'], 1, 10_000),
    limitTimeReal: integerFlag('limit-time-real', values['limit-time-real'], 0, 86_400),
    pgPort: integerFlag('pg-port', values['pg-port'], 1, 65535),
  };
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const postgres = new LocalPostgres({
    root: resolve('.local', 'postgres'),
    port: settings.pgPort,
    log,
  });
  await postgres.start();
  const emulator = new EmulatorProcess({
    databaseUrl: postgres.databaseUrl(LOCAL_DB),
    dbName: LOCAL_DB,
    port: settings.port,
    version: settings.version,
    workers: settings.workers,
    dbMaxconn: settings.dbMaxconn,
    limitTimeReal: settings.limitTimeReal,
    costModel: values['cost-model'],
    backoffScale: 1,
    logRetries: values['log-retries'],
    log,
  });
  try {
    log(`emulator ready on ${await emulator.start()} (database ${LOCAL_DB}); Ctrl-C stops it`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
  } finally {
    await emulator.stop();
    await postgres.stop();
  }
  return EXIT.ok;
}
