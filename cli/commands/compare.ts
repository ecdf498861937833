/** `odoo-load compare <run-id> <run-id> …`: several runs side by side on shared axes in one HTML page. */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { REPORTS_ROOT } from '../../contract/index.ts';
import { renderPage } from '../../report/html.ts';
import { type Criterion, runPage } from '../../report/model.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { parseFlags } from '../flags.ts';

export const COMPARE_HELP = `odoo-load compare <run-id> <run-id> [<run-id> …] [--out reports/compare-….html]

Puts runs side by side, e.g. two hosting profiles or 1 vs 5 companies: throughput, p95 latency, errors,
VUs and business measures on shared axes (seconds since start), and each run's verdict.`;

export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { out: { type: 'string' } },
    { positionals: true },
  );
  if (positionals.length < 2)
    throw new CliError(
      'compare: name at least two run ids (folders under reports/)',
      EXIT.badInput,
    );
  const pages = positionals.map((id) => {
    const folder = RunFolder.open(id, 'compare');
    const record = folder.run();
    const hosting =
      (record?.hosting as { name?: string } | undefined)?.name ?? record?.target.kind ?? '?';
    return runPage(folder, `${id} (${hosting}, ${record?.profile.resolved.name ?? '?'})`);
  });
  const criteria: Criterion[] = pages.map((page) => ({
    group: 'workload',
    status: page.status,
    criterion: page.data.label,
    evidence: page.headline,
  }));
  const failed = pages.filter((page) => page.status === 'fail').length;
  const file = resolve(
    values.out ?? join(REPORTS_ROOT, `compare-${positionals.join('-vs-')}.html`),
  );
  writeFileSync(
    file,
    renderPage({
      title: `odoo-load: ${positionals.length} runs compared`,
      subtitle: pages.map((page) => page.data.label).join(' · '),
      status: failed ? 'fail' : 'pass',
      headline: failed
        ? `${failed} of ${pages.length} runs failed`
        : `all ${pages.length} runs passed`,
      keyFigures: [],
      criteria,
      timeline: [],
      skipped: [],
      notes: [],
      runs: pages.map((page) => page.data),
    }),
  );
  console.log(`compare: ${file}`);
  return EXIT.ok;
}
