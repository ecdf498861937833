/**
 * One self-contained HTML page per run (or per comparison): the verdict first, then charts drawn by
 * Chart.js (inlined, so the file opens without a network), then the tables.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { histogram, type RunSeries } from './series.ts';

/** Chart.js's UMD build, read once when the first report is written; inlined so the page needs no network. */
let chartJs: string | undefined;
const chartJsSource = () =>
  (chartJs ??= readFileSync(
    join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'),
    'utf8',
  ));
const COLORS = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
];

export interface Verdict {
  criterion: string;
  passed: boolean | null;
  detail: string;
}

export interface ReportRun {
  label: string;
  series?: RunSeries;
  /** k6 summary-export metrics. */
  metrics: Record<string, Record<string, number>>;
}

interface ChartSpec {
  id: string;
  title: string;
  config: unknown;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const line = (label: string, x: number[], y: (number | null)[], color: string) => ({
  label,
  data: x.map((value, i) => ({ x: value, y: y[i] ?? null })),
  borderColor: color,
  backgroundColor: color,
  pointRadius: 0,
  borderWidth: 2,
  spanGaps: true,
});

function lineChart(
  id: string,
  title: string,
  yTitle: string,
  datasets: unknown[],
  stacked = false,
): ChartSpec {
  return {
    id,
    title,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'seconds since start' } },
          y: { stacked, beginAtZero: true, title: { display: true, text: yTitle } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    },
  };
}

/** Charts of one run, or of several runs overlaid on shared axes. */
function charts(runs: ReportRun[]): ChartSpec[] {
  const withSeries = runs.filter(
    (run): run is ReportRun & { series: RunSeries } => run.series !== undefined,
  );
  if (withSeries.length === 0) return [];
  const single = withSeries.length === 1;
  const color = (i: number) => COLORS[i % COLORS.length]!;
  const perRun = (pick: (series: RunSeries) => (number | null)[], name: string) =>
    withSeries.map((run, i) =>
      line(single ? name : run.label, run.series.seconds, pick(run.series), color(i)),
    );
  const specs: ChartSpec[] = [];
  specs.push(
    lineChart(
      'throughput',
      'Throughput',
      'requests / s',
      perRun((s) => s.requestsPerSecond, 'requests/s'),
    ),
  );
  specs.push(
    lineChart(
      'latency',
      'Odoo call latency percentiles',
      'ms',
      single
        ? (['p50', 'p95', 'p99'] as const).map((p, i) =>
            line(p, withSeries[0]!.series.seconds, withSeries[0]!.series.latency[p], color(i)),
          )
        : perRun((s) => s.latency.p95, 'p95'),
    ),
  );
  const kinds = [...new Set(withSeries.flatMap((run) => Object.keys(run.series.errorsByKind)))];
  const errorDatasets = single
    ? kinds.map((kind, i) => ({
        ...line(
          kind,
          withSeries[0]!.series.seconds,
          withSeries[0]!.series.errorsByKind[kind]!,
          color(i + 1),
        ),
        fill: true,
      }))
    : perRun(
        (s) =>
          s.seconds.map((_, b) =>
            Object.values(s.errorsByKind).reduce((sum, values) => sum + values[b]!, 0),
          ),
        'errors',
      );
  specs.push(
    lineChart(
      'errors',
      'Failed Odoo calls by error kind',
      'errors per bucket',
      errorDatasets.length ? errorDatasets : perRun((s) => s.seconds.map(() => 0), 'errors'),
      single,
    ),
  );
  specs.push(
    lineChart(
      'vus',
      'Virtual users',
      'VUs',
      perRun((s) => s.vus, 'VUs'),
    ),
  );
  const measures = Object.keys(withSeries[0]!.series.business).filter((name) =>
    withSeries.some((run) => run.series.business[name]!.some((value) => value > 0)),
  );
  const businessDatasets = single
    ? measures.map((name, i) =>
        line(
          name,
          withSeries[0]!.series.seconds,
          withSeries[0]!.series.business[name]!.map(
            (v) => (v * 3600) / withSeries[0]!.series.bucketSeconds,
          ),
          color(i),
        ),
      )
    : measures.flatMap((name, m) =>
        withSeries.map((run, i) => ({
          ...line(
            `${run.label} ${name}`,
            run.series.seconds,
            run.series.business[name]!.map((v) => (v * 3600) / run.series.bucketSeconds),
            color(i),
          ),
          borderDash: m > 0 ? [4, 3] : [],
        })),
      );
  if (businessDatasets.length) {
    // Import rows come in bursts of thousands: their own axis keeps the other measures readable.
    const business = lineChart(
      'business',
      'Business measures (per hour)',
      'per hour',
      businessDatasets.map((dataset) =>
        dataset.label.endsWith('import_rows') ? { ...dataset, yAxisID: 'rows' } : dataset,
      ),
    );
    (business.config as { options: { scales: Record<string, unknown> } }).options.scales.rows = {
      position: 'right',
      beginAtZero: true,
      grid: { drawOnChartArea: false },
      title: { display: true, text: 'import rows per hour' },
    };
    specs.push(business);
  }
  const steps = Object.keys(withSeries[0]!.series.distributions).filter((step) =>
    withSeries.some((run) => run.series.distributions[step]!.length > 0),
  );
  if (steps.length) {
    const labels = histogram([]).labels;
    const datasets = single
      ? steps.map((step, i) => ({
          label: step,
          data: histogram(withSeries[0]!.series.distributions[step]!).counts,
          backgroundColor: color(i),
        }))
      : withSeries.map((run, i) => ({
          label: run.label,
          data: histogram(steps.flatMap((step) => run.series.distributions[step]!)).counts,
          backgroundColor: color(i),
        }));
    specs.push({
      id: 'distribution',
      title: single
        ? 'Latency distribution per business step'
        : 'Latency distribution of business steps',
      config: {
        type: 'bar',
        data: { labels, datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: 'samples' } } },
          plugins: { legend: { position: 'bottom' } },
        },
      },
    });
  }
  return specs;
}

const TREND_ROWS = [
  'order_confirm_duration',
  'scan_duration',
  'validate_duration',
  'reservation_duration',
  'posting_duration',
  'report_duration',
  'import_batch_duration',
  'odoo_rpc_duration',
];
const COUNT_ROWS = [
  'orders_confirmed',
  'pickings_created',
  'invoices_posted',
  'scans',
  'pickings_validated',
  'wizard_answers',
  'import_rows',
  'import_rows_failed',
  'reservations',
  'conflicts',
  'postings',
  'sequence_conflicts',
  'odoo_rpc_errors',
  'http_reqs',
  'iterations',
];

function tables(runs: ReportRun[]): string {
  const fmt = (value: number | undefined) =>
    value === undefined ? '–' : Number.isInteger(value) ? String(value) : value.toFixed(1);
  const head = `<tr><th></th>${runs.map((run) => `<th>${escapeHtml(run.label)}</th>`).join('')}</tr>`;
  const trends = TREND_ROWS.filter((name) => runs.some((run) => run.metrics[name]))
    .map(
      (name) =>
        `<tr><td>${name}</td>${runs.map((run) => `<td>${run.metrics[name] ? `p50 ${fmt(run.metrics[name]!.med)} · p95 ${fmt(run.metrics[name]!['p(95)'])} · max ${fmt(run.metrics[name]!.max)} ms` : '–'}</td>`).join('')}</tr>`,
    )
    .join('');
  const counts = COUNT_ROWS.filter((name) => runs.some((run) => run.metrics[name]))
    .map(
      (name) =>
        `<tr><td>${name}</td>${runs.map((run) => `<td>${run.metrics[name] ? `${fmt(run.metrics[name]!.count)} (${fmt(run.metrics[name]!.rate)}/s)` : '–'}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<h2>Latency (ms)</h2><table>${head}${trends}</table><h2>Counts</h2><table>${head}${counts}</table>`;
}

export function renderReport(page: {
  title: string;
  subtitle: string;
  verdicts: Verdict[];
  notes: string[];
  runs: ReportRun[];
}): string {
  const specs = charts(page.runs);
  const overall = page.verdicts.every((verdict) => verdict.passed !== false);
  const verdictRows = page.verdicts
    .map(
      (v) =>
        `<tr class="${v.passed === null ? 'skip' : v.passed ? 'pass' : 'fail'}"><td>${v.passed === null ? 'SKIP' : v.passed ? 'PASS' : 'FAIL'}</td><td>${escapeHtml(v.criterion)}</td><td>${escapeHtml(v.detail)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#111827;padding:0 16px}
h1{margin:0}.sub{color:#6b7280;margin:4px 0 16px}
.verdict{font-size:22px;font-weight:700;padding:12px 16px;border-radius:8px;margin:12px 0}
.verdict.pass{background:#dcfce7;color:#166534}.verdict.fail{background:#fee2e2;color:#991b1b}
table{border-collapse:collapse;width:100%;margin:8px 0 20px}td,th{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}
tr.pass td:first-child{color:#166534;font-weight:700}tr.fail td:first-child{color:#991b1b;font-weight:700}tr.skip td:first-child{color:#6b7280}
.note{background:#fef3c7;color:#92400e;padding:8px 12px;border-radius:6px;margin:8px 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}.chart{border:1px solid #e5e7eb;border-radius:8px;padding:8px 12px}
.chart h3{margin:4px 0;font-size:14px}.chart div{position:relative;height:260px}
</style></head><body>
<h1>${escapeHtml(page.title)}</h1><div class="sub">${escapeHtml(page.subtitle)}</div>
<div class="verdict ${overall ? 'pass' : 'fail'}">${overall ? 'PASS' : 'FAIL'}: ${page.verdicts.filter((v) => v.passed === false).length} of ${page.verdicts.filter((v) => v.passed !== null).length} criteria failed</div>
${page.notes.map((note) => `<div class="note">${escapeHtml(note)}</div>`).join('')}
<table><tr><th></th><th>criterion</th><th>evidence</th></tr>${verdictRows}</table>
<div class="grid">${specs.map((spec) => `<div class="chart"><h3>${escapeHtml(spec.title)}</h3><div><canvas id="${spec.id}"></canvas></div></div>`).join('')}</div>
${tables(page.runs)}
<script>${chartJsSource()}</script>
<script>
const specs = ${JSON.stringify(specs)};
window.__charts = specs.map((spec) => new Chart(document.getElementById(spec.id), spec.config));
</script>
</body></html>
`;
}
