/** Each step's server time from Odoo's log: how much was SQL, how much Python, what Odoo retried. */
import { readServerLog } from '../judge/server-log.ts';
import type { StepResult, StepServerTime } from './steps.ts';

export async function serverTimeOf(
  file: string,
  window: StepResult['window'],
): Promise<StepServerTime> {
  const summary = await readServerLog(file, { start: window.from, end: window.to });
  const share = (sql: number, python: number) => (sql + python ? sql / (sql + python) : 0);
  return {
    requests: summary.requests,
    sqlSeconds: summary.sqlSeconds,
    pythonSeconds: summary.pythonSeconds,
    busyWorkers: summary.busySeconds / ((window.to - window.from) / 1000),
    sqlShare: share(summary.sqlSeconds, summary.pythonSeconds),
    retries: Object.values(summary.retries).reduce((sum, times) => sum + times, 0),
    topCalls: summary.calls.slice(0, 3).map((row) => ({
      call: row.call,
      requests: row.requests,
      meanMs: ((row.sqlSeconds + row.pythonSeconds) / row.requests) * 1000,
      sqlShare: share(row.sqlSeconds, row.pythonSeconds),
    })),
  };
}
