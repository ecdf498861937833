/**
 * A capacity sweep of the emulator at W workers and a uniform cost per call, through the real CLI
 * (test/measured's capacity files share it; each file runs its own stack).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CapacityFile } from '../../capacity/capacity-file.ts';
import { EXIT } from '../../contract/exit-codes.ts';
import { odooLoad, told } from './cli.ts';

export const CAPACITY_PROFILE = 'test/fixtures/profiles/capacity.json';
/** The ground truth's cost of every call: W workers serve W ÷ 0.1 s calls per second at most. */
export const COST_MS = 100;

export const capacityRunOf = (stderr: string) =>
  /results in \S*reports\/([^\s/]+)/.exec(stderr)?.[1];

/** The capacity file a run wrote. */
export const capacityFileOf = (runId: string) =>
  JSON.parse(readFileSync(resolve('reports', runId, 'capacity.json'), 'utf8')) as CapacityFile;

export async function sweep(
  pgPort: number,
  workers: number,
  model: 'closed' | 'open' = 'closed',
  openLoads: number[] = [],
  costMs = COST_MS,
): Promise<{ runId: string; file: CapacityFile; stdout: string }> {
  const loads =
    model === 'open'
      ? openLoads
      : [1, workers / 2, workers, workers * 2, workers * 3].filter(
          (load, i, all) => Number.isInteger(load) && all.indexOf(load) === i,
        );
  const result = await odooLoad(
    [
      'capacity',
      '--model',
      model,
      '--profile',
      CAPACITY_PROFILE,
      '--workers',
      String(workers),
      '--cost-model',
      `uniform:${costMs}`,
      '--loads',
      loads.join(','),
      '--step-seconds',
      '6',
      '--warmup-seconds',
      '2',
      '--products',
      '3000',
      '--pg-port',
      String(pgPort),
    ],
    {},
    300_000,
  );
  assert.equal(result.code, EXIT.ok, told(result));
  const runId = capacityRunOf(result.stderr);
  assert.ok(runId, result.stderr);
  return { runId, file: capacityFileOf(runId), stdout: result.stdout };
}
