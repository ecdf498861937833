/** Reservation contention (docs/domain.md workload 4): k6 entry; orders competing for a few hot products. */
import { loadPlan } from '../lib/config.ts';
import * as onFirstUse from '../lib/on-first-use.ts';
import type { PeopleData } from '../lib/people/index.ts';
import type { ReservationContentionData } from '../lib/workloads/reservation-contention.ts';

const plan = loadPlan();
export const options = plan.options;

interface Data {
  people: PeopleData;
  work: ReservationContentionData;
}

export function setup(): Data {
  const { establishPeople, setupSession } = onFirstUse.people();
  const session = setupSession(plan);
  return {
    people: establishPeople(plan, session),
    work: onFirstUse.reservationContention().setupReservationContention(session, plan),
  };
}

export function reservationContention(data: Data): void {
  onFirstUse.reservationContention().runReservationContention(data.work, plan, data.people);
}
export default reservationContention;
