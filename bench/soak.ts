/**
 * On-demand soak of the suite itself: the peak-day mix at peak-hour rates for 10 minutes against the
 * emulator, printing the k6 process's memory over time, then the report's build time and peak memory
 * (results merged from every sample, streamed) and their projection to a 4-hour soak.
 *   npm run bench:soak [-- --minutes 10]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { freePort, run } from '../cli/services/process.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' } } });
const minutes = Number(values.minutes);
const log = (line: string) => console.error(`bench: ${line}`);

const peak = JSON.parse(readFileSync('profiles/shapes/peak-hour.json', 'utf8'));
const profile = resolve('.local', 'bench', `soak-${minutes}m.json`);
mkdirSync(resolve('.local', 'bench'), { recursive: true });
writeFileSync(
  profile,
  JSON.stringify({
    ...peak,
    $schema: undefined,
    name: `soak-${minutes}m`,
    duration: `${minutes}m`,
  }),
);

/** Resident memory of a process in MiB, from /proc (undefined once it is gone). */
function rssMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The k6 process among the CLI's children. */
function k6Of(parent: number): number | undefined {
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/.exec(stat.trim()) ?? [];
      if (comm === 'k6' && Number(rest?.split(' ')[1]) === parent) return Number(name);
    } catch {}
  }
  return undefined;
}

const cli = spawn(
  process.execPath,
  ['cli/bin.mjs', 'run', 'peak-day', '--profile', profile, '--pg-port', String(await freePort())],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ODOO_URL: '' } },
);
let stderr = '';
cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
const memory: { minute: number; mib: number }[] = [];
const started = Date.now();
const sampler = setInterval(() => {
  const pid = k6Of(cli.pid!);
  const mib = pid ? rssMiB(pid) : undefined;
  if (mib === undefined) return;
  const minute = (Date.now() - started) / 60_000;
  memory.push({ minute, mib });
  log(`${minute.toFixed(1)} min: k6 ${mib.toFixed(0)} MiB`);
}, 30_000);
const code = await new Promise<number>((done) => cli.on('close', (exit) => done(exit ?? 1)));
clearInterval(sampler);
const runId = /run (\d{8}-\d{6}-[0-9a-f]{4}):/.exec(stderr)?.[1];
if (!runId) throw new Error(`the soak run did not finish (exit ${code}):\n${stderr.slice(-2000)}`);
log(`run ${runId} ended with exit ${code}`);

/**
 * Results and report rebuilt from the samples in a process of their own (so its peak memory is its
 * own), from every sample and from the first half only: memory that stays put while the samples
 * double is memory that does not grow with the run.
 */
async function buildReport(files: string[]) {
  const build = await run(process.execPath, [
    '--import',
    'tsx',
    '-e',
    `const { RunFolder } = await import('./cli/run-folder.ts');
     const { aggregateRun } = await import('./cli/results/aggregate.ts');
     const { writeReport } = await import('./cli/report/write-report.ts');
     const started = performance.now();
     const folder = RunFolder.open('${runId}');
     const results = await aggregateRun(${JSON.stringify(files)}, folder.run().plan.options.thresholds);
     folder.write('results', results);
     await writeReport(folder, () => undefined);
     const samples = Object.values(results.metrics).reduce((sum, metric) => sum + (metric.count ?? 0), 0);
     console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024, samples }));`,
  ]);
  if (build.code !== 0) throw new Error(`report build failed: ${build.stderr}`);
  return JSON.parse(build.stdout.trim().split('\n').at(-1)!) as {
    seconds: number;
    maxRssMiB: number;
    samples: number;
  };
}

const folder = resolve('reports', runId);
const full = resolve(folder, 'metrics.json.gz');
const lines = gunzipSync(readFileSync(full)).toString().split('\n');
const halfFile = resolve('.local', 'bench', 'first-half.json.gz');
writeFileSync(halfFile, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
const half = await buildReport([halfFile]);
const report = await buildReport([full]);
const scale = 240 / minutes;
const peakK6 = Math.max(...memory.map((point) => point.mib));
const firstK6 = memory[0]?.mib ?? peakK6;
console.log(`soak of the suite: peak-day at peak-hour rates, ${minutes} min, run ${runId}
k6 memory:            ${memory.map((point) => `${point.minute.toFixed(1)} min ${point.mib.toFixed(0)} MiB`).join(' · ')}
k6 growth:            ${firstK6.toFixed(0)} → ${peakK6.toFixed(0)} MiB (×${(peakK6 / firstK6).toFixed(2)})
report, half the run:  ${half.seconds.toFixed(1)} s, peak ${half.maxRssMiB.toFixed(0)} MiB, ${half.samples.toLocaleString('en')} samples
report, whole run:    ${report.seconds.toFixed(1)} s, peak ${report.maxRssMiB.toFixed(0)} MiB, ${report.samples.toLocaleString('en')} samples
memory ratio:         ×${(report.maxRssMiB / half.maxRssMiB).toFixed(2)} for ×${(report.samples / half.samples).toFixed(2)} the samples
4-hour projection:    ${(report.samples * scale).toLocaleString('en')} samples, build ≈ ${(report.seconds * scale).toFixed(0)} s (time is linear in samples), peak ≈ ${(report.maxRssMiB + (report.maxRssMiB - half.maxRssMiB) * (scale - 1) * 2).toFixed(0)} MiB if memory kept growing as it did from half to whole`);
