/**
 * Chart.js configurations for one run, or several overlaid on shared axes: throughput, latency
 * percentiles, errors by kind, virtual users, one chart per business measure (each in the unit a
 * person counts it in: orders per hour, rows per second), and the latency distribution per step.
 */
import { K6_SCENARIOS, type K6ScenarioName, METRICS } from '../contract/index.ts';
import type { Series } from '../judge/results/types.ts';
import { type Per, SECONDS_PER } from './format.ts';
import type { RunData } from './model.ts';

export interface ChartSpec {
  id: string;
  title: string;
  config: unknown;
}

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
const color = (i: number) => COLORS[i % COLORS.length]!;

const line = (label: string, x: number[], y: (number | null)[], stroke: string) => ({
  label,
  data: x.map((value, i) => ({ x: value, y: y[i] ?? null })),
  borderColor: stroke,
  backgroundColor: stroke,
  pointRadius: 0,
  borderWidth: 2,
  spanGaps: true,
});

/** Chart.js options shared by every chart of the report: linear x, y from zero, legend below. */
export function axes(xTitle: string, yTitle: string, stacked = false) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      x: { type: 'linear', beginAtZero: true, title: { display: true, text: xTitle } },
      y: { stacked, beginAtZero: true, title: { display: true, text: yTitle } },
    },
    plugins: { legend: { position: 'bottom' } },
  };
}

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
      options: axes('seconds since start', yTitle, stacked),
    },
  };
}

type WithSeries = RunData & { series: Series };

/** What a business series is called, and the unit a person counts it in. */
function businessMeasure(key: string): { title: string; per: Per } {
  const [metric, scenario] = key.split(':') as [string, K6ScenarioName | undefined];
  if (metric === METRICS.outcomes.name && scenario && scenario in K6_SCENARIOS) {
    const spec = K6_SCENARIOS[scenario];
    return { title: `${spec.unit} ${spec.done}`, per: spec.per };
  }
  if (metric === METRICS.importRows.name) return { title: 'import rows', per: 'second' };
  return { title: metric.replaceAll('_', ' '), per: 'minute' };
}

function businessCharts(runs: WithSeries[]): ChartSpec[] {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run.series.business)))].filter((key) =>
    runs.some((run) => run.series.business[key]?.some((value) => value > 0)),
  );
  return keys.map((key, index) => {
    const { title, per } = businessMeasure(key);
    const factor = SECONDS_PER[per];
    const datasets = runs.map((run, i) =>
      line(
        runs.length === 1 ? title : run.label,
        run.series.seconds,
        (run.series.business[key] ?? []).map(
          (value) => (value * factor) / run.series.bucketSeconds,
        ),
        color(runs.length === 1 ? index : i),
      ),
    );
    return lineChart(
      `business-${key.replace(/[^a-z0-9]+/gi, '-')}`,
      `${title} per ${per}`,
      `per ${per}`,
      datasets,
    );
  });
}

function distributionChart(runs: RunData[]): ChartSpec | undefined {
  const steps = [...new Set(runs.flatMap((run) => Object.keys(run.distributions)))].filter(
    (metric) => metric !== METRICS.rpcDuration.name,
  );
  if (steps.length === 0) return undefined;
  const edges = runs.flatMap((run) => Object.values(run.distributions))[0]!.edges;
  const label = (ms: number) => (ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`);
  const labels = edges.map((edge, i) =>
    i + 1 < edges.length ? `${label(edge)}–${label(edges[i + 1]!)}` : `≥ ${label(edge)}`,
  );
  const single = runs.length === 1;
  const datasets = single
    ? steps.map((step, i) => ({
        label: step,
        data: runs[0]!.distributions[step]?.counts ?? [],
        backgroundColor: color(i),
      }))
    : runs.map((run, i) => ({
        label: run.label,
        data: edges.map((_, e) =>
          steps.reduce((sum, step) => sum + (run.distributions[step]?.counts[e] ?? 0), 0),
        ),
        backgroundColor: color(i),
      }));
  return {
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
  };
}

/**
 * What browser users waited for, step by step, against the load at that moment: each step's p95 per
 * bucket on the left axis, the Odoo calls per second the protocol load made on the right.
 */
function uiStepsChart(runs: WithSeries[]): ChartSpec | undefined {
  const run = runs.find((candidate) => candidate.series.uiSteps);
  const steps = run?.series.uiSteps;
  if (!run || !steps) return undefined;
  const { seconds } = run.series;
  const datasets: Record<string, unknown>[] = Object.entries(steps).map(([step, p95], i) => ({
    ...line(`${step} p95`, seconds, p95, color(i)),
    pointRadius: 3,
    showLine: false,
  }));
  datasets.push({
    ...line('Odoo calls / s', seconds, run.series.requestsPerSecond, '#9ca3af'),
    yAxisID: 'load',
  });
  const options = axes('seconds since start', 'ms');
  return {
    id: 'ui-steps',
    title: "Browser users' steps (p95) against the load",
    config: {
      type: 'line',
      data: { datasets },
      options: {
        ...options,
        scales: {
          ...options.scales,
          load: {
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'Odoo calls / s' },
          },
        },
      },
    },
  };
}

type PerRun = (pick: (series: Series) => (number | null)[], name: string) => unknown[];

/** Failed calls by error kind for one run (stacked); for several, each run's total. */
function errorsChart(drawn: WithSeries[], perRun: PerRun): ChartSpec {
  const single = drawn.length === 1;
  const kinds = [...new Set(drawn.flatMap((run) => Object.keys(run.series.errorsByKind)))];
  const errors = single
    ? kinds.map((kind, i) => ({
        ...line(kind, drawn[0]!.series.seconds, drawn[0]!.series.errorsByKind[kind]!, color(i + 1)),
        fill: true,
      }))
    : perRun(
        (s) =>
          s.seconds.map((_, b) =>
            Object.values(s.errorsByKind).reduce((sum, values) => sum + values[b]!, 0),
          ),
        'errors',
      );
  return lineChart(
    'errors',
    'Failed Odoo calls by error kind',
    'errors per bucket',
    errors.length ? errors : perRun((s) => s.seconds.map(() => 0), 'errors'),
    single,
  );
}

/** VUs per run; for one run, the iterations k6 dropped beside them. */
function vusChart(drawn: WithSeries[], perRun: PerRun): ChartSpec {
  const series = drawn[0]!.series;
  const dropped =
    drawn.length === 1 && series.droppedIterations.some((value) => value > 0)
      ? [line('dropped iterations', series.seconds, series.droppedIterations, color(1))]
      : [];
  return lineChart('vus', 'Virtual users', 'VUs', [...perRun((s) => s.vus, 'VUs'), ...dropped]);
}

export function chartsOf(runs: RunData[]): ChartSpec[] {
  const drawn = runs.filter(
    (run): run is WithSeries => run.series !== undefined && run.series.seconds.length > 0,
  );
  if (drawn.length === 0) return [];
  const single = drawn.length === 1;
  const perRun: PerRun = (pick, name) =>
    drawn.map((run, i) =>
      line(single ? name : run.label, run.series.seconds, pick(run.series), color(i)),
    );
  const specs: ChartSpec[] = [
    lineChart(
      'throughput',
      'Throughput',
      'requests / s',
      perRun((s) => s.requestsPerSecond, 'requests/s'),
    ),
    lineChart(
      'latency',
      'Odoo call latency percentiles',
      'ms',
      single
        ? (['p50', 'p95', 'p99'] as const).map((p, i) =>
            line(p, drawn[0]!.series.seconds, drawn[0]!.series.latency[p], color(i)),
          )
        : perRun((s) => s.latency.p95, 'p95'),
    ),
    errorsChart(drawn, perRun),
    vusChart(drawn, perRun),
    ...businessCharts(drawn),
  ];
  const ui = uiStepsChart(drawn);
  if (ui) specs.push(ui);
  const distribution = distributionChart(runs);
  if (distribution) specs.push(distribution);
  return specs;
}
