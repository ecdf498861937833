/** A shift starting (issue 17): k6 entry; people log in to the web client during the load. */
import { loadPlan } from '../lib/config.ts';
import * as onFirstUse from '../lib/on-first-use.ts';
import type { WebChannelData } from '../lib/workloads/web-channel.ts';

const plan = loadPlan();
export const options = plan.options;

export function setup(): WebChannelData {
  return onFirstUse.webChannel().setupWebChannel(onFirstUse.people().setupSession(plan), plan)!;
}

export function shiftStart(data: WebChannelData): void {
  onFirstUse.webChannel().runShiftStart(data, plan);
}
export default shiftStart;
