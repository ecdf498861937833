/**
 * What a what-if on the emulator stands on: the cost model it used, and — for a calibrated one —
 * where it was measured and whether the what-if asks for more busy workers than the calibration
 * saw, in which case the growth of every call's time (and the database's share of it) is
 * extrapolated, and the answer says so.
 */
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { type CostModel, loadCostModel } from '../emulator/cost-model.ts';
import { NO_PLACEMENT, type Placement } from '../planning/placement.ts';

export interface CostModelUse {
  /** The file or spec as given (`emulator/cost-model.json`, `uniform:100`, `0`). */
  spec: string;
  /** The calibration's name, for a model fitted to a server's log. */
  calibrated?: string;
  /** Workers beyond what the calibration saw busy. */
  extrapolated: boolean;
  /** "; emulated at real-17's costs (…)": appended to sizing sentences, empty for other models. */
  clause: string;
}

/** Reads the model as the emulator will, so a bad file is refused before anything starts. */
export function costModelOf(spec: string, version: number): CostModel {
  try {
    return loadCostModel(spec, version);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.badInput);
  }
}

/**
 * The Odoo version a calibrated model was measured on: the emulator speaks that version's dialect
 * unless told otherwise, so a web client's calls are priced as that server logged them.
 */
export function calibratedVersionOf(spec: string): number | undefined {
  const version = costModelOf(spec, 17).calibration?.server?.version ?? '';
  const major = Number.parseInt(version, 10);
  return major >= 16 && major <= 19 ? major : undefined;
}

/**
 * Where a calibrated model's server was, as the emulator's default placement: a what-if changes
 * one term of it and keeps the others (the calibrated point stays the calibrated point).
 */
export function calibratedPlacementOf(spec: string): Placement | undefined {
  const model = costModelOf(spec, 17);
  if (!model.calibration || !model.measuredOn) return undefined;
  const { cpus, databaseSharesCpus, databaseRoundTripMs } = model.measuredOn;
  return { ...NO_PLACEMENT, cpus, databaseSharesCpus, databaseRoundTripMs };
}

const percent = (value: number) => `${Math.round(value * 100)} %`;

export function costModelUse(spec: string, version: number, workers: number): CostModelUse {
  const model = costModelOf(spec, version);
  const { calibration, growth } = model;
  if (!calibration || !growth) return { spec, extrapolated: false, clause: '' };
  const day = calibration.window.from.slice(0, 10);
  const where = calibration.server
    ? `Odoo ${calibration.server.version || '?'} at ${calibration.server.url}`
    : calibration.log;
  const extrapolated = workers > growth.measuredUpTo || workers === 0;
  const beyond = extrapolated
    ? `; ${workers === 0 ? 'a threaded server goes' : `${workers} workers go`} beyond that: each call's growth per busy worker (+${percent(growth.default)}) is extrapolated, and the database's share with it (SQL +${percent(growth.sql)}, Python +${percent(growth.python)} per busy worker)`
    : '';
  return {
    spec,
    calibrated: calibration.name,
    extrapolated,
    clause: `; emulated at the costs of ${calibration.name} (${where}, measured ${day} with up to ${growth.measuredUpTo} workers busy)${beyond}`,
  };
}
