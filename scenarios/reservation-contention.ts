/** Reservation contention (DOMAIN.md workload 4): k6 entry; orders competing for a few hot products. */
import { loadPlan } from '../lib/config.ts';
import {
  type ReservationContentionData,
  runReservationContention,
  setupReservationContention,
  setupSession,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): ReservationContentionData {
  return setupReservationContention(setupSession(plan), plan);
}

export function reservationContention(data: ReservationContentionData): void {
  runReservationContention(data, plan);
}
export default reservationContention;
