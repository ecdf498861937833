/**
 * `odoo-load collect <run-id> --influx <url>/<db>`: the samples of a run whose runners only
 * streamed (k6-operator), brought back from InfluxDB into reports/<run-id>/, then judged and
 * reported as a local run is; `odoo-load gate --run <run-id>` reads the result.
 */

import { CliError, EXIT, EXIT_MEANINGS, type ExitCode } from '../../contract/exit-codes.ts';
import { isK6Scenario, thresholdsOf } from '../../contract/index.ts';
import { aggregateRun } from '../../judge/results/aggregate.ts';
import { samplesFromInflux } from '../../judge/results/from-influx.ts';
import { verdictOf } from '../../judge/verdict.ts';
import { writeReport } from '../../report/write-report.ts';
import { RunJournal } from '../../run/journal.ts';
import { influxAddressOf } from '../../services/influxdb.ts';
import { RunFolder } from '../../store/run-folder.ts';
import { parseFlags } from '../flags.ts';

export const COLLECT_HELP = `odoo-load collect <run-id> --influx <url>/<db>

Reads every sample of the run from InfluxDB 1.x (where its k6 runners streamed: k6-operator runs
from "odoo-load k8s"), writes them to reports/<run-id>/metrics.json.gz, then results.json, the
verdict in run.json and report.html, as a local run ends. Exit code as for "run" (no audit: run
"odoo-load audit <run-id>" with the target's credentials for that).`;

export async function collectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { influx: { type: 'string' } },
    { positionals: true },
  );
  const folder = RunFolder.open(positionals[0] ?? '', '<run-id>');
  const influx = influxAddressOf('--influx', values.influx);
  if (folder.metricsFiles().length)
    throw new CliError(
      `reports/${folder.runId} already holds k6's own results; collect is for runs whose samples are only in InfluxDB`,
      EXIT.badInput,
    );
  const record = folder.run()!;
  const log = (line: string) => console.error(`odoo-load: ${line}`);
  const counts = await samplesFromInflux(influx, record.runId, folder.path('metrics')).catch(
    (error: Error) => {
      throw new CliError(`--influx ${influx.url}: ${error.message}`, EXIT.targetUnreachable);
    },
  );
  const samples = Object.values(counts).reduce((sum, count) => sum + count, 0);
  if (!samples)
    throw new CliError(
      `--influx: ${influx.url}/${influx.database} holds no sample of run ${record.runId}; did its runners stream there?`,
      EXIT.badInput,
    );
  log(`collect: ${samples.toLocaleString('en')} samples of ${Object.keys(counts).length} metrics`);
  const journal = new RunJournal(folder, record);
  journal.note(`samples collected from InfluxDB (${influx.url}/${influx.database}): ${samples}`);
  journal.skip(
    'audit',
    `collected from InfluxDB: run "odoo-load audit ${record.runId}" to check Odoo`,
  );
  const results = await aggregateRun(folder.metricsFiles(), thresholdsOf(record.plan));
  folder.write('results', results);
  const scenarios = Object.keys(record.plan.options.scenarios ?? {}).filter(isK6Scenario);
  const verdict = verdictOf(results, scenarios, record.profile.resolved.slo.maxErrorRate);
  const exitCode: ExitCode =
    verdict.businessFailed || verdict.nothingAttempted
      ? EXIT.businessFailed
      : verdict.thresholdsFailed
        ? EXIT.thresholdsFailed
        : EXIT.ok;
  journal.end(exitCode, verdict.headline);
  await writeReport(folder, log);
  log(
    `run ${record.runId}: ${verdict.headline}; not audited; ${exitCode === EXIT.ok ? 'PASSED' : `FAILED (exit ${exitCode}: ${EXIT_MEANINGS[exitCode]})`}; results in ${folder.dir}`,
  );
  return exitCode;
}
