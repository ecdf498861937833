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
  /**
   * The CPUs are a CFS quota (a container's CPU limit: `cpus` of CPU time each period), not whole
   * cores. The emulator shares either in proportion; a real server gets a cgroup instead of taskset.
   */
  cpuQuota?: boolean;
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
  /** Outgoing deliveries still open (waiting, confirmed, assigned): what earlier runs or days left. */
  openDeliveries: number;
  /** Units reserved at internal locations: the stock those open deliveries hold. */
  reservedUnits: number;
}

/** "3 companies, 10,012 products, 5,040 customers, 20,100 orders": what a sentence says of a database. */
export function describeDataset(counts: DatasetCounts, name?: string): string {
  const n = (value: number, one: string, many = `${one}s`) =>
    `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;
  // Runs recorded before the open deliveries were counted have none to say.
  const open =
    counts.openDeliveries === undefined
      ? ''
      : `, ${counts.openDeliveries.toLocaleString('en-US')} open holding ${n(round(counts.reservedUnits), 'unit')} reserved`;
  return `${name ? `${name}: ` : ''}${n(counts.companies, 'company', 'companies')}, ${n(counts.products, 'product')}, ${n(counts.customers, 'customer')}, ${n(counts.orders, 'order')} (${n(counts.deliveries, 'delivery', 'deliveries')} done${open}, ${n(counts.invoices, 'invoice')} posted)`;
}

const round = (units: number) => Math.round(units * 100) / 100;

/**
 * "open deliveries 12 → 14 (+2), units reserved 340 → 352 (+12)": what a run left behind it, against
 * what its preflight found. A database reused run after run drifts when this grows every time.
 */
export function describeDrift(before: DatasetCounts, after: DatasetCounts): string {
  const change = (from: number, to: number) => {
    const delta = round(to - from);
    return `${round(from).toLocaleString('en-US')} → ${round(to).toLocaleString('en-US')} (${delta >= 0 ? '+' : ''}${delta.toLocaleString('en-US')})`;
  };
  return `open deliveries ${change(before.openDeliveries, after.openDeliveries)}, units reserved ${change(before.reservedUnits, after.reservedUnits)}`;
}
