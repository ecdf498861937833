/**
 * What placement costs, read off sweeps that differ in one term: each millisecond between Odoo and
 * its database, each CPU, each millisecond between the people and Odoo — in maximum throughput and
 * in the latency of one user alone. And how far Odoo's own sizing rule is from a measurement.
 */
import { PER_SHORT, SECONDS_PER } from '../report/format.ts';
import type { Peak } from './analysis.ts';
import type { CapacityFile } from './capacity-file.ts';

type Sweep = CapacityFile['sweeps'][number];

/** A term sweeps may differ in, how a change in it is said, and per how much of it a cost is given. */
interface Term {
  name: string;
  unit: string;
  /** Costs are given per this much of the term (10,000 products, 1 ms). */
  per: number;
  of: (sweep: Sweep) => number;
}

const TERMS: Term[] = [
  { name: 'database round trip', unit: 'ms', per: 1, of: (s) => s.placement.databaseRoundTripMs },
  { name: 'CPUs', unit: 'CPU', per: 1, of: (s) => s.placement.cpus },
  {
    name: "people's round trip",
    unit: 'ms',
    per: 1,
    of: (s) =>
      Math.max(
        s.placement.people.salesRep,
        s.placement.people.picker,
        s.placement.people.accountant,
      ),
  },
];

const maximumOf = (sweep: Sweep) => Math.max(0, ...sweep.steps.map((step) => step.throughput));
const lowestLoadP50 = (sweep: Sweep) => sweep.steps[0]?.p50 ?? Number.NaN;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Sweeps of one configuration (repeats): their mean maximum, mean p50 alone, and spread. */
export interface Repeats {
  sweeps: Sweep[];
  maximum: number;
  p50: number;
  /** Half the range of their maxima over their mean: the noise band, ±. */
  band?: number;
}

export function repeatsOf(sweeps: Sweep[]): Repeats {
  const maxima = sweeps.map(maximumOf);
  const maximum = mean(maxima);
  return {
    sweeps,
    maximum,
    p50: mean(sweeps.map(lowestLoadP50)),
    ...(sweeps.length > 1
      ? { band: (Math.max(...maxima) - Math.min(...maxima)) / 2 / maximum }
      : {}),
  };
}

/** One target by one channel; within it, sweeps of one configuration (every term alike) are repeats. */
function groupsOf(sweeps: Sweep[]): Repeats[][] {
  const byTarget = new Map<string, Map<string, Sweep[]>>();
  for (const sweep of sweeps) {
    const target = `${sweep.targetName} ${sweep.companies} ${sweep.channel} ${sweep.datasetName}`;
    const configuration = TERMS.map((term) => term.of(sweep)).join(' ');
    const configurations = byTarget.get(target) ?? new Map<string, Sweep[]>();
    configurations.set(configuration, [...(configurations.get(configuration) ?? []), sweep]);
    byTarget.set(target, configurations);
  }
  return [...byTarget.values()].map((configurations) =>
    [...configurations.values()].map(repeatsOf),
  );
}

const signed = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toLocaleString('en-US', { maximumFractionDigits: digits })}`
    : '?';

/** "; noise band ±6 % (3 repeats): noise" — what a difference of `change` (a share) is against the repeats. */
export function noiseClause(change: number, base: Repeats, other: Repeats): string {
  const bands = [base.band, other.band].filter((band) => band !== undefined);
  if (bands.length === 0)
    return '; one sweep each, no noise band (--repeat 3 tells a difference from noise)';
  const band = Math.max(...bands);
  return `; noise band ±${Math.round(band * 100)} % (${base.sweeps.length}+${other.sweeps.length} repeats)${Math.abs(change) <= band ? ': within it, noise' : ''}`;
}

const per = (term: Term) =>
  term.per === 1 ? term.unit : `${term.per.toLocaleString('en-US')} ${term.unit}`;

/**
 * One line per change of one term within a target and channel, the other terms alike: "database
 * round trip 0 → 1 ms: maximum −56 % (−10,320 orders/h per ms), p50 at load 1 +188 ms (…)".
 */
export function placementCostOf(sweeps: Sweep[], peak: Peak): string[] {
  const factor = SECONDS_PER[peak.per];
  const lines: string[] = [];
  for (const group of groupsOf(sweeps))
    for (const term of TERMS) {
      const value = (repeats: Repeats) => term.of(repeats.sweeps[0]!);
      if (new Set(group.map(value)).size < 2) continue;
      const others = TERMS.filter((other) => other !== term);
      const alike = (a: Repeats, b: Repeats) =>
        others.every((other) => other.of(a.sweeps[0]!) === other.of(b.sweeps[0]!));
      const sorted = [...group].sort((a, b) => value(a) - value(b));
      const base = term.name === 'CPUs' ? sorted.at(-1)! : sorted[0]!;
      for (const other of sorted) {
        if (other === base || !alike(other, base)) continue;
        const change = (value(other) - value(base)) / term.per;
        const maxChange = other.maximum - base.maximum;
        const p50Change = other.p50 - base.p50;
        const first = base.sweeps[0]!;
        lines.push(
          `${first.targetName}, ${first.channel}: ${term.name} ${value(base).toLocaleString('en-US')} → ${value(other).toLocaleString('en-US')} ${term.unit}: maximum ${signed((maxChange / base.maximum) * 100)} % (${signed((maxChange * factor) / change)} ${peak.unit}/${PER_SHORT[peak.per]} per ${per(term)}), p50 at load ${first.steps[0]?.load ?? '?'} ${signed(p50Change)} ms (${signed(p50Change / change, 1)} ms per ${per(term)})${noiseClause(maxChange / base.maximum, base, other)}`,
        );
      }
    }
  return lines;
}

/**
 * Sweeps of one target at growing company counts, compared with the fewest companies; repeats of a
 * count (`--repeat`) are averaged and their spread says what is noise.
 */
export function companyCostOf(sweeps: Sweep[], peak: Peak): string[] {
  const factor = SECONDS_PER[peak.per];
  // One target by one channel at each company count.
  const byTarget = new Map<string, Sweep[]>();
  for (const sweep of sweeps) {
    const key = sweep.channel === 'web' ? `${sweep.targetName} (web)` : sweep.targetName;
    byTarget.set(key, [...(byTarget.get(key) ?? []), sweep]);
  }
  const lines: string[] = [];
  for (const [target, group] of byTarget) {
    const fewest = [...group].sort((a, b) => a.companies - b.companies)[0]!;
    // Only sweeps placed alike (a placement's cost is said by its own term) and of no dataset
    // profile: a dataset's companies come with its products and history (datasetCostOf).
    const alike = group.filter(
      (sweep) =>
        !sweep.datasetName && JSON.stringify(sweep.placement) === JSON.stringify(fewest.placement),
    );
    const counts = [...new Set(alike.map((sweep) => sweep.companies))].sort((a, b) => a - b);
    if (counts.length < 2) continue;
    const at = (companies: number) =>
      repeatsOf(alike.filter((sweep) => sweep.companies === companies));
    const base = at(counts[0]!);
    // p95 compared at the highest load the first base sweep measured within the SLO.
    const steps = base.sweeps[0]!.steps;
    const reference = [...steps].reverse().find((step) => step.withinSlo) ?? steps[0]!;
    const p95At = (repeats: Repeats) =>
      repeats.sweeps
        .map((sweep) => sweep.steps.find((step) => step.load === reference.load)?.p95 ?? Number.NaN)
        .reduce((sum, p95, _, all) => sum + p95 / all.length, 0);
    for (const companies of counts.slice(1)) {
      const other = at(companies);
      const added = companies - counts[0]!;
      const deltaP95 = p95At(other) - p95At(base);
      const deltaMax = (other.maximum - base.maximum) / base.maximum;
      lines.push(
        `${target}: ${counts[0]} → ${companies} companies: p95 at load ${reference.load} ${signed(deltaP95, 1)} ms (${signed(deltaP95 / added, 1)} ms per added company), maximum throughput ${signed(deltaMax * 100, 1)} % (${signed(((other.maximum - base.maximum) * factor) / added)} ${peak.unit}/${PER_SHORT[peak.per]} per added company)${noiseClause(deltaMax, base, other)}`,
      );
    }
  }
  return lines;
}

/**
 * Sweeps of the emulator seeded from dataset profiles (`--dataset a,b`), compared with the first:
 * "emulator-2w, api: dataset demo → distributor-3-companies (+1 company, +9,970 products, +20,000
 * orders): maximum +1 %, p50 at load 1 +0 ms; noise band …". Repeats are averaged.
 */
export function datasetCostOf(sweeps: Sweep[], peak: Peak): string[] {
  const factor = SECONDS_PER[peak.per];
  const byTarget = new Map<string, Sweep[]>();
  for (const sweep of sweeps) {
    if (!sweep.datasetName) continue;
    const key = `${sweep.targetName}, ${sweep.channel}: ${JSON.stringify(sweep.placement)}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), sweep]);
  }
  const lines: string[] = [];
  for (const group of byTarget.values()) {
    const names = [...new Set(group.map((sweep) => sweep.datasetName!))];
    if (names.length < 2) continue;
    const of = (name: string) => repeatsOf(group.filter((sweep) => sweep.datasetName === name));
    const base = of(names[0]!);
    const first = base.sweeps[0]!;
    for (const name of names.slice(1)) {
      const other = of(name);
      const grown = other.sweeps[0]!.dataset;
      const added = (value: number, base: number, unit: string, many = `${unit}s`) => {
        const delta = value - base;
        return `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toLocaleString('en-US')} ${Math.abs(delta) === 1 ? unit : many}`;
      };
      const change = (other.maximum - base.maximum) / base.maximum;
      lines.push(
        `${first.targetName}, ${first.channel}: dataset ${names[0]} → ${name} (${added(grown.companies, first.dataset.companies, 'company', 'companies')}, ${added(grown.products, first.dataset.products, 'product')}, ${added(grown.orders, first.dataset.orders, 'order')}): maximum ${signed(change * 100)} % (${signed((other.maximum - base.maximum) * factor)} ${peak.unit}/${PER_SHORT[peak.per]}), p50 at load ${first.steps[0]?.load ?? '?'} ${signed(other.p50 - base.p50)} ms${noiseClause(change, base, other)}`,
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
