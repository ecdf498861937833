/**
 * Grows a target to a dataset profile through Odoo's API only: counts what is there, adds the
 * difference step by step (companies, users, products, customers, stock, history), each step
 * resumable, and says what the database holds at the end.
 */
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { type DatasetCounts, describeDataset } from '../contract/index.ts';
import { type NodeOdooClient, OdooRpcFailure } from '../node-odoo/client.ts';
import { countDataset } from '../node-odoo/dataset-counts.ts';
import type { DatasetProfile } from '../planning/dataset-schema.ts';
import type { GrowContext } from './context.ts';
import { growCompanies, growCustomers, growProducts, growUsers } from './master-data.ts';
import { growHistory, growStock } from './stock-and-history.ts';

export { GROW_TAG } from './context.ts';

const STEPS: [string, (context: GrowContext) => Promise<void>][] = [
  ['companies', growCompanies],
  ['users', growUsers],
  ['products', growProducts],
  ['customers', growCustomers],
  ['stock', growStock],
  ['history', growHistory],
];

export interface GrowRequest {
  odoo: NodeOdooClient;
  uid: number;
  version: number;
  companyIds: number[];
  profile: DatasetProfile;
  batch: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

/**
 * A step's work, with Odoo's refusal said as what it is (Odoo's exception class and message: a
 * RedirectWarning asking for a journal, a UserError about a company's warehouse) and what to do:
 * what was made stays, and growing again resumes once the cause is fixed. A server that stopped
 * answering mid-step is said with the step, and the same way back.
 */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT.targetUnreachable)
      throw new CliError(
        `grow ${name}: ${error.message}\nwhat was made so far stays; grow again to resume once Odoo answers`,
        EXIT.targetUnreachable,
      );
    if (!(error instanceof OdooRpcFailure)) throw error;
    throw new CliError(
      `grow ${name}: Odoo refused: ${error.faultName}: ${error.message.trim()}\n` +
        'what was made so far stays; fix the cause in Odoo and grow again to resume',
      EXIT.businessFailed,
    );
  }
}

/** Every step in order; the counts before and after. */
export async function growDataset(
  request: GrowRequest,
): Promise<{ before: DatasetCounts; after: DatasetCounts; seconds: number }> {
  const context: GrowContext = { ...request, companyIds: [...request.companyIds] };
  const started = Date.now();
  const count = () => countDataset(request.odoo, request.version, context.companyIds);
  const before = await step('counting the database', count);
  request.log(`grow ${request.profile.name}: the database holds ${describeDataset(before)}`);
  for (const [name, work] of STEPS) {
    const stepStarted = Date.now();
    await step(name, () => work(context));
    request.log(`grow ${name}: done in ${Math.round((Date.now() - stepStarted) / 1000)} s`);
  }
  const after = await step('counting the database', count);
  return { before, after, seconds: Math.round((Date.now() - started) / 1000) };
}
