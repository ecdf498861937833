/** Runs side by side: one series per run (and hosting profile), so hosting models and company counts compare on shared axes. */

import { K6_METRICS, METRICS, type MetricSpec, TAGS } from '../../contract/index.ts';
import { InfluxQLQuery, influxql, mathOf, ODOO_CALLS, timeseries } from './common.ts';

const byRun = (
  select: string,
  measurement: string | MetricSpec,
  alias: string,
  options: { interval?: string; where?: string; fill?: '0'; refId?: string; hidden?: boolean } = {},
) =>
  new InfluxQLQuery(
    influxql(select, measurement, { groupBy: [TAGS.runId, TAGS.hosting], ...options }),
    options.refId ?? 'A',
    `${alias} $tag_${TAGS.hosting} $tag_${TAGS.runId}`,
    options.hidden,
  );

export const confirmLatencyByRunPanel = () =>
  timeseries('Order confirmation p95 by run', 'ms', [
    byRun('percentile("value", 95)', METRICS.orderConfirmDuration.name, 'p95'),
  ]);
export const rpcLatencyByRunPanel = () =>
  timeseries('Odoo call p95 by run', 'ms', [
    byRun('percentile("value", 95)', METRICS.rpcDuration, 'p95'),
  ]);
export const throughputByRunPanel = () =>
  timeseries('Requests per second by run', 'reqps', [
    byRun('sum("value") / 10', K6_METRICS.httpReqs, 'req/s', { interval: '10s' }),
  ]);
/** Failed calls over calls, run by run: Grafana divides the two series of each run (same tags). */
export const errorRateByRunPanel = () =>
  timeseries(
    'Failed call share by run',
    'percentunit',
    [
      byRun('count("value")', K6_METRICS.httpReqs, 'calls', { where: ODOO_CALLS, hidden: true }),
      byRun('sum("value")', METRICS.rpcErrors.name, 'failed', {
        refId: 'B',
        fill: '0',
        hidden: true,
      }),
      mathOf('C', '$B / $A'),
    ],
    'odoo_rpc_errors over the Odoo calls, per interval; a run without failed calls draws no line.',
  );

export const comparisonPanels = () => [
  confirmLatencyByRunPanel(),
  rpcLatencyByRunPanel(),
  throughputByRunPanel(),
  errorRateByRunPanel(),
];
