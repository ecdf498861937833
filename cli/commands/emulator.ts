/** `odoo-load emulator`: the project's PostgreSQL and the Odoo emulator in the foreground, until Ctrl-C. */

import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { emulatorFlags, emulatorUsage, parseEmulatorFlags } from '../../emulator/options.ts';
import { LOCAL_DB } from '../../run/local-stack.ts';
import { EmulatorProcess } from '../../services/emulator.ts';
import { localDir } from '../../services/local-dir.ts';
import { LocalPostgres } from '../../services/postgres.ts';
import { integerFlag, parseFlags } from '../flags.ts';

const SERVED = [
  'port',
  'odooVersion',
  'workers',
  'dbMaxconn',
  'limitTimeReal',
  'costModel',
  'edition',
  'logRetries',
] as const;

export const EMULATOR_HELP = `odoo-load emulator [options]

Serves the database built by "odoo-load seed" on http://127.0.0.1:<port> as Odoo would, until Ctrl-C.
--workers N queues requests beyond N as Odoo's prefork server does; --cost-model adds server time
per model.method so the emulator has a known capacity (about workers / mean service time).

${emulatorUsage(SERVED)}
  --pg-port 55432                 the project's PostgreSQL`;

export async function emulatorCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    ...emulatorFlags(SERVED),
    'pg-port': { type: 'string', default: '55432' },
  });
  // Every flag is checked before anything starts.
  const pgPort = integerFlag('pg-port', String(values['pg-port']), 1, 65535);
  let served: ReturnType<typeof parseEmulatorFlags>;
  try {
    served = parseEmulatorFlags(values, SERVED);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.badInput);
  }
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const postgres = new LocalPostgres({ root: localDir('postgres'), port: pgPort, log });
  await postgres.start();
  const emulator = new EmulatorProcess({
    ...served,
    databaseUrl: postgres.databaseUrl(LOCAL_DB),
    db: LOCAL_DB,
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
