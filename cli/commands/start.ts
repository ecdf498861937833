/** `odoo-load start`: the main job. A peak smoke against the built-in emulator, or ODOO_URL when set. */
import { parseArgs } from 'node:util';
import { EXIT } from '../run/exit-codes.ts';
import { runScenario } from '../run/orchestrate.ts';
import { integerFlag } from './flags.ts';

export const START_HELP = `odoo-load start [--profile smoke] [--odoo-version 17] [--workers 0] [--pg-port 55432] [--emulator-port 0]

Runs the order-confirmation scenario with real k6 and writes reports/<run-id>/ (summary.json, run.json).
Without ODOO_URL it starts the project's PostgreSQL, seeds it and starts the Odoo emulator on 127.0.0.1.
With ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD it runs against that Odoo and starts nothing.`;

export async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string', default: 'smoke' },
      'odoo-version': { type: 'string', default: '17' },
      workers: { type: 'string', default: '0' },
      'pg-port': { type: 'string', default: '55432' },
      'emulator-port': { type: 'string', default: '0' },
    },
  });
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  // Ctrl-C stops k6 gracefully (it still writes its summary) and the local services are stopped.
  const interrupt = new AbortController();
  const onSignal = () => {
    log('stopping (Ctrl-C again to force)');
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const outcome = await runScenario({
    scenario: 'order-confirmation',
    profile: values.profile,
    odooVersion: integerFlag('odoo-version', values['odoo-version'], 16, 19),
    workers: integerFlag('workers', values.workers, 0, 1024),
    pgPort: integerFlag('pg-port', values['pg-port'], 1, 65535),
    emulatorPort: integerFlag('emulator-port', values['emulator-port'], 0, 65535),
    seed: {},
    log,
    output: (line) => console.log(line),
    signal: interrupt.signal,
  });
  const confirmed = outcome.summary?.metrics.orders_confirmed?.count ?? 0;
  log(`run ${outcome.runId}: ${confirmed} orders confirmed; results in ${outcome.runDir}`);
  if (outcome.exitCode === EXIT.thresholdsFailed) log('thresholds failed (see the summary above)');
  return outcome.exitCode;
}
