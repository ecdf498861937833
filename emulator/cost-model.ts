/**
 * Per-method server time, so a test can give the emulator a known capacity: with N workers and a
 * mean service time S, throughput tops out near N / S (odoo-rpc.md §6). `0` switches it off,
 * `uniform:<ms>` gives every call the same time, anything else is a JSON file (see cost-model.json).
 */
import { readFileSync } from 'node:fs';

export interface CostModel {
  /** Milliseconds of server time for one call of `model.method`. */
  costOf(model: string, method: string): number;
  describe: string;
}

interface CostFile {
  default: number;
  methods: Record<string, number>;
}

export const NO_COST: CostModel = { costOf: () => 0, describe: 'off' };

export function loadCostModel(spec: string): CostModel {
  if (spec === '0' || spec === 'off' || spec === '') return NO_COST;
  const uniform = /^uniform:(\d+(\.\d+)?)$/.exec(spec);
  if (uniform) {
    const ms = Number(uniform[1]);
    return { costOf: () => ms, describe: `${ms} ms per call` };
  }
  let parsed: CostFile;
  try {
    parsed = JSON.parse(readFileSync(spec, 'utf8')) as CostFile;
  } catch (error) {
    throw new Error(`--cost-model ${spec}: ${(error as Error).message}`);
  }
  if (typeof parsed.default !== 'number' || typeof parsed.methods !== 'object') {
    throw new Error(
      `--cost-model ${spec}: expected {"default": <ms>, "methods": {"model.method": <ms>}}`,
    );
  }
  return {
    costOf: (model, method) => parsed.methods[`${model}.${method}`] ?? parsed.default,
    describe: spec,
  };
}
