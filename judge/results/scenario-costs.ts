/**
 * What one business unit of each scenario cost the server (issue 17: per channel, since each channel
 * is its own scenario): Odoo's log gives each call's server time and queries; each call's total is
 * shared among the scenarios that sent it, in proportion to how many of it each sent (the k6 side
 * tags every call with the name the log uses), then divided by the units the scenario got done.
 * Calls of setup() and of no scenario are left out.
 */
import {
  K6_SCENARIOS,
  type K6ScenarioName,
  METRICS,
  OUTCOMES,
  type ScenarioCost,
  TAGS,
} from '../../contract/index.ts';
import type { ServerLogSummary } from '../server-log.ts';
import type { RunResults } from './types.ts';

export type { ScenarioCost };

/** Calls sent per log name and scenario, from the call-duration trend's rows. */
function callsByScenario(results: RunResults): Map<string, Map<string, number>> {
  const calls = new Map<string, Map<string, number>>();
  for (const row of results.trends[METRICS.rpcDuration.name] ?? []) {
    const call = row.tags[TAGS.call];
    const scenario = row.tags[TAGS.scenario];
    if (!call || !scenario) continue;
    const byScenario = calls.get(call) ?? new Map<string, number>();
    byScenario.set(scenario, (byScenario.get(scenario) ?? 0) + row.summary.count);
    calls.set(call, byScenario);
  }
  return calls;
}

const done = (results: RunResults, scenario: string) =>
  (results.counters[METRICS.outcomes.name] ?? [])
    .filter(
      (row) => row.tags[TAGS.scenario] === scenario && row.tags[TAGS.outcome] === OUTCOMES.done,
    )
    .reduce((sum, row) => sum + row.value, 0);

export function serverCostByScenario(
  results: RunResults,
  log: ServerLogSummary,
  scenarios: K6ScenarioName[],
): ScenarioCost[] {
  const calls = callsByScenario(results);
  const costs = new Map<string, ScenarioCost>(
    scenarios.map((scenario) => [
      scenario,
      {
        scenario,
        channel: K6_SCENARIOS[scenario].channel,
        units: done(results, scenario),
        requests: 0,
        seconds: 0,
        sqlSeconds: 0,
        queries: 0,
      },
    ]),
  );
  for (const row of log.calls) {
    const byScenario = calls.get(row.call);
    if (!byScenario) continue;
    const sent = [...byScenario.values()].reduce((sum, count) => sum + count, 0);
    for (const [scenario, count] of byScenario) {
      const cost = costs.get(scenario);
      if (!cost) continue;
      const share = count / sent;
      cost.requests += row.requests * share;
      cost.seconds += (row.sqlSeconds + row.pythonSeconds) * share;
      cost.sqlSeconds += row.sqlSeconds * share;
      cost.queries += row.queries * share;
    }
  }
  return [...costs.values()].filter((cost) => cost.requests > 0);
}

/** "1.92 s, 950 queries per order" */
export function perUnit(cost: ScenarioCost): string {
  if (cost.units === 0) return 'no unit done';
  const { one } = K6_SCENARIOS[cost.scenario];
  return `${(cost.seconds / cost.units).toFixed(2)} s and ${Math.round(cost.queries / cost.units)} queries of server time per ${one}`;
}
