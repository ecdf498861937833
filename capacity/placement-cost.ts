/**
 * What placement costs, read off sweeps that differ in one term: each millisecond between Odoo and
 * its database, each CPU, each millisecond between the people and Odoo — in maximum throughput and
 * in the latency of one user alone. And how far Odoo's own sizing rule is from a measurement.
 */
import type { Placement } from '../planning/placement.ts';
import { PER_SHORT, SECONDS_PER } from '../report/format.ts';
import type { Peak } from './analysis.ts';
import type { CapacityFile } from './capacity-file.ts';

type Sweep = CapacityFile['sweeps'][number];

/** A placement term a what-if varies, and how a change in it is said. */
interface Term {
  name: string;
  unit: string;
  of: (placement: Placement) => number;
}

const TERMS: Term[] = [
  { name: 'database round trip', unit: 'ms', of: (p) => p.databaseRoundTripMs },
  { name: 'CPUs', unit: 'CPU', of: (p) => p.cpus },
  {
    name: "people's round trip",
    unit: 'ms',
    of: (p) => Math.max(p.people.salesRep, p.people.picker, p.people.accountant),
  },
];

const maximumOf = (sweep: Sweep) => Math.max(0, ...sweep.steps.map((step) => step.throughput));
const lowestLoadP50 = (sweep: Sweep) => sweep.steps[0]?.p50 ?? Number.NaN;

/** The sweeps of one target, company count and channel: what-ifs of its placement. */
function groupsOf(sweeps: Sweep[]): Sweep[][] {
  const groups = new Map<string, Sweep[]>();
  for (const sweep of sweeps) {
    const key = `${sweep.targetName} ${sweep.companies} ${sweep.channel}`;
    groups.set(key, [...(groups.get(key) ?? []), sweep]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

const signed = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toLocaleString('en-US', { maximumFractionDigits: digits })}`
    : '?';

/** One line per placement change within a group: "db 0 → 1 ms: maximum −56 % (−10,320 orders/h per ms), …". */
export function placementCostOf(sweeps: Sweep[], peak: Peak): string[] {
  const factor = SECONDS_PER[peak.per];
  const lines: string[] = [];
  for (const group of groupsOf(sweeps))
    for (const term of TERMS) {
      const values = new Set(group.map((sweep) => term.of(sweep.placement)));
      if (values.size < 2) continue;
      // The others' terms must agree with the base's: one change at a time.
      const others = TERMS.filter((other) => other !== term);
      const sorted = [...group].sort((a, b) => term.of(a.placement) - term.of(b.placement));
      const base = term.name === 'CPUs' ? sorted.at(-1)! : sorted[0]!;
      for (const sweep of sorted) {
        if (sweep === base) continue;
        if (others.some((other) => other.of(sweep.placement) !== other.of(base.placement)))
          continue;
        const change = term.of(sweep.placement) - term.of(base.placement);
        const maxChange = maximumOf(sweep) - maximumOf(base);
        const p50Change = lowestLoadP50(sweep) - lowestLoadP50(base);
        lines.push(
          `${base.targetName}, ${sweep.channel}: ${term.name} ${term.of(base.placement)} → ${term.of(sweep.placement)} ${term.unit}: maximum ${signed((maxChange / maximumOf(base)) * 100)} % (${signed((maxChange * factor) / change)} ${peak.unit}/${PER_SHORT[peak.per]} per ${term.unit}), p50 at load ${base.steps[0]?.load ?? '?'} ${signed(p50Change)} ms (${signed(p50Change / change, 1)} ms per ${term.unit})`,
        );
      }
    }
  return lines;
}

/** Odoo's deployment guide: "1 worker ~= 6 concurrent users", "(#CPU * 2) + 1" workers at most. */
export const ODOO_RULE = { usersPerWorker: 6, workersPerCpu: 2, extraWorkers: 1 } as const;

/**
 * How far Odoo's rule of thumb (odoo/documentation, administration/on_premise/deploy.rst, "Worker
 * number calculation") is from the measurement for this peak's people.
 */
export function ruleOfThumbClause(people: number, measuredWorkers: number | undefined): string {
  if (people <= 0 || measuredWorkers === undefined) return '';
  const rule = Math.max(1, Math.ceil(people / ODOO_RULE.usersPerWorker));
  const cpus = Math.max(1, Math.ceil((rule - ODOO_RULE.extraWorkers) / ODOO_RULE.workersPerCpu));
  const gap =
    rule === measuredWorkers
      ? 'the same as measured'
      : rule < measuredWorkers
        ? `${Math.round((1 - rule / measuredWorkers) * 100)} % fewer than measured`
        : `${Math.round((rule / measuredWorkers - 1) * 100)} % more than measured`;
  return `; Odoo's rule of thumb (6 concurrent users a worker, 2 × CPUs + 1 workers) gives ${rule} worker${rule === 1 ? '' : 's'} on ${cpus} CPU${cpus === 1 ? '' : 's'} for this peak's ${people} people: ${gap}`;
}
