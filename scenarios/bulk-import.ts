/** Bulk imports (docs/domain.md workload 3): k6 entry; one CSV batch per iteration. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import { type BulkImportData, runBulkImport, setupBulkImport } from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  work: BulkImportData;
}

export function setup(): Data {
  const session = setupSession(plan);
  return { people: establishPeople(plan, session), work: setupBulkImport(session, plan) };
}

export function bulkImport(data: Data): void {
  runBulkImport(data.work, plan, data.people);
}
export default bulkImport;
