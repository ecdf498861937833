/** Month-end close (docs/domain.md workload 5): k6 entry; postings by API and invoices keyed in the web client, reports meanwhile. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import {
  type MonthEndCloseData,
  runInvoiceEntryWeb,
  runMonthEndPosting,
  runMonthEndReport,
  setupMonthEndClose,
  setupWebChannel,
  type WebChannelData,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  web?: WebChannelData;
  work: MonthEndCloseData;
}

export function setup(): Data {
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  return {
    people,
    web: setupWebChannel(session, plan, people),
    work: setupMonthEndClose(session, plan),
  };
}

export function monthEndPosting(data: Data): void {
  runMonthEndPosting(data.work, plan, data.people);
}

export function invoiceEntryWeb(data: Data): void {
  const invoiceable = data.work.companies
    .filter((company) => company.journals.sale)
    .map((company) => company.companyId);
  runInvoiceEntryWeb(data.web!, invoiceable, plan, data.people);
}

export function monthEndReport(data: Data): void {
  runMonthEndReport(data.work, plan, data.people);
}
export default monthEndPosting;
