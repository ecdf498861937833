/**
 * On-demand benchmark, side by side in one run, k6 and the emulator on the same 2 cores:
 * - the emulator's search_read calls/s and order confirmations/s beside the goals (1,000/s, 100/s);
 * - the suite's client against raw k6 (http.post of the same JSON-RPC body): two k6 at once, one
 *   each, k6's CPU per call over the steady middle third, in five rounds (a round moves by ±3 %);
 * - the emulator's own time per call of the web channel (cost model off), beside the server time the
 *   packaged model gives each call: a what-if must measure the model, not the emulator running out of
 *   CPU first, so every call the emulator spends more on than the server it stands for is named.
 *   npm run bench:emulator [-- --seconds 15 --vus 16 --rounds 5 --json-output]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { RunRecord } from '../contract/index.ts';
import { loadCostModel } from '../emulator/cost-model.ts';
import { loggedRequests } from '../judge/server-log.ts';
import { usageOf } from '../run/generator-health.ts';
import { runK6 } from '../run/k6-run.ts';
import { startLocalStack } from '../run/local-stack.ts';
import { ensureK6 } from '../services/k6.ts';
import { freePort, run } from '../services/process.ts';
import { RunFolder } from '../store/run-folder.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    vus: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
    // Every sample written to a file as well, as the suite's runs write them (run/orchestrate.ts).
    'json-output': { type: 'boolean', default: false },
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

const logFile = resolve('.local', 'bench-emulator-odoo.log');
const stack = await startLocalStack({
  pgPort: Number(values['pg-port']),
  emulator: { port: await freePort(), odooVersion: 17, workers: 0, costModel: '0', logFile },
  seed: { companies: 1, products: 5000, customers: 500 },
  datasetPath: resolve('.local', 'bench-dataset.json'),
  log,
});

interface Measured {
  perSecond: number;
  /** k6's CPU milliseconds per operation. */
  clientCpuMs: number;
}

/** k6's operations so far, from its REST API; undefined while it is not answering yet. */
async function operationsSoFar(apiPort: number): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${apiPort}/v1/metrics/bench_operations`);
    if (!response.ok) return undefined;
    const body = (await response.json()) as {
      data?: { attributes?: { sample?: { count?: number } } };
    };
    return body.data?.attributes?.sample?.count;
  } catch {
    return undefined;
  }
}

/** What the bench's k6 script reads: its mode, and the seeded products and customers it uses. */
function benchEnv(mode: string): Record<string, string> {
  const nonScarce = stack.dataset.products.filter((product) => !product.scarce);
  return {
    BENCH_MODE: mode,
    BENCH_BARCODES: JSON.stringify(
      stack.dataset.products.slice(0, 2000).map((product) => product.barcode),
    ),
    BENCH_PRODUCTS: JSON.stringify(nonScarce.slice(0, 2000).map((product) => product.id)),
    BENCH_CUSTOMERS: JSON.stringify(Object.values(stack.dataset.customers).flat()),
  };
}

/**
 * Closed loops of `modes`, one k6 each, run at once against the emulator for `seconds` with
 * `vusPerK6` VUs: operations per second, and each k6's CPU per operation over the steady middle
 * third (CPU and operation count read at a third and at two thirds), so that k6's start-up and
 * summary do not dilute a difference, and so that the modes share the same moment of a shared,
 * noisy machine (k6's CPU per call moves by a third from one run to the next with the emulator's pace).
 */
async function measure(modes: string[], vusPerK6: number): Promise<Measured[]> {
  const runs = await Promise.all(
    modes.map(async (mode) => {
      const apiPort = await freePort();
      const summaryPath = join(outdir, `${mode}-summary.json`);
      const run = { mode, apiPort, summaryPath, pid: undefined as number | undefined };
      const exit = runK6({
        apiPort,
        k6: k6.path,
        script: join(outdir, 'emulator-throughput.js'),
        plan: {
          runId: `bench-${mode}`,
          target: { url: stack.url, db: stack.db, login: stack.login, auth: 'session' as const },
          companies: [],
          options: {
            scenarios: {
              bench: { executor: 'constant-vus', vus: vusPerK6, duration: `${seconds}s` },
            },
            summaryTrendStats: ['avg', 'p(95)'],
          },
          scenarios: ['bench'],
          workloads: {},
          // Nobody but the bench's own login: each VU logs in once, as bench/k6 does.
          people: { people: [], loginConcurrency: 1, thinkSeconds: { min: 0, max: 0 } },
        },
        password: stack.password,
        summaryPath,
        outputs: values['json-output'] ? [`json=${join(outdir, `${mode}-samples.json`)}`] : [],
        onStart: (pid) => {
          run.pid = pid;
        },
        env: benchEnv(mode),
        onLine: () => undefined,
      });
      return { ...run, exit };
    }),
  );
  const readings = () =>
    Promise.all(
      runs.map(async (run) => ({
        cpu: run.pid === undefined ? undefined : usageOf(run.pid)?.cpu,
        operations: await operationsSoFar(run.apiPort),
      })),
    );
  await sleep((seconds * 1000) / 3);
  const from = await readings();
  await sleep((seconds * 1000) / 3);
  const to = await readings();
  return Promise.all(
    runs.map(async (run, i) => {
      const ended = await run.exit;
      const summary = JSON.parse(readFileSync(run.summaryPath, 'utf8'));
      const perSecond = summary.metrics.bench_operations?.rate ?? 0;
      const [before, after] = [from[i]!, to[i]!];
      const steady =
        before.cpu !== undefined && after.cpu !== undefined && before.operations && after.operations
          ? { cpu: after.cpu - before.cpu, operations: after.operations - before.operations }
          : undefined;
      log(
        `${run.mode}: k6 ${ended.code === null ? `signal ${ended.signal}` : `exit ${ended.code}`}, ${perSecond.toFixed(0)}/s, k6 CPU over the middle third ${steady ? `${steady.cpu.toFixed(2)} s for ${steady.operations} operations` : 'not read'}`,
      );
      if (!steady)
        throw new Error(`${run.mode}: k6's CPU or operation count could not be read mid-run`);
      return { perSecond, clientCpuMs: (steady.cpu * 1000) / Math.max(1, steady.operations) };
    }),
  );
}

/**
 * The emulator's own milliseconds per call (its log, cost model off) over the run's web channel,
 * beside the packaged model's server time for the same call.
 */
/** A peak-day where every order and invoice is keyed in the web client, long enough to average. */
function webProfile(): string {
  const profile = resolve('.local', 'bench-web-calls.json');
  writeFileSync(
    profile,
    JSON.stringify({
      kind: 'load',
      name: 'bench-web-calls',
      duration: `${seconds * 2}s`,
      people: { salesReps: 4, accountants: 2, thinkSeconds: { min: 0, max: 0 } },
      workloads: {
        orderConfirmation: { ordersPerHour: 1800, invoiceShare: 0, channels: { web: 1 } },
        monthEndClose: { postingsPerMinute: 20, reportsPerMinute: 1, channels: { web: 1 } },
      },
      slo: { orderConfirmP95Ms: 60_000, postingP95Ms: 60_000, webActionP95Ms: 60_000 },
    }),
  );
  return profile;
}

/**
 * While k6 ran (run.json's journal): the people's calls, not the CLI's own preflight counts and
 * end-of-run release around them, which the emulator logs in the same file.
 */
function k6Window(stderr: string, fallbackStart: number): { start: number; end: number } {
  const runId = /run (\d{8}-\d{6}-[0-9a-f]{4}):/.exec(stderr)?.[1];
  const record = runId ? RunFolder.open(runId).read<RunRecord>('run') : undefined;
  const at = (what: string) =>
    record?.ending?.events.find((event) => event.what.startsWith(what))?.at;
  const [from, to] = [at('k6 started'), at('k6 ended')];
  if (!record || from === undefined || to === undefined) {
    log('no k6 window in the run record: every call the emulator logged is counted');
    return { start: fallbackStart, end: Date.now() };
  }
  const zero = Date.parse(record.startedAt);
  return { start: zero + from * 1000, end: zero + to * 1000 };
}

async function webCallCosts(): Promise<void> {
  const profile = webProfile();
  const started = Date.now();
  const web = await run(
    process.execPath,
    [
      'cli/bin.mjs',
      'run',
      'peak-day',
      '--profile',
      profile,
      '--cost-model',
      '0',
      '--workers',
      '0',
      '--pg-port',
      String(await freePort()),
    ],
    { env: { ...process.env, ODOO_URL: '' } },
  );
  const runLog = resolve('.local', 'emulator-odoo.log');
  if (web.code !== 0) log(`web channel run exit ${web.code}: ${web.stderr.split('\n').at(-2)}`);
  const model = loadCostModel('emulator/cost-model.json', 17);
  const byCall = new Map<string, { ms: number; sqlMs: number; count: number }>();
  for await (const request of loggedRequests(runLog, k6Window(web.stderr, started))) {
    const entry = byCall.get(request.call) ?? { ms: 0, sqlMs: 0, count: 0 };
    entry.ms += (request.sqlSeconds + request.pythonSeconds) * 1000;
    entry.sqlMs += request.sqlSeconds * 1000;
    entry.count++;
    byCall.set(request.call, entry);
  }
  console.log(
    "\nthe emulator's own time per call of the web channel (cost model off), beside the server time it stands for:",
  );
  console.log('| call | calls | emulator ms | server ms (emulator/cost-model.json) | ratio |');
  console.log('|---|---|---|---|---|');
  const over: string[] = [];
  for (const [call, { ms, sqlMs, count }] of [...byCall].sort((a, b) => b[1].ms - a[1].ms)) {
    const [model_, method] = call.includes('.')
      ? [call.slice(0, call.lastIndexOf('.')), call.slice(call.lastIndexOf('.') + 1)]
      : [call, ''];
    const server = call.startsWith('/') ? model.costOfRoute(call) : model.costOf(model_, method);
    const own = ms / count;
    if (server > 0 && own >= server)
      // Why, as far as the log says: PostgreSQL's share, and whether one call is all there is.
      over.push(
        `${call} (${own.toFixed(1)} ms against ${server} ms, ${((sqlMs / ms) * 100).toFixed(0)} % of it in PostgreSQL, ${count === 1 ? 'its only call' : `${count} calls`})`,
      );
    console.log(
      `| ${call} | ${count} | ${own.toFixed(1)} | ${server || '–'} | ${server ? (own / server).toFixed(2) : '–'} |`,
    );
  }
  console.log(
    over.length
      ? `the emulator spends at least the server's time on: ${over.join('; ')}`
      : "every call costs the emulator less than the server's time for it",
  );
}

const ROUNDS = Number(values.rounds);
/** Each side's VUs when client and raw run at once: half of --vus, whole. */
const vusEach = Math.max(1, Math.floor(vus / 2));
const ratios: number[] = [];
const results: Record<string, number> = {};
try {
  results.search_read = (await measure(['search_read'], vus))[0]!.perSecond;
  results.confirm = (await measure(['confirm'], vus))[0]!.perSecond;
  for (let round = 1; round <= ROUNDS; round++) {
    const [client, raw] = await measure(['search_read', 'raw'], vusEach);
    ratios.push(raw!.clientCpuMs / client!.clientCpuMs);
    log(
      `round ${round}: the suite's client ${client!.clientCpuMs.toFixed(3)} ms of k6's CPU a call, raw http.post ${raw!.clientCpuMs.toFixed(3)} ms`,
    );
  }
} finally {
  await stack.stop();
}
await webCallCosts();
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
const sorted = [...ratios].sort((a, b) => a - b);
console.log(
  `\nk6 CPU per call, the suite's client and raw http.post running at once (${vusEach} VUs each), ${ROUNDS} rounds: the client runs at ${sorted.map((ratio) => `${ratio.toFixed(2)}×`).join(', ')} raw k6's efficiency, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}× (goal ≥ 0.9×)`,
);
