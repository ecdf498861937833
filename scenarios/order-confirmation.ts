/** Peak order confirmation (DOMAIN.md workload 1): k6 entry; the work lives in lib/workloads. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import {
  type OrderConfirmationData,
  runOrderConfirmation,
  setupOrderConfirmation,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  work: OrderConfirmationData;
}

export function setup(): Data {
  const session = setupSession(plan);
  return { people: establishPeople(plan, session), work: setupOrderConfirmation(session, plan) };
}

export function orderConfirmation(data: Data): void {
  runOrderConfirmation(data.work, plan, data.people);
}
export default orderConfirmation;
