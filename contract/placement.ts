/**
 * Where a target's pieces are, in the terms that cost capacity (run.json, capacity.json and the
 * emulator's flags say it this way): the database's round trip per query, the CPUs Odoo's workers
 * get and whether PostgreSQL shares them, each role's round trip per HTTP exchange.
 */
import type { Role } from './plan.ts';

export interface Placement {
  /** Milliseconds each query pays between Odoo and PostgreSQL. */
  databaseRoundTripMs: number;
  /** CPUs Odoo's workers get (0: as many as they need: no contention modelled). */
  cpus: number;
  /** Whether PostgreSQL runs on those CPUs. */
  databaseSharesCpus: boolean;
  /** Round trip of an HTTP exchange between each role and Odoo, ms. */
  people: Record<Role, number>;
}
