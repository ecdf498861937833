/** Entry point of the Odoo emulator process: parse flags, connect, listen; SIGINT/SIGTERM close it. */
import { parseArgs } from 'node:util';
import { type CostModel, loadCostModel } from './cost-model.ts';
import { OdooLog } from './odoo-log.ts';
import {
  EMULATOR_DEFAULTS,
  type EmulatorOptions,
  emulatorFlags,
  emulatorUsage,
  parseEmulatorFlags,
} from './options.ts';
import type { OdooVersion } from './orm/model.ts';
import { buildServer } from './server.ts';

function fail(message: string): never {
  console.error(
    `emulator: ${message}\nusage: emulator --database-url URL [options]\n${emulatorUsage()}`,
  );
  process.exit(2);
}

let options: EmulatorOptions;
let costModel: CostModel;
try {
  const { values } = parseArgs({ options: emulatorFlags() });
  options = { ...EMULATOR_DEFAULTS, ...parseEmulatorFlags(values) };
  if (!options.databaseUrl) fail('--database-url: expected a postgres:// URL');
  costModel = loadCostModel(options.costModel, options.odooVersion);
} catch (error) {
  fail((error as Error).message);
}

const { app } = await buildServer({
  databaseUrl: options.databaseUrl,
  dbName: options.db,
  version: options.odooVersion as OdooVersion,
  workers: options.workers,
  dbMaxconn: options.dbMaxconn,
  backoffScale: options.backoffScale,
  limitTimeReal: options.limitTimeReal,
  costModel,
  placement: {
    databaseRoundTripMs: options.dbRoundTrip,
    cpus: options.cpus,
    databaseSharesCpus: options.databaseSharesCpus,
  },
  loginCooldownAfter: options.loginCooldownAfter,
  loginCooldownSeconds: options.loginCooldownDuration,
  edition: options.edition,
  odooLog: new OdooLog(
    options.logFile,
    options.db,
    options.logRetries ? (line) => console.log(line) : undefined,
  ),
});
try {
  await app.listen({ host: options.host, port: options.port });
} catch (error) {
  fail(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
}
const address = app.server.address();
const boundPort = typeof address === 'object' && address ? address.port : options.port;
// The parent process waits for this exact line.
console.log(
  `emulator ready on http://${options.host}:${boundPort} (Odoo ${options.odooVersion}, db ${options.db}, workers ${options.workers}, cost model ${costModel.describe}${placementClause(options)})`,
);

function placementClause(options: EmulatorOptions): string {
  const terms = [
    options.dbRoundTrip > 0 ? `database ${options.dbRoundTrip} ms away` : '',
    options.cpus > 0
      ? `${options.cpus} CPUs${options.databaseSharesCpus ? ' shared with PostgreSQL' : ''}`
      : '',
  ].filter(Boolean);
  return terms.length ? `, ${terms.join(', ')}` : '';
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().finally(() => process.exit(0));
  });
}

// It runs in its own process group (so a terminal's Ctrl-C reaches only the CLI): if whoever
// started it dies without stopping it (kill -9), it stops itself instead of serving forever.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) app.close().finally(() => process.exit(0));
}, 1000).unref();
