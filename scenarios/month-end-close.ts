/** Month-end close (docs/domain.md workload 5): k6 entry; postings by API and invoices keyed in the web client, reports meanwhile. */
import { loadPlan } from '../lib/config.ts';
import * as onFirstUse from '../lib/on-first-use.ts';
import type { PeopleData } from '../lib/people/index.ts';
import type { MonthEndCloseData } from '../lib/workloads/month-end-close.ts';
import type { WebChannelData } from '../lib/workloads/web-channel.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  web?: WebChannelData;
  work: MonthEndCloseData;
}

export function setup(): Data {
  const { establishPeople, setupSession } = onFirstUse.people();
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  return {
    people,
    web: onFirstUse.webChannel().setupWebChannel(session, plan, people),
    work: onFirstUse.monthEndClose().setupMonthEndClose(session, plan),
  };
}

export function monthEndPosting(data: Data): void {
  onFirstUse.monthEndClose().runMonthEndPosting(data.work, plan, data.people);
}

export function invoiceEntryWeb(data: Data): void {
  const invoiceable = data.work.companies
    .filter((company) => company.journals.sale)
    .map((company) => company.companyId);
  onFirstUse.webChannel().runInvoiceEntryWeb(data.web!, invoiceable, plan, data.people);
}

export function monthEndReport(data: Data): void {
  onFirstUse.monthEndClose().runMonthEndReport(data.work, plan, data.people);
}
export default monthEndPosting;
