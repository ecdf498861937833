/** Runs side by side: one series per run (and hosting profile), so hosting models and company counts compare on shared axes. */
import { InfluxQLQuery, influxql, timeseries } from './common.ts';

const byRun = (select: string, measurement: string, alias: string, interval?: string) =>
  new InfluxQLQuery(
    influxql(select, measurement, { groupBy: ['run_id', 'hosting'], interval }),
    'A',
    `${alias} $tag_hosting $tag_run_id`,
  );

export const confirmLatencyByRunPanel = () =>
  timeseries('Order confirmation p95 by run', 'ms', [
    byRun('percentile("value", 95)', 'order_confirm_duration', 'p95'),
  ]);
export const rpcLatencyByRunPanel = () =>
  timeseries('Odoo call p95 by run', 'ms', [
    byRun('percentile("value", 95)', 'odoo_rpc_duration', 'p95'),
  ]);
export const throughputByRunPanel = () =>
  timeseries('Requests per second by run', 'reqps', [
    byRun('sum("value") / 10', 'http_reqs', 'req/s', '10s'),
  ]);
export const errorRateByRunPanel = () =>
  timeseries('Failed call share by run', 'percentunit', [
    byRun('mean("value")', 'odoo_rpc_failed', 'failed'),
  ]);

export const comparisonPanels = () => [
  confirmLatencyByRunPanel(),
  rpcLatencyByRunPanel(),
  throughputByRunPanel(),
  errorRateByRunPanel(),
];
