/**
 * On-demand benchmark: what one simulated person costs the load generator, side by side in one run:
 * raw k6 sleeping; each bundle's init code evaluated by N VUs that then sleep (an idle person);
 * and N VUs that evaluate one kind of work's code first (a busy person: orders by API, orders in
 * the web client, bench/k6/person-code.ts). Peak resident memory (GNU time's %M) per VU, CPU
 * seconds, and the start-up each adds to raw k6's.
 *   npm run bench:generator [-- --vus 1000 --sleep 8]
 * The 2,000-person peak-day against the emulator is `npm run bench:generator -- --peak-day 2000`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureK6 } from '../services/k6.ts';
import { run } from '../services/process.ts';
import { peakDayPeople } from './generator-people.ts';

const { values } = parseArgs({
  options: {
    vus: { type: 'string', default: '1000' },
    sleep: { type: 'string', default: '8' },
    'peak-day': { type: 'string' },
    seconds: { type: 'string', default: '120' },
  },
});
const vus = Number(values.vus);
const sleepSeconds = Number(values.sleep);
const folder = resolve('.local', 'bench', 'generator');
mkdirSync(folder, { recursive: true });

/**
 * A script whose VUs evaluate `bundle`'s init code (or nothing), call its `exec` function if one
 * is named (which sleeps), or else sleep once.
 */
function wrapper(name: string, bundle?: string, exec?: string): string {
  const file = resolve(folder, `${name}.js`);
  const work = exec
    ? `bundle.${exec}();`
    : `if (!bundle) throw new Error(); sleep(${sleepSeconds});`;
  writeFileSync(
    file,
    [
      "import { sleep } from 'k6';",
      ...(bundle ? [`import * as bundle from '${bundle}';`] : []),
      `export const options = { scenarios: { idle: { executor: 'per-vu-iterations', vus: ${vus}, iterations: 1, maxDuration: '5m', exec: 'idle' } }, summaryTrendStats: ['avg'] };`,
      `export function idle() { ${bundle ? work : `sleep(${sleepSeconds});`} }`,
    ].join('\n'),
  );
  return file;
}

interface Cost {
  name: string;
  peakMiB: number;
  cpuSeconds: number;
  wallSeconds: number;
}

/** One k6 run under GNU time: its peak resident memory, CPU and wall time. */
async function measure(
  k6: string,
  name: string,
  plan: string,
  bundle?: string,
  exec?: string,
): Promise<Cost> {
  const script = wrapper(name, bundle, exec);
  const result = await run(
    '/usr/bin/time',
    ['-f', 'TIME %M %U %S %e', k6, 'run', '--quiet', '--summary-mode=disabled', script],
    {
      env: {
        ...process.env,
        ODOO_LOAD_PLAN: plan,
        BENCH_SLEEP: String(sleepSeconds),
        K6_NO_USAGE_REPORT: 'true',
      },
    },
  );
  const [, kib, user, system, wall] = /TIME (\d+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(
    result.stderr,
  ) ?? [0, 'NaN', 'NaN', 'NaN', 'NaN'];
  if (result.code !== 0)
    throw new Error(`${name}: k6 exit ${result.code}: ${result.stderr.slice(-800)}`);
  return {
    name,
    peakMiB: Number(kib) / 1024,
    cpuSeconds: Number(user) + Number(system),
    wallSeconds: Number(wall),
  };
}

/** The plan a bundle's init code reads, as `odoo-load plan` prints it. */
async function planOf(scenario: string): Promise<string> {
  const printed = await run(process.execPath, [
    'cli/bin.mjs',
    'plan',
    scenario,
    '--profile',
    'smoke',
  ]);
  if (printed.code !== 0) throw new Error(`plan ${scenario}: ${printed.stderr}`);
  return printed.stdout.trim();
}

/** bench/k6/person-code.ts, built beside the bench's other files. */
async function personCode(): Promise<string> {
  const outdir = resolve(folder, 'k6');
  const args = ['build.mjs', '--only', 'k6', '--scenarios', 'bench/k6', '--outdir', outdir];
  const built = await run(process.execPath, args);
  if (built.code !== 0) throw new Error(`build: ${built.stderr}`);
  return resolve(outdir, 'person-code.js');
}

async function vuCosts(k6: string): Promise<void> {
  const bundles = ['bulk-import', 'order-confirmation', 'peak-day'];
  const plans = new Map<string, string>();
  for (const bundle of bundles) plans.set(bundle, await planOf(bundle));
  const person = await personCode();
  const raw = await measure(k6, 'raw k6', plans.get('peak-day')!);
  const rows = [raw];
  for (const bundle of bundles)
    rows.push(
      await measure(k6, `${bundle}, idle`, plans.get(bundle)!, resolve('dist', `${bundle}.js`)),
    );
  const busy = { 'orders by API': 'apiOrders', 'orders in the web client': 'webOrders' };
  for (const [work, exec] of Object.entries(busy))
    rows.push(await measure(k6, `busy: ${work}`, plans.get('peak-day')!, person, exec));
  console.log(
    `\n${vus} VUs evaluating a bundle's init code (idle) or also one kind of work's code (busy), then sleeping ${sleepSeconds} s:`,
  );
  console.log(
    '| VUs | peak resident memory | per VU | beyond raw k6, per VU | CPU s | start-up beyond raw k6 |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows)
    console.log(
      `| ${row.name} | ${row.peakMiB.toFixed(0)} MiB | ${(row.peakMiB / vus).toFixed(2)} MiB | ${((row.peakMiB - raw.peakMiB) / vus).toFixed(2)} MiB | ${row.cpuSeconds.toFixed(1)} | ${(row.wallSeconds - raw.wallSeconds).toFixed(1)} s |`,
    );
}

const k6 = (await ensureK6((line) => console.log(line))).path;
if (values['peak-day']) await peakDayPeople(Number(values['peak-day']), Number(values.seconds));
else await vuCosts(k6);
