/**
 * The built-in target: the project's PostgreSQL, a seeded database and the Odoo emulator, all on
 * 127.0.0.1. The CLI and the tests start it with this same code. The seeded users' password is
 * random per stack and lives only in memory and in the environment of the processes that need it.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Dataset } from '../contract/index.ts';
import type { EmulatorOptions } from '../emulator/options.ts';
import { SEED_DEFAULTS, type SeedOptions, seed } from '../emulator/seed/seed.ts';
import { EmulatorProcess } from '../services/emulator.ts';
import { localDir } from '../services/local-dir.ts';
import { LocalPostgres } from '../services/postgres.ts';
import { lockLocalStack } from './stack-lock.ts';

type EmulatorShape = Partial<Omit<EmulatorOptions, 'databaseUrl' | 'db' | 'host'>>;
export type SeedShape = Partial<
  Omit<SeedOptions, 'databaseUrl' | 'dbName' | 'password' | 'apiKey' | 'progress'>
>;

export interface LocalStackOptions {
  pgPort: number;
  emulator: EmulatorShape;
  seed: SeedShape;
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
  /** Odoo's server log the emulator writes (request lines, retries), when it writes one. */
  odooLog?: string;
  /** The emulator's counters: retries, exhausted retries, queueing, killed requests. */
  stats: () => Promise<Record<string, unknown>>;
  stop: () => Promise<void>;
}

export const LOCAL_DB = 'odoo_load';

/** Seeds `db` in a running PostgreSQL and serves it with an emulator; stop() stops the emulator. */
export async function startSeededEmulator(
  postgres: LocalPostgres,
  options: {
    db: string;
    emulator: EmulatorShape;
    seed: SeedShape;
    datasetPath?: string;
    /** Where the emulator reaches PostgreSQL when not directly (a latency proxy's host:port). */
    through?: string;
    log: (line: string) => void;
  },
): Promise<LocalStack> {
  const databaseUrl = postgres.databaseUrl(options.db);
  const password = randomBytes(18).toString('base64url');
  const apiKey = randomBytes(20).toString('hex');
  const started = Date.now();
  const dataset = await seed({
    ...SEED_DEFAULTS,
    ...options.seed,
    databaseUrl,
    dbName: options.db,
    password,
    apiKey,
    progress: options.log,
  });
  options.log(`seed: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (options.datasetPath) {
    mkdirSync(dirname(options.datasetPath), { recursive: true });
    writeFileSync(options.datasetPath, JSON.stringify(dataset));
  }
  const emulator = new EmulatorProcess({
    ...options.emulator,
    databaseUrl: postgres.databaseUrl(options.db, options.through),
    db: options.db,
    log: options.log,
  });
  const url = await emulator.start();
  options.log(`emulator: ${url} (Odoo ${options.emulator.odooVersion ?? 17})`);
  return {
    url,
    db: options.db,
    login: dataset.adminLogin,
    password,
    apiKey,
    databaseUrl,
    dataset,
    odooLog: options.emulator.logFile || undefined,
    stats: async () =>
      (await fetch(`${url}/emulator/stats`)).json() as Promise<Record<string, unknown>>,
    stop: () => emulator.stop(),
  };
}

/** The CLI's stack: the project's PostgreSQL in .local/postgres plus a seeded emulator. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const release = lockLocalStack(localDir());
  const postgres = new LocalPostgres({
    root: localDir('postgres'),
    port: options.pgPort,
    log: options.log,
  });
  const stopAll = async (stack?: LocalStack) => {
    try {
      await stack?.stop();
      await postgres.stop();
    } finally {
      release();
    }
  };
  try {
    await postgres.start();
    const stack = await startSeededEmulator(postgres, {
      ...options,
      emulator: { logFile: localDir('emulator-odoo.log'), ...options.emulator },
      db: LOCAL_DB,
    });
    return { ...stack, stop: () => stopAll(stack) };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
