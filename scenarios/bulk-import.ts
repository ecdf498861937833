/** Bulk imports (docs/domain.md workload 3): k6 entry; one CSV batch per iteration. */
import { loadPlan } from '../lib/config.ts';
import * as onFirstUse from '../lib/on-first-use.ts';
import type { PeopleData } from '../lib/people/index.ts';
import type { BulkImportData } from '../lib/workloads/bulk-import.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  work: BulkImportData;
}

export function setup(): Data {
  const { establishPeople, setupSession } = onFirstUse.people();
  const session = setupSession(plan);
  return {
    people: establishPeople(plan, session),
    work: onFirstUse.bulkImport().setupBulkImport(session, plan),
  };
}

export function bulkImport(data: Data): void {
  onFirstUse.bulkImport().runBulkImport(data.work, plan, data.people);
}
export default bulkImport;
