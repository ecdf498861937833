/**
 * On-demand benchmark: the same plan on 1 and on 2 local k6 instances against the emulator at full
 * speed (--cost-model 0), printing requests per second and each instance's peak memory and CPU,
 * side by side in one run.
 *   npm run bench:instances [-- --seconds 30 --rate 36000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { K6_METRICS, METRICS } from '../contract/index.ts';
import type { RunResults } from '../judge/results/types.ts';
import { freePort, run } from '../services/process.ts';
import { RunFolder } from '../store/run-folder.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rate: { type: 'string', default: '36000' },
  },
});
const profile = resolve('.local', 'bench', 'instances.json');
mkdirSync(resolve('.local', 'bench'), { recursive: true });
writeFileSync(
  profile,
  JSON.stringify({
    kind: 'load',
    name: 'bench-instances',
    duration: `${values.seconds}s`,
    workloads: {
      orderConfirmation: { ordersPerHour: Number(values.rate), linesPerOrder: { min: 1, max: 2 } },
    },
  }),
);

async function runOn(instances: number) {
  const result = await run(
    process.execPath,
    [
      'cli/bin.mjs',
      'run',
      'order-confirmation',
      '--profile',
      profile,
      '--cost-model',
      '0',
      '--workers',
      '0',
      '--pg-port',
      String(await freePort()),
      '--instances',
      String(instances),
    ],
    { env: { ...process.env, ODOO_URL: '' } },
  );
  const runId = /run (\d{8}-\d{6}-[0-9a-f]{4}):/.exec(result.stderr)?.[1];
  if (!runId) throw new Error(`the run on ${instances} instance(s) failed:\n${result.stderr}`);
  const folder = RunFolder.open(runId);
  const results = folder.read<RunResults>('results')!;
  const ending = folder.run()!.ending!;
  return {
    instances,
    runId,
    exitCode: ending.exitCode,
    requestsPerSecond: (results.metrics[K6_METRICS.httpReqs]?.count ?? 0) / results.window.seconds,
    orders: results.metrics[METRICS.ordersConfirmed.name]?.count ?? 0,
    dropped: results.metrics[K6_METRICS.droppedIterations]?.count ?? 0,
    generators: ending.generators ?? [],
  };
}

const one = await runOn(1);
const two = await runOn(2);
console.log(
  `k6 instances on this machine: order confirmation at ${values.rate}/h offered, ${values.seconds} s, emulator at full speed`,
);
for (const result of [one, two])
  console.log(
    `${result.instances} instance(s): ${result.requestsPerSecond.toFixed(0)} requests/s, ${result.orders} orders, ${result.dropped} dropped (exit ${result.exitCode}, run ${result.runId}); ${result.generators
      .map(
        (generator) =>
          `k6 #${generator.instance} peak ${generator.peakRssMiB.toFixed(0)} MiB, ${generator.peakCores.toFixed(2)} cores at most`,
      )
      .join('; ')}`,
  );
console.log(
  `ratio 2 ÷ 1: ×${(two.requestsPerSecond / one.requestsPerSecond).toFixed(2)} requests/s`,
);
