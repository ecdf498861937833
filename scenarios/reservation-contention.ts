/** Reservation contention (docs/domain.md workload 4): k6 entry; orders competing for a few hot products. */
import { loadPlan } from '../lib/config.ts';
import { establishPeople, type PeopleData, setupSession } from '../lib/people/index.ts';
import {
  type ReservationContentionData,
  runReservationContention,
  setupReservationContention,
} from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  work: ReservationContentionData;
}

export function setup(): Data {
  const session = setupSession(plan);
  return {
    people: establishPeople(plan, session),
    work: setupReservationContention(session, plan),
  };
}

export function reservationContention(data: Data): void {
  runReservationContention(data.work, plan, data.people);
}
export default reservationContention;
