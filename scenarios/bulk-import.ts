/** Bulk imports (DOMAIN.md workload 3): k6 entry; one CSV batch per iteration. */
import { loadPlan } from '../lib/config.ts';
import {
  type BulkImportData,
  runBulkImport,
  setupBulkImport,
  setupSession,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): BulkImportData {
  return setupBulkImport(setupSession(plan), plan);
}

export function bulkImport(data: BulkImportData): void {
  runBulkImport(data, plan);
}
export default bulkImport;
