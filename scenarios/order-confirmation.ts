/** Peak order confirmation (DOMAIN.md workload 1): k6 entry; the work lives in lib/workloads. */
import { loadPlan } from '../lib/config.ts';
import {
  type OrderConfirmationData,
  runOrderConfirmation,
  setupOrderConfirmation,
  setupSession,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): OrderConfirmationData {
  return setupOrderConfirmation(setupSession(plan), plan);
}

export function orderConfirmation(data: OrderConfirmationData): void {
  runOrderConfirmation(data, plan);
}
export default orderConfirmation;
