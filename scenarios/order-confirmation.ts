/** Peak order confirmation (docs/domain.md workload 1): k6 entry; orders by API and keyed by reps in the web client. */
import { loadPlan } from '../lib/config.ts';
import * as onFirstUse from '../lib/on-first-use.ts';
import type { PeopleData } from '../lib/people/index.ts';
import type { OrderConfirmationData } from '../lib/workloads/order-confirmation.ts';
import type { WebChannelData } from '../lib/workloads/web-channel.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  web?: WebChannelData;
  work: OrderConfirmationData;
}

export function setup(): Data {
  const { establishPeople, setupSession } = onFirstUse.people();
  const session = setupSession(plan);
  const people = establishPeople(plan, session);
  return {
    people,
    web: onFirstUse.webChannel().setupWebChannel(session, plan, people),
    work: onFirstUse.orderConfirmation().setupOrderConfirmation(session, plan),
  };
}

export function orderConfirmation(data: Data): void {
  onFirstUse.orderConfirmation().runOrderConfirmation(data.work, plan, data.people);
}

export function orderEntryWeb(data: Data): void {
  onFirstUse.webChannel().runOrderEntryWeb(data.web!, plan, data.people);
}
export default orderConfirmation;
