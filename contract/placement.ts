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

/** What a target's database holds, counted at preflight: the size a run ran on. */
export interface DatasetCounts {
  companies: number;
  /** Storable products. */
  products: number;
  /** Partners that are companies (customers and suppliers alike: Odoo does not tell them apart). */
  customers: number;
  /** Confirmed sales orders. */
  orders: number;
  /** Outgoing deliveries done. */
  deliveries: number;
  /** Customer invoices posted. */
  invoices: number;
}

/** "3 companies, 10,012 products, 5,040 customers, 20,100 orders": what a sentence says of a database. */
export function describeDataset(counts: DatasetCounts, name?: string): string {
  const n = (value: number, one: string, many = `${one}s`) =>
    `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;
  return `${name ? `${name}: ` : ''}${n(counts.companies, 'company', 'companies')}, ${n(counts.products, 'product')}, ${n(counts.customers, 'customer')}, ${n(counts.orders, 'order')} (${n(counts.deliveries, 'delivery', 'deliveries')} done, ${n(counts.invoices, 'invoice')} posted)`;
}
