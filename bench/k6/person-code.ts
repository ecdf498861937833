/**
 * What a busy simulated person holds, for bench/generator-cost.ts: each exec function evaluates the
 * code of one kind of work, as a scenario's VU does at its first iteration (lib/on-first-use.ts),
 * and returns; the VU then sleeps. Not a scenario of the suite: no request is sent.
 */
import { sleep } from 'k6';
import { loadPlan } from '../../lib/config.ts';
import * as onFirstUse from '../../lib/on-first-use.ts';

const plan = loadPlan();
export const options = plan.options;
const seconds = Number(__ENV.BENCH_SLEEP ?? '5');

export function idle(): void {
  sleep(seconds);
}

/** An order confirmed by API. */
export function apiOrders(): void {
  if (!onFirstUse.orderConfirmation().runOrderConfirmation) throw new Error('no workload code');
  sleep(seconds);
}

/** An order keyed in the web client. */
export function webOrders(): void {
  if (!onFirstUse.webChannel().runOrderEntryWeb) throw new Error('no web channel code');
  sleep(seconds);
}
