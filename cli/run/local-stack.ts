/**
 * The built-in target: the project's PostgreSQL, a seeded database and the Odoo emulator, all on
 * 127.0.0.1. The seeded users' password is random per stack and lives only in memory and in the
 * environment of the processes that need it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dataset } from '../../contract/index.ts';
import { SEED_DEFAULTS, type SeedOptions, seed } from '../../emulator/db/seed.ts';
import { EmulatorProcess } from '../services/emulator.ts';
import { LocalPostgres } from '../services/postgres.ts';

export interface LocalStackOptions {
  pgPort: number;
  emulatorPort: number;
  odooVersion: number;
  workers: number;
  backoffScale: number;
  /** Emulator cost model: `0`, `uniform:<ms>` or a JSON file (odoo-rpc.md §6). */
  costModel: string;
  edition: 'community' | 'enterprise';
  limitTimeReal: number;
  dbMaxconn: number;
  seed: Partial<Omit<SeedOptions, 'databaseUrl' | 'dbName' | 'password' | 'apiKey' | 'progress'>>;
  /** Where the dataset file is written. */
  datasetPath: string;
  log: (line: string) => void;
}

export interface LocalStack {
  url: string;
  db: string;
  login: string;
  password: string;
  /** Admin's API key, for the /jsonrpc and JSON-2 authentication modes. */
  apiKey: string;
  databaseUrl: string;
  dataset: Dataset;
  datasetPath: string;
  /** The emulator's counters: retries, exhausted retries, queueing, killed requests. */
  stats: () => Promise<Record<string, unknown>>;
  stop: () => Promise<void>;
}

export const LOCAL_DB = 'odoo_load';

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const postgres = new LocalPostgres({
    root: resolve('.local', 'postgres'),
    port: options.pgPort,
    log: options.log,
  });
  let emulator: EmulatorProcess | undefined;
  const stop = async () => {
    await emulator?.stop();
    await postgres.stop();
  };
  try {
    await postgres.start();
    const databaseUrl = postgres.databaseUrl(LOCAL_DB);
    const password = randomBytes(18).toString('base64url');
    const apiKey = randomBytes(20).toString('hex');
    const started = Date.now();
    const dataset = await seed({
      ...SEED_DEFAULTS,
      ...options.seed,
      databaseUrl,
      dbName: LOCAL_DB,
      password,
      apiKey,
      progress: options.log,
    });
    options.log(`seed: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    mkdirSync(dirname(options.datasetPath), { recursive: true });
    writeFileSync(options.datasetPath, JSON.stringify(dataset));
    emulator = new EmulatorProcess({
      databaseUrl,
      dbName: LOCAL_DB,
      port: options.emulatorPort,
      version: options.odooVersion,
      workers: options.workers,
      dbMaxconn: options.dbMaxconn,
      limitTimeReal: options.limitTimeReal,
      backoffScale: options.backoffScale,
      costModel: options.costModel,
      edition: options.edition,
      log: options.log,
    });
    const url = await emulator.start();
    options.log(`emulator: ${url} (Odoo ${options.odooVersion})`);
    const stats = async () =>
      (await fetch(`${url}/emulator/stats`)).json() as Promise<Record<string, unknown>>;
    return {
      url,
      db: LOCAL_DB,
      login: dataset.adminLogin,
      password,
      apiKey,
      databaseUrl,
      dataset,
      datasetPath: options.datasetPath,
      stats,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
