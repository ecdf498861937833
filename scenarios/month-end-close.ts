/** Month-end close (DOMAIN.md workload 5): k6 entry; postings at a rate, reports by a few accountants. */
import { loadPlan } from '../lib/config.ts';
import {
  type MonthEndCloseData,
  runMonthEndPosting,
  runMonthEndReport,
  setupMonthEndClose,
  setupSession,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): MonthEndCloseData {
  return setupMonthEndClose(setupSession(plan), plan);
}

export function monthEndPosting(data: MonthEndCloseData): void {
  runMonthEndPosting(data, plan);
}

export function monthEndReport(data: MonthEndCloseData): void {
  runMonthEndReport(data, plan);
}
export default monthEndPosting;
