/** `odoo-load compare <run-id> <run-id> …`: several runs side by side on shared axes in one HTML page. */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderReport, type Verdict } from '../report/html.ts';
import { loadReportRun, verdictsOf } from '../report/write-report.ts';
import { CliError, EXIT } from '../run/exit-codes.ts';

export const COMPARE_HELP = `odoo-load compare <run-id> <run-id> [<run-id> …] [--out reports/compare-….html]

Puts runs side by side, e.g. two hosting profiles or 1 vs 5 companies: throughput, p95 latency, errors,
VUs and business measures on shared axes (seconds since start), and each run's verdict.`;

export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length < 2)
    throw new CliError(
      'compare: name at least two run ids (folders under reports/)',
      EXIT.badInput,
    );
  const loaded = [];
  for (const id of positionals) {
    const dir = resolve('reports', id);
    if (!existsSync(join(dir, 'summary.json')))
      throw new CliError(`compare: reports/${id} has no summary.json`, EXIT.badInput);
    const { run, runFile, audit, metrics } = await loadReportRun(dir);
    const label = `${id} (${runFile?.hosting?.name ?? runFile?.target?.kind ?? '?'}, ${runFile?.profile?.resolved?.name ?? '?'})`;
    loaded.push({ run: { ...run, label }, verdicts: verdictsOf(metrics, audit) });
  }
  const verdicts: Verdict[] = loaded.map(({ run, verdicts: own }) => {
    const failed = own.filter((v) => v.passed === false);
    return {
      criterion: run.label,
      passed: failed.length === 0,
      detail: failed.length
        ? `failed: ${failed.map((v) => v.criterion).join('; ')}`
        : `all ${own.filter((v) => v.passed).length} criteria passed`,
    };
  });
  const file = resolve(values.out ?? join('reports', `compare-${positionals.join('-vs-')}.html`));
  writeFileSync(
    file,
    renderReport({
      title: `odoo-load: ${positionals.length} runs compared`,
      subtitle: loaded.map((l) => l.run.label).join(' · '),
      verdicts,
      notes: [],
      runs: loaded.map((l) => l.run),
    }),
  );
  console.log(`compare: ${file}`);
  return EXIT.ok;
}
