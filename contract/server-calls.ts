import type { Channel, K6ScenarioName } from './workloads.ts';

/**
 * The call a request path names, as Odoo's request log names it: `model.method` where the path says
 * it (call_kw, 18's call_button, JSON-2), the route otherwise. The k6 side tags every call with it
 * and the server-log reader groups lines by it, so a log's server time can be put to the scenarios
 * whose calls spent it.
 */
export function callOf(path: string): string {
  const bare = path.split('?')[0]!;
  const kw = /^\/(?:web\/dataset\/call_kw|web\/dataset\/call_button|json\/2)\/([\w.]+)\/(\w+)/.exec(
    bare,
  );
  return kw ? `${kw[1]}.${kw[2]}` : bare;
}

/** What the server spent on one scenario's calls in a run (server-log.json `byScenario`). */
export interface ScenarioCost {
  scenario: K6ScenarioName;
  channel: Channel;
  /** Business units done (orders confirmed, deliveries validated, …). */
  units: number;
  requests: number;
  seconds: number;
  sqlSeconds: number;
  queries: number;
}
