/** `odoo-load compare <run-id> <run-id> …`: several runs side by side on shared axes in one HTML page. */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { REPORTS_ROOT } from '../../contract/index.ts';
import { hostingProfileSchema } from '../../planning/hosting-schema.ts';
import { describePlacement } from '../../planning/placement.ts';
import { renderPage } from '../../report/html.ts';
import { type Criterion, runPage } from '../../report/model.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { parseFlags } from '../flags.ts';

export const COMPARE_HELP = `odoo-load compare <run-id> <run-id> [<run-id> …] [--out reports/compare-….html]

Puts runs side by side, e.g. two hosting profiles or 1 vs 5 companies: throughput, p95 latency, errors,
VUs and business measures on shared axes (seconds since start), and each run's verdict.`;

/** "; database: <source>; people: <source>": where a hosting profile's figures come from. */
function placementSources(hosting: unknown): string {
  const parsed = hostingProfileSchema.safeParse(hosting);
  if (!parsed.success) return '';
  const { postgres, people, cpuSource } = parsed.data;
  return [
    postgres.roundTripSource ? `database: ${postgres.roundTripSource}` : '',
    cpuSource ? `CPUs: ${cpuSource}` : '',
    people ? `people: ${people.source}` : '',
  ]
    .filter(Boolean)
    .map((source) => ` — ${source}`)
    .join('');
}

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
  const runs = positionals.map((id) => {
    const folder = RunFolder.open(id, 'compare');
    const record = folder.run();
    const hosting =
      (record?.hosting as { name?: string } | undefined)?.name ?? record?.target.kind ?? '?';
    const page = runPage(folder, `${id} (${hosting}, ${record?.profile.resolved.name ?? '?'})`);
    return { id, page, hosting, record };
  });
  const pages = runs.map((run) => run.page);
  const criteria: Criterion[] = pages.map((page) => ({
    group: 'workload',
    status: page.status,
    criterion: page.data.label,
    evidence: page.headline,
  }));
  // Where each ran: the term that moves capacity most between hosting models.
  const placements = runs.map(({ id, hosting, record }) =>
    record?.placement
      ? `${id} (${hosting}) ran with ${describePlacement(record.placement)}${placementSources(record.hosting)}`
      : `${id} (${hosting}): placement not recorded (a run from before placements were kept)`,
  );
  for (const line of placements) console.log(`compare: ${line}`);
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
      notes: placements,
      runs: pages.map((page) => page.data),
    }),
  );
  console.log(`compare: ${file}`);
  return EXIT.ok;
}
