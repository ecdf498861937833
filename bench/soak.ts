/**
 * On-demand soak of the suite itself: the peak-day mix at peak-hour rates for 10 minutes against the
 * emulator, printing the k6 process's memory over time, then the report's build time and peak memory
 * (results merged from every sample, streamed) and their projection to a 4-hour soak.
 *   npm run bench:soak [-- --minutes 10]
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { usageOf } from '../run/generator-health.ts';
import { freePort, run } from '../services/process.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    /** Measure the report of a soak that already ran, without running it again. */
    run: { type: 'string' },
  },
});
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

/** Runs the soak, sampling k6's memory every 30 s; returns the run id. */
async function soak(memory: { minute: number; mib: number }[]): Promise<string> {
  const cli = spawn(
    process.execPath,
    ['cli/bin.mjs', 'run', 'peak-day', '--profile', profile, '--pg-port', String(await freePort())],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ODOO_URL: '' } },
  );
  let stderr = '';
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const started = Date.now();
  const sampler = setInterval(() => {
    const pid = k6Of(cli.pid!);
    const mib = pid ? usageOf(pid)?.rssMiB : undefined;
    if (mib === undefined) return;
    const minute = (Date.now() - started) / 60_000;
    memory.push({ minute, mib });
    log(`${minute.toFixed(1)} min: k6 ${mib.toFixed(0)} MiB`);
  }, 30_000);
  const code = await new Promise<number>((done) => cli.on('close', (exit) => done(exit ?? 1)));
  clearInterval(sampler);
  const runId = /run (\d{8}-\d{6}-[0-9a-f]{4}):/.exec(stderr)?.[1];
  if (!runId)
    throw new Error(`the soak run did not finish (exit ${code}):\n${stderr.slice(-2000)}`);
  log(`run ${runId} ended with exit ${code}`);
  return runId;
}

const memory: { minute: number; mib: number }[] = [];
const runId = values.run ?? (await soak(memory));

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
    `const { RunFolder } = await import('./store/run-folder.ts');
     const { aggregateRun } = await import('./judge/results/aggregate.ts');
     const { thresholdsOf } = await import('./contract/index.ts');
     const { writeReport } = await import('./report/write-report.ts');
     const started = performance.now();
     const folder = RunFolder.open('${runId}');
     const results = await aggregateRun(${JSON.stringify(files)}, thresholdsOf(folder.run().plan));
     folder.write('results', results);
     await writeReport(folder, () => undefined);
     console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));`,
  ]);
  if (build.code !== 0) throw new Error(`report build failed: ${build.stderr}`);
  return JSON.parse(build.stdout.trim().split('\n').at(-1)!) as {
    seconds: number;
    maxRssMiB: number;
  };
}

const folder = resolve('reports', runId);
const full = resolve(folder, 'metrics.json.gz');
const lines = gunzipSync(readFileSync(full)).toString().split('\n').filter(Boolean);
const points = lines.filter((line) => line.includes('"type":"Point"'));
const times = points.map((line) => Date.parse(/"time":"([^"]+)"/.exec(line)![1]!));
const span = Math.max(...times) - Math.min(...times) + 1000;
const halfFile = resolve('.local', 'bench', 'first-half.json.gz');
writeFileSync(halfFile, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
// Four hours of samples: the run's own, repeated back to back with their times shifted, streamed
// to disk so this benchmark does not hold them either.
const copies = Math.ceil((4 * 3600 * 1000) / span);
const fourHours = resolve('.local', 'bench', 'four-hours.json.gz');
const gzip = createGzip();
const written = new Promise<void>((done) =>
  gzip.pipe(createWriteStream(fourHours)).on('finish', () => done()),
);
for (let copy = 0; copy < copies; copy++) {
  const shift = copy * span;
  const text = lines
    .map((line) =>
      line.replace(
        /"time":"([^"]+)"/,
        (_, time: string) => `"time":"${new Date(Date.parse(time) + shift).toISOString()}"`,
      ),
    )
    .join('\n');
  if (!gzip.write(`${text}\n`)) await new Promise<void>((done) => gzip.once('drain', () => done()));
}
gzip.end();
await written;
const half = await buildReport([halfFile]);
const report = await buildReport([full]);
const projected = await buildReport([fourHours]);
const peakK6 = Math.max(0, ...memory.map((point) => point.mib));
const firstK6 = memory[0]?.mib ?? peakK6;
console.log(`soak of the suite: peak-day at peak-hour rates, ${minutes} min, run ${runId}
k6 memory:            ${memory.length ? memory.map((point) => `${point.minute.toFixed(1)} min ${point.mib.toFixed(0)} MiB`).join(' · ') : '(not measured: --run reads a soak that already ran)'}
k6 growth:            ${memory.length ? `${firstK6.toFixed(0)} → ${peakK6.toFixed(0)} MiB (×${(peakK6 / firstK6).toFixed(2)})` : '–'}
report, half the run:  ${half.seconds.toFixed(1)} s, peak ${half.maxRssMiB.toFixed(0)} MiB, ${Math.floor(points.length / 2).toLocaleString('en')} samples
report, whole run:    ${report.seconds.toFixed(1)} s, peak ${report.maxRssMiB.toFixed(0)} MiB, ${points.length.toLocaleString('en')} samples
report, 4 hours:      ${projected.seconds.toFixed(1)} s, peak ${projected.maxRssMiB.toFixed(0)} MiB, ${(points.length * copies).toLocaleString('en')} samples (the run repeated ${copies}× back to back)`);
