/**
 * `npm test`'s test files in two lanes side by side, so the suite takes as long as its slower lane.
 *
 * The measured lane (test/measured: capacity, calibration and costs checked against known numbers)
 * spends most of its time asleep inside the emulator's modelled server time, but needs the CPU the
 * moment it wakes: it runs one file at a time at normal priority. Everything else (unit, e2e, faults)
 * runs three files at a time on idle CPU time (support/idle-cpu.ts), taking only what the measured
 * lane leaves. The busy lane's TAP streams as it runs; the measured lane's is printed whole after it
 * (and kept in test-output/measured.tap). The exit code fails if either lane fails.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureK6 } from '../services/k6.ts';
import { type IdleCpu, idleCpu } from './support/idle-cpu.ts';

interface Lane {
  name: string;
  folders: string[];
  concurrency: number;
  /** Runs only on CPU time nothing else wants, or as the caller. */
  idle: boolean;
  /** Streams its output as it comes, or keeps it until the lane ends. */
  live: boolean;
}

const LANES: Lane[] = [
  {
    name: 'busy',
    folders: ['test/unit', 'test/e2e', 'test/faults'],
    concurrency: 3,
    idle: true,
    live: true,
  },
  { name: 'measured', folders: ['test/measured'], concurrency: 1, idle: false, live: false },
];

const testFiles = (folders: string[]) =>
  folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((file) => file.endsWith('.test.ts'))
      .sort()
      .map((file) => join(folder, file)),
  );

interface LaneResult {
  lane: Lane;
  code: number;
  output: string;
  seconds: number;
}

function runLane(
  lane: Lane,
  idle: IdleCpu,
  children: Set<ReturnType<typeof spawn>>,
): Promise<LaneResult> {
  const node = [
    process.execPath,
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${lane.concurrency}`,
    ...testFiles(lane.folders),
  ];
  const [command, ...args] = lane.idle ? [...idle.prefix, ...node] : node;
  const started = Date.now();
  const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const take = (chunk: Buffer, stream: NodeJS.WriteStream) => {
    if (lane.live) stream.write(chunk);
    else output += chunk;
  };
  child.stdout.on('data', (chunk: Buffer) => take(chunk, process.stdout));
  child.stderr.on('data', (chunk: Buffer) => take(chunk, process.stderr));
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      children.delete(child);
      done({
        lane,
        code: code ?? (signal ? 1 : 0),
        output,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    });
  });
}

async function main(): Promise<number> {
  // Every test file needs k6; on a fresh machine build it once here, not in several files at once.
  await ensureK6((line) => console.error(`lanes: ${line}`));
  const children = new Set<ReturnType<typeof spawn>>();
  const stop = (signal: NodeJS.Signals) => {
    for (const child of children) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const idle = idleCpu();
  console.error(`lanes: the busy lane runs on idle CPU time: ${idle.describe}`);
  const results = await Promise.all(LANES.map((lane) => runLane(lane, idle, children))).finally(
    idle.release,
  );
  mkdirSync('test-output', { recursive: true });
  for (const result of results) {
    if (!result.lane.live) {
      writeFileSync(join('test-output', `${result.lane.name}.tap`), result.output);
      process.stdout.write(result.output);
    }
  }
  for (const { lane, code, seconds } of results)
    console.error(
      `lanes: ${lane.name} (${lane.folders.join(', ')}): exit ${code} after ${seconds} s`,
    );
  return results.some((result) => result.code !== 0) ? 1 : 0;
}

process.exitCode = await main().catch((error: Error) => {
  console.error(`lanes: ${error.message}`);
  return 1;
});
