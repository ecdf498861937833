/** One row per workload with its business measures (docs/domain.md): what a capacity planner reads. */

import { METRICS, TAGS } from '../../contract/index.ts';
import { InfluxQLQuery, influxql, timeseries } from './common.ts';

const p95 = (measurement: string, alias: string, refId = 'A', groupBy?: string[]) =>
  new InfluxQLQuery(influxql('percentile("value", 95)', measurement, { groupBy }), refId, alias);

// 1. Order confirmation
export const ordersPerHourPanel = () =>
  timeseries(
    'Orders confirmed per hour, by channel',
    'none',
    [
      new InfluxQLQuery(
        influxql('sum("value") * 360', METRICS.ordersConfirmed.name, {
          interval: '10s',
          groupBy: [TAGS.channel],
        }),
        'A',
        `orders/h $tag_${TAGS.channel}`,
      ),
    ],
    'api: sent by an integration (EDI, e-commerce, a connector); web: keyed by a sales rep in the web client.',
  );
export const confirmLatencyPanel = () =>
  timeseries('Order confirmation p95, by channel', 'ms', [
    p95(
      METRICS.orderConfirmDuration.name,
      `confirm p95 $tag_${TAGS.workload} $tag_${TAGS.channel}`,
      'A',
      [TAGS.workload, TAGS.channel],
    ),
  ]);
export const reservationOutcomePanel = () =>
  timeseries('Reservations by outcome', 'none', [
    new InfluxQLQuery(
      influxql('sum("value")', METRICS.reservations.name, { groupBy: [TAGS.outcome] }),
      'A',
      `$tag_${TAGS.outcome}`,
    ),
  ]);

// 2. Barcode scanning
export const scanLatencyPanel = () =>
  timeseries(
    'Scan round trip p95',
    'ms',
    [p95(METRICS.scanDuration.name, 'scan p95')],
    'Operators notice anything above ~1 s.',
  );
export const scansPerMinutePanel = () =>
  timeseries('Scans per minute, pickings validated per hour', 'none', [
    new InfluxQLQuery(
      influxql('sum("value") * 6', METRICS.scans.name, { interval: '10s' }),
      'A',
      'scans/min',
    ),
    new InfluxQLQuery(
      influxql('sum("value") * 360', METRICS.pickingsValidated.name, { interval: '10s' }),
      'B',
      'pickings/h',
    ),
  ]);

// 3. Bulk import
export const importRowsPanel = () =>
  timeseries('Import rows per second and failed rows', 'none', [
    new InfluxQLQuery(
      influxql('sum("value") / 10', METRICS.importRows.name, { interval: '10s' }),
      'A',
      'rows/s',
    ),
    new InfluxQLQuery(
      influxql('sum("value")', METRICS.importRowsFailed.name, { groupBy: [TAGS.reason] }),
      'B',
      `failed: $tag_${TAGS.reason}`,
    ),
  ]);
export const importBatchLatencyPanel = () =>
  timeseries('Import batch latency p95', 'ms', [
    p95(METRICS.importBatchDuration.name, 'batch p95'),
  ]);

// 4. Reservation contention
export const conflictsPanel = () =>
  timeseries(
    'Conflicts reaching users',
    'none',
    [
      new InfluxQLQuery(
        influxql('sum("value")', METRICS.conflicts.name, { groupBy: [TAGS.errorName] }),
        'A',
        `$tag_${TAGS.errorName}`,
      ),
    ],
    'Serialization failures, lock timeouts and deadlocks after Odoo ran out of retries ("none" = calls without).',
  );
export const reservationLatencyPanel = () =>
  timeseries('Reservation latency p95', 'ms', [
    p95(METRICS.reservationDuration.name, `$tag_${TAGS.method} p95`, 'A', [TAGS.method]),
  ]);

// 5. Month-end close
export const postingsPerMinutePanel = () =>
  timeseries('Postings per minute and sequence conflicts', 'none', [
    new InfluxQLQuery(
      influxql('sum("value") * 6', METRICS.postings.name, {
        interval: '10s',
        groupBy: [TAGS.journal],
      }),
      'A',
      `postings/min $tag_${TAGS.journal}`,
    ),
    new InfluxQLQuery(
      influxql('sum("value")', METRICS.sequenceConflicts.name, { groupBy: [TAGS.journal] }),
      'B',
      `conflicts $tag_${TAGS.journal}`,
    ),
  ]);
export const postingLatencyPanel = () =>
  timeseries('Posting latency p95', 'ms', [
    p95(METRICS.postingDuration.name, `post p95 $tag_${TAGS.journal}`, 'A', [TAGS.journal]),
  ]);
export const reportLatencyPanel = () =>
  timeseries('Accounting report latency p95', 'ms', [
    p95(METRICS.reportDuration.name, `$tag_${TAGS.report}`, 'A', [TAGS.report]),
  ]);

// People in the web client
export const webActionLatencyPanel = () =>
  timeseries(
    'Web client actions p95, by step',
    'ms',
    [
      p95(METRICS.webActionDuration.name, `$tag_${TAGS.step} ($tag_${TAGS.workload})`, 'A', [
        TAGS.step,
        TAGS.workload,
      ]),
    ],
    'What a person waits for in the web client: opening a form, saving, confirming, validating, posting.',
  );
/** The panel only browser users give data (checked by test/e2e/browser.test.ts's self-test). */
export const UI_STEPS_PANEL_TITLE = "Browser users' steps p95, with failed steps";
export const uiStepLatencyPanel = () =>
  timeseries(
    UI_STEPS_PANEL_TITLE,
    'ms',
    [
      p95(METRICS.uiStepDuration.name, `$tag_${TAGS.step} ($tag_${TAGS.role})`, 'A', [
        TAGS.step,
        TAGS.role,
      ]),
      new InfluxQLQuery(
        influxql('sum("value")', METRICS.uiStepFailed.name, { groupBy: [TAGS.step] }),
        'B',
        `failed $tag_${TAGS.step}`,
      ),
    ],
    'What people in a real browser wait for, from click to usable screen (each step has its SLO in the profile); the protocol load runs beside them.',
  );
export const loginsPanel = () =>
  timeseries(
    'Logins by phase, shift-start login p95',
    'none',
    [
      new InfluxQLQuery(
        influxql('sum("value")', METRICS.logins.name, { groupBy: [TAGS.phase, TAGS.role] }),
        'A',
        `logins $tag_${TAGS.phase} $tag_${TAGS.role}`,
      ),
      p95(METRICS.loginDuration.name, `login p95 $tag_${TAGS.phase}`, 'B', [TAGS.phase]),
    ],
    'People log in before the load (setup); only a shift start (shift) or an expired session (renewal) logs in during it.',
  );

export const workloadRows = () => [
  { title: 'People and the web client', panels: [webActionLatencyPanel(), loginsPanel()] },
  { title: 'People in real browsers', panels: [uiStepLatencyPanel()] },
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
