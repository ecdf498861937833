/** A shift starting (issue 17): k6 entry; people log in to the web client during the load. */
import { loadPlan } from '../lib/config.ts';
import { setupSession } from '../lib/people/index.ts';
import { runShiftStart, setupWebChannel, type WebChannelData } from '../lib/workloads/index.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): WebChannelData {
  return setupWebChannel(setupSession(plan), plan)!;
}

export function shiftStart(data: WebChannelData): void {
  runShiftStart(data, plan);
}
export default shiftStart;
