/**
 * One self-contained HTML page per run (or per comparison), read like a decision: the verdict
 * sentence and the key business figures first, then one row per criterion with its evidence, how
 * the run ended, then the charts (Chart.js, inlined so the file opens without a network) and the
 * latency table.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chartsOf } from './charts.ts';
import { duration, escapeHtml } from './format.ts';
import type { Criterion, KeyFigure, RunData, Status } from './model.ts';

/** Chart.js's UMD build, read once; inlined so the page needs no network. */
let chartJs: string | undefined;
const chartJsSource = () => {
  chartJs ??= readFileSync(
    join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'),
    'utf8',
  );
  return chartJs;
};

const LABEL: Record<Status, string> = { pass: 'PASS', fail: 'FAIL', not_applicable: 'N/A' };

export interface Page {
  title: string;
  subtitle: string;
  status: Status;
  headline: string;
  exitMeaning?: string;
  keyFigures: KeyFigure[];
  criteria: Criterion[];
  timeline: { at: string; what: string }[];
  skipped: { step: string; reason: string }[];
  notes: string[];
  runs: RunData[];
  /** Sections of their own (capacity charts and tables), already HTML; `charts` drawn with the rest. */
  extra?: { html: string; charts: { id: string; title: string; config: unknown }[] };
}

function latencyTable(runs: RunData[]): string {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.results?.metrics ?? {})))]
    .filter((name) => runs.some((run) => run.results?.metrics[name]?.trend))
    .sort();
  if (names.length === 0) return '';
  const head = `<tr><th>step</th>${runs.map((run) => `<th>${escapeHtml(run.label)}</th>`).join('')}</tr>`;
  const rows = names
    .map((name) => {
      const cells = runs.map((run) => {
        const trend = run.results?.metrics[name]?.trend;
        return `<td>${trend ? `${trend.count} · p50 ${duration(trend.med)} · p95 ${duration(trend.p95)} · p99 ${duration(trend.p99)} · max ${duration(trend.max)}` : '–'}</td>`;
      });
      return `<tr><td>${escapeHtml(name)}</td>${cells.join('')}</tr>`;
    })
    .join('');
  return `<h2>Latency</h2><table class="numbers">${head}${rows}</table>`;
}

export function renderPage(page: Page): string {
  const charts = [...chartsOf(page.runs), ...(page.extra?.charts ?? [])];
  const figures = page.keyFigures
    .map(
      (figure) =>
        `<div class="figure"><div class="label">${escapeHtml(figure.label)}</div><div class="value">${escapeHtml(figure.value)}</div>${figure.detail ? `<div class="detail">${escapeHtml(figure.detail)}</div>` : ''}</div>`,
    )
    .join('');
  const criteria = page.criteria
    .map(
      (row) =>
        `<tr class="${row.status}"><td>${LABEL[row.status]}</td><td>${escapeHtml(row.criterion)}</td><td>${escapeHtml(row.evidence)}</td></tr>`,
    )
    .join('');
  const timeline = page.timeline.length
    ? `<h2>How the run went</h2><table class="timeline">${page.timeline.map((event) => `<tr><td>${escapeHtml(event.at)}</td><td>${escapeHtml(event.what)}</td></tr>`).join('')}</table>`
    : '';
  const skipped = page.skipped.length
    ? `<h2>Steps not run</h2><ul class="skipped">${page.skipped.map((step) => `<li><b>${escapeHtml(step.step)}</b> not run: ${escapeHtml(step.reason)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#111827;padding:0 16px}
h1{margin:0;font-size:20px}.sub{color:#6b7280;margin:4px 0 16px}h2{font-size:16px;margin:24px 0 8px}
.verdict{font-size:20px;font-weight:700;padding:12px 16px;border-radius:8px;margin:12px 0}
.verdict.pass{background:#dcfce7;color:#166534}.verdict.fail{background:#fee2e2;color:#991b1b}
.verdict .meaning{font-size:13px;font-weight:400;display:block;margin-top:4px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;margin:12px 0}
.figure{border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px}.figure .label{color:#6b7280;font-size:12px}
.figure .value{font-size:22px;font-weight:700}.figure .detail{color:#374151;font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0 20px}td,th{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}
tr.pass td:first-child{color:#166534;font-weight:700}tr.fail td:first-child{color:#991b1b;font-weight:700}tr.not_applicable td:first-child{color:#6b7280}
.note{background:#fef3c7;color:#92400e;padding:8px 12px;border-radius:6px;margin:8px 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}.chart{border:1px solid #e5e7eb;border-radius:8px;padding:8px 12px}
.chart h3{margin:4px 0;font-size:14px}.chart div{position:relative;height:260px}
</style></head><body>
<h1>${escapeHtml(page.title)}</h1><div class="sub">${escapeHtml(page.subtitle)}</div>
<div class="verdict ${page.status === 'fail' ? 'fail' : 'pass'}">${page.status === 'fail' ? 'FAIL' : 'PASS'}: ${escapeHtml(page.headline)}${page.exitMeaning ? `<span class="meaning">${escapeHtml(page.exitMeaning)}</span>` : ''}</div>
${figures ? `<div class="figures">${figures}</div>` : ''}
${page.notes.map((note) => `<div class="note">${escapeHtml(note)}</div>`).join('')}
<h2>Criteria</h2>
<table><tr><th></th><th>criterion</th><th>evidence</th></tr>${criteria}</table>
${timeline}${skipped}${page.extra?.html ?? ''}
<div class="grid">${charts.map((spec) => `<div class="chart"><h3>${escapeHtml(spec.title)}</h3><div><canvas id="${spec.id}"></canvas></div></div>`).join('')}</div>
${latencyTable(page.runs)}
<script>${chartJsSource()}</script>
<script>
const specs = ${JSON.stringify(charts).replaceAll('</', '<\\/')};
window.__charts = specs.map((spec) => new Chart(document.getElementById(spec.id), spec.config));
</script>
</body></html>
`;
}
