/**
 * Per-call server time, so a test can give the emulator a known capacity: with N workers and a
 * mean service time S, throughput tops out near N / S (odoo-rpc.md §6). `0` switches it off,
 * `uniform:<ms>` gives every model call the same time (logins none), anything else is a JSON file
 * (see cost-model.json) keyed by `model.method` or by route (`/web/session/authenticate`).
 */
import { readFileSync } from 'node:fs';

export interface CostModel {
  /** Milliseconds of server time for one call of `model.method`. */
  costOf(model: string, method: string): number;
  /** Milliseconds of worker time a route takes besides any model call (a login hashes a password). */
  costOfRoute(path: string): number;
  describe: string;
}

interface CostFile {
  default: number;
  methods: Record<string, number>;
}

export const NO_COST: CostModel = { costOf: () => 0, costOfRoute: () => 0, describe: 'off' };

export function loadCostModel(spec: string): CostModel {
  if (spec === '0' || spec === 'off' || spec === '') return NO_COST;
  const uniform = /^uniform:(\d+(\.\d+)?)$/.exec(spec);
  if (uniform) {
    const ms = Number(uniform[1]);
    return { costOf: () => ms, costOfRoute: () => 0, describe: `${ms} ms per model call` };
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
    costOfRoute: (path) => parsed.methods[path] ?? 0,
    describe: spec,
  };
}
