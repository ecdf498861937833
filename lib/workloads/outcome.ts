/**
 * Every business unit (an order, a picking, a batch, an entry, a report) ends in exactly one
 * outcome: done, failed, or in doubt (a write whose answer never came back). The verdict sentence
 * ("0 of 41 orders confirmed — …") is built from these counts.
 */
import { OUTCOMES } from '../../contract/index.ts';
import { metrics, TAGS } from '../metrics/index.ts';
import type { OdooRpcError, RpcResult } from '../odoo/index.ts';

/** Local failures (an unknown wizard) are said once per VU and cause; Odoo's are said by the client. */
const said = new Set<string>();

export function unitDone(): void {
  metrics.outcomes.add(1, { [TAGS.outcome]: OUTCOMES.done });
}

/** Counts a failed or in-doubt unit from the result that stopped it; returns false for `if` chains. */
export function unitFailed(result: RpcResult<unknown> | OdooRpcError | string): false {
  const error =
    typeof result === 'string' || result instanceof Error
      ? result
      : result.ok
        ? undefined
        : result.error;
  const inDoubt = typeof error === 'object' && error.inDoubt;
  metrics.outcomes.add(1, { [TAGS.outcome]: inDoubt ? OUTCOMES.inDoubt : OUTCOMES.failed });
  const local =
    typeof error === 'string'
      ? error
      : error?.faultName === 'unknown wizard'
        ? error.message
        : undefined;
  if (local && !said.has(local)) {
    said.add(local);
    console.warn(local);
  }
  return false;
}
