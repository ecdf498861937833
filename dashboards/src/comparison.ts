/** Runs side by side: one series per run (and hosting profile), so hosting models and company counts compare on shared axes. */

import { K6_METRICS, METRICS, type MetricSpec, TAGS } from '../../contract/index.ts';
import { InfluxQLQuery, influxql, timeseries } from './common.ts';

const byRun = (
  select: string,
  measurement: string | MetricSpec,
  alias: string,
  interval?: string,
) =>
  new InfluxQLQuery(
    influxql(select, measurement, { groupBy: [TAGS.runId, TAGS.hosting], interval }),
    'A',
    `${alias} $tag_${TAGS.hosting} $tag_${TAGS.runId}`,
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
    byRun('sum("value") / 10', K6_METRICS.httpReqs, 'req/s', '10s'),
  ]);
export const errorRateByRunPanel = () =>
  timeseries('Failed call share by run', 'percentunit', [
    byRun('mean("value")', METRICS.rpcFailed.name, 'failed'),
  ]);

export const comparisonPanels = () => [
  confirmLatencyByRunPanel(),
  rpcLatencyByRunPanel(),
  throughputByRunPanel(),
  errorRateByRunPanel(),
];
