/** capacity.json: what a capacity run measured and concluded, for the report, the gate and people. */
import { PER_SHORT, SECONDS_PER } from '../report/format.ts';
import type { Peak } from './analysis.ts';
import type { LoadModel, StepTiming } from './steps.ts';
import type { SweepResult } from './sweep.ts';

export interface CapacityFile {
  runId: string;
  /** First line of the result: the sizing sentence of the first sweep. */
  sentence: string;
  scenario: string;
  model: LoadModel;
  peak: Peak;
  timing: StepTiming;
  sweeps: Omit<SweepResult, 'samplesFile' | 'plan'>[];
  /** What each added company costs, per target, in p95 and in maximum throughput. */
  companyCost: string[];
}

/** Sweeps of one target at growing company counts, compared with the fewest companies. */
export function companyCostOf(sweeps: CapacityFile['sweeps'], peak: Peak): string[] {
  const factor = SECONDS_PER[peak.per];
  const byTarget = new Map<string, CapacityFile['sweeps']>();
  for (const sweep of sweeps) {
    const key = sweep.target.hosting ?? sweep.target.url;
    byTarget.set(key, [...(byTarget.get(key) ?? []), sweep]);
  }
  const lines: string[] = [];
  for (const [target, group] of byTarget) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => a.companies - b.companies);
    const base = sorted[0]!;
    // p95 compared at the highest load every sweep measured within the SLO in the base sweep.
    const reference = [...base.steps].reverse().find((step) => step.withinSlo) ?? base.steps[0]!;
    const max = (sweep: CapacityFile['sweeps'][number]) =>
      Math.max(...sweep.steps.map((step) => step.throughput));
    for (const sweep of sorted.slice(1)) {
      const added = sweep.companies - base.companies;
      const p95 = sweep.steps.find((step) => step.load === reference.load)?.p95 ?? Number.NaN;
      const deltaP95 = p95 - reference.p95;
      const deltaMax = (max(sweep) - max(base)) / max(base);
      lines.push(
        `${target}: ${base.companies} → ${sweep.companies} companies: p95 at load ${reference.load} ${signed(deltaP95)} ms (${signed(deltaP95 / added)} ms per added company), maximum throughput ${signed(deltaMax * 100)} % (${signed(((max(sweep) - max(base)) * factor) / added)} ${peak.unit}/${PER_SHORT[peak.per]} per added company)`,
      );
    }
  }
  return lines;
}

const signed = (value: number) =>
  Number.isNaN(value)
    ? '?'
    : `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(Math.abs(value) < 10 ? 1 : 0)}`;
