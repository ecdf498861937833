/** Peak order confirmation (docs/domain.md workload 1): k6 entry; orders by API and keyed by reps in the web client. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import {
  type OrderConfirmationData,
  runOrderConfirmation,
  runOrderEntryWeb,
  setupOrderConfirmation,
  setupWebChannel,
  type WebChannelData,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  web?: WebChannelData;
  work: OrderConfirmationData;
}

export function setup(): Data {
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  return {
    people,
    web: setupWebChannel(session, plan, people),
    work: setupOrderConfirmation(session, plan),
  };
}

export function orderConfirmation(data: Data): void {
  runOrderConfirmation(data.work, plan, data.people);
}

export function orderEntryWeb(data: Data): void {
  runOrderEntryWeb(data.web!, plan, data.people);
}
export default orderConfirmation;
