/** Month-end close (DOMAIN.md workload 5): k6 entry; postings at a rate, reports by a few accountants. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import {
  type MonthEndCloseData,
  runMonthEndPosting,
  runMonthEndReport,
  setupMonthEndClose,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  work: MonthEndCloseData;
}

export function setup(): Data {
  const session = setupSession(plan);
  return { people: establishPeople(plan, session), work: setupMonthEndClose(session, plan) };
}

export function monthEndPosting(data: Data): void {
  runMonthEndPosting(data.work, plan, data.people);
}

export function monthEndReport(data: Data): void {
  runMonthEndReport(data.work, plan, data.people);
}
export default monthEndPosting;
