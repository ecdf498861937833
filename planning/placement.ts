/**
 * Where a target's pieces are, in the terms that cost capacity: the database's round trip per query,
 * the CPUs Odoo's workers get (and whether PostgreSQL shares them), each role's round trip per HTTP
 * exchange. Read from a hosting profile, or set by a what-if.
 */
import { type Placement, ROLES, type Role } from '../contract/index.ts';

export type { Placement } from '../contract/index.ts';

import type { HostingProfile } from './hosting-schema.ts';

export const NO_PLACEMENT: Placement = {
  databaseRoundTripMs: 0,
  cpus: 0,
  databaseSharesCpus: false,
  people: Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>,
};

export function placementOf(profile: HostingProfile): Placement {
  return {
    databaseRoundTripMs: profile.postgres.roundTripMs ?? 0,
    cpus: profile.cpu,
    ...(profile.cpuQuota ? { cpuQuota: true } : {}),
    databaseSharesCpus: profile.postgres.placement === 'same-host',
    people: Object.fromEntries(
      ROLES.map((role) => [role, profile.people?.roles[role] ?? profile.people?.roundTripMs ?? 0]),
    ) as Record<Role, number>,
  };
}

const ms = (value: number) => `${Number(value.toFixed(2))} ms`;

/** "database 1 ms away, 2 CPUs shared with PostgreSQL, reps 70 ms away": what a placement assumed. */
export function describePlacement(placement: Placement): string {
  const people = ROLES.filter((role) => placement.people[role] > 0).map(
    (role) => `${ROLE_NAMES[role]} ${ms(placement.people[role])} away`,
  );
  return [
    placement.databaseRoundTripMs > 0
      ? `database ${ms(placement.databaseRoundTripMs)} away`
      : 'database on the same host',
    ...(placement.cpus > 0
      ? [
          `${placement.cpuQuota ? 'a quota of ' : ''}${placement.cpus} CPU${placement.cpus > 1 ? 's' : ''}${placement.databaseSharesCpus ? ' shared with PostgreSQL' : ''}`,
        ]
      : []),
    ...people,
  ].join(', ');
}

const ROLE_NAMES: Record<Role, string> = {
  integration: 'integrations',
  salesRep: 'reps',
  accountant: 'accountants',
  picker: 'pickers',
};
