/**
 * The capacity part of a report: per sweep, throughput and latency against load with the fitted
 * USL curve and the knees marked, and a table comparing targets (knee, maximum, headroom, cost).
 */
import { axes, type ChartSpec } from '../report/charts.ts';
import { count, duration, escapeHtml, PER_SHORT, percent, SECONDS_PER } from '../report/format.ts';
import type { CapacityFile } from './capacity-file.ts';
import type { StepServerTime } from './steps.ts';
import { usl } from './usl.ts';

const points = (x: number[], y: number[]) => x.map((value, i) => ({ x: value, y: y[i] ?? null }));

/** A vertical marker from 0 to `top` at load `at`. */
const marker = (label: string, at: number, top: number, color: string) => ({
  label,
  data: [
    { x: at, y: 0 },
    { x: at, y: top },
  ],
  borderColor: color,
  borderDash: [6, 4],
  pointRadius: 0,
  borderWidth: 1.5,
  showLine: true,
});

function chart(id: string, title: string, xTitle: string, yTitle: string, datasets: unknown[]) {
  return {
    id,
    title,
    config: { type: 'scatter', data: { datasets }, options: axes(xTitle, yTitle) },
  } satisfies ChartSpec;
}

type Sweep = CapacityFile['sweeps'][number];

/** Throughput per step, the profile's peak, the USL fit (closed model) and the knees. */
function throughputDatasets(file: CapacityFile, sweep: Sweep, per: string): unknown[] {
  const factor = SECONDS_PER[file.peak.per];
  const loads = sweep.steps.map((step) => step.load);
  const measured = sweep.steps.map((step) => step.throughput * factor);
  const top = Math.max(...measured, file.peak.perSecond * factor) * 1.15;
  const peak = file.peak.perSecond * factor;
  const datasets: unknown[] = [
    {
      label: `measured ${per}`,
      data: points(loads, measured),
      borderColor: '#2563eb',
      backgroundColor: '#2563eb',
      pointRadius: 4,
    },
    {
      label: `peak of ${file.peak.profile}`,
      data: points([0, Math.max(...loads)], [peak, peak]),
      borderColor: '#d97706',
      pointRadius: 0,
      showLine: true,
    },
  ];
  const fit = sweep.analysis.usl;
  if (fit && file.model === 'closed') {
    const max = Math.max(...loads);
    const xs = Array.from({ length: 41 }, (_, i) => (max * i) / 40).filter((x) => x > 0);
    datasets.push({
      label: `USL fit (R² ${fit.r2.toFixed(2)})`,
      data: points(
        xs,
        xs.map((x) => usl(fit.lambda, fit.sigma, fit.kappa, x) * factor),
      ),
      borderColor: '#16a34a',
      pointRadius: 0,
      showLine: true,
    });
  }
  const knees = sweep.analysis.knees;
  if (knees.throughputFlat !== undefined)
    datasets.push(marker('knee: throughput flat', knees.throughputFlat, top, '#dc2626'));
  if (knees.p50Doubled !== undefined)
    datasets.push(marker('knee: p50 doubled', knees.p50Doubled, top, '#7c3aed'));
  return datasets;
}

/** p50, p95 and p99 per step against the SLO. */
function latencyDatasets(file: CapacityFile, sweep: Sweep): unknown[] {
  const loads = sweep.steps.map((step) => step.load);
  return [
    ...(['p50', 'p95', 'p99'] as const).map((p, i) => ({
      label: p,
      data: points(
        loads,
        sweep.steps.map((step) => step[p]),
      ),
      borderColor: ['#2563eb', '#dc2626', '#4b5563'][i],
      backgroundColor: ['#2563eb', '#dc2626', '#4b5563'][i],
      showLine: true,
    })),
    {
      label: `SLO p95 < ${file.peak.sloMs} ms`,
      data: points([0, Math.max(...loads)], [file.peak.sloMs, file.peak.sloMs]),
      borderColor: '#d97706',
      pointRadius: 0,
      showLine: true,
    },
  ];
}

export function capacityCharts(file: CapacityFile): ChartSpec[] {
  const per = `${file.peak.unit} per ${file.peak.per}`;
  const xTitle = file.model === 'closed' ? 'concurrent users' : `arrivals (${file.peak.unit}/s)`;
  return file.sweeps.flatMap((sweep, s) => [
    chart(
      `capacity-throughput-${s + 1}`,
      `${sweep.label}: throughput against load`,
      xTitle,
      per,
      throughputDatasets(file, sweep, per),
    ),
    chart(
      `capacity-latency-${s + 1}`,
      `${sweep.label}: latency against load`,
      xTitle,
      'ms',
      latencyDatasets(file, sweep),
    ),
  ]);
}

/** "SQL 44 % · 3 retries · sale.order.action_confirm 142 ms (SQL 51 %)", or – without a log. */
function serverTimeCell(server: StepServerTime | undefined): string {
  if (!server?.requests) return '–';
  const top = server.topCalls[0];
  return escapeHtml(
    `SQL ${percent(server.sqlShare)} · ${server.retries} retries${top ? ` · ${top.call} ${duration(top.meanMs)} (SQL ${percent(top.sqlShare)})` : ''}`,
  );
}

export function capacityHtml(file: CapacityFile): string {
  const factor = SECONDS_PER[file.peak.per];
  const unit = `${file.peak.unit}/${PER_SHORT[file.peak.per]}`;
  const rows = file.sweeps
    .map((sweep) => {
      const best = Math.max(...sweep.steps.map((step) => step.throughput));
      const fit = sweep.analysis.usl;
      return `<tr><td>${escapeHtml(sweep.label)}${sweep.stagingLike ? ' <b>(one worker: says nothing about production)</b>' : ''}</td><td>${sweep.workers || '?'}</td><td>${sweep.analysis.knees.throughputFlat ?? '–'} / ${sweep.analysis.knees.p50Doubled ?? '–'}</td><td>${count(best * factor)} ${unit}</td><td>${fit ? `${count(fit.maxThroughput * factor)} ${unit} (σ ${fit.sigma.toFixed(3)}, κ ${fit.kappa.toExponential(1)}, R² ${fit.r2.toFixed(2)})` : '–'}</td><td>${percent(sweep.analysis.sizing.headroom - 1)}</td><td>${sweep.analysis.sizing.workersNeeded ?? '–'}</td><td>${sweep.costPerUnitAtPeak ? `${sweep.costPerUnitAtPeak.amount.toFixed(4)} ${escapeHtml(sweep.costPerUnitAtPeak.currency)}` : '–'}</td></tr>`;
    })
    .join('');
  const steps = file.sweeps
    .map(
      (sweep) =>
        `<h3>${escapeHtml(sweep.label)}</h3><table class="numbers"><tr><th>load</th><th>throughput</th><th>calls/s</th><th>p50</th><th>p95</th><th>p99</th><th>errors</th><th>in flight</th><th>Little's law</th><th>dropped</th><th>SLO</th><th>server time (Odoo's log)</th></tr>${sweep.steps
          .map(
            (step) =>
              `<tr><td>${step.load}</td><td>${count(step.throughput * factor)} ${unit}</td><td>${count(step.requestsPerSecond)}</td><td>${duration(step.p50)}</td><td>${duration(step.p95)}</td><td>${duration(step.p99)}</td><td>${percent(step.errorRate)}${
                Object.keys(step.errors).length
                  ? ` (${escapeHtml(
                      Object.entries(step.errors)
                        .map(([kind, n]) => `${kind} ${n}`)
                        .join(', '),
                    )})`
                  : ''
              }</td><td>${count(step.inFlight)}</td><td>${step.littleRatio === undefined ? '–' : `×${step.littleRatio.toFixed(2)}`}</td><td>${count(step.droppedIterations)}</td><td>${step.withinSlo ? 'within' : '<b>beyond</b>'}</td><td>${serverTimeCell(step.server)}</td></tr>`,
          )
          .join('')}</table>`,
    )
    .join('');
  const mixes = (file.mixes ?? [])
    .map(
      (mix) =>
        `<li><b>${escapeHtml(mix.label)}, the profile's channel mix</b>: ${escapeHtml(mix.sentence)}</li>`,
    )
    .join('');
  return `<h2>Capacity</h2>
<ul>${mixes}${file.sweeps.map((sweep) => `<li>${escapeHtml(sweep.label)}: ${escapeHtml(sweep.analysis.sizing.sentence)}</li>`).join('')}</ul>
${file.companyCost.length ? `<h3>What each company costs</h3><ul>${file.companyCost.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` : ''}
<table class="numbers"><tr><th>target</th><th>workers</th><th>knee (flat / p50×2)</th><th>measured max</th><th>USL predicted max</th><th>headroom at peak</th><th>workers for the peak</th><th>cost per ${escapeHtml(file.peak.unit.replace(/s$/, ''))}</th></tr>${rows}</table>
${steps}`;
}
