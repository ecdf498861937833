/**
 * On-demand benchmark: `odoo-load capacity` against emulators of known capacity (W workers at a
 * uniform cost per call serve W ÷ cost calls/s on work that never conflicts). Prints, per shape,
 * the known maximum, the measured plateau and the USL prediction side by side, with their ratios,
 * the knee and the worker count the sizing sentence names, all from one run.
 *   npm run bench:capacity [-- --workers 2,4,8,16 --cost 100 --step-seconds 15]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CapacityFile } from '../capacity/capacity-file.ts';
import { run } from '../services/process.ts';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2,4,8,16' },
    cost: { type: 'string', default: '100' },
    'step-seconds': { type: 'string', default: '15' },
    'pg-port': { type: 'string', default: '55434' },
  },
});
const cost = Number(values.cost);
const rows: string[] = [];
for (const workers of values.workers.split(',').map(Number)) {
  const loads = [...new Set([1, Math.max(1, workers / 2), workers, workers * 2, workers * 3])];
  const result = await run(process.execPath, [
    'cli/bin.mjs',
    'capacity',
    '--profile',
    'test/fixtures/profiles/capacity.json',
    '--workers',
    String(workers),
    '--cost-model',
    `uniform:${cost}`,
    '--loads',
    loads.join(','),
    '--step-seconds',
    values['step-seconds'],
    '--warmup-seconds',
    '3',
    '--products',
    '5000',
    '--pg-port',
    values['pg-port'],
  ]);
  const runId = /results in \S*reports\/([^\s/]+)/.exec(result.stderr)?.[1];
  if (result.code !== 0 || !runId) throw new Error(result.stderr);
  const file = JSON.parse(
    readFileSync(resolve('reports', runId, 'capacity.json'), 'utf8'),
  ) as CapacityFile;
  const { analysis, steps } = file.sweeps[0]!;
  const known = (workers * 1000) / cost;
  const plateau = Math.max(...steps.map((step) => step.requestsPerSecond));
  const predicted = analysis.usl!.maxThroughput * analysis.requestsPerUnit;
  rows.push(
    [
      `W=${workers}`.padEnd(6),
      `known ${known.toFixed(1)} calls/s`.padEnd(22),
      `measured ${plateau.toFixed(1)} (×${(plateau / known).toFixed(3)})`.padEnd(26),
      `USL ${predicted.toFixed(1)} (×${(predicted / known).toFixed(3)}, R² ${analysis.usl!.r2.toFixed(3)})`.padEnd(
        34,
      ),
      `knee ${analysis.knees.throughputFlat ?? '–'}`.padEnd(8),
      `workers for the peak ${analysis.sizing.workersNeeded ?? '–'}`,
    ].join(' '),
  );
  console.error(`bench: W=${workers} done (${runId})`);
}
console.log(rows.join('\n'));
