/** Builds reports/<run-id>/report.html from what the run wrote: run.json, summary.json, audit.json, metrics.json.gz. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport } from '../audit/run-audit.ts';
import { type ReportRun, renderReport, type Verdict } from './html.ts';
import { readSeries } from './series.ts';

const json = <T>(file: string): T | undefined =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;

/** The parts of run.json a report shows. */
interface RunFileView {
  runId?: string;
  scenario?: string;
  profile?: { resolved?: { name?: string } };
  hosting?: { name?: string };
  target?: { kind?: string; url?: string; serverVersion?: string };
  k6?: { version?: string };
}

type Metrics = Record<string, Record<string, number> & { thresholds?: Record<string, boolean> }>;

/** Thresholds (k6's summary export marks a crossed threshold `true`) and audit checks, as criteria. */
export function verdictsOf(
  metrics: Metrics | undefined,
  audit: AuditReport | undefined,
): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [metric, values] of Object.entries(metrics ?? {})) {
    for (const [rule, crossed] of Object.entries(values.thresholds ?? {})) {
      // The per-kind error counters carry always-true thresholds only to be broken down; skip them.
      if (rule === 'count>=0') continue;
      verdicts.push({
        criterion: `${metric} ${rule}`,
        passed: !crossed,
        detail: metric.includes('duration')
          ? `p95 ${values['p(95)']?.toFixed(1) ?? '–'} ms`
          : `value ${(values.rate ?? values.value ?? values.count ?? 0).toString()}`,
      });
    }
  }
  for (const check of audit?.checks ?? []) {
    verdicts.push({
      criterion: `audit: ${check.criterion}`,
      passed: check.verdict === 'skip' ? null : check.verdict === 'pass',
      detail: [check.summary, ...check.evidence].join(' · '),
    });
  }
  return verdicts;
}

export async function loadReportRun(
  runDir: string,
  label?: string,
): Promise<{
  run: ReportRun;
  runFile: RunFileView | undefined;
  audit: AuditReport | undefined;
  streaming: { target?: string; interrupted: boolean } | undefined;
  metrics: Metrics | undefined;
}> {
  const runFile = json<RunFileView>(join(runDir, 'run.json'));
  const summary = json<{ metrics: Metrics }>(join(runDir, 'summary.json'));
  return {
    run: {
      label: label ?? runFile?.runId ?? runDir,
      series: await readSeries(join(runDir, 'metrics.json.gz')),
      metrics: summary?.metrics ?? {},
    },
    runFile,
    audit: json<AuditReport>(join(runDir, 'audit.json')),
    streaming: json(join(runDir, 'streaming.json')),
    metrics: summary?.metrics,
  };
}

export async function writeReport(runDir: string, log: (line: string) => void): Promise<string> {
  const { run, runFile, audit, streaming, metrics } = await loadReportRun(runDir);
  const notes: string[] = [];
  if (streaming?.interrupted)
    notes.push(
      `Streaming to InfluxDB (${streaming.target}) was interrupted during the run; this report is built from the complete local results.`,
    );
  if (!audit)
    notes.push('The integrity audit did not run (k6 stopped in setup or before finishing).');
  const subtitle = runFile
    ? `scenario ${runFile.scenario} · profile ${runFile.profile?.resolved?.name} · target ${runFile.hosting?.name ?? runFile.target?.kind} (${runFile.target?.url}, Odoo ${runFile.target?.serverVersion}) · k6 v${runFile.k6?.version}`
    : runDir;
  const file = join(runDir, 'report.html');
  writeFileSync(
    file,
    renderReport({
      title: `odoo-load run ${runFile?.runId ?? ''}`,
      subtitle,
      verdicts: verdictsOf(metrics, audit),
      notes,
      runs: [run],
    }),
  );
  log(`report: ${file}`);
  return file;
}
