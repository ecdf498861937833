/** `odoo-load emulator`: the project's PostgreSQL and the Odoo emulator in the foreground, until Ctrl-C. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from '../run/exit-codes.ts';
import { LOCAL_DB } from '../run/local-stack.ts';
import { EmulatorProcess } from '../services/emulator.ts';
import { LocalPostgres } from '../services/postgres.ts';
import { integerFlag } from './flags.ts';

export const EMULATOR_HELP = `odoo-load emulator [--port 8069] [--odoo-version 17] [--workers 0] [--pg-port 55432] [--log-retries]

Serves the database built by "odoo-load seed" on http://127.0.0.1:<port> as Odoo would, until Ctrl-C.`;

export async function emulatorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8069' },
      'odoo-version': { type: 'string', default: '17' },
      workers: { type: 'string', default: '0' },
      'pg-port': { type: 'string', default: '55432' },
      'log-retries': { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const postgres = new LocalPostgres({ root: resolve('.local', 'postgres'), port: integerFlag('pg-port', values['pg-port'], 1, 65535), log });
  await postgres.start();
  const emulator = new EmulatorProcess({
    databaseUrl: postgres.databaseUrl(LOCAL_DB),
    dbName: LOCAL_DB,
    port: integerFlag('port', values.port, 1, 65535),
    version: integerFlag('odoo-version', values['odoo-version'], 16, 19),
    workers: integerFlag('workers', values.workers, 0, 1024),
    dbMaxconn: 64,
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
