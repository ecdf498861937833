/** One row per workload with its business measures (DOMAIN.md): what a capacity planner reads. */
import { InfluxQLQuery, influxql, timeseries } from './common.ts';

const perHour = (measurement: string, alias: string, where?: string) =>
  new InfluxQLQuery(
    influxql('sum("value") * 360', measurement, { interval: '10s', where }),
    'A',
    alias,
  );
const p95 = (measurement: string, alias: string, refId = 'A', groupBy?: string[]) =>
  new InfluxQLQuery(influxql('percentile("value", 95)', measurement, { groupBy }), refId, alias);

// 1. Order confirmation
export const ordersPerHourPanel = () =>
  timeseries('Orders confirmed per hour', 'none', [perHour('orders_confirmed', 'orders/h')]);
export const confirmLatencyPanel = () =>
  timeseries('Order confirmation p95', 'ms', [
    p95('order_confirm_duration', 'confirm p95 $tag_workload', 'A', ['workload']),
  ]);
export const reservationOutcomePanel = () =>
  timeseries('Reservations by outcome', 'none', [
    new InfluxQLQuery(
      influxql('sum("value")', 'reservations', { groupBy: ['outcome'] }),
      'A',
      '$tag_outcome',
    ),
  ]);

// 2. Barcode scanning
export const scanLatencyPanel = () =>
  timeseries(
    'Scan round trip p95',
    'ms',
    [p95('scan_duration', 'scan p95')],
    'Operators notice anything above ~1 s.',
  );
export const scansPerMinutePanel = () =>
  timeseries('Scans per minute, pickings validated per hour', 'none', [
    new InfluxQLQuery(influxql('sum("value") * 6', 'scans', { interval: '10s' }), 'A', 'scans/min'),
    new InfluxQLQuery(
      influxql('sum("value") * 360', 'pickings_validated', { interval: '10s' }),
      'B',
      'pickings/h',
    ),
  ]);

// 3. Bulk import
export const importRowsPanel = () =>
  timeseries('Import rows per second and failed rows', 'none', [
    new InfluxQLQuery(
      influxql('sum("value") / 10', 'import_rows', { interval: '10s' }),
      'A',
      'rows/s',
    ),
    new InfluxQLQuery(
      influxql('sum("value")', 'import_rows_failed', { groupBy: ['reason'] }),
      'B',
      'failed: $tag_reason',
    ),
  ]);
export const importBatchLatencyPanel = () =>
  timeseries('Import batch latency p95', 'ms', [p95('import_batch_duration', 'batch p95')]);

// 4. Reservation contention
export const conflictsPanel = () =>
  timeseries(
    'Conflicts reaching users',
    'none',
    [
      new InfluxQLQuery(
        influxql('sum("value")', 'conflicts', { groupBy: ['error_name'] }),
        'A',
        '$tag_error_name',
      ),
    ],
    'Serialization failures, lock timeouts and deadlocks after Odoo ran out of retries ("none" = calls without).',
  );
export const reservationLatencyPanel = () =>
  timeseries('Reservation latency p95', 'ms', [
    p95('reservation_duration', '$tag_rpc_method p95', 'A', ['rpc_method']),
  ]);

// 5. Month-end close
export const postingsPerMinutePanel = () =>
  timeseries('Postings per minute and sequence conflicts', 'none', [
    new InfluxQLQuery(
      influxql('sum("value") * 6', 'postings', { interval: '10s', groupBy: ['journal_type'] }),
      'A',
      'postings/min $tag_journal_type',
    ),
    new InfluxQLQuery(
      influxql('sum("value")', 'sequence_conflicts', { groupBy: ['journal_type'] }),
      'B',
      'conflicts $tag_journal_type',
    ),
  ]);
export const postingLatencyPanel = () =>
  timeseries('Posting latency p95', 'ms', [
    p95('posting_duration', 'post p95 $tag_journal_type', 'A', ['journal_type']),
  ]);
export const reportLatencyPanel = () =>
  timeseries('Accounting report latency p95', 'ms', [
    p95('report_duration', '$tag_report', 'A', ['report']),
  ]);

export const workloadRows = () => [
  {
    title: 'Order confirmation',
    panels: [ordersPerHourPanel(), confirmLatencyPanel(), reservationOutcomePanel()],
  },
  { title: 'Barcode scanning', panels: [scanLatencyPanel(), scansPerMinutePanel()] },
  { title: 'Bulk import', panels: [importRowsPanel(), importBatchLatencyPanel()] },
  { title: 'Reservation contention', panels: [conflictsPanel(), reservationLatencyPanel()] },
  {
    title: 'Month-end close',
    panels: [postingsPerMinutePanel(), postingLatencyPanel(), reportLatencyPanel()],
  },
];
