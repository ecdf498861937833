/** Peak order confirmation (DOMAIN.md workload 1): k6 entry; the work lives in lib/workloads. */
import { loadPlan } from '../lib/config.ts';
import { runOrderConfirmation, setupOrderConfirmation, setupSession, type OrderConfirmationData } from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): OrderConfirmationData {
  return setupOrderConfirmation(setupSession(plan), plan);
}

export function orderConfirmation(data: OrderConfirmationData): void {
  runOrderConfirmation(data, plan);
}
export default orderConfirmation;
