/**
 * On-demand benchmark: drives the emulator with real k6 on loopback and prints search_read calls/s
 * and order confirmations/s beside the goals (1,000/s and 100/s on a 2-core machine), measured in one run.
 *   npm run bench:emulator [-- --seconds 15 --vus 16]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runK6 } from '../run/k6-run.ts';
import { startLocalStack } from '../run/local-stack.ts';
import { ensureK6 } from '../services/k6.ts';
import { freePort, run } from '../services/process.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    vus: { type: 'string', default: '16' },
    'pg-port': { type: 'string', default: '55433' },
  },
});
const seconds = Number(values.seconds);
const vus = Number(values.vus);
const log = (line: string) => console.error(`bench: ${line}`);

const k6 = await ensureK6(log);
const outdir = resolve('.local', 'bench-dist');
const built = await run(process.execPath, [
  'build.mjs',
  '--only',
  'k6',
  '--scenarios',
  'bench/k6',
  '--outdir',
  outdir,
]);
if (built.code !== 0) throw new Error(built.stderr);

const stack = await startLocalStack({
  pgPort: Number(values['pg-port']),
  emulator: { port: await freePort(), odooVersion: 17, workers: 0, costModel: '0' },
  seed: { companies: 1, products: 5000, customers: 500 },
  datasetPath: resolve('.local', 'bench-dataset.json'),
  log,
});
const results: Record<string, number> = {};
try {
  const nonScarce = stack.dataset.products.filter((product) => !product.scarce);
  for (const mode of ['search_read', 'confirm'] as const) {
    const summaryPath = join(outdir, `${mode}-summary.json`);
    const plan = {
      runId: `bench-${mode}`,
      target: { url: stack.url, db: stack.db, login: stack.login, auth: 'session' as const },
      companies: [],
      options: {
        scenarios: { bench: { executor: 'constant-vus', vus, duration: `${seconds}s` } },
        summaryTrendStats: ['avg', 'p(95)'],
      },
      workloads: {},
    };
    const code = await runK6({
      apiPort: await freePort(),
      k6: k6.path,
      script: join(outdir, 'emulator-throughput.js'),
      plan,
      password: stack.password,
      summaryPath,
      env: {
        BENCH_MODE: mode,
        BENCH_BARCODES: JSON.stringify(
          stack.dataset.products.slice(0, 2000).map((product) => product.barcode),
        ),
        BENCH_PRODUCTS: JSON.stringify(nonScarce.slice(0, 2000).map((product) => product.id)),
        BENCH_CUSTOMERS: JSON.stringify(Object.values(stack.dataset.customers).flat()),
      },
      onLine: () => undefined,
    });
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
    results[mode] = summary.metrics.bench_operations?.rate ?? 0;
    log(
      `${mode}: k6 exit ${code}, ${results[mode]!.toFixed(0)}/s, rpc p95 ${summary.metrics.odoo_rpc_duration['p(95)'].toFixed(1)} ms`,
    );
  }
} finally {
  await stack.stop();
}
const goals = { search_read: 1000, confirm: 100 };
console.log(
  `\nemulator throughput, ${vus} closed-loop VUs × ${seconds} s each, k6 and emulator on the same 2 cores`,
);
console.log('measure              per second   goal   ratio');
for (const [mode, goal] of Object.entries(goals)) {
  const rate = results[mode] ?? 0;
  console.log(
    `${(mode === 'confirm' ? 'order confirmations' : 'search_read calls').padEnd(20)} ${rate.toFixed(0).padStart(10)} ${String(goal).padStart(6)}   ${(rate / goal).toFixed(2)}x`,
  );
}
