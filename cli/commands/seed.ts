/** `odoo-load seed`: (re)build the emulator's database deterministically and write the dataset file. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { SEED_DEFAULTS, seed } from '../../emulator/seed/seed.ts';
import { seedShapeOf } from '../../planning/dataset-schema.ts';
import { loadDatasetProfile } from '../../planning/load.ts';
import { LOCAL_DB } from '../../run/local-stack.ts';
import { localDir } from '../../services/local-dir.ts';
import { LocalPostgres } from '../../services/postgres.ts';
import { integerFlag, parseFlags, shareFlag } from '../flags.ts';

export const SEED_HELP = `odoo-load seed [--dataset <profile>] [--companies 2] [--products 200] [--customers 100] [--operators 4]
                [--seed 1] [--scarce-share 0.05] [--pickings-per-operator 3] [--pg-port 55432]
                [--dataset-file .local/dataset.json]

Rebuilds the emulator's database in the project's PostgreSQL: the same arguments build the same data.
--dataset takes a dataset profile (profiles/datasets/<name>.json, what odoo-load grow brings a real
Odoo to): its companies, products, customers and pickers; the flags given beside it win.
Users get the password in ODOO_PASSWORD (required); admin gets the API key in ODOO_API_KEY when set.
Both are stored hashed, never written in clear.`;

const SEED_FLAGS = {
  companies: { type: 'string', default: String(SEED_DEFAULTS.companies) },
  products: { type: 'string', default: String(SEED_DEFAULTS.products) },
  customers: { type: 'string', default: String(SEED_DEFAULTS.customers) },
  operators: { type: 'string', default: String(SEED_DEFAULTS.operators) },
  seed: { type: 'string', default: String(SEED_DEFAULTS.seed) },
  'scarce-share': { type: 'string', default: String(SEED_DEFAULTS.scarceShare) },
  'pickings-per-operator': {
    type: 'string',
    default: String(SEED_DEFAULTS.pickingsPerOperator),
  },
  'pg-port': { type: 'string', default: '55432' },
  'dataset-file': { type: 'string', default: localDir('dataset.json') },
  dataset: { type: 'string' },
} as const;

type SeedFlagValues = { [name in keyof typeof SEED_FLAGS]?: string };

/** A dataset profile's sizes as the seed's flags; the flags given on the command line win. */
function withDatasetProfile(argv: string[], values: SeedFlagValues): SeedFlagValues {
  if (!values.dataset) return values;
  const { profile } = loadDatasetProfile(values.dataset);
  const given = (flag: string) => argv.includes(`--${flag}`);
  return {
    ...values,
    ...(given('companies') ? {} : { companies: String(profile.companies) }),
    ...(given('products') ? {} : { products: String(Math.max(1, profile.products.count)) }),
    ...(given('customers') ? {} : { customers: String(Math.max(1, profile.customers.count)) }),
    ...(given('operators') ? {} : { operators: String(profile.users.pickers) }),
  };
}

/** The seed's options from its flags and the environment, each checked before anything starts. */
function seedOptionsOf(values: SeedFlagValues) {
  const password = process.env.ODOO_PASSWORD;
  if (!password)
    throw new CliError(
      'ODOO_PASSWORD is not set: the seeded users get this password (it is never written to a file)',
      EXIT.badInput,
    );
  if (process.env.ODOO_API_KEY && !/^[0-9a-f]{40}$/.test(process.env.ODOO_API_KEY)) {
    throw new CliError(
      'ODOO_API_KEY: expected 40 lowercase hex characters, as Odoo generates them',
      EXIT.badInput,
    );
  }
  return {
    companies: integerFlag('companies', values.companies!, 1, 100),
    products: integerFlag('products', values.products!, 1, 1_000_000),
    customers: integerFlag('customers', values.customers!, 1, 1_000_000),
    operators: integerFlag('operators', values.operators!, 0, 10_000),
    seed: integerFlag('seed', values.seed!, 0, 2 ** 31),
    scarceShare: shareFlag('scarce-share', values['scarce-share']!),
    pickingsPerOperator: integerFlag(
      'pickings-per-operator',
      values['pickings-per-operator']!,
      0,
      1000,
    ),
    password,
    apiKey: process.env.ODOO_API_KEY || undefined,
  };
}

export async function seedCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, SEED_FLAGS);
  const options = {
    ...seedOptionsOf(withDatasetProfile(argv, values)),
    ...(values.dataset
      ? { history: seedShapeOf(loadDatasetProfile(values.dataset).profile).history }
      : {}),
  };
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const postgres = new LocalPostgres({
    root: localDir('postgres'),
    port: integerFlag('pg-port', values['pg-port']!, 1, 65535),
    log,
  });
  await postgres.start();
  try {
    const started = Date.now();
    const dataset = await seed({
      databaseUrl: postgres.databaseUrl(LOCAL_DB),
      dbName: LOCAL_DB,
      ...options,
      progress: log,
    });
    const datasetPath = resolve(values['dataset-file']);
    mkdirSync(dirname(datasetPath), { recursive: true });
    writeFileSync(datasetPath, JSON.stringify(dataset));
    log(
      `seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; dataset written to ${datasetPath}`,
    );
  } finally {
    await postgres.stop();
  }
  return EXIT.ok;
}
