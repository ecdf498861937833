/** The reference every record a run creates carries, so the audit and cleanup find exactly its records. */
import exec from 'k6/execution';
import { type RefCode, recordRef } from '../../contract/index.ts';
import type { RunPlan } from '../config.ts';

/**
 * A reference unique to this run, workload, VU and iteration: `<run-id>/<code>/<vu>/<iteration>`
 * (contract/run-ref.ts).
 */
export const runRef = (plan: RunPlan, code: RefCode) =>
  recordRef(plan.runId, code, exec.vu.idInTest, exec.vu.iterationInInstance);
