/** "Where the server's time went": Odoo's own per-request counters, read from its log. */
import { K6_SCENARIOS } from '../contract/index.ts';
import type { ServerLogSummary } from '../judge/server-log.ts';
import { count, escapeHtml, percent } from './format.ts';

const ms = (seconds: number, requests: number) =>
  requests ? `${Math.round((seconds / requests) * 1000)} ms` : '–';

/** The table and the retry line; empty when the log had no request in the run's window. */
export function serverTimeHtml(summary: ServerLogSummary | undefined): string {
  if (!summary?.requests) return '';
  const total = summary.sqlSeconds + summary.pythonSeconds;
  const rows = summary.calls
    .map((row) => {
      const time = row.sqlSeconds + row.pythonSeconds;
      return `<tr><td>${escapeHtml(row.call)}</td><td>${count(row.requests)}</td><td>${ms(time, row.requests)}</td><td>${ms(row.sqlSeconds, row.requests)}</td><td>${ms(row.pythonSeconds, row.requests)}</td><td>${time ? percent(row.sqlSeconds / time) : '–'}</td><td>${Math.round(row.queries / row.requests)}</td><td>${percent(time / total)}</td></tr>`;
    })
    .join('');
  const retried = Object.entries(summary.retries)
    .map(([name, times]) => `${name} ×${times}`)
    .join(', ');
  const retries = retried
    ? `Odoo retried on its own (the clients never saw it): ${retried}${summary.retriesExhausted ? `; ${summary.retriesExhausted} ran out of tries` : ''}.`
    : 'Odoo retried nothing.';
  const timeouts = summary.workerTimeouts
    ? ` ${summary.workerTimeouts} workers killed past limit_time_real.`
    : '';
  const perUnit = (summary.byScenario ?? [])
    .filter((cost) => cost.units > 0)
    .map((cost) => {
      const spec = K6_SCENARIOS[cost.scenario];
      return `<tr><td>${escapeHtml(`${spec.unit} ${spec.done}`)}</td><td>${escapeHtml(cost.channel)}</td><td>${count(cost.units)}</td><td>${(cost.seconds / cost.units).toFixed(2)} s</td><td>${Math.round(cost.queries / cost.units)}</td><td>${Math.round(cost.requests / cost.units)}</td></tr>`;
    })
    .join('');
  const byChannel = perUnit
    ? `<h3>Server time per business unit, by channel</h3>
<p>Each call's time in the log is put to the scenarios that sent it, in proportion; a person keying an order in the web client costs the server several times what an integration's two calls cost.</p>
<table class="numbers"><tr><th>unit</th><th>channel</th><th>done</th><th>server time per unit</th><th>queries per unit</th><th>calls per unit</th></tr>${perUnit}</table>`
    : '';
  return `<h2>Where the server's time went (Odoo's log)</h2>
<p>${count(summary.requests)} requests answered in the run's window, ${percent(summary.sqlSeconds / total)} of their server time in SQL. ${retries}${timeouts} <span class="sub">(${escapeHtml(summary.source)})</span></p>
${byChannel}
<table class="numbers"><tr><th>call</th><th>requests</th><th>mean</th><th>SQL</th><th>Python</th><th>SQL share</th><th>queries/call</th><th>share of server time</th></tr>${rows}</table>`;
}
