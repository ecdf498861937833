/** The run overview: throughput, VUs, latency percentiles, calls by outcome, checks. */

import { K6_METRICS, METRICS, TAGS } from '../../contract/index.ts';
import { InfluxQLQuery, influxql, ODOO_CALLS, timeseries } from './common.ts';

export const requestsPanel = () =>
  timeseries(
    'Requests per second',
    'reqps',
    [
      new InfluxQLQuery(
        influxql('sum("value") / 10', K6_METRICS.httpReqs, { interval: '10s' }),
        'A',
        'requests/s',
      ),
    ],
    'Every HTTP request k6 sent, per second (10 s buckets).',
  );

export const vusPanel = () =>
  timeseries('Virtual users', 'none', [
    new InfluxQLQuery(influxql('max("value")', K6_METRICS.vus), 'A', 'VUs'),
  ]);

export const rpcLatencyPanel = () =>
  timeseries('Odoo call latency', 'ms', [
    new InfluxQLQuery(
      influxql(
        'percentile("value", 50) AS "p50", percentile("value", 95) AS "p95", percentile("value", 99) AS "p99"',
        METRICS.rpcDuration,
      ),
      'A',
    ),
  ]);

export const callsByOutcomePanel = () =>
  timeseries(
    'Odoo calls by outcome',
    'none',
    [
      new InfluxQLQuery(
        influxql('count("value")', K6_METRICS.httpReqs, { where: ODOO_CALLS }),
        'A',
        'calls',
      ),
      new InfluxQLQuery(
        influxql('sum("value")', METRICS.rpcErrors.name, { groupBy: [TAGS.errorKind] }),
        'B',
        `failed: $tag_${TAGS.errorKind}`,
      ),
    ],
    'Calls per interval, and the failed ones by error kind (a run without failures draws none). Kinds: concurrency, validation, access, missing, session, server, transport.',
  );

export const checksPanel = () =>
  timeseries('Checks passed', 'percentunit', [
    new InfluxQLQuery(influxql('mean("value")', K6_METRICS.checks), 'A', 'checks passed'),
  ]);

export const overviewPanels = () => [
  requestsPanel(),
  vusPanel(),
  rpcLatencyPanel(),
  callsByOutcomePanel(),
  checksPanel(),
];
