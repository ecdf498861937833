/** "Where the server's time went": Odoo's own per-request counters, read from its log. */
import type { ServerLogSummary } from '../server-log/parse.ts';
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
  return `<h2>Where the server's time went (Odoo's log)</h2>
<p>${count(summary.requests)} requests answered in the run's window, ${percent(summary.sqlSeconds / total)} of their server time in SQL. ${retries}${timeouts} <span class="sub">(${escapeHtml(summary.source)})</span></p>
<table class="numbers"><tr><th>call</th><th>requests</th><th>mean</th><th>SQL</th><th>Python</th><th>SQL share</th><th>queries/call</th><th>share of server time</th></tr>${rows}</table>`;
}
