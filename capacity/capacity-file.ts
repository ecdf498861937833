/** capacity.json: what a capacity run measured and concluded, for the report, the gate and people. */

import type { CostModelUse } from '../calibrate/what-if.ts';
import { type DatasetCounts, describeDataset, type RunPlan } from '../contract/index.ts';
import type { HostingProfile } from '../planning/hosting-schema.ts';
import { describePlacement, type Placement } from '../planning/placement.ts';
import { mixSizing, type Peak, type SweepAnalysis } from './analysis.ts';
import type { LoadModel, StepResult, StepTiming } from './steps.ts';

/** One sweep as it ran: what it ran against and what each step measured. */
export interface SweepResult {
  label: string;
  /** The target as people name it: its hosting profile, `emulator-<workers>w`, or the URL's host. */
  targetName: string;
  channel: 'api' | 'web';
  target: { kind: 'emulator' | 'remote'; url: string; hosting?: string; serverVersion?: string };
  workers: number;
  companies: number;
  /** Where the target's database, CPUs and people were (emulated, or as measured). */
  placement: Placement;
  /** What its database held at preflight. */
  dataset: DatasetCounts;
  /** The dataset profile the emulator was seeded from (`--dataset`): its companies are the dataset's. */
  datasetName?: string;
  price?: HostingProfile['price'];
  /** A one-worker (staging-like) target: its figures say nothing about production. */
  stagingLike: boolean;
  model: LoadModel;
  steps: StepResult[];
  analysis: SweepAnalysis;
  /** Price per business unit at the peak, when the hosting profile names a monthly price. */
  costPerUnitAtPeak?: { amount: number; currency: string };
  /** Serialization failures the emulator retried during the sweep (users never saw them). */
  serverRetries?: number;
  /** The emulator's cost model, and whether the what-if went beyond its calibration. */
  costModel?: CostModelUse;
  samplesFile: string;
  /** The plan k6 ran (the steps in place of the profile's schedule). */
  plan: RunPlan;
}

export interface CapacityFile {
  runId: string;
  /** First line of the result: the sizing sentence of the first sweep. */
  sentence: string;
  scenario: string;
  model: LoadModel;
  peak: Peak;
  timing: StepTiming;
  sweeps: Omit<SweepResult, 'samplesFile' | 'plan'>[];
  /** Per target and company count, the sizing of the profile's channel mix (both channels swept). */
  mixes?: Mix[];
  /** What each added company costs, per target, in p95 and in maximum throughput. */
  companyCost: string[];
  /** What each millisecond, each CPU and each dataset costs, between sweeps that differ in one of them. */
  placementCost?: string[];
}

export interface Mix {
  label: string;
  shares: Record<string, number>;
  /** Units per second a worker holds within the SLO, per channel and for the mix. */
  perWorker: Record<string, number>;
  mixedPerWorker: number;
  workersNeeded?: number;
  sentence: string;
}

/**
 * The channel mix of each target and company count whose channels were all swept: per-worker
 * capacities within the SLO, blended by the profile's shares (analysis.ts mixSizing).
 */
export function mixesOf(
  sweeps: Pick<
    SweepResult,
    | 'targetName'
    | 'channel'
    | 'companies'
    | 'workers'
    | 'analysis'
    | 'costModel'
    | 'placement'
    | 'target'
    | 'dataset'
  >[],
  shares: Record<string, number>,
  peak: Peak,
): Mix[] {
  // One target at one company count, swept by each channel (by name: each channel's sweep of the
  // emulator starts one of its own, on a port of its own).
  const targetOf = (sweep: (typeof sweeps)[number]) =>
    `${sweep.targetName}, ${sweep.companies} compan${sweep.companies === 1 ? 'y' : 'ies'}`;
  const groups = new Map<string, typeof sweeps>();
  for (const sweep of sweeps)
    groups.set(targetOf(sweep), [...(groups.get(targetOf(sweep)) ?? []), sweep]);
  const mixes: Mix[] = [];
  for (const group of groups.values()) {
    const perWorker = Object.fromEntries(
      group.map((sweep) => [
        sweep.channel,
        sweep.analysis.sizing.perWorker ?? sweep.analysis.sizing.capacityWithinSlo,
      ]),
    );
    if (Object.keys(perWorker).length < 2) continue;
    const sizing = mixSizing(perWorker, shares, peak, group[0]!.workers);
    mixes.push({
      label: targetOf(group[0]!),
      shares,
      perWorker,
      mixedPerWorker: sizing.perWorker,
      ...(sizing.workersNeeded !== undefined ? { workersNeeded: sizing.workersNeeded } : {}),
      sentence: `${sizing.sentence}; ${placementWords(group[0]!)}${group[0]!.costModel?.clause ?? ''}; ${datasetWords(group[0]!.dataset)}`,
    });
  }
  return mixes;
}

/** "emulated with database 1 ms away, …" or "measured with …": the placement a sentence assumed. */
export function placementWords(sweep: {
  placement: Placement;
  target: { kind: SweepResult['target']['kind'] };
}): string {
  return `${sweep.target.kind === 'emulator' ? 'emulated' : 'measured'} with ${describePlacement(sweep.placement)}`;
}

/** "the database held 2 companies, 200 products, …": the size a sentence was measured on. */
export const datasetWords = (dataset: DatasetCounts | undefined) =>
  dataset ? `the database held ${describeDataset(dataset)}` : 'the database was not counted';
