/**
 * `odoo-load grow --dataset <profile>`: brings a target (a real Odoo; a staging copy) to a dataset
 * profile's size through Odoo's API, resumable after Ctrl-C.
 */
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { describeDataset } from '../../contract/index.ts';
import { EMULATOR_DEFAULTS } from '../../emulator/options.ts';
import { growDataset } from '../../grow/index.ts';
import { loadDatasetProfile } from '../../planning/load.ts';
import { preflight } from '../../run/preflight.ts';
import { resolveTarget } from '../../run/target.ts';
import { integerFlag, parseFlags } from '../flags.ts';

export const GROW_HELP = `odoo-load grow --dataset <name|file> [--target <hosting profile|url>] [--batch 100]
               [--i-know-this-is-not-production]

Brings the Odoo named by ODOO_URL (or --target) to a dataset profile (profiles/datasets/<name>.json):
companies with their chart of accounts and warehouse, users by role (password from
ODOO_OPERATOR_PASSWORD), product categories and storable products with barcodes, customers with
their contacts, stock on hand in every company's warehouse, and months of history — orders confirmed,
delivered, invoiced, posted and paid — through Odoo's own API and buttons (batched create, the
context flags that skip mail tracking). Each step counts what is there and adds the difference, so
Ctrl-C stops at a batch and growing again resumes without duplicates. What it creates is named or
referenced GROW… (products GROW-P-…, customers GROW-C-…, orders GROW-H-…, users grow-…@example.com).
A target that is not loopback is refused unless its hosting profile marks it a test environment or
you pass --i-know-this-is-not-production. The emulator is seeded from the same profiles instead:
odoo-load seed --dataset <name>.`;

export async function growCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    dataset: { type: 'string' },
    target: { type: 'string' },
    batch: { type: 'string', default: '100' },
    'i-know-this-is-not-production': { type: 'boolean', default: false },
  });
  if (!values.dataset)
    throw new CliError(
      '--dataset: expected a dataset profile (profiles/datasets/<name>.json or a path)',
      EXIT.badInput,
    );
  const { profile } = loadDatasetProfile(values.dataset);
  const batch = integerFlag('batch', values.batch, 1, 1000);
  const resolved = resolveTarget(
    values.target,
    { ...EMULATOR_DEFAULTS, odooVersion: 17, edition: 'community' },
    values['i-know-this-is-not-production'],
  );
  if (resolved.kind !== 'remote')
    throw new CliError(
      'grow: no target: set ODOO_URL (and ODOO_DB, ODOO_LOGIN, ODOO_PASSWORD) or --target <url>; the emulator is seeded instead (odoo-load seed --dataset …)',
      EXIT.badInput,
    );
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const target = { ...resolved.remote, auth: 'session' as const };
  const login = await preflight(target, resolved.remote.password);
  const interrupt = new AbortController();
  const onSignal = () => {
    log('stopping after this batch: what is made stays, growing again resumes');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  try {
    const { after, seconds } = await growDataset({
      odoo: login.client,
      uid: login.uid,
      version: login.version,
      companyIds: login.companyIds,
      profile,
      batch,
      log,
      signal: interrupt.signal,
    });
    console.log(`grow ${profile.name}: ${describeDataset(after)} after ${seconds} s`);
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
